from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ad_buyer.cli.run import app
from ad_buyer.events.log import RationaleLog
from ad_buyer.pacing import PacingStore
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.storage.db import Database

from .e2e import sandbox_deals
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
    # Negotiations say what was asked, offered, agreed and saved.
    assert re.search(r"Negotiated with \w+: asked [\d.,]+, offered [\d.,]+, agreed [\d.,]+, "
                     r"saved [\d.,]+ CPM \([\d.]+%\) \(accepted, \d+ rounds\)",
                     " ".join(result.output.split())), result.output
    # The run ends with the command that writes its report.
    assert result.output.strip().splitlines()[-1] == \
        f"report: ad-buyer log export {run_id} --html"

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


def test_run_shows_progress_portfolio_totals_and_hands_off_to_pacing(
        tmp_path: Path, cli_sandbox: SandboxNetwork) -> None:
    network = cli_sandbox
    db = f"sqlite:///{tmp_path / 'p.db'}"
    result = runner.invoke(app, ["run", BRIEF, "--db", db, "--reference-date", "2026-05-10",
                                 "--verbose"])
    assert result.exit_code == 0, result.output
    out = result.output
    for line in ("intake brief read by offline", "channel ctv delegated",
                 "discover ctv: sellers in the registry", "  ctv discover ctv:",
                 "quotes ctv: quoting", "  ctv quotes:", "proposal ctv:",
                 "book ctv: booking ctv-proposal-1", "  ctv booked ",
                 "  audio discover audio:", "pacing "):
        assert line in out, line
    # Read once, before the run starts (the run's own reading is not printed again).
    assert out.count("intake brief read by offline") == 1
    assert out.count("\nread as") == 1
    assert out.index("\nread as") < out.index("\nrun ") < out.index("channel ctv delegated")
    assert "Booked portfolio" in out
    for column in ("channel", "seller", "package", "deal id", "deal type", "CPM USD",
                   "impressions", "cost USD"):
        assert column in out
    deals = sandbox_deals(network)
    assert deals
    for deal in deals:
        assert deal.deal.deal_id in out
    run_id = out.split("run id: ", 1)[1].split()[0]
    # The id comes before any step of the run: it is what resumes the run if the process
    # dies (only the brief's reading, done before the run starts, is shown before it).
    lines = out.splitlines()
    started = lines.index(f"run {run_id}: started; if it stops, continue it with: "
                          f"ad-buyer resume {run_id}")
    assert started < next(i for i, line in enumerate(lines) if line.startswith("allocation"))
    assert "remaining budget: USD " in out
    assert f"pacing: ad-buyer pace status {run_id}" in out
    assert "changes wait for `ad-buyer pace approve`" in out
    plan, mode = PacingStore(Database(db)).load_run(run_id)
    assert len(plan.deals) == len(deals)
    assert mode == "manual"  # against any seller, nothing moves without a person


@pytest.mark.usefixtures("cli_sandbox")
def test_run_opts_into_automatic_pacing_per_campaign(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'auto.db'}"
    result = runner.invoke(app, ["run", BRIEF, "--db", db, "--reference-date", "2026-05-10",
                                 "--pacing", "auto"])
    assert result.exit_code == 0, result.output
    assert "auto: changes go to sellers" in result.output
    run_id = result.output.split("run id: ", 1)[1].split()[0]
    assert PacingStore(Database(db)).load_run(run_id)[1] == "auto"
    bad = runner.invoke(app, ["run", BRIEF, "--db", db, "--pacing", "yes"])
    assert bad.exit_code == 2


def test_dry_run_plans_and_quotes_but_books_nothing(
        tmp_path: Path, cli_sandbox: SandboxNetwork) -> None:
    network = cli_sandbox
    db = f"sqlite:///{tmp_path / 'd.db'}"
    result = runner.invoke(app, ["run", BRIEF, "--db", db, "--reference-date", "2026-05-10",
                                 "--dry-run"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Planned portfolio (dry run: planned, not booked)" in out
    assert "DRY RUN: planned, not booked." in out
    assert "(planned)" in out
    assert "total planned: USD" in out
    assert sandbox_deals(network) == []
    run_id = out.split("run id: ", 1)[1].split()[0]
    with pytest.raises(KeyError):
        PacingStore(Database(db)).load_run(run_id)  # nothing booked, nothing to pace
    run = RationaleLog(Database(db)).get_run(run_id)
    assert any(e.summary == "dry run: plan and quote only" for e in run.entries)
    assert not any(e.data.get("event_type") == "deal.booked" for e in run.entries)

    # The dry run ends with the command that books it; that command books it.
    command = out.rsplit("to book it: ", 1)[1].strip()  # the brief spans lines
    assert command.startswith("ad-buyer run ")
    words = shlex.split(command)
    assert "--dry-run" not in words
    booked = runner.invoke(app, words[1:])
    assert booked.exit_code == 0, booked.output
    assert "Booked portfolio" in booked.output
    assert sandbox_deals(network)


def test_cli_module_starts_without_crewai_or_litellm() -> None:
    code = ("import ad_buyer.cli, sys; "
            "assert 'crewai' not in sys.modules and 'litellm' not in sys.modules")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def _logged_run(db: str) -> str:
    log = RationaleLog(Database(db))
    run_id = log.start_run(name="Summer Sips", brief_text=BRIEF)
    log.record(run_id, "decision", agent="Portfolio Manager", summary="allocation reviewed",
               rationale="as proposed")
    return run_id


def test_html_export_defaults_to_the_reports_folder_under_the_home(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    home = tmp_path / "home"
    monkeypatch.setenv("AD_BUYER_HOME", str(home))
    db = f"sqlite:///{tmp_path / 'x.db'}"
    run_id = _logged_run(db)
    exported = runner.invoke(app, ["log", "export", run_id, "--db", db, "--html"])
    assert exported.exit_code == 0, exported.output
    page = home / "reports" / f"{run_id}.html"
    assert f"wrote {page}" in exported.output
    assert "<html" not in exported.output  # the page went to the file, not the terminal
    assert "allocation reviewed" in page.read_text(encoding="utf-8")


def test_html_export_to_stdout_with_out_dash(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AD_BUYER_HOME", str(tmp_path / "home"))
    db = f"sqlite:///{tmp_path / 'x.db'}"
    run_id = _logged_run(db)
    exported = runner.invoke(app, ["log", "export", run_id, "--db", db, "--html", "--out", "-"])
    assert exported.exit_code == 0, exported.output
    assert "<html" in exported.output
    assert "allocation reviewed" in exported.output
    assert not (tmp_path / "home" / "reports").exists()


def test_failed_intake_is_reported_with_the_logged_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ad_buyer.intake import take_brief as crew_run
    from ad_buyer.intake.extract import BriefExtractionError

    def broken(*_args: object, **_kwargs: object) -> None:
        raise BriefExtractionError("the model's reply does not validate; nothing was guessed")

    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.setattr(crew_run, "extract_brief", broken)
    db = f"sqlite:///{tmp_path / 'f.db'}"
    result = runner.invoke(app, ["run", BRIEF, "--db", db, "--reference-date", "2026-05-10"])
    assert result.exit_code == 1, result.output
    assert "brief intake failed" in result.output
    [run] = RationaleLog(Database(db)).list_runs()
    assert run.status == "failed"
    assert f"ad-buyer log show {run.id}" in result.output


@pytest.mark.usefixtures("cli_sandbox")
def test_a_channel_budget_left_unspent_is_explained(tmp_path: Path) -> None:
    result = runner.invoke(app, [
        "run", "Campaign: Short. $250k, July 1 - September 30 2026, CTV and audio, adults "
        "25-54, US, max $14 CPM", "--db", f"sqlite:///{tmp_path / 's.db'}",
        "--reference-date", "2026-05-10"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    # No CTV package is that cheap: its whole share is left, and the line says why.
    assert re.search(r"USD [\d,]+\.\d\d of the CTV budget is unspent: no media-kit package "
                     r"fits the brief for ctv", text), result.output
    assert "of the audio budget is unspent" not in text
