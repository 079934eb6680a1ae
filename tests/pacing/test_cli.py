import asyncio
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ad_buyer.cli import pace as cli
from ad_buyer.pacing.engine import PacingEngine, PacingMode
from ad_buyer.storage.db import Database

from .fake_seller import FakeNetwork, FakeSeller
from .helpers import CPM, A, B, C, day, plan

runner = CliRunner(env={"COLUMNS": "200"})


def _app() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(cli.pace_app, name="pace")
    return app


def test_simulate_then_status(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    chart = tmp_path / "sim.png"
    result = runner.invoke(_app(), ["pace", "simulate", "--days", "6", "--shock",
                                    "stall:streamwave", "--shock", "over:appreach", "--db", url,
                                    "--chart", str(chart), "--start", "2027-03-01"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "day   6" in result.output
    assert "campaign" in result.output
    assert chart.stat().st_size > 1000
    run_id = next(line.split()[1] for line in result.output.splitlines()
                  if line.startswith("run:"))
    status_chart = tmp_path / "status.png"
    status = runner.invoke(_app(), ["pace", "status", run_id, "--db", url, "--chart",
                                    str(status_chart)], env={"COLUMNS": "200"})
    assert status.exit_code == 0, status.output
    assert "sim-campaign" in status.output
    assert status_chart.exists()


def test_status_of_unknown_run_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(_app(), ["pace", "status", "nope", "--db",
                                    f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2
    assert "no pacing run" in result.output


def test_simulate_rejects_bad_shock(tmp_path: Path) -> None:
    result = runner.invoke(_app(), ["pace", "simulate", "--shock", "boom:x", "--db",
                                    f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2
    assert "KIND:SELLER" in result.output


def test_approve_and_reject_manual_recommendations(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'manual.db'}"
    net = FakeNetwork(FakeSeller(A, CPM, answers={"increase_delivery": "rejected"}),
                      FakeSeller(B, CPM), FakeSeller(C, CPM))
    db = Database(url)
    engine = PacingEngine.start(plan(), db, clients=net.client)
    assert engine.mode is PacingMode.MANUAL  # the default: nothing moves without a person
    monkeypatch.setattr(cli, "_client_factory", lambda: net.client)

    async def cycle(n: int) -> None:
        await engine.run_cycle(day(n).date())
        await engine.aclose()

    net.sellers[A].spend["a1"] = 1_600_000_000
    net.sellers[B].spend["b1"] = 5_600_000_000
    net.sellers[C].spend["c1"] = 4_000_000_000
    asyncio.run(cycle(4))
    assert not any(s.received for s in net.sellers.values())
    recs = engine.store.recommendations(engine.run_id, status="pending")
    ask = next(r for r in recs if r.kind == "increase_delivery")
    throttle = next(r for r in recs if r.kind == "throttle_delivery")
    refused = runner.invoke(_app(), ["pace", "approve", ask.rec_id, "--db", url])
    assert refused.exit_code == 1, refused.output
    assert f"{ask.rec_id}: rejected" in refused.output
    rejected = runner.invoke(_app(), ["pace", "reject", throttle.rec_id, "--db", url])
    assert rejected.exit_code == 0, rejected.output
    assert not net.sellers[B].received

    net.sellers[A].spend["a1"] = 2_000_000_000
    net.sellers[B].spend["b1"] = 7_000_000_000
    net.sellers[C].spend["c1"] = 5_000_000_000
    asyncio.run(cycle(5))
    move = next(r for r in engine.store.recommendations(engine.run_id, status="pending")
                if r.kind == "move")
    approved = runner.invoke(_app(), ["pace", "approve", move.rec_id, "--db", url])
    assert approved.exit_code == 0, approved.output
    assert f"{move.rec_id}: applied" in approved.output
    assert [r["change_type"] for r in net.sellers[C].received] == ["budget"]
    again = runner.invoke(_app(), ["pace", "approve", throttle.rec_id, "--db", url])
    assert again.exit_code == 2
    assert "not pending" in again.output
    unknown = runner.invoke(_app(), ["pace", "reject", "rec-missing", "--db", url])
    assert unknown.exit_code == 2
    assert "no pacing recommendation" in unknown.output
    db.dispose()


def test_simulate_rejects_bad_plan_file(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("days: -3\n")
    result = runner.invoke(_app(), ["pace", "simulate", "--plan", str(path), "--db",
                                    f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2
    assert "days" in result.output


def test_status_table_fits_80_columns_with_short_labels(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'narrow.db'}"
    result = runner.invoke(_app(), ["pace", "simulate", "--days", "2", "--db", url, "--chart",
                                    str(tmp_path / "c.png"), "--start", "2027-03-01"],
                           env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    table = result.output[result.output.index("Pacing "):result.output.index("Sellers")]
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "http://" not in table
    assert "…" not in table
    deal_rows = [line.split()[0] for line in lines if "/deal-" in line]
    assert deal_rows
    assert len(set(deal_rows)) == len(deal_rows)
    assert all(row.split("/")[1].startswith(f"deal-{row.split('/')[0]}") for row in deal_rows)
    assert "http://sandbox.local/sellers/" in result.output  # the legend keeps the URLs
    run_id = next(line.split()[1] for line in result.output.splitlines()
                  if line.startswith("run:"))
    wide = runner.invoke(_app(), ["pace", run_id, "--db", url, "--no-fetch", "--wide",
                                  "--chart", str(tmp_path / "w.png")], env={"COLUMNS": "200"})
    assert wide.exit_code == 0, wide.output
    assert "http://sandbox.local/sellers/" in wide.output.split("Latest alerts")[0]


def _day_line(output: str, day: str) -> tuple[str, str, str]:
    """(spent, planned, ratio) of one `pace simulate` day line."""
    line = next(line for line in output.splitlines() if day in line and "spent" in line)
    words = line.split()
    return (words[words.index("spent") + 1], words[words.index("planned") + 1],
            words[words.index("ratio") + 1])


def _campaign_row(output: str) -> list[str]:
    """budget, planned, actual, ratio of the CAMPAIGN group's row."""
    lines = output.splitlines()
    row = lines[next(i for i, line in enumerate(lines) if line.strip() == "CAMPAIGN") + 1]
    return row.split()[1:5]


def test_as_of_an_earlier_date_shows_spend_and_plan_of_that_date(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'asof.db'}"
    simulated = runner.invoke(_app(), ["pace", "simulate", "--days", "6", "--mode", "manual",
                                       "--start", "2027-03-01", "--db", url, "--chart",
                                       str(tmp_path / "sim.png")])
    assert simulated.exit_code == 0, simulated.output
    run_id = next(line.split()[1] for line in simulated.output.splitlines()
                  if line.startswith("run:"))
    spent, planned, ratio = _day_line(simulated.output, "2027-03-03")
    whole = [f"{round(float(v.replace(',', ''))):,}" for v in (planned, spent)]
    chart = tmp_path / "asof.png"
    for fetch in ("--fetch", "--no-fetch"):  # read from the sellers, or from the books
        earlier = runner.invoke(_app(), ["pace", run_id, "--as-of", "2027-03-03", fetch,
                                         "--db", url, "--chart", str(chart)])
        assert earlier.exit_code == 0, earlier.output
        assert "at 2027-03-03T00:00:00+00:00" in earlier.output
        _budget, row_planned, row_actual, row_ratio = _campaign_row(earlier.output)
        assert [row_planned, row_actual] == whole
        assert row_ratio == ratio
    # The latest state is still the books' latest: the earlier read was not booked.
    latest = runner.invoke(_app(), ["pace", run_id, "--no-fetch", "--db", url, "--chart",
                                    str(chart)])
    last_spent, _, last_ratio = _day_line(simulated.output, "2027-03-07")
    assert _campaign_row(latest.output)[2] == f"{round(float(last_spent.replace(',', ''))):,}"
    assert _campaign_row(latest.output)[3] == last_ratio


def test_mode_shows_and_switches_a_runs_pacing_mode(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mode.db'}"
    db = Database(url)
    net = FakeNetwork(FakeSeller(A, CPM), FakeSeller(B, CPM), FakeSeller(C, CPM))
    run_id = PacingEngine.start(plan(), db, clients=net.client).run_id
    shown = runner.invoke(_app(), ["pace", "mode", run_id, "--db", url])
    assert shown.exit_code == 0, shown.output
    assert f"{run_id}: manual" in shown.output
    switched = runner.invoke(_app(), ["pace", "mode", run_id, "auto", "--db", url])
    assert switched.exit_code == 0, switched.output
    assert "manual -> auto" in switched.output
    assert PacingEngine.open(db, run_id, clients=net.client).mode is PacingMode.AUTO
    bad = runner.invoke(_app(), ["pace", "mode", run_id, "sometimes", "--db", url])
    assert bad.exit_code == 2
    assert "sometimes" in bad.output
    unknown = runner.invoke(_app(), ["pace", "mode", "nope", "manual", "--db", url])
    assert unknown.exit_code == 2
    assert "no pacing run" in unknown.output
    db.dispose()
