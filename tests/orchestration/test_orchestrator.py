"""MultiSellerOrchestrator against the in-process sandbox over HTTP: the seed's
flow, events and every error case of seed 001."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.models import Event, EventType
from ad_buyer.orchestration.multi_seller import (
    DealParams,
    InventoryRequirements,
    MultiSellerOrchestrator,
)
from ad_buyer.sandbox.config import FaultConfig
from ad_buyer.sandbox.network import SandboxNetwork

from .helpers import CTV_SELLERS, buy_ctv, ctv_params, ctv_requirements

Make = Callable[..., MultiSellerOrchestrator]


async def test_full_flow_books_best_quotes_and_emits_the_four_events(
        make_orchestrator: Make, network: SandboxNetwork, bus: InMemoryEventBus) -> None:
    result = await make_orchestrator().orchestrate(
        inventory_requirements=ctv_requirements(), deal_params=ctv_params(),
        budget=100_000.0, max_deals=2)
    assert {c.agent_id for c in result.discovered_sellers} == set(CTV_SELLERS)
    assert len([q for q in result.quote_results if q.quote]) == 3
    assert [q.score for q in result.ranked_quotes] == sorted(
        (q.score for q in result.ranked_quotes), reverse=True)
    selection = result.selection
    assert len(selection.booked_deals) == 2
    assert selection.total_spend + selection.remaining_budget == Decimal("100000")
    top = {q.seller_id for q in result.ranked_quotes[:2]}
    assert {d.seller_url.rsplit("/", 1)[1] for d in selection.booked_deals} == top
    for seller in top:
        assert len(network.booked_deals(seller)) == 1

    kinds = [e.event_type for e in bus.events]
    for kind in (EventType.INVENTORY_DISCOVERED, EventType.QUOTE_RECEIVED,
                 EventType.DEAL_BOOKED, EventType.CAMPAIGN_BOOKING_COMPLETED):
        assert kind in kinds
    discovered = bus.of_type(EventType.INVENTORY_DISCOVERED)[0].payload
    assert discovered["media_type"] == "ctv"
    assert discovered["sellers_found"] == 3
    assert set(discovered["seller_ids"]) == set(CTV_SELLERS)
    received = bus.of_type(EventType.QUOTE_RECEIVED)[0].payload
    assert received["quotes_received"] == 3
    assert received["quotes_failed"] == 0
    booked = bus.of_type(EventType.DEAL_BOOKED)
    assert len(booked) == 2
    assert set(booked[0].payload) >= {"deal_id", "quote_id", "seller_id", "deal_type",
                                      "final_cpm"}
    done = bus.of_type(EventType.CAMPAIGN_BOOKING_COMPLETED)[0].payload
    assert done["deals_booked"] == 2
    assert done["deals_failed"] == 0
    assert set(done) >= {"total_spend", "remaining_budget"}


async def test_zero_sellers_returns_empty_result_without_quotes(
        network: SandboxNetwork, registry: Any) -> None:
    calls: list[str] = []

    def factory(url: str, **kw: Any) -> DealsClient:
        calls.append(url)
        return DealsClient(url, **kw)

    orch = MultiSellerOrchestrator(registry, factory, transport=network.transport())
    result = await orch.orchestrate(ctv_requirements(media_type="no-such-media"), ctv_params(),
                                    budget=1000, max_deals=2)
    assert result.discovered_sellers == []
    assert result.quote_results == []
    assert result.selection.booked_deals == []
    assert result.selection.remaining_budget == Decimal(1000)
    assert calls == []


@pytest.mark.parametrize("kw", [
    {"impressions": 0}, {"impressions": -5}, {"flight_end": "2026-06-01"},
    {"deal_type": "XX"}, {"product_id": ""}, {"flight_start": "not-a-date"}])
def test_bad_deal_params_fail_before_any_http(kw: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        ctv_params(**kw)


async def test_seller_timeout_and_error_are_captured_and_others_proceed(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    network.set_faults("streamwave", FaultConfig(timeout_rate=1.0, hang_seconds=5))
    network.set_faults("primetime", FaultConfig(error_rate=1.0, error_status=500))
    orch = make_orchestrator(quote_timeout=0.3)
    result = await buy_ctv(orch, budget=100_000)
    by_seller = {r.seller_id: r for r in result.quote_results}
    assert by_seller["streamwave"].quote is None
    assert "timed out" in (by_seller["streamwave"].error or "")
    assert by_seller["primetime"].quote is None
    assert "500" in (by_seller["primetime"].error or "")
    assert by_seller["omnicast"].quote is not None
    assert [d.seller_url for d in result.selection.booked_deals] == [
        network.seller_url("omnicast")]


async def test_all_quotes_over_max_cpm_books_nothing(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    result = await make_orchestrator().orchestrate(
        ctv_requirements(max_cpm=1.0), ctv_params(), budget=100_000, max_deals=3)
    assert result.ranked_quotes == []
    assert result.selection.booked_deals == []
    assert {r["reason"] for r in result.rejected_quotes} == {"over_max_cpm"}
    assert all(network.booked_deals(s) == [] for s in CTV_SELLERS)


async def test_booking_failure_is_recorded_and_next_best_is_booked(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    probe = await make_orchestrator().orchestrate(ctv_requirements(max_cpm=1.0), ctv_params(),
                                                  budget=1, max_deals=1)
    assert probe.selection.booked_deals == []
    first = await make_orchestrator().request_quotes_parallel(
        probe.discovered_sellers, ctv_params())
    best = make_orchestrator().screen_quotes(first)[0][0].seller_id
    network.set_faults(best, FaultConfig(refuse_bookings=True))
    result = await buy_ctv(make_orchestrator(), budget=100_000, max_deals=1)
    sel = result.selection
    assert [f["seller_id"] for f in sel.failed_bookings] == [best]
    assert "refused" in sel.failed_bookings[0]["error"]
    assert len(sel.booked_deals) == 1
    assert best not in sel.booked_deals[0].seller_url
    assert network.booked_deals(best) == []


class BrokenBus:
    def __init__(self) -> None:
        self.calls = 0

    async def publish(self, event: Event) -> None:
        self.calls += 1
        raise RuntimeError("bus down")


async def test_event_bus_failure_does_not_stop_the_flow(make_orchestrator: Make) -> None:
    bus = BrokenBus()
    result = await make_orchestrator(event_bus=bus).orchestrate(
        ctv_requirements(), ctv_params(), budget=100_000, max_deals=2)
    assert len(result.selection.booked_deals) == 2
    assert bus.calls >= 4


@pytest.mark.parametrize("budget", [Decimal("100000.10"), 100_000.1, "100000.10"])
async def test_budget_is_exact_whatever_its_type(make_orchestrator: Make, budget: Any) -> None:
    result = await buy_ctv(make_orchestrator(), budget=budget)
    sel = result.selection
    assert isinstance(sel.total_spend, Decimal)
    assert isinstance(sel.remaining_budget, Decimal)
    assert sel.total_spend + sel.remaining_budget == Decimal("100000.10")
    assert f"{sel.remaining_budget:,.2f}"


async def test_budget_too_small_books_nothing(make_orchestrator: Make,
                                              network: SandboxNetwork) -> None:
    result = await buy_ctv(make_orchestrator(), budget=50)
    assert result.ranked_quotes
    assert result.selection.booked_deals == []
    assert all(network.booked_deals(s) == [] for s in CTV_SELLERS)



@pytest.mark.parametrize("budget", [0, -1, "-0.01"])
async def test_zero_or_negative_budget_is_refused_before_any_seller_call(
        make_orchestrator: Make, network: SandboxNetwork, budget: object) -> None:
    calls: list[str] = []
    orch = make_orchestrator()
    original = orch.discover_sellers

    async def counting(*args: object, **kwargs: object) -> object:
        calls.append("discover")
        return await original(*args, **kwargs)  # type: ignore[arg-type]

    orch.discover_sellers = counting  # type: ignore[method-assign]
    with pytest.raises(ValueError, match="budget must be positive"):
        await buy_ctv(orch, budget=budget)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="budget must be positive"):
        await orch.shop(ctv_requirements(), deal_type="PD", flight_start="2026-07-01",
                        flight_end="2026-09-30", budget=budget)  # type: ignore[arg-type]
    assert calls == []
    assert all(network.booked_deals(s) == [] for s in CTV_SELLERS)


async def test_excluded_and_blocked_sellers_are_not_quoted(make_orchestrator: Make) -> None:
    orch = make_orchestrator()
    sellers = await orch.discover_sellers(InventoryRequirements(
        media_type="ctv", excluded_sellers=["streamwave"]))
    ids = {c.agent_id for c in sellers}
    assert "streamwave" not in ids
    assert "shadyreach" not in ids
    assert ids


async def test_select_and_book_as_the_seed_calls_it(make_orchestrator: Make) -> None:
    orch = make_orchestrator()
    sellers = await orch.discover_sellers(ctv_requirements())
    quotes = await orch.request_quotes_parallel(sellers, DealParams(
        product_id="prod-ctv-001", deal_type="PD", impressions=500_000,
        flight_start="2026-07-01", flight_end="2026-09-30", target_cpm=25.0, media_type="ctv"))
    ranked = await orch.evaluate_and_rank(quotes, max_cpm=60.0)
    seller_map = {q.quote_id: q.seller_url for q in ranked}
    for q in ranked:
        q.seller_url = ""
    selection = await orch.select_and_book(ranked_quotes=ranked, budget=100_000.0, count=3,
                                           quote_seller_map=seller_map)
    assert len(selection.booked_deals) == 3
    assert f"{selection.total_spend:,.2f}"
    assert selection.failed_bookings == []


async def test_seller_performance_is_tracked_and_enters_the_score(
        make_orchestrator: Make, network: SandboxNetwork, db: Any) -> None:
    from ad_buyer.orchestration.seller_performance import SellerPerformanceTracker

    tracker = SellerPerformanceTracker(db)
    network.set_faults("omnicast", FaultConfig(refuse_bookings=True))
    orch = make_orchestrator(performance_tracker=tracker)
    assert orch.quote_normalizer.reliability_weight > 0
    await buy_ctv(orch)
    failing = tracker.stats(network.seller_url("omnicast"))
    good = tracker.stats(network.seller_url("primetime"))
    assert failing.quotes_received == 1
    assert failing.booking_failures == 1
    assert good.bookings == 1
    assert good.win_rate == 1.0
    assert failing.reliability < good.reliability
    again = await buy_ctv(orch, budget=1, max_deals=1)
    by_seller = {q.seller_id: q for q in again.ranked_quotes}
    assert by_seller["omnicast"].score_breakdown["reliability"] < by_seller[
        "primetime"].score_breakdown["reliability"]
