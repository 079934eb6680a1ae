from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ad_buyer.crew.cli import app

from .test_run_campaign import BRIEF

runner = CliRunner()


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AD_BUYER_LLM", "offline")


def test_run_then_inspect_the_log(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    brief_file = tmp_path / "brief.txt"
    brief_file.write_text(BRIEF)
    result = runner.invoke(app, ["run", str(brief_file), "--db", db,
                                 "--reference-date", "2026-05-10"])
    assert result.exit_code == 0, result.output
    assert "offline" in result.output
    assert "total committed" in result.output
    run_id = result.output.split("run ", 1)[1].split(":", 1)[0].strip()

    listed = runner.invoke(app, ["log", "list", "--db", db])
    assert listed.exit_code == 0
    assert run_id in listed.output
    shown = runner.invoke(app, ["log", "show", run_id, "--db", db])
    assert shown.exit_code == 0
    assert "delegate ctv to CTV Specialist" in shown.output
    out = tmp_path / "run.html"
    exported = runner.invoke(app, ["log", "export", run_id, "--db", db, "--html",
                                   "--out", str(out)])
    assert exported.exit_code == 0
    assert "<svg" in out.read_text()
    as_json = runner.invoke(app, ["log", "export", run_id, "--db", db])
    assert f'"id": "{run_id}"' in as_json.output


def test_run_with_gaps_exits_2_listing_them(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", "CTV for adults 25-54", "--db",
                                 f"sqlite:///{tmp_path / 'g.db'}"])
    assert result.exit_code == 2
    assert "budget" in result.output
    assert "flight_dates" in result.output


def test_unknown_run_and_bad_date_are_clear(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    shown = runner.invoke(app, ["log", "show", "nope", "--db", db])
    assert shown.exit_code == 1
    assert "no run 'nope'" in shown.output
    bad = runner.invoke(app, ["run", BRIEF, "--db", db, "--reference-date", "someday"])
    assert bad.exit_code == 2
    assert "not an ISO date" in bad.output


def test_chat_adjusts_only_within_guards() -> None:
    script = (f"{BRIEF}\n\n"
              "move 5 ctv audio podcasts over-index for adults 25-54\n"
              "move 8 ctv audio even more audio please\n"
              "move 5 ctv dooh dooh is cheap\n"
              "show\nquit\n")
    result = runner.invoke(app, ["chat", "--reference-date", "2026-05-10"], input=script)
    assert result.exit_code == 0, result.output
    assert "brief intake model: offline" in result.output
    assert "Allocation (adjusted)" in result.output
    assert "more than 10% of the budget" in result.output  # 5 + 8 points on ctv
    assert "dooh is not in this allocation" in result.output
    assert "final split (adjusted): ctv 184,868.42, audio 65,131.58" in result.output
