"""Pure pacing state: measurements, current allocations and expected spend.

An :class:`Allocation` is a deal's current budget. When pacing changes it
mid-flight the expectation is rebased: what was spent stays spent, and the new
remainder is expected along the rest of the curve. This keeps a deal that was
just given budget from looking instantly under-paced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from ad_buyer.pacing.curves import expected_fraction, flight_fraction
from ad_buyer.pacing.models import DealKey, PacedDeal, PacingPlan


def as_utc(value: datetime) -> datetime:
    """A datetime with a zone: naive ones (SQLite drops zones) are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Measurement:
    """Cumulative delivery of one deal at ``as_of`` (accepted, i.e. the books)."""

    key: DealKey
    as_of: datetime
    impressions: int
    spend_micros: int


@dataclass(frozen=True)
class Allocation:
    """A deal's current budget and the point its expectation was last rebased."""

    budget_micros: int
    baseline_spend_micros: int = 0
    baseline_fraction: float = 0.0
    rebased_at: datetime | None = None  # when the budget last changed (None: as booked)

    def rebased(self, budget_micros: int, spend_micros: int, at_fraction: float,
                at: datetime | None = None) -> Allocation:
        return Allocation(budget_micros, spend_micros, at_fraction, at)


@dataclass(frozen=True)
class AllocationChange:
    """A budget change a seller approved: the new allocation, rebased at the books'
    time of the change (``allocation.rebased_at``), and the budget before it."""

    key: DealKey
    allocation: Allocation
    previous_micros: int
    rec_id: str | None = None

    @property
    def at(self) -> datetime:
        assert self.allocation.rebased_at is not None
        return self.allocation.rebased_at


def initial_allocations(plan: PacingPlan) -> dict[DealKey, Allocation]:
    return {d.key: Allocation(d.budget_micros) for d in plan.deals}


def allocations_at(plan: PacingPlan, changes: Sequence[AllocationChange],
                   at: datetime | None = None) -> dict[DealKey, Allocation]:
    """Each deal's allocation after the changes made up to ``at`` (all if None).

    ``changes`` are in the order they were applied.
    """
    result = initial_allocations(plan)
    for change in changes:
        if change.key in result and (at is None or change.at <= at):
            result[change.key] = change.allocation
    return result


def curve_fraction(plan: PacingPlan, deal: PacedDeal, at: datetime) -> float:
    """Expected fraction of the deal's budget spent at ``at`` along its channel curve."""
    return expected_fraction(plan.curve_for(deal.channel),
                             flight_fraction(deal.flight_start, deal.flight_end, at))


def progress(allocation: Allocation, fraction: float) -> float:
    """Share of the post-rebase remainder that should be spent by ``fraction``."""
    if allocation.baseline_fraction >= 1.0:
        return 1.0
    share = (fraction - allocation.baseline_fraction) / (1.0 - allocation.baseline_fraction)
    return min(1.0, max(0.0, share))


def expected_spend(allocation: Allocation, fraction: float) -> int:
    """Micros the deal should have spent by the point its curve reaches ``fraction``."""
    remainder = allocation.budget_micros - allocation.baseline_spend_micros
    return allocation.baseline_spend_micros + round(max(0, remainder) * progress(allocation,
                                                                                 fraction))


def projected_final_spend(allocation: Allocation, fraction: float, spend_micros: int) -> int:
    """Spend at flight end if the deal keeps its pace since the last rebase."""
    done = progress(allocation, fraction)
    if done <= 0.0:
        return allocation.budget_micros
    since = max(0, spend_micros - allocation.baseline_spend_micros)
    return allocation.baseline_spend_micros + round(since / done)


def days_left(deal: PacedDeal, at: datetime) -> float:
    """Flight time left for ``deal`` at ``at``, in days (0 once its flight is over)."""
    end = datetime.combine(deal.flight_end + timedelta(days=1), time.min, tzinfo=at.tzinfo)
    return max(0.0, (end - at) / timedelta(days=1))
