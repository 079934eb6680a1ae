"""PNG chart of a run's actual cumulative spend against the planned curve."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from ad_buyer.models.money import micros_to_float
from ad_buyer.pacing.curves import flight_fraction
from ad_buyer.pacing.models import DealKey, PacingPlan
from ad_buyer.pacing.state import Measurement, curve_fraction

PLAN_POINTS = 50


def actual_series(plan: PacingPlan, history: dict[DealKey, list[Measurement]]
                  ) -> list[tuple[datetime, int]]:
    """Campaign spend (micros) at every measurement time: each deal's last good value."""
    times = sorted({m.as_of for ms in history.values() for m in ms})
    series = []
    for t in times:
        total = 0
        for ms in history.values():
            before = [m for m in ms if m.as_of <= t]
            total += before[-1].spend_micros if before else 0
        series.append((t, total))
    return series


def planned_series(plan: PacingPlan, times: Sequence[datetime]) -> list[tuple[datetime, int]]:
    """Spend the booked plan expects at each time (original budgets, channel curves)."""
    return [(t, sum(round(d.budget_micros * curve_fraction(plan, d, t)) for d in plan.deals))
            for t in times]


def write_chart(plan: PacingPlan, history: dict[DealKey, list[Measurement]], path: Path,
                *, title: str) -> Path:
    """Write the chart and return its path (matplotlib, headless)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    start = datetime.combine(plan.flight_start, time.min, tzinfo=UTC)
    span = (plan.flight_end - plan.flight_start).days + 1
    grid = [start + timedelta(days=span * i / PLAN_POINTS) for i in range(PLAN_POINTS + 1)]
    planned = planned_series(plan, grid)
    actual = actual_series(plan, history)

    def day_of(t: datetime) -> float:
        return flight_fraction(plan.flight_start, plan.flight_end, t) * span

    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot([day_of(t) for t, _ in planned], [micros_to_float(v) for _, v in planned],
            label="planned", linestyle="--", color="grey")
    if actual:
        ax.plot([day_of(t) for t, _ in actual], [micros_to_float(v) for _, v in actual],
                label="actual", marker="o", markersize=3, color="tab:blue")
    ax.axhline(micros_to_float(plan.budget_micros), color="tab:red", linewidth=0.8,
               label="campaign budget")
    ax.set_xlabel("flight day")
    ax.set_ylabel(f"cumulative spend ({plan.currency})")
    ax.set_title(title)
    ax.legend(loc="upper left")
    ax.grid(alpha=0.3)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
