"""Every bad seller answer is refused with a clear reason and nothing is booked
(or the bad booking is cancelled and flagged)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.models import EventType
from ad_buyer.orchestration.multi_seller import MultiSellerOrchestrator
from ad_buyer.sandbox.config import FaultConfig
from ad_buyer.sandbox.network import SandboxNetwork

from .helpers import CTV_SELLERS, buy_ctv, ctv_params, ctv_requirements

Make = Callable[..., MultiSellerOrchestrator]
BAD = "primetime"


def reasons_for(result, seller: str) -> set[str]:  # type: ignore[no-untyped-def]
    url_reasons = {r["reason"] for r in result.rejected_quotes if r["seller_url"].endswith(seller)}
    url_reasons |= {f["reason"] for f in result.selection.failed_bookings
                    if f.get("seller_id") == seller}
    url_reasons |= {r.rejection_reason for r in result.quote_results
                    if r.seller_id == seller and r.rejection_reason}
    return url_reasons


@pytest.mark.parametrize(("anomaly", "reason"), [
    ("no_price", "no_price"),
    ("negative_cpm", "negative_cpm"),
    ("currency_mismatch", "currency_mismatch"),
    ("expired", "expired_quote"),
    ("foreign_quote_id", "foreign_quote_id"),
])
async def test_bad_quote_is_rejected_with_reason_and_never_booked(
        make_orchestrator: Make, network: SandboxNetwork, anomaly: str, reason: str) -> None:
    network.set_faults(BAD, FaultConfig(quote_anomaly=anomaly))  # type: ignore[arg-type]
    result = await buy_ctv(make_orchestrator())
    assert reason in reasons_for(result, BAD)
    assert network.booked_deals(BAD) == []
    assert BAD not in {q.seller_id for q in result.ranked_quotes} or reason == "foreign_quote_id"
    # the honest sellers still get booked
    assert len(result.selection.booked_deals) == 2


async def test_booking_priced_above_quote_is_cancelled_and_flagged(
        make_orchestrator: Make, network: SandboxNetwork, bus: InMemoryEventBus) -> None:
    network.set_faults(BAD, FaultConfig(booking_price_drift_pct=5.0))
    result = await buy_ctv(make_orchestrator())
    sel = result.selection
    assert [f["reason"] for f in sel.flagged] == ["booking_price_drift"]
    assert sel.flagged[0]["cancelled"] is True
    assert "agreed" in sel.flagged[0]["message"]
    assert len(network.booked_deals(BAD)) == 1
    assert network.active_deals(BAD) == []
    assert all(BAD not in d.seller_url for d in sel.booked_deals)
    # its budget was freed: spend covers only the deals still live
    assert sel.total_spend + sel.remaining_budget == Decimal(1_000_000)
    assert bus.of_type(EventType.DEAL_CANCELLED)


async def test_nothing_books_above_max_cpm_even_when_quotes_pass_screening(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    orch = make_orchestrator()
    sellers = await orch.discover_sellers(ctv_requirements())
    ranked = await orch.evaluate_and_rank(
        await orch.request_quotes_parallel(sellers, ctv_params()))
    selection = await orch.select_and_book(ranked, budget=1_000_000, count=3, max_cpm=1.0)
    assert selection.booked_deals == []
    assert {f["reason"] for f in selection.failed_bookings} == {"over_max_cpm"}
    assert all(network.booked_deals(s) == [] for s in CTV_SELLERS)
