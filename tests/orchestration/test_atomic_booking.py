"""all_or_nothing rolls a half-booked portfolio back; best_effort reallocates."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from ad_buyer.booking import executor
from ad_buyer.orchestration.multi_seller import MultiSellerOrchestrator
from ad_buyer.orchestration.portfolio import GroupLimit, PortfolioConstraints
from ad_buyer.sandbox.config import FaultConfig
from ad_buyer.sandbox.network import SandboxNetwork

from .helpers import CTV_SELLERS, buy_ctv

Make = Callable[..., MultiSellerOrchestrator]


async def test_all_or_nothing_rolls_back_booked_deals(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    network.set_faults("omnicast", FaultConfig(refuse_bookings=True))
    orch = make_orchestrator(booking_mode="all_or_nothing")
    result = await buy_ctv(orch)
    sel = result.selection
    assert sel.mode == "all_or_nothing"
    assert sel.booked_deals == []
    assert sel.total_spend == 0
    assert sel.remaining_budget == Decimal(1_000_000)
    assert [f["seller_id"] for f in sel.failed_bookings] == ["omnicast"]
    assert {r["seller_id"] for r in sel.rolled_back} == {"streamwave", "primetime"}
    assert all(r["cancelled"] for r in sel.rolled_back)
    for seller in CTV_SELLERS:
        assert network.active_deals(seller) == []
    assert sel.status == "rolled_back"


async def test_all_or_nothing_books_everything_when_all_succeed(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    result = await buy_ctv(make_orchestrator(booking_mode="all_or_nothing"))
    assert len(result.selection.booked_deals) == 3
    assert result.selection.rolled_back == []
    assert all(len(network.active_deals(s)) == 1 for s in CTV_SELLERS)


async def test_best_effort_reallocates_a_failed_sellers_budget(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    orch = make_orchestrator()
    result = await buy_ctv(orch, max_deals=2, mode="best_effort")
    top_two = {q.seller_id for q in result.ranked_quotes[:2]}
    failing = sorted(top_two)[0]
    fresh = network  # new quotes, same network: make one of the top two refuse
    fresh.set_faults(failing, FaultConfig(refuse_bookings=True))
    again = await buy_ctv(orch, max_deals=2, mode="best_effort")
    booked = {d.seller_url.rsplit("/", 1)[1] for d in again.selection.booked_deals}
    assert failing not in booked
    assert len(booked) == 2
    assert set(CTV_SELLERS) - {failing} == booked


async def test_optimizer_selection_respects_constraints(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    orch = make_orchestrator()
    sellers = {s: network.seller_url(s) for s in CTV_SELLERS}
    cons = PortfolioConstraints(budget_micros=0, per_seller={
        sellers["primetime"]: GroupLimit(max_deals=0)})
    result = await buy_ctv(orch, constraints=cons)
    sel = result.selection
    assert sel.solver == "cp-sat"
    assert sel.optimal is True
    booked = {d.seller_url for d in sel.booked_deals}
    assert sellers["primetime"] not in booked
    assert len(booked) == 2


async def test_reallocation_keeps_the_portfolio_constraints(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    urls = {s: network.seller_url(s) for s in CTV_SELLERS}
    probe = await buy_ctv(make_orchestrator(), budget=1, max_deals=2)
    top, second, third = (q.seller_id for q in probe.ranked_quotes)
    network.set_faults(top, FaultConfig(refuse_bookings=True))
    cons = PortfolioConstraints(budget_micros=0, per_seller={urls[third]: GroupLimit(
        max_deals=0)})
    result = await buy_ctv(make_orchestrator(), max_deals=2, constraints=cons)
    booked = {d.seller_url for d in result.selection.booked_deals}
    assert booked == {urls[second]}  # the third seller is off limits, even as a reserve
    assert network.booked_deals(third) == []


LATE_BOOKING = {"hang_seconds": 5, "path_prefixes": ["/api/v1/deals"]}


@pytest.fixture(autouse=True)
def fast_read_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read back unknown outcomes without the production pauses."""
    monkeypatch.setattr(executor, "READ_BACK_PAUSE_S", 0.01)


async def test_a_timed_out_booking_is_read_back_with_its_key_and_booked_once(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    # omnicast books the deal but answers too late: the buyer cannot tell.
    network.set_faults("omnicast", FaultConfig(respond_late_first_n=1, **LATE_BOOKING))
    orch = make_orchestrator(quote_timeout=0.3)
    result = await buy_ctv(orch, run_id="run-late")
    sel = result.selection
    assert sel.status == "completed"
    assert len(sel.booked_deals) == 3
    assert sel.held_deals == []
    assert sel.failed_bookings == []
    assert all(len(network.booked_deals(s)) == 1 for s in CTV_SELLERS)  # not twice


async def test_an_outcome_still_unknown_is_held_against_the_budget_and_unresolved(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    network.set_faults("omnicast", FaultConfig(respond_late_rate=1.0, **LATE_BOOKING))
    orch = make_orchestrator(quote_timeout=0.3)
    result = await buy_ctv(orch, run_id="run-unknown")
    sel = result.selection
    assert sel.status == "unresolved"
    assert len(sel.booked_deals) == 2
    [held] = sel.held_deals
    assert held["seller_id"] == "omnicast"
    assert held["outcome_unknown"] is True
    assert "may be live at the seller" in held["reason"]
    # It is live at the seller (it booked, then answered late), and the buyer counts it.
    [live] = network.booked_deals("omnicast")
    booked_cost = sum(d.pricing.final_cpm.amount_micros * d.terms.impressions // 1000
                      for d in sel.booked_deals)
    assert sel.total_spend * 1_000_000 == booked_cost + held["cost_micros"]
    assert sel.remaining_budget == Decimal(1_000_000) - sel.total_spend
    assert live.quote_id == held["quote_id"]


async def test_all_or_nothing_with_an_unknown_outcome_rolls_back_the_rest(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    network.set_faults("omnicast", FaultConfig(respond_late_rate=1.0, **LATE_BOOKING))
    orch = make_orchestrator(quote_timeout=0.3, booking_mode="all_or_nothing")
    result = await buy_ctv(orch)
    sel = result.selection
    assert sel.status == "unresolved"
    assert sel.booked_deals == []
    assert {r["seller_id"] for r in sel.rolled_back} == {"streamwave", "primetime"}
    assert [h["seller_id"] for h in sel.held_deals] == ["omnicast"]
    assert network.active_deals("streamwave") == []
    assert network.active_deals("primetime") == []


async def test_price_drift_in_all_or_nothing_undoes_the_whole_portfolio(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    network.set_faults("primetime", FaultConfig(booking_price_drift_pct=2.0))
    result = await buy_ctv(make_orchestrator(booking_mode="all_or_nothing"))
    sel = result.selection
    assert [f["reason"] for f in sel.flagged] == ["booking_price_drift"]
    assert sel.booked_deals == []
    assert {r["seller_id"] for r in sel.rolled_back} == {"streamwave", "omnicast"}
    assert sel.remaining_budget == Decimal(1_000_000)
    for seller in CTV_SELLERS:
        assert network.active_deals(seller) == []


async def test_per_channel_limit_from_the_quoted_inventory_type(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    cons = PortfolioConstraints(budget_micros=0, per_channel={"ctv": GroupLimit(max_deals=1)})
    result = await buy_ctv(make_orchestrator(), constraints=cons)
    assert len(result.selection.booked_deals) == 1
    assert sum(len(network.booked_deals(s)) for s in CTV_SELLERS) == 1
