"""Pacing charts: actual against planned spend, campaign and per seller (or channel).

One figure serves both outputs: :func:`write_chart` saves it as PNG for
``ad-buyer pace``, :func:`chart_svg` returns it as inline SVG for the HTML
report. Dates run along the x-axis; money is labelled with thousands
separators; the top panel is the campaign (actual, plan as it stood, budget)
with a mark on every day budget was reallocated; below it one small panel per
seller (per channel when there are too many sellers), each titled with its
name and drawn in its own colour, solid for actual and dashed for plan, on one shared
scale: sellers with like budgets no longer draw over each other.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ad_buyer.models.money import micros_to_float
from ad_buyer.pacing.models import DealKey, PacingPlan
from ad_buyer.pacing.report import seller_labels
from ad_buyer.pacing.state import (
    AllocationChange,
    Measurement,
    allocations_at,
    curve_fraction,
    expected_spend,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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


def _groups(plan: PacingPlan) -> tuple[str, dict[str, list[DealKey]]]:
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


def figure(data: PacingHistory, *, title: str, until: datetime | None = None) -> Figure:
    """The campaign panel over one small panel per seller (or channel). Measurements and
    changes after ``until`` are left out."""
    from matplotlib import dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    plan = data.plan
    history = {k: [m for m in ms if until is None or m.as_of <= until]
               for k, ms in data.measurements.items()}
    changes = [c for c in data.changes if until is None or c.at <= until]
    start = datetime.combine(plan.flight_start, time.min, tzinfo=UTC)
    span = timedelta(days=(plan.flight_end - plan.flight_start).days + 1)
    times = [start + span * i / PLAN_POINTS for i in range(PLAN_POINTS + 1)]
    money = FuncFormatter(lambda value, _pos: f"{value:,.0f}")

    def dollars(series: Sequence[tuple[datetime, int]]) -> tuple[list[datetime], list[float]]:
        return [t for t, _ in series], [micros_to_float(v) for _, v in series]

    kind, groups = _groups(plan)
    columns = 2 if len(groups) > 1 else 1
    rows = -(-len(groups) // columns) if groups else 0
    fig = Figure(figsize=(9, 4.6 + 1.6 * rows))
    grid = fig.add_gridspec(1 + rows, columns, height_ratios=(3, *([1.25] * rows)))
    top: Any = fig.add_subplot(grid[0, :])  # matplotlib's stubs take no datetimes
    top.plot(*dollars(planned_series(plan, times, changes)), linestyle="--", color="grey",
             label="planned")
    actual = actual_series(plan, history)
    if actual:
        top.plot(*dollars(actual), marker="o", markersize=3, color="tab:blue", label="actual")
    top.axhline(micros_to_float(plan.budget_micros), color="tab:red", linewidth=0.8,
                label=f"campaign budget {micros_to_float(plan.budget_micros):,.0f}")
    for index, moved in enumerate(reallocations(changes)):
        label = "budget reallocated" if index == 0 else None
        top.axvline(moved.at, color="tab:green", linestyle=":", linewidth=1, label=label)
        top.annotate(f"{micros_to_float(moved.moved_micros):,.0f} moved", (moved.at, 0.02),
                     xycoords=("data", "axes fraction"), rotation=90, fontsize=7,
                     color="tab:green", ha="right", va="bottom")
    top.set_title(title)
    top.set_ylabel(f"cumulative spend ({plan.currency})")
    top.legend(loc="upper left", fontsize=8)

    panels: list[Any] = []
    for index, (label, keys) in enumerate(sorted(groups.items())):
        color = f"C{index % 10}"
        axes: Any = fig.add_subplot(grid[1 + index // columns, index % columns], sharex=top,
                                    sharey=panels[0] if panels else None)
        axes.plot(*dollars(planned_series(plan, times, changes, keys)), linestyle="--",
                  color=color, linewidth=1)
        series = actual_series(plan, history, keys)
        if series:
            axes.plot(*dollars(series), color=color, marker="o", markersize=2)
        axes.set_title(label, fontsize=8, loc="left")
        axes.tick_params(labelsize=7)
        axes.xaxis.get_offset_text().set_visible(False)  # the year: the top panel says it
        panels.append(axes)
    if panels:
        panels[0].annotate(f"by {kind}: actual (solid) and planned (dashed), {plan.currency}",
                           (0, 1.28), xycoords="axes fraction", fontsize=9)
    for axes in (top, *panels):
        axes.yaxis.set_major_formatter(money)
        axes.grid(alpha=0.3)
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    top.xaxis.set_major_locator(locator)
    top.xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    top.set_xlim(start, start + span)
    fig.tight_layout()
    return fig


def write_chart(data: PacingHistory, path: Path, *, title: str,
                until: datetime | None = None) -> Path:
    """Write the chart as PNG and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    figure(data, title=title, until=until).savefig(path, dpi=100)
    return path


def chart_svg(data: PacingHistory, *, title: str, element_id: str = "pacing-chart") -> str:
    """The chart as an inline ``<svg>`` element (text as text, no external references)."""
    import matplotlib

    buffer = io.StringIO()
    # Text stays text (searchable, small); a fixed salt makes the ids repeatable.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "ad-buyer"}):
        figure(data, title=title).savefig(buffer, format="svg")
    text = buffer.getvalue()
    svg = text[text.index("<svg"):]
    return svg.replace("<svg ", f'<svg id="{element_id}" role="img" '
                       'aria-label="Pacing: actual vs planned spend" ', 1)
