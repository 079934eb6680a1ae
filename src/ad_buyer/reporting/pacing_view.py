"""The pacing chart's figures as one view model: the campaign's name, its dates, the
campaign's planned and actual spend, one line per seller (per channel when sellers are
too many), and the times budget was moved.

The console's chart, the HTML report's and ``ad-buyer pace``'s PNG are all drawn from
a :class:`PacingView` (:mod:`ad_buyer.reporting.pacing_chart`), so a figure cannot
differ between them. The series arithmetic is the pacing engine's
(:mod:`ad_buyer.pacing.chart`).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ad_buyer.pacing.chart import (
    PLAN_POINTS,
    PacingHistory,
    actual_series,
    planned_series,
    reallocations,
    series_groups,
)

Series = list[tuple[datetime, int]]  # (time, cumulative spend in micros)


class SpendLine(BaseModel):
    """Planned and actual cumulative spend of the campaign, or of one seller or channel."""

    model_config = ConfigDict(frozen=True)

    name: str
    planned: Series
    actual: Series


class PacingView(BaseModel):
    model_config = ConfigDict(frozen=True)

    campaign: str
    currency: str
    budget_micros: int
    start: datetime  # the flight's first day, 00:00 UTC
    end: datetime  # the day after its last
    total: SpendLine
    grouped_by: Literal["seller", "channel"]
    lines: list[SpendLine]  # one per seller (or channel), by name
    moved: list[tuple[datetime, int]]  # budget reallocated: when, how much (micros)

    @property
    def title(self) -> str:
        return f"{self.campaign}: actual vs planned spend"

    @property
    def measured(self) -> bool:
        return bool(self.total.actual)


def pacing_view(history: PacingHistory, campaign: str,
                until: datetime | None = None) -> PacingView:
    """The chart's figures for ``campaign`` (its name, as the brief gives it);
    measurements and budget changes after ``until`` are left out."""
    plan = history.plan
    measured = {k: [m for m in ms if until is None or m.as_of <= until]
                for k, ms in history.measurements.items()}
    changes = [c for c in history.changes if until is None or c.at <= until]
    start = datetime.combine(plan.flight_start, time.min, tzinfo=UTC)
    span = timedelta(days=(plan.flight_end - plan.flight_start).days + 1)
    times = [start + span * i / PLAN_POINTS for i in range(PLAN_POINTS + 1)]
    kind, groups = series_groups(plan)
    name = campaign or plan.campaign_id
    return PacingView(
        campaign=name, currency=plan.currency,
        budget_micros=plan.budget_micros, start=start, end=start + span,
        total=SpendLine(name=name, planned=planned_series(plan, times, changes),
                        actual=actual_series(plan, measured)),
        grouped_by=kind,
        lines=[SpendLine(name=name, planned=planned_series(plan, times, changes, keys),
                         actual=actual_series(plan, measured, keys))
               for name, keys in sorted(groups.items())],
        moved=[(r.at, r.moved_micros) for r in reallocations(changes)])
