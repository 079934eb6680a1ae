"""Seller performance: durable counters, rates, price trend, reliability."""

from __future__ import annotations

import pytest

from ad_buyer.orchestration.seller_performance import SellerPerformanceTracker
from ad_buyer.storage.db import Database


def test_stats_and_reliability(db: Database) -> None:
    tracker = SellerPerformanceTracker(db)
    fresh = tracker.stats("http://new")
    assert fresh.reliability == pytest.approx(0.5)
    assert fresh.delivery_rate is None
    for cpm in (20_000_000, 21_000_000, 22_000_000):
        tracker.record_quote("http://a", cpm_micros=cpm)
    tracker.record_quote("http://a", cpm_micros=None)
    tracker.record_booking("http://a", success=True, impressions=1000)
    tracker.record_booking("http://a", success=False)
    tracker.record_delivery("http://a", delivered=800, expected=1000)
    stats = SellerPerformanceTracker(db).stats("http://a")  # durable
    assert stats.quotes_requested == 4
    assert stats.quotes_received == 3
    assert stats.win_rate == pytest.approx(1 / 3)
    assert stats.booking_failure_rate == pytest.approx(0.5)
    assert stats.delivery_rate == pytest.approx(0.8)
    assert stats.price_trend_pct == pytest.approx(10.0)
    assert stats.reliability == pytest.approx(0.5 * 0.8)
    good = SellerPerformanceTracker(db)
    for _ in range(8):
        good.record_booking("http://b", success=True)
    assert good.reliability_map(["http://a", "http://b"])["http://b"] > stats.reliability
