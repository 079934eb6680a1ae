"""Money guards: every bad quote gets a clear reason; budgets never overrun."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ad_buyer.booking.guards import (
    BudgetGuard,
    RejectionReason,
    check_booked_deal,
    check_quote,
    classify_quote_error,
)
from ad_buyer.models.deals import DealResponse
from ad_buyer.models.money import Money

from .test_quote_normalizer import quote

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def reason(q, **kw) -> RejectionReason | None:  # type: ignore[no-untyped-def]
    kw.setdefault("seller_url", "http://a")
    kw.setdefault("now", NOW)
    r = check_quote(q, **kw)
    return r.reason if r else None


def test_good_quote_passes() -> None:
    assert reason(quote("q", 20.0)) is None


@pytest.mark.parametrize(("micros", "expected"), [
    (0, RejectionReason.NO_PRICE), (-5_000_000, RejectionReason.NEGATIVE_CPM)])
def test_price_must_be_positive(micros: int, expected: RejectionReason) -> None:
    q = quote("q", 20.0)
    q.pricing.final_cpm = Money(amount_micros=micros)
    assert reason(q) == expected


def test_currency_mismatch() -> None:
    q = quote("q", 20.0)
    q.pricing.final_cpm = Money(amount_micros=20_000_000, currency="EUR")
    r = check_quote(q, seller_url="http://a", currency="USD", now=NOW)
    assert r is not None
    assert r.reason == RejectionReason.CURRENCY_MISMATCH
    assert "EUR" in r.message
    assert "USD" in r.message


def test_expired_quote() -> None:
    q = quote("q", 20.0, expires_at=(NOW - timedelta(minutes=1)).isoformat())
    assert reason(q) == RejectionReason.EXPIRED
    fresh = quote("q", 20.0, expires_at=(NOW + timedelta(minutes=1)).isoformat())
    assert reason(fresh) is None


def test_quote_id_answered_by_two_sellers_is_foreign() -> None:
    r = check_quote(quote("q-1", 20.0), seller_url="http://b", now=NOW,
                    issuers={"q-1": {"http://a", "http://b"}})
    assert r is not None
    assert r.reason == RejectionReason.FOREIGN_QUOTE_ID
    assert "http://a" in r.message


def test_over_max_cpm_and_unavailable() -> None:
    assert reason(quote("q", 20.01), max_cpm_micros=20_000_000) == RejectionReason.OVER_MAX_CPM
    assert reason(quote("q", 20.0), max_cpm_micros=20_000_000) is None
    q = quote("q", 20.0)
    q.availability.inventory_available = False
    assert reason(q) == RejectionReason.INVENTORY_UNAVAILABLE


def test_unparseable_price_is_classified_as_no_price() -> None:
    msg = "malformed quote from http://a: pricing.final_cpm: Field required"
    assert classify_quote_error(msg) == RejectionReason.NO_PRICE
    assert classify_quote_error("POST x -> HTTP 503") is None


def deal(price: float, quote_id: str = "q", currency: str = "USD") -> DealResponse:
    q = quote(quote_id, price)
    q.pricing.final_cpm = Money.of(price, currency)
    return DealResponse(deal_id="d", deal_type=q.deal_type, quote_id=quote_id,
                        product=q.product, pricing=q.pricing, terms=q.terms)


def test_booked_price_must_equal_agreed() -> None:
    ok = check_booked_deal(deal(20.0), quote_id="q", agreed_cpm_micros=20_000_000,
                           currency="USD", seller_url="http://a")
    assert ok is None
    drift = check_booked_deal(deal(20.01), quote_id="q", agreed_cpm_micros=20_000_000,
                              currency="USD", seller_url="http://a")
    assert drift is not None
    assert drift.reason == RejectionReason.PRICE_DRIFT
    assert "20.01" in drift.message
    other = check_booked_deal(deal(20.0, quote_id="zzz"), quote_id="q",
                              agreed_cpm_micros=20_000_000, currency="USD", seller_url="x")
    assert other is not None
    assert other.reason == RejectionReason.FOREIGN_QUOTE_ID


def test_budget_guard_never_overruns() -> None:
    guard = BudgetGuard(100_000_000, max_cpm_micros=30_000_000)
    assert guard.reserve("a", 60_000_000, cpm_micros=20_000_000) is None
    over = guard.reserve("b", 50_000_000, cpm_micros=20_000_000)
    assert over is not None
    assert over.reason == RejectionReason.OVER_BUDGET
    pricey = guard.reserve("c", 1, cpm_micros=30_000_001)
    assert pricey is not None
    assert pricey.reason == RejectionReason.OVER_MAX_CPM
    assert guard.remaining_micros == 40_000_000
    assert guard.release("a") == 60_000_000
    assert guard.reserve("b", 50_000_000, cpm_micros=20_000_000) is None
    with pytest.raises(ValueError, match="negative"):
        BudgetGuard(-1)
