"""``ad-buyer runs`` shows money as it is (issue 17): a dry run's plan is planned, not
committed nor completed; a run's committed money is what its sellers hold; a chat
that has not booked is not a run with money."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.events.log import RationaleLog, RunStatus
from ad_buyer.models.money import from_micros
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.storage.db import Database
from seller_records import live_micros, runs_in

from .conftest import REFERENCE

runner = CliRunner()
BRIEF = ("Campaign: Listing CTV. Budget $60k, flight July 1 - Sept 30 2026. CTV only, "
         "adults 25-54 in the US. Max $45 CPM.")


def row(db_url: str, run_id: str) -> list[str]:
    result = runner.invoke(app, ["runs", "--db", db_url])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if line.startswith("run "))
    assert header.split()[:7] == ["run", "state", "budget", "planned", "committed", "held",
                                  "cur"]
    [line] = [x for x in result.output.splitlines() if x.startswith(run_id)]
    return line.replace("dry run", "dry-run").split()


def test_runs_shows_planned_committed_and_held_as_the_sellers_hold_them(
        cli_sandbox: SandboxNetwork, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'runs.db'}"
    base = ["--db", db_url, "--reference-date", REFERENCE.isoformat()]

    dry = runner.invoke(app, ["run", BRIEF, "--dry-run", *base])
    assert dry.exit_code == 0, dry.output
    assert live_micros(cli_sandbox) == 0
    [planned] = runs_in(db_url)
    dry_run = planned
    assert planned.status == RunStatus.COMPLETED.value
    _, state, budget, plan, committed, held, *_ = row(db_url, dry_run.id)
    assert state == "dry-run"  # planned, never bought: not "completed"
    assert budget == "60,000.00"
    assert Decimal(plan.replace(",", "")) > 0
    assert (committed, held) == ("-", "-")

    bought = runner.invoke(app, ["run", BRIEF, *base])
    assert bought.exit_code == 0, bought.output
    database = Database(db_url)
    try:
        run_id = next(r.id for r in RationaleLog(database).list_runs() if r.id != dry_run.id)
        chat = RationaleLog(database).start_run(name="chat: Listing CTV", brief_text=BRIEF,
                                                manager_model="person (chat)")
    finally:
        database.dispose()
    _, state, _, plan, committed, held, *_ = row(db_url, run_id)
    assert state == "completed"
    assert plan == "-"
    assert committed == f"{from_micros(live_micros(cli_sandbox)):,.2f}"
    assert held == "0.00"
    _, state, _, plan, committed, held, *_ = row(db_url, chat)
    assert state == "chat"
    assert (plan, committed, held) == ("-", "-", "-")
