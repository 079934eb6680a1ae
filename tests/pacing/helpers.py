"""Small plans and measurements shared by the pacing tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ad_buyer.pacing.models import ChannelPlan, Limits, PacedDeal, PacingPlan, Thresholds
from ad_buyer.pacing.state import Measurement

START = date(2026, 1, 1)
END = date(2026, 1, 10)  # ten days, inclusive
CPM = 10_000_000  # $10.00
A, B, C = "http://seller-a", "http://seller-b", "http://seller-c"


def deal(seller: str, deal_id: str, channel: str, impressions: int = 1_000_000) -> PacedDeal:
    return PacedDeal(seller_url=seller, deal_id=deal_id, channel=channel,
                     impressions=impressions, cpm_micros=CPM, flight_start=START, flight_end=END)


# The tests' figures assume receivers may deliver 50% above the rate they have shown
# (the default is 30%, tuned on the pacing benchmark; tests/pacing/test_forecast.py
# covers it).
TEST_THRESHOLDS = Thresholds(receiver_headroom=0.5)


def plan(*deals: PacedDeal, budget: int | None = None, **kwargs: object) -> PacingPlan:
    deals = deals or (deal(A, "a1", "ctv"), deal(B, "b1", "ctv"), deal(C, "c1", "display"))
    total = budget if budget is not None else sum(d.budget_micros for d in deals)
    kwargs.setdefault("thresholds", TEST_THRESHOLDS)
    return PacingPlan(campaign_id="camp-1", budget_micros=total, flight_start=START,
                      flight_end=END, deals=deals, **kwargs)  # type: ignore[arg-type]


def day(n: float) -> datetime:
    """Start of flight day ``n`` (0-based), fractional days allowed."""
    from datetime import timedelta

    return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=n)


def measured(seller: str, deal_id: str, at: datetime, spend: int) -> Measurement:
    return Measurement((seller, deal_id), at, spend * 1000 // CPM, spend)


__all__ = [
    "CPM",
    "END",
    "START",
    "A",
    "B",
    "C",
    "ChannelPlan",
    "Limits",
    "Thresholds",
    "day",
    "deal",
    "measured",
    "plan",
]
