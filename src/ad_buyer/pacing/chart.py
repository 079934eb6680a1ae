"""The series a pacing chart draws: actual and planned cumulative spend, the campaign's
and per seller (or channel), and the times budget was reallocated.

The chart itself is drawn above, in :mod:`ad_buyer.reporting.pacing_chart`, from the
view model :mod:`ad_buyer.reporting.pacing_view` builds with these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Literal, NamedTuple

from ad_buyer.pacing.models import DealKey, PacingPlan
from ad_buyer.pacing.report import seller_labels
from ad_buyer.pacing.state import (
    AllocationChange,
    Measurement,
    allocations_at,
    curve_fraction,
    expected_spend,
)

PLAN_POINTS = 60
MAX_SELLER_LINES = 8


class PacingHistory(NamedTuple):
    """What the charts need of a run: its plan, its accepted measurements per deal and
    the budget changes applied to it (oldest first)."""

    plan: PacingPlan
    measurements: Mapping[DealKey, Sequence[Measurement]]
    changes: Sequence[AllocationChange] = ()


class Reallocation(NamedTuple):
    """Budget moved at one time: the sum of the raises applied then."""

    at: datetime
    moved_micros: int


def actual_series(plan: PacingPlan, history: Mapping[DealKey, Sequence[Measurement]],
                  keys: Sequence[DealKey] | None = None) -> list[tuple[datetime, int]]:
    """Spend (micros) at every measurement time: each deal's last good value (of ``keys``
    only, if given)."""
    chosen = set(keys) if keys is not None else None
    series_of = {k: ms for k, ms in history.items() if chosen is None or k in chosen}
    times = sorted({m.as_of for ms in series_of.values() for m in ms})
    series = []
    for t in times:
        total = 0
        for ms in series_of.values():
            before = [m for m in ms if m.as_of <= t]
            total += before[-1].spend_micros if before else 0
        series.append((t, total))
    return series


def planned_series(plan: PacingPlan, times: Sequence[datetime],
                   changes: Sequence[AllocationChange] = (),
                   keys: Sequence[DealKey] | None = None) -> list[tuple[datetime, int]]:
    """Spend the plan expects at each time, with the budgets as they stood then (booked
    budgets before any change), along each deal's channel curve."""
    deals = [d for d in plan.deals if keys is None or d.key in keys]
    series = []
    for t in times:
        allocations = allocations_at(plan, changes, t)
        series.append((t, sum(expected_spend(allocations[d.key], curve_fraction(plan, d, t))
                              for d in deals)))
    return series


def reallocations(changes: Sequence[AllocationChange]) -> list[Reallocation]:
    """The times budget was moved, with how much (raises summed per time)."""
    moved: dict[datetime, int] = {}
    for change in changes:
        raised = change.allocation.budget_micros - change.previous_micros
        if raised > 0:
            moved[change.at] = moved.get(change.at, 0) + raised
    return [Reallocation(at, amount) for at, amount in sorted(moved.items())]


def series_groups(plan: PacingPlan) -> tuple[Literal["seller", "channel"],
                                              dict[str, list[DealKey]]]:
    """("seller", {label: deal keys}), or by channel when sellers are too many to show."""
    labels = seller_labels(d.seller_url for d in plan.deals)
    if len(labels) <= MAX_SELLER_LINES:
        groups: dict[str, list[DealKey]] = {}
        for deal in plan.deals:
            groups.setdefault(labels[deal.seller_url], []).append(deal.key)
        return "seller", groups
    channels: dict[str, list[DealKey]] = {}
    for deal in plan.deals:
        channels.setdefault(deal.channel, []).append(deal.key)
    return "channel", channels
