"""A run's rationale log as one self-contained HTML page (``log export RUN --html``).

No external assets: styles inline, charts as inline SVG. The page is a Jinja2
template (``templates/``) with autoescape on, because seller-written text reaches
the log: every value is escaped unless the code that built it escaped it already
(the summary, the log's values, the pacing chart) and says so by marking it Markup.
Seller text the log marks as untrusted is shown in a labelled box.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ad_buyer.events.log import LogEntry, RunRecord
from ad_buyer.models.money import from_micros
from ad_buyer.reporting.facts import (
    NO_VALUE,
    Portfolio,
    is_model_call,
    is_offline,
    model_cost,
    models_used,
    money,
    run_sellers,
    share,
)
from ad_buyer.reporting.render import (
    HtmlValues,
    has_untrusted,
    headline,
    json_or_text,
    raw_details,
    summarise,
)
from ad_buyer.reporting.review import allocations_of, run_review
from ad_buyer.reporting.review_tree import run_tree_nodes
from ad_buyer.reporting.summary import pacing_state, summary_html

if TYPE_CHECKING:
    from ad_buyer.pacing.chart import PacingHistory

_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1"]
_LABEL_CHARS = 28




@cache
def _templates() -> Environment:
    env = Environment(loader=PackageLoader("ad_buyer.reporting", "templates"),
                      autoescape=select_autoescape(["j2", "html"], default=True),
                      trim_blocks=False, lstrip_blocks=False)
    env.globals["is_offline"] = is_offline
    return env


@dataclass(frozen=True)
class Bar:
    label: str
    tip: str
    amount: str
    y: int
    length: int
    color: str


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    width: int = 640
    bar_height: int = 22
    label_width: int = 200

    @property
    def height(self) -> int:
        return (self.bar_height + 8) * len(self.bars) + 8


def bar_chart(title: str, values: dict[str, int], currency: str = "USD",
              tooltips: Mapping[str, str] | None = None) -> BarChart:
    """Horizontal bars for integer-micros amounts, labelled with exact values.

    ``tooltips`` maps a bar's label to a hover text (a seller's full URL).
    """
    chart = BarChart(title, [])
    top = max(values.values(), default=0) or 1
    for i, (label, micros) in enumerate(values.items()):
        shown = label if len(label) <= _LABEL_CHARS else label[:_LABEL_CHARS - 1] + "…"
        chart.bars.append(Bar(
            label=shown, tip=(tooltips or {}).get(label, label), amount=money(micros, currency),
            y=4 + i * (chart.bar_height + 8),
            length=int((chart.width - chart.label_width - 150) * micros / top),
            color=_COLORS[i % len(_COLORS)]))
    return chart


def bar_chart_svg(title: str, values: dict[str, int], currency: str = "USD",
                  tooltips: Mapping[str, str] | None = None) -> str:
    """:func:`bar_chart` as inline SVG."""
    module: Any = _templates().get_template("parts.html.j2").module
    return str(module.bar_chart(bar_chart(title, values, currency, tooltips)))


def _seller_chart(book: Portfolio) -> BarChart:
    labels = book.sellers
    values = {labels[url]: micros for url, micros in book.by_seller().items()}
    title = "Planned by seller" if book.dry_run else "Committed by seller"
    return bar_chart(title, values, book.currency,
                     tooltips={label: url for url, label in labels.items()})


def _portfolio(book: Portfolio, values: HtmlValues) -> dict[str, Any]:
    """The deals with totals: the same lines and sums as ``ad-buyer run`` prints."""
    lines = [{"channel": x.channel,
              "seller": Markup(values.seller(x.seller_url)) if x.seller_url else x.seller,
              "package": x.package, "deal_id": x.deal_id or NO_VALUE,
              "deal_type": x.deal_type or NO_VALUE,
              "cpm": f"{from_micros(x.cpm_micros):,.2f}", "impressions": f"{x.impressions:,}",
              "cost": f"{from_micros(x.cost_micros):,.2f}"} for x in book.lines]
    t = book.totals
    totals = {"impressions": f"{sum(x.impressions for x in book.lines):,}",
              "cost": f"{from_micros(t.spend_micros):,.2f}",
              "spend": money(t.spend_micros, book.currency),
              "remaining": money(t.remaining_micros, book.currency),
              "budget": money(t.budget_micros, book.currency),
              "share": share(t.spend_micros, t.budget_micros)}
    return {"lines": lines, "totals": totals,
            "not_booked": [(channel, Markup(values.text(why)))
                           for channel, why in book.not_booked]}


def _rationale(entry: LogEntry, values: HtmlValues) -> dict[str, Any]:
    """The why in a line; structured rationale and data readable, then raw, collapsed."""
    parsed = json_or_text(entry.rationale) if entry.rationale else ""
    structured = not isinstance(parsed, str)
    return {
        "entry": entry,
        "what": Markup(values.text(headline(entry.summary, entry.kind, entry.data,
                                            values.currency))),
        "untrusted": has_untrusted(entry.summary, entry.rationale,
                                   json.dumps(entry.data, default=str)),
        # A JSON rationale: its gist, the readable table folded under it.
        "why": Markup(values.text(summarise(parsed, values.currency, width=400)
                                  if structured else entry.rationale)),
        "parsed": Markup(values.value(parsed)) if structured else None,
        "data": Markup(values.value(entry.data)) if entry.data else None,
        "raw": Markup(raw_details(entry.data, "raw JSON")) if entry.data else "",
        "tokens": f"{entry.prompt_tokens + entry.completion_tokens:,}"
        if is_model_call(entry) else "",
        "cost": model_cost(entry),
        "ms": f"{entry.duration_ms:,}" if entry.duration_ms else ""}


def pacing_chart_svg(history: PacingHistory | None, name: str = "") -> Markup | None:
    """The pacing chart (the same figure as ``ad-buyer pace``'s PNG) as inline SVG; None
    without a pacing run, empty before any delivery is measured."""
    from ad_buyer.reporting.pacing_chart import chart_svg
    from ad_buyer.reporting.pacing_view import pacing_view

    if history is None:
        return None
    if not any(history.measurements.values()):
        return Markup("")
    return Markup(chart_svg(pacing_view(history, name)))


def export_html(run: RunRecord, pacing: PacingHistory | None = None) -> str:
    """The page: summary, portfolio, pacing, charts, negotiations, tree, every rationale."""
    review = run_review(run)
    currency = review.currency
    book = review.book
    values = HtmlValues(currency, run_sellers(run))
    return _templates().get_template("report.html.j2").render(
        run=run, book=book, no_value=NO_VALUE,
        summary=Markup(summary_html(run, review, values, models_used(run),
                                    pacing_state(pacing))),
        review=review,
        seller=lambda url, name: Markup(values.seller(url)) if url else name,
        **_portfolio(book, values),
        pacing_chart=pacing_chart_svg(pacing, review.campaign),
        by_channel=bar_chart("Allocation by channel", allocations_of(run), currency),
        by_seller=_seller_chart(book),
        roots=run_tree_nodes(run),
        text=lambda words: Markup(values.text(words)),
        rationales=[_rationale(e, values) for e in run.entries])
