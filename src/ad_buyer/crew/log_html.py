"""A run's rationale log as one self-contained HTML page (``log export RUN --html``).

No external assets: styles inline, charts as inline SVG. Every string is
escaped, because seller-written text reaches the log; seller text the log
marks as untrusted is shown in a labelled box.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING, Any

from ad_buyer.crew.log_facts import (
    NO_VALUE,
    Portfolio,
    currency_of,
    is_model_call,
    is_offline,
    model_cost,
    models_used,
    money,
    portfolio,
    price,
    run_sellers,
    share,
)
from ad_buyer.crew.log_render import (
    HtmlValues,
    has_untrusted,
    headline,
    parse_json,
    rationale_line,
    raw_details,
    summarise,
)
from ad_buyer.crew.log_summary import pacing_state, summary_html
from ad_buyer.events.log import LogEntry, RunRecord
from ad_buyer.models.money import from_micros

if TYPE_CHECKING:
    from ad_buyer.pacing.chart import PacingHistory

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:74rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top;
overflow-wrap:break-word}
td.nw{white-space:nowrap}
th{background:#f6f6f6}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;
white-space:nowrap;overflow-wrap:normal}
.scroll{overflow-x:auto;max-width:100%}
tr.total td{font-weight:600;background:#fafafa}
table.kv,table.records{width:auto;font-size:.85rem;margin:.2rem 0}
table.kv th{font-weight:500;background:#fafafa;white-space:nowrap}
ul.tree{list-style:none;padding-left:1.2rem}ul.tree li{margin:.25rem 0}
.kind{font-weight:600}.why{color:#555;font-style:italic}.dim{color:#888}
.seller{border-bottom:1px dotted #888;cursor:help;white-space:nowrap}
.offline{background:#eef3e8;border:1px solid #9b9;border-radius:3px;padding:0 .3rem}
.untrusted{border:2px dashed #c0392b;background:#fff6f4;padding:.3rem .5rem;margin:.3rem 0}
.untrusted-label{color:#c0392b;font-weight:600;font-size:.8rem;text-transform:uppercase}
.untrusted pre{white-space:pre-wrap;margin:.2rem 0}
.untrusted-flag{color:#c0392b;font-size:.75rem;font-weight:600;white-space:nowrap}
dl.summary{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem}
dl.summary dt{font-weight:600}dl.summary dd{margin:0}
.badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-weight:600}
.ok{background:#dff0d8}.warn{background:#fcf8e3}.bad{background:#f2dede}
details pre{white-space:pre-wrap;font-size:.8rem;max-height:30rem;overflow:auto}
"""
_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1"]
_LABEL_CHARS = 28


def bar_chart_svg(title: str, values: dict[str, int], currency: str = "USD",
                  tooltips: Mapping[str, str] | None = None) -> str:
    """Horizontal bars for integer-micros amounts, labelled with exact values.

    ``tooltips`` maps a bar's label to a hover text (a seller's full URL).
    """
    if not values:
        return f'<p class="dim">{escape(title)}: no data in this run.</p>'
    width, bar_h, label_w = 640, 22, 200
    height = (bar_h + 8) * len(values) + 30
    top = max(values.values()) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
             f'height="{height}" aria-label="{escape(title)}">',
             f'<text x="0" y="16" font-size="14" font-weight="600">{escape(title)}</text>']
    for i, (label, micros) in enumerate(values.items()):
        y = 28 + i * (bar_h + 8)
        bar = int((width - label_w - 150) * micros / top)
        shown = label if len(label) <= _LABEL_CHARS else label[:_LABEL_CHARS - 1] + "…"
        tip = (tooltips or {}).get(label, label)
        parts.append(f"<g><title>{escape(tip)}: {escape(money(micros, currency))}</title>"
                     f'<text x="0" y="{y + 15}" font-size="12">{escape(shown)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{max(bar, 1)}" height="{bar_h}" '
                     f'fill="{_COLORS[i % len(_COLORS)]}"/>'
                     f'<text x="{label_w + bar + 6}" y="{y + 15}" font-size="12">'
                     f"{escape(money(micros, currency))}</text></g>")
    parts.append("</svg>")
    return "".join(parts)


def _allocation(run: RunRecord) -> dict[str, int]:
    latest: dict[str, int] = {}
    for entry in run.entries:
        if entry.kind == "allocation" and isinstance(entry.data.get("allocations"), list):
            latest = {str(a["channel"]): int(a["amount_micros"])
                      for a in entry.data["allocations"]}
    return latest


def _seller_chart(book: Portfolio) -> str:
    labels = book.sellers
    values = {labels[url]: micros for url, micros in book.by_seller().items()}
    title = "Planned by seller" if book.dry_run else "Committed by seller"
    return bar_chart_svg(title, values, book.currency,
                         tooltips={label: url for url, label in labels.items()})


def _td(text: str, num: bool = False) -> str:
    return f'<td class="num">{text}</td>' if num else f"<td>{text}</td>"


def portfolio_html(book: Portfolio, values: HtmlValues) -> str:
    """The deals with totals: the same lines and sums as ``ad-buyer run`` prints."""
    verb = "planned" if book.dry_run else "spend"
    cur = escape(book.currency)
    if not book.lines:
        table = f'<p><b>{"No deals planned." if book.dry_run else "No deals booked."}</b></p>'
    else:
        head = "".join(f"<th>{h}</th>" for h in ("channel", "seller", "package", "deal id",
                                                  "deal type"))
        head += "".join(f'<th class="num">{h}</th>' for h in (
            f"CPM {cur}", "impressions", f"cost {cur}"))
        rows = "".join(
            "<tr>" + _td(escape(x.channel)) + _td(values.seller(x.seller_url) if x.seller_url
                                                  else escape(x.seller))
            + _td(escape(x.package)) + _td(escape(x.deal_id or NO_VALUE))
            + _td(escape(x.deal_type or NO_VALUE))
            + _td(f"{from_micros(x.cpm_micros):,.2f}", True) + _td(f"{x.impressions:,}", True)
            + _td(f"{from_micros(x.cost_micros):,.2f}", True) + "</tr>" for x in book.lines)
        impressions = sum(x.impressions for x in book.lines)
        rows += ('<tr class="total"><td colspan=5>total</td><td></td>'
                 + _td(f"{impressions:,}", True)
                 + _td(f"{from_micros(book.totals.spend_micros):,.2f}", True) + "</tr>")
        table = f"<table><tr>{head}</tr>{rows}</table>"
    not_booked = "".join(f"<li>{escape(channel)}: {values.text(why)}</li>"
                         for channel, why in book.not_booked)
    dry = ('<p class="badge warn">DRY RUN: planned, not booked. No seller holds a deal from '
           "this run.</p>" if book.dry_run else "")
    return (f"{dry}{table}"
            + (f'<p>Not booked:</p><ul>{not_booked}</ul>' if not_booked else "")
            + f"<p><b>total {verb}: {escape(money(book.totals.spend_micros, book.currency))}"
              f"</b> &nbsp; remaining budget: <b>"
              f"{escape(money(book.totals.remaining_micros, book.currency))}</b> of "
              f"{escape(money(book.totals.budget_micros, book.currency))} "
              f"({share(book.totals.spend_micros, book.totals.budget_micros)} "
              f"{'planned' if book.dry_run else 'committed'})</p>")


def _outcome(d: Mapping[str, Any], currency: str) -> str:
    outcome = str(d.get("outcome") or "")
    final = d.get("final_price")
    if outcome == "accepted" and final is not None:
        return f"agreed at {price(final, currency)}"
    if outcome:
        return outcome + ("" if final is None else f" at {price(final, currency)}")
    rounds = d.get("rounds")
    if isinstance(rounds, list) and rounds and isinstance(rounds[-1], dict):
        return str(rounds[-1].get("action") or NO_VALUE)
    return NO_VALUE


def _round(r: Mapping[str, Any], currency: str) -> str:
    return (f"#{r.get('round_number', '?')} buyer {price(r.get('buyer_price'), currency)} / "
            f"seller {price(r.get('seller_price'), currency)} ({r.get('action') or NO_VALUE})")


def _negotiations(run: RunRecord, values: HtmlValues) -> str:
    currency = values.currency
    rows: list[str] = []
    for entry in run.entries:
        if entry.kind != "negotiation":
            continue
        d = entry.data
        rounds = d.get("rounds")
        steps = ("<br>".join(escape(_round(r, currency)) for r in rounds if isinstance(r, dict))
                 if isinstance(rounds, list) else "")
        count = len(rounds) if isinstance(rounds, list) else rounds
        url = str(d.get("seller_url") or "")
        seller = values.seller(url) if url else escape(str(d.get("seller_id") or NO_VALUE))
        what = str(d.get("negotiation_id") or d.get("quote_id") or entry.summary)
        detail = "<br>".join(p for p in (steps, values.text(entry.rationale)) if p)
        rows.append("<tr>" + _td(seller) + _td(escape(what))
                    + "".join(_td(escape(price(d.get(k), currency)), True)
                              for k in ("ask", "walk_away", "final_price"))
                    + _td(escape(_outcome(d, currency)))
                    + _td(escape(str(count)) if count is not None else NO_VALUE, True)
                    + _td(detail or NO_VALUE) + "</tr>")
    if not rows:
        return '<p class="dim">No negotiations in this run.</p>'
    return ("<table><tr><th>seller</th><th>negotiation</th><th class=num>ask CPM</th>"
            "<th class=num>walk-away CPM</th><th class=num>agreed CPM</th><th>outcome</th>"
            "<th class=num>rounds</th><th>detail</th></tr>" + "".join(rows) + "</table>")


def _model(model: str) -> str:
    if is_offline(model):
        return f'<span class="offline" title="{escape(model)}">offline</span>'
    return escape(model)


def _usage(entry: LogEntry) -> str:
    if not is_model_call(entry):
        return ""
    tokens = entry.prompt_tokens + entry.completion_tokens
    return f' <span class="dim">{tokens:,} tokens, {escape(model_cost(entry))}</span>'


def _tree(run: RunRecord, values: HtmlValues) -> str:
    known = {e.id for e in run.entries}
    currency = values.currency

    def items(parent: int | None) -> str:
        out = []
        for e in run.entries:
            effective = e.parent_id if e.parent_id in known else None
            if effective != parent:
                continue
            why = rationale_line(e.rationale, currency)
            why_html = f'<div class="why">why: {values.text(why)}</div>' if why else ""
            who = " ".join(p for p in (escape(e.agent), _model(e.model)) if p)
            who_html = f' <span class="dim">{who}</span>' if who else ""
            out.append(f'<li><span class="kind">{escape(e.kind)}</span>{who_html}: '
                       f"{values.text(headline(e.summary, e.kind, e.data, currency))}"
                       f"{_usage(e)}{why_html}{items(e.id)}</li>")
        return f'<ul class="tree">{"".join(out)}</ul>' if out else ""

    return items(None) or '<p class="dim">No entries.</p>'


def _rationale_cell(entry: LogEntry, values: HtmlValues) -> str:
    """The why in a line; structured rationale and data readable, then raw, collapsed."""
    parsed = parse_json(entry.rationale) if entry.rationale else ""
    if isinstance(parsed, str):
        why = values.text(entry.rationale)
    else:  # a JSON rationale: its gist, the readable table folded under it
        why = (f"{values.text(summarise(parsed, values.currency, width=400))}"
               f"<details><summary>rationale in full</summary>{values.value(parsed)}</details>")
    if not entry.data:
        return why
    return (f"{why}<details><summary>data</summary>{values.value(entry.data)}"
            f"{raw_details(entry.data, 'raw JSON')}</details>")


def _what(entry: LogEntry, values: HtmlValues) -> str:
    what = values.text(headline(entry.summary, entry.kind, entry.data, values.currency))
    if has_untrusted(entry.summary, entry.rationale, json.dumps(entry.data, default=str)):
        what += (' <span class="untrusted-flag">[includes untrusted seller text: see data]'
                 "</span>")
    return what


def _rationales(run: RunRecord, values: HtmlValues) -> str:
    rows = "".join(
        f'<tr><td class="nw">{e.id}</td><td class="nw">{escape(e.kind)}</td>'
        + _td(escape(e.agent)) + _td(_model(e.model))
        + _td(_what(e, values)) + _td(_rationale_cell(e, values))
        + _td(f"{e.prompt_tokens + e.completion_tokens:,}" if is_model_call(e) else "", True)
        + _td(escape(model_cost(e)), True) + _td(f"{e.duration_ms:,}" if e.duration_ms else "",
                                                 True) + "</tr>"
        for e in run.entries)
    return ('<div class="scroll"><table><tr><th>#</th><th>kind</th><th>agent</th><th>model</th>'
            "<th>what</th>"
            "<th>rationale and data</th><th class=num>tokens</th><th class=num>model cost</th>"
            f"<th class=num>ms</th></tr>{rows}</table></div>")


def pacing_chart_svg(history: PacingHistory | None, name: str = "") -> str:
    """The pacing chart (the same figure as ``ad-buyer pace``'s PNG), as inline SVG."""
    from ad_buyer.pacing.chart import chart_svg

    if history is None:
        return '<p class="dim">This run has no pacing run.</p>'
    if not any(history.measurements.values()):
        return ('<p class="dim">Pacing is registered for this run; no delivery has been '
                'measured yet.</p>')
    return chart_svg(history, title=f"{name or history.plan.campaign_id}: actual vs planned "
                                    "spend")


def export_html(run: RunRecord, pacing: PacingHistory | None = None) -> str:
    """The page: summary, portfolio, pacing, charts, negotiations, tree, every rationale."""
    currency = currency_of(run)
    book = portfolio(run)
    values = HtmlValues(currency, run_sellers(run))
    by_channel = bar_chart_svg("Allocation by channel", _allocation(run), currency)
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<title>ad-buyer run {escape(run.id)}</title><style>{_CSS}</style></head><body>"
        f"<h1>Run {escape(run.id)}: {escape(run.name)}</h1>"
        f"<h2 id=summary>Summary</h2>"
        f"{summary_html(run, book, values, models_used(run), pacing_state(pacing))}"
        f"<h2 id=portfolio>{'Planned' if book.dry_run else 'Booked'} portfolio</h2>"
        f"{portfolio_html(book, values)}"
        f"<h2 id=pacing>Pacing</h2>{pacing_chart_svg(pacing, run.name)}"
        f"<h2 id=allocation-by-channel>Allocation by channel</h2>{by_channel}"
        f"<h2 id=allocation-by-seller>{'Planned' if book.dry_run else 'Committed'} by seller"
        f"</h2>{_seller_chart(book)}"
        f"<h2 id=negotiation-rounds>Negotiation rounds</h2>{_negotiations(run, values)}"
        f"<h2 id=brief>Brief as written</h2><pre>{escape(run.brief_text)}</pre>"
        f"<h2 id=delegation-tree>Delegation tree</h2>{_tree(run, values)}"
        f"<h2 id=rationales>Every decision and its rationale</h2>{_rationales(run, values)}"
        f"<h2 id=outcome>Outcome</h2><pre>{escape(run.outcome) or 'n/a'}</pre>"
        "</body></html>"
    )
