"""The report's opening summary: brief facts, money, deals, sellers, models, status, pacing."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from ad_buyer.events.log import RunRecord
from ad_buyer.models.money import from_micros
from ad_buyer.reporting.facts import NO_VALUE, is_offline, money, share
from ad_buyer.reporting.render import HtmlValues

if TYPE_CHECKING:
    from ad_buyer.pacing.chart import PacingHistory
    from ad_buyer.reporting.review import RunReview

OFFLINE_NOTE = "offline: deterministic rules, not an LLM; no model cost"
_STATUS_STYLE = {"completed": "ok", "running": "warn", "blocked": "warn", "failed": "bad",
                 "over_budget": "bad"}


@dataclass(frozen=True)
class PacingState:
    """Where the campaign's spend stands against plan at the last measurement."""

    text: str
    style: str  # ok | warn | bad | dim
    measured: bool


def pacing_state(history: PacingHistory | None) -> PacingState:
    from ad_buyer.pacing.chart import actual_series, planned_series
    from ad_buyer.pacing.detection import Level, PaceStatus, Severity, classify

    if history is None:
        return PacingState("no pacing run for this run", "dim", False)
    plan = history.plan
    actual = actual_series(plan, history.measurements)
    if not actual:
        return PacingState("registered; no delivery measured yet", "dim", False)
    at, spent = actual[-1]
    planned = planned_series(plan, [at], history.changes)[0][1]
    status = PaceStatus(Level.CAMPAIGN, plan.campaign_id, plan.budget_micros, planned, spent,
                        planned / plan.budget_micros)
    found = classify(status, plan.thresholds)
    ratio = f"{status.ratio:.2f}" if status.ratio is not None else NO_VALUE
    if found is None:
        state, style = "on pace", "ok"
    else:
        kind, severity = found
        state = f"{kind.value.replace('_', ' ')} ({severity.value})"
        style = "bad" if severity is Severity.CRITICAL else "warn"
    text = (f"{state}: spent {money(spent, plan.currency)} against "
            f"{money(planned, plan.currency)} planned as of {at:%Y-%m-%d} "
            f"(ratio {ratio}; budget {money(plan.budget_micros, plan.currency)})")
    return PacingState(text, style, True)


def _model_html(model: str) -> str:
    if is_offline(model):
        return f'<span class="offline" title="{escape(model)}">{escape(OFFLINE_NOTE)}</span>'
    return escape(model)


def _brief_facts(run: RunRecord, currency: str) -> str:
    brief = run.brief
    if not brief:
        return NO_VALUE
    parts = [f"{brief.get('flight_start', '?')} to {brief.get('flight_end', '?')}"]
    if brief.get("channels"):
        parts.append("channels " + ", ".join(map(str, brief["channels"])))
    if brief.get("goal"):
        parts.append(f"goal {brief['goal']}")
    if brief.get("max_cpm_micros"):
        parts.append(f"max CPM {money(int(brief['max_cpm_micros']), currency)}")
    if brief.get("deal_types"):
        parts.append("deal types " + ", ".join(map(str, brief["deal_types"])))
    if brief.get("countries"):
        parts.append("countries " + ", ".join(map(str, brief["countries"])))
    if brief.get("excluded_sellers"):
        parts.append("excluded " + ", ".join(map(str, brief["excluded_sellers"])))
    return escape("; ".join(parts))


def summary_html(run: RunRecord, review: RunReview, values: HtmlValues, models: list[str],
                 pacing: PacingState) -> str:
    """A definition list a buyer reads first."""
    book = review.book
    currency = book.currency
    totals = book.totals
    verb = "Planned (dry run)" if book.dry_run else "Committed"
    sellers = book.sellers
    seller_html = ", ".join(values.seller(url)
                            for url in sorted(sellers, key=lambda url: sellers[url]))
    status = escape(run.status) + (" (dry run: nothing booked)" if book.dry_run else "")
    models_html = "<br>".join(
        f"{role}: {_model_html(m)}" for role, m in
        (("manager", run.manager_model), ("specialist", run.specialist_model)) if m)
    others = [m for m in models if m not in (run.manager_model, run.specialist_model)]
    if others:
        models_html += "<br>also: " + ", ".join(_model_html(m) for m in others)
    if run.total_cost_micros:
        cost = f"USD {from_micros(run.total_cost_micros):,.4f}"
    elif all(is_offline(m) for m in models if m):
        cost = "offline (no cost)"
    else:
        cost = "USD 0.0000"
    rows = [
        ("Run status", f'<span class="badge {_STATUS_STYLE.get(run.status, "warn")}">'
                       f"{status}</span> started {run.started_at:%Y-%m-%d %H:%M} UTC"),
        ("Campaign", f"{escape(str(run.brief.get('name') or run.name))}<br>"
                     f"{_brief_facts(run, currency)}"),
        ("Total budget", escape(money(totals.budget_micros, currency))),
        (verb, f"{escape(review.spend_text)} "
               f"({share(totals.spend_micros, totals.budget_micros)} of budget)"),
        ("Remaining", escape(money(totals.remaining_micros, currency))),
        ("Deals " + ("planned" if book.dry_run else "booked"), str(len(book.lines))),
        ("Negotiation saved", f'<span data-figure="negotiation-saved">'
                              f"{escape(review.negotiations.saved_text)}</span> against the "
                              "sellers' opening asks"),
        ("Sellers used", seller_html or NO_VALUE),
        ("Models", models_html or NO_VALUE),
        ("Model usage", f"{run.total_tokens:,} tokens, {escape(cost)}"),
        ("Pacing", f'<span class="badge {pacing.style}">{escape(pacing.text)}</span>'
                   + (" (chart below)" if pacing.measured else "")),
    ]
    return ('<dl class="summary">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
            + "</dl>")
