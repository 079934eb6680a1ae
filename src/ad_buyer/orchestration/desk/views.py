"""What the agents read of a channel desk: JSON-ready views with money as text.

Money is shown as two-decimal strings in the campaign currency (for reading;
the desk keeps integer micros). Seller-written text (package names and
descriptions) is wrapped as untrusted data, so a media kit that says "ignore
the brief" arrives marked as a seller's words, never as an instruction.
"""

from __future__ import annotations

from typing import Any

from ad_buyer.orchestration.desk.models import (
    DeskState,
    PackageOption,
    Proposal,
    QuoteOption,
    money_text,
)
from ad_buyer.registry.models import AgentCard
from ad_buyer.untrusted import mark_untrusted

NAME_CHARS = 120
DESCRIPTION_CHARS = 300


def seller_view(card: AgentCard) -> dict[str, Any]:
    return {"seller_id": card.agent_id,
            "name": mark_untrusted(card.name, max_chars=NAME_CHARS),
            "trust_level": str(card.trust_level), "url": card.url.rstrip("/")}


def package_view(p: PackageOption) -> dict[str, Any]:
    view: dict[str, Any] = {
        "ref": p.ref, "seller_id": p.seller_id, "package_id": p.package_id,
        "name": mark_untrusted(p.name, max_chars=NAME_CHARS),
        "formats": p.formats, "geo": p.geo, "categories": p.categories,
        "audience": p.audience, "price_range": p.price_range,
        "expected_cpm": money_text(p.expected_cpm_micros), "negotiable": p.negotiable,
        "fits": p.fits}
    if p.audience_fit:
        view["audience_fit"] = p.audience_fit
    if p.description:
        view["description"] = mark_untrusted(p.description, max_chars=DESCRIPTION_CHARS)
    if not p.fits:
        view["misfit"] = p.misfit
    return view


def quote_view(q: QuoteOption) -> dict[str, Any]:
    view: dict[str, Any] = {
        "ref": q.ref, "package_ref": q.package_ref, "seller_id": q.seller_id,
        "product_id": q.product_id, "deal_type": q.deal_type, "impressions": q.impressions,
        "cpm": money_text(q.cpm_micros), "effective_cpm": money_text(q.effective_cpm_micros),
        "cost": money_text(q.cost_micros), "fill_rate": q.fill_rate, "score": q.score,
        "tier": q.tier, "negotiable": q.negotiable and not q.negotiated,
        "negotiated": q.negotiated}
    if q.seller_reliability is not None:
        view["seller_reliability"] = q.seller_reliability
    if q.target_floor_micros is not None and q.target_ceiling_micros is not None \
            and not q.negotiated:
        view["target_limits"] = {"floor": money_text(q.target_floor_micros),
                                 "ceiling": money_text(q.target_ceiling_micros)}
    return view


def proposal_view(p: Proposal) -> dict[str, Any]:
    return {"proposal_id": p.proposal_id, "channel": p.channel, "status": p.status,
            "budget": money_text(p.budget_micros), "cost": money_text(p.cost_micros),
            "budget_use_pct": f"{p.budget_use * 100:.1f}",
            "lines": [{"quote_ref": line.quote_ref, "seller_id": line.seller_id,
                       "product_id": line.product_id, "deal_type": line.deal_type,
                       "impressions": line.impressions, "cpm": money_text(line.cpm_micros),
                       "cost": money_text(line.cost_micros)} for line in p.lines],
            "dropped": p.dropped, "solver": p.solver, "optimal": p.optimal,
            "specialist_rationale": p.specialist_rationale,
            "review_rationale": p.review_rationale,
            **({"seller_share_cap": p.share_cap_note} if p.share_cap_note else {}),
            **({"package_share_cap": p.package_cap_note} if p.package_cap_note else {})}


def desk_summary(state: DeskState, *, allocated_micros: int, committed_micros: int,
                 ) -> dict[str, Any]:
    """The desk at a glance, for the Portfolio Manager and a returning specialist."""
    quoted = {q.package_ref for q in state.quotes.values()}
    fitting = [p for p in state.packages.values() if p.fits]
    return {
        "channel": state.channel, "allocated": money_text(allocated_micros),
        "committed": money_text(committed_micros),
        "remaining": money_text(allocated_micros - committed_micros),
        "remaining_micros": allocated_micros - committed_micros,
        "sellers": len(state.sellers), "packages": len(state.packages),
        "fitting_packages": len(fitting),
        "unquoted_fitting_packages": sum(1 for p in fitting if p.ref not in quoted),
        "quotes": len(state.quotes),
        "proposals": [proposal_view(p) for p in state.proposals.values()],
    }
