"""The pacing chart, drawn from a :class:`~ad_buyer.reporting.pacing_view.PacingView`.

One figure serves every output: :func:`write_chart` saves it as PNG for
``ad-buyer pace``, :func:`chart_svg` returns it as inline SVG for the HTML report and
the console. Dates run along the x-axis; money is labelled with thousands separators;
the top panel is the campaign (actual, plan as it stood, budget), titled with the
campaign's name, with a mark on every day budget was reallocated; below it one small
panel per seller (per channel when there are too many sellers), each titled with its
name and drawn in its own colour, solid for actual and dashed for plan, on one shared
scale: sellers with like budgets do not draw over each other.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ad_buyer.models.money import micros_to_float
from ad_buyer.reporting.pacing_view import PacingView

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _dollars(series: Sequence[tuple[datetime, int]]) -> tuple[list[datetime], list[float]]:
    return [t for t, _ in series], [micros_to_float(v) for _, v in series]


def figure(view: PacingView) -> Figure:
    """The campaign panel over one small panel per seller (or channel)."""
    from matplotlib import dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    money = FuncFormatter(lambda value, _pos: f"{value:,.0f}")
    columns = 2 if len(view.lines) > 1 else 1
    rows = -(-len(view.lines) // columns) if view.lines else 0
    fig = Figure(figsize=(9, 4.6 + 1.6 * rows))
    grid = fig.add_gridspec(1 + rows, columns, height_ratios=(3, *([1.25] * rows)))
    top: Any = fig.add_subplot(grid[0, :])  # matplotlib's stubs take no datetimes
    top.plot(*_dollars(view.total.planned), linestyle="--", color="grey", label="planned")
    if view.total.actual:
        top.plot(*_dollars(view.total.actual), marker="o", markersize=3, color="tab:blue",
                 label="actual")
    top.axhline(micros_to_float(view.budget_micros), color="tab:red", linewidth=0.8,
                label=f"campaign budget {micros_to_float(view.budget_micros):,.0f}")
    for index, (at, moved) in enumerate(view.moved):
        label = "budget reallocated" if index == 0 else None
        top.axvline(at, color="tab:green", linestyle=":", linewidth=1, label=label)
        top.annotate(f"{micros_to_float(moved):,.0f} moved", (at, 0.02),
                     xycoords=("data", "axes fraction"), rotation=90, fontsize=7,
                     color="tab:green", ha="right", va="bottom")
    top.set_title(view.title)
    top.set_ylabel(f"cumulative spend ({view.currency})")
    top.legend(loc="upper left", fontsize=8)

    panels: list[Any] = []
    for index, line in enumerate(view.lines):
        color = f"C{index % 10}"
        axes: Any = fig.add_subplot(grid[1 + index // columns, index % columns], sharex=top,
                                    sharey=panels[0] if panels else None)
        axes.plot(*_dollars(line.planned), linestyle="--", color=color, linewidth=1)
        if line.actual:
            axes.plot(*_dollars(line.actual), color=color, marker="o", markersize=2)
        axes.set_title(line.name, fontsize=8, loc="left")
        axes.tick_params(labelsize=7)
        axes.xaxis.get_offset_text().set_visible(False)  # the year: the top panel says it
        panels.append(axes)
    if panels:
        panels[0].annotate(f"by {view.grouped_by}: actual (solid) and planned (dashed), "
                           f"{view.currency}", (0, 1.28), xycoords="axes fraction", fontsize=9)
    for axes in (top, *panels):
        axes.yaxis.set_major_formatter(money)
        axes.grid(alpha=0.3)
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    top.xaxis.set_major_locator(locator)
    top.xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    top.set_xlim(view.start, view.end)
    fig.tight_layout()
    return fig


def write_chart(view: PacingView, path: Path) -> Path:
    """Write the chart as PNG and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    figure(view).savefig(path, dpi=100)
    return path


def chart_svg(view: PacingView, *, element_id: str = "pacing-chart") -> str:
    """The chart as an inline ``<svg>`` element (text as text, no external references)."""
    import matplotlib

    buffer = io.StringIO()
    # Text stays text (searchable, small); a fixed salt and no date make the same view
    # the same SVG, byte for byte.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "ad-buyer"}):
        figure(view).savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    svg = text[text.index("<svg"):]
    return svg.replace("<svg ", f'<svg id="{element_id}" role="img" '
                       f'aria-label="Pacing of {_attr(view.campaign)}: actual vs planned '
                       'spend" ', 1)


def _attr(text: str) -> str:
    from html import escape

    return escape(text, quote=True)
