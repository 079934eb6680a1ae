"""The lines a channel booking reports: booked, held, or planned (dry run)."""

from __future__ import annotations

from typing import Any

from ad_buyer.models.money import cost_micros, from_micros, to_micros
from ad_buyer.orchestration.desk.models import ChannelBuyResult, Proposal
from ad_buyer.orchestration.desk.terms import DeskTerms
from ad_buyer.orchestration.models import DealSelection


def booked_result(terms: DeskTerms, selection: DealSelection, names: dict[str, str],
                  budget_micros: int, *, proposal_id: str,
                  negotiations: list[dict[str, Any]]) -> ChannelBuyResult:
    """What one booking of a channel committed, line by line, and what it could not."""
    booked = []
    for deal in selection.booked_deals:
        cpm = deal.pricing.final_cpm.amount_micros
        url = (deal.seller_url or "").rstrip("/")
        booked.append({
            "status": "booked", "seller_status": deal.status, "confirmed": deal.confirmed,
            "seller_url": url, "seller_name": names.get(url, ""),
            "deal_id": deal.deal_id, "quote_id": deal.quote_id,
            "product_id": deal.product.product_id, "package_name": deal.product.name,
            "deal_type": deal.deal_type.value, "impressions": deal.terms.impressions,
            "cpm_micros": cpm, "cost_micros": cost_micros(cpm, deal.terms.impressions)})
    booked += [held_line(held, names) for held in selection.held_deals]
    not_booked = [f"{f.get('seller_url') or f.get('seller_id') or 'booking'}: "
                  f"{f.get('reason') or f.get('error', 'failed')}"
                  for f in [*selection.failed_bookings, *selection.flagged]]
    not_booked += [f"HELD deal {h['deal_id']} at {h['seller_url']}: {h['reason']}"
                   if h["deal_id"] else
                   f"UNRESOLVED booking at {h['seller_url']}: {h['reason']}"
                   for h in selection.held_deals]
    not_booked += [f"rolled back {r.get('seller_url', '')}: {r.get('reason', '')}"
                   for r in selection.rolled_back]
    committed = to_micros(selection.total_spend)
    return ChannelBuyResult(
        channel=terms.channel, committed_micros=committed, booked=booked,
        not_booked=not_booked, negotiations=negotiations,
        proposal_id=proposal_id,
        summary=(f"{len(booked)} deal(s) booked for {terms.channel.value} "
                 f"({confirmation(booked)}), "
                 f"{from_micros(committed):,.2f} {terms.currency} committed of "
                 f"{from_micros(budget_micros):,.2f}"))


def confirmation(lines: list[dict[str, Any]]) -> str:
    """Which deals the sellers have confirmed, in their words: "1 confirmed by the
    seller, 2 proposed (awaiting the seller)"."""
    confirmed = sum(1 for line in lines if line.get("confirmed"))
    waiting: dict[str, int] = {}
    for line in lines:
        if not line.get("confirmed"):
            status = str(line.get("seller_status") or "unknown")
            waiting[status] = waiting.get(status, 0) + 1
    parts = [f"{confirmed} confirmed by the seller"]
    parts += [f"{n} {status}" + (" (awaiting the seller)" if status == "proposed" else "")
              for status, n in sorted(waiting.items())]
    return ", ".join(parts)


def held_line(held: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """A deal live (or maybe live) at its seller that the buyer did not accept: booked
    on other terms than agreed and not cancellable, or sent with an outcome that could
    not be read back. It counts against the budget."""
    url = str(held.get("seller_url") or "").rstrip("/")
    deal_status = (held.get("deal") or {}).get("status")
    line = {"status": "held", "seller_status": deal_status or "unknown", "confirmed": False,
            "seller_url": url, "seller_name": names.get(url, ""),
            "deal_id": held["deal_id"], "quote_id": held["quote_id"],
            "cost_micros": int(held["cost_micros"]), "reason": held["reason"],
            "outcome_unknown": bool(held.get("outcome_unknown"))}
    deal = held.get("deal")
    if deal is None:  # outcome unknown: what was sent is all there is
        quote = held["quote"]
        return line | {"product_id": quote["product_id"], "package_name": quote["package_name"],
                       "deal_type": quote["deal_type"], "impressions": quote["impressions"],
                       "cpm_micros": quote["cpm_micros"]}
    return line | {"product_id": deal["product"]["product_id"],
                   "package_name": deal["product"].get("name", ""),
                   "deal_type": deal["deal_type"], "impressions": deal["terms"]["impressions"],
                   "cpm_micros": int(deal["pricing"]["final_cpm"]["amount_micros"])}


def planned_result(terms: DeskTerms, proposal: Proposal,
                    names: dict[str, str]) -> ChannelBuyResult:
    planned = [{"status": "planned", "seller_url": line.seller_url,
                "seller_name": names.get(line.seller_url, line.seller_id), "deal_id": "",
                "quote_id": "", "product_id": line.product_id,
                "package_name": line.product_name, "deal_type": line.deal_type,
                "impressions": line.impressions, "cpm_micros": line.cpm_micros,
                "cost_micros": line.cost_micros,
                "quote_expires_at": line.quote_expires_at.isoformat()
                if line.quote_expires_at else None,
                "audience_fit": line.audience_fit, "why": line.why} for line in proposal.lines]
    return ChannelBuyResult(
        channel=terms.channel, committed_micros=proposal.cost_micros, booked=planned,
        proposal_id=proposal.proposal_id, dry_run=True,
        summary=(f"DRY RUN: {len(planned)} deal(s) planned for {terms.channel.value}, "
                 f"{from_micros(proposal.cost_micros):,.2f} {terms.currency}; nothing booked"))

