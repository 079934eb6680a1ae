"""A run's rationale log as one self-contained HTML page (``log export RUN --html``).

No external assets: styles inline, charts as inline SVG. Every string is
escaped, because seller-written text reaches the log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from html import escape
from typing import TYPE_CHECKING, Any

from ad_buyer.events.log import LogEntry, RunRecord
from ad_buyer.models.money import from_micros

if TYPE_CHECKING:
    from ad_buyer.crew.handoff import PacingHistory

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:70rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
ul.tree{list-style:none;padding-left:1.2rem}ul.tree li{margin:.25rem 0}
.kind{font-weight:600}.why{color:#555;font-style:italic}.dim{color:#888}
"""
_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1"]


def bar_chart_svg(title: str, values: dict[str, int], currency: str = "USD") -> str:
    """Horizontal bars for integer-micros amounts, labelled with exact values."""
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
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{escape(label[:30])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{max(bar, 1)}" height="{bar_h}" '
                     f'fill="{_COLORS[i % len(_COLORS)]}"/>')
        parts.append(f'<text x="{label_w + bar + 6}" y="{y + 15}" font-size="12">'
                     f'{escape(currency)} {from_micros(micros):,.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _allocation(run: RunRecord) -> dict[str, int]:
    latest: dict[str, int] = {}
    for entry in run.entries:
        if entry.kind == "allocation" and isinstance(entry.data.get("allocations"), list):
            latest = {str(a["channel"]): int(a["amount_micros"])
                      for a in entry.data["allocations"]}
    return latest


def _booked_lines(entry: LogEntry) -> list[dict[str, Any]]:
    booked = entry.data.get("booked")
    if isinstance(booked, list):
        return [b for b in booked if isinstance(b, dict)]
    return [entry.data] if entry.data.get("event_type") == "deal.booked" else []


def _by_seller(run: RunRecord) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for entry in run.entries:
        if entry.kind != "booking":
            continue
        for line in _booked_lines(entry):
            seller = str(line.get("seller_url") or line.get("seller") or "unknown seller")
            totals[seller] += int(line.get("cost_micros") or line.get("committed_micros") or 0)
    return dict(totals)


def _negotiations(run: RunRecord) -> str:
    rows: list[str] = []
    for entry in run.entries:
        if entry.kind != "negotiation":
            continue
        d = entry.data
        rounds = d.get("rounds")
        if isinstance(rounds, list):  # round-by-round detail
            steps = "; ".join(
                f"#{r.get('round_number', '?')} buyer {r.get('buyer_price', '?')} / seller "
                f"{r.get('seller_price', '?')} {r.get('action', '')}"
                for r in rounds if isinstance(r, dict))
            count = str(len(rounds))
        else:
            steps, count = "", str(rounds if rounds is not None else "")
        cells = [entry.summary, d.get("ask", ""), d.get("walk_away", ""),
                 d.get("final_price", ""), d.get("outcome", ""), count, steps or entry.rationale]
        rows.append("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>")
    if not rows:
        return '<p class="dim">No negotiations in this run.</p>'
    return ("<table><tr><th>negotiation</th><th>ask CPM</th><th>walk-away CPM</th>"
            "<th>agreed CPM</th><th>outcome</th><th>rounds</th><th>detail</th></tr>"
            + "".join(rows) + "</table>")


def _tree(run: RunRecord) -> str:
    known = {e.id for e in run.entries}

    def items(parent: int | None) -> str:
        out = []
        for e in run.entries:
            effective = e.parent_id if e.parent_id in known else None
            if effective != parent:
                continue
            why = f'<div class="why">why: {escape(e.rationale)}</div>' if e.rationale else ""
            who = f' <span class="dim">{escape(e.agent)} {escape(e.model)}</span>'
            out.append(f'<li><span class="kind">{escape(e.kind)}</span>{who}: '
                       f"{escape(e.summary)}{why}{items(e.id)}</li>")
        return f'<ul class="tree">{"".join(out)}</ul>' if out else ""

    return items(None) or '<p class="dim">No entries.</p>'


def _rationales(run: RunRecord) -> str:
    rows = "".join(
        f"<tr><td>{e.id}</td><td>{escape(e.kind)}</td><td>{escape(e.agent)}</td>"
        f"<td>{escape(e.model)}</td><td>{escape(e.summary)}</td><td>{escape(e.rationale)}</td>"
        f"<td>{e.prompt_tokens + e.completion_tokens}</td>"
        f"<td>{from_micros(e.cost_micros):.4f}</td><td>{e.duration_ms}</td></tr>"
        for e in run.entries)
    return ("<table><tr><th>#</th><th>kind</th><th>agent</th><th>model</th><th>what</th>"
            "<th>rationale</th><th>tokens</th><th>cost USD</th><th>ms</th></tr>"
            f"{rows}</table>")


def _polyline(points: Sequence[tuple[float, float]], color: str, dash: str = "") -> str:
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    style = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<polyline fill="none" stroke="{color}" stroke-width="2"{style} '
            f'points="{coords}"/>')


def pacing_chart_svg(history: PacingHistory | None) -> str:
    """Actual cumulative spend against the planned curve, as inline SVG."""
    from ad_buyer.pacing.chart import actual_series, planned_series

    if history is None:
        return '<p class="dim">This run has no pacing run.</p>'
    plan, measurements = history
    actual = actual_series(plan, measurements)
    if not actual:
        return ('<p class="dim">Pacing is registered for this run; no delivery has been '
                'measured yet.</p>')
    start = datetime.combine(plan.flight_start, time.min, tzinfo=UTC)
    span = timedelta(days=(plan.flight_end - plan.flight_start).days + 1)
    grid = [start + span * i / 40 for i in range(41)]
    planned = planned_series(plan, grid)
    width, height, pad = 640, 260, 40
    top = max(plan.budget_micros, *(v for _, v in actual), 1)

    def xy(t: datetime, micros: int) -> tuple[float, float]:
        x = pad + (width - 2 * pad) * min(max((t - start) / span, 0.0), 1.0)
        return x, height - pad - (height - 2 * pad) * micros / top

    currency = escape(plan.currency)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'aria-label="Pacing: actual vs planned spend" id="pacing-chart">'
        f'<text x="{pad}" y="16" font-size="14" font-weight="600">Pacing: actual vs planned '
        f'cumulative spend ({currency})</text>'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="#999"/><line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" '
        f'stroke="#999"/>'
        + _polyline([xy(t, v) for t, v in planned], "#888", "6 4")
        + _polyline([xy(t, v) for t, v in actual], _COLORS[0])
        + f'<text x="{width - pad - 150}" y="{pad}" font-size="12" fill="#888">- - planned'
          f'</text><text x="{width - pad - 150}" y="{pad + 16}" font-size="12" '
          f'fill="{_COLORS[0]}">actual: {currency} {from_micros(actual[-1][1]):,.2f}</text>'
        + "</svg>")


def export_html(run: RunRecord, pacing: PacingHistory | None = None) -> str:
    """The page: brief, allocation and seller charts, tree, negotiations, rationale, pacing."""
    currency = str(run.brief.get("currency", "USD"))
    by_channel = bar_chart_svg("Allocation by channel", _allocation(run), currency)
    by_seller = bar_chart_svg("Committed by seller", _by_seller(run), currency)
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<title>ad-buyer run {escape(run.id)}</title><style>{_CSS}</style></head><body>"
        f"<h1>Run {escape(run.id)}: {escape(run.name)}</h1>"
        f"<p>Status <b>{escape(run.status)}</b>; started {run.started_at:%Y-%m-%d %H:%M:%S} UTC; "
        f"manager model <b>{escape(run.manager_model)}</b>, specialist model "
        f"<b>{escape(run.specialist_model)}</b>; {run.total_tokens} tokens, "
        f"USD {from_micros(run.total_cost_micros):.4f} model cost.</p>"
        f"<h2 id=brief>Brief</h2><pre>{escape(run.brief_text)}</pre>"
        f"<h2 id=allocation-by-channel>Allocation by channel</h2>{by_channel}"
        f"<h2 id=allocation-by-seller>Committed by seller</h2>{by_seller}"
        f"<h2 id=delegation-tree>Delegation tree</h2>{_tree(run)}"
        f"<h2 id=negotiation-rounds>Negotiation rounds</h2>{_negotiations(run)}"
        f"<h2 id=rationales>Every decision and its rationale</h2>{_rationales(run)}"
        f"<h2 id=pacing>Pacing</h2>{pacing_chart_svg(pacing)}"
        f"<h2 id=outcome>Outcome</h2><p>{escape(run.outcome) or 'n/a'}</p>"
        "</body></html>"
    )
