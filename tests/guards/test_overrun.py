"""Money that moved is recorded (issue 17): a reference-dialect seller that books at
1.5 times the agreed CPM and cannot cancel a deal leaves the run over budget, with
every deal recorded, counted and named, and the booking tool called once."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.cli import briefs as cli_briefs
from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.events.log import RunStatus
from ad_buyer.models.money import from_micros
from ad_buyer.sandbox.config import FaultConfig, SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.vocabulary import Dialect
from seller_records import live_micros, runs_in

BRIEF = ("Campaign: Bright. Budget $30k, flight July 1 - Sept 30 2026. Display only, "
         "adults 25-54 in the US. Only Brightpage Digital.")


def test_a_seller_that_breaks_its_word_leaves_the_run_over_budget_and_recorded(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    network = SandboxNetwork(SandboxConfig(dialect=Dialect.REFERENCE))
    network.set_faults("brightpage", FaultConfig(booking_price_drift_pct=50.0))
    monkeypatch.setattr(cli_briefs, "seller_desks",
                        lambda _url, bus: desks_for_sandbox(bus, network))
    db_url = f"sqlite:///{tmp_path / 'r.db'}"
    result = CliRunner().invoke(app, ["run", BRIEF, "--db", db_url,
                                      "--reference-date", "2026-05-10"])
    out = result.output
    assert result.exit_code == 1, out

    live = network.active_deals("brightpage")
    assert len(live) == 2  # both deals are live at the seller (it cannot cancel them)
    held = live_micros(network, "brightpage")
    assert held > 30_000_000_000
    assert f"{from_micros(held):,.2f}" == "42,482.04"  # the figure the issue measured

    [record] = runs_in(db_url)
    assert record.status == RunStatus.OVER_BUDGET.value
    # Counted: the run's committed total is the sellers' own figure.
    assert f"total committed {from_micros(held):,.2f} of 30,000.00 USD" in record.outcome
    assert "over budget" in record.outcome
    assert "booked at other terms than it agreed" \
        in record.outcome
    for deal in live:  # named, with what the buyer did about it
        assert f"{deal.deal.deal_id} at Brightpage Digital" in record.outcome
    assert record.outcome.count("held, the seller cannot cancel it") == 2
    # Recorded: both deals are booking lines of the run, with their cost.
    [booking] = [e for e in record.entries if e.kind == "booking"]
    assert booking.data["committed_micros"] == held
    assert sum(int(line["cost_micros"]) for line in booking.data["booked"]) == held
    assert {line["deal_id"] for line in booking.data["booked"]} == \
        {d.deal.deal_id for d in live}
    # No second booking call.
    books = [e for e in record.entries
             if e.kind == "tool_call" and e.data.get("tool") == "book_portfolio"]
    assert len(books) == 1
    assert "OVER BUDGET" in out
    assert "Nothing was booked" not in out
