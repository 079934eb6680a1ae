"""The Python behind the agents' tool cards (``tools/*.yaml``).

Each function takes the run's :class:`ToolContext` first and the validated
model arguments as keywords. ``buy_channel`` commits money, so it also takes
``limits`` from the guard layer; it never sees a price from a model.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from ad_buyer.crew.allocation import (
    AllocationAdjustment,
    AllocationGuardError,
    AllocationMove,
    AllocationProposal,
)
from ad_buyer.crew.allocation import adjust_allocation as apply_adjustment
from ad_buyer.crew.allocation import propose_allocation as allocate
from ad_buyer.crew.async_bridge import run_sync
from ad_buyer.crew.tooling import (
    ChannelBuyResult,
    GuardRefusal,
    SpendLimits,
    ToolContext,
)
from ad_buyer.crew.untrusted import untrusted_json, untrusted_records
from ad_buyer.events.log import EntryKind
from ad_buyer.models.brief import Channel
from ad_buyer.models.money import from_micros

logger = logging.getLogger(__name__)


def _allocation_view(proposal: AllocationProposal) -> dict[str, Any]:
    return {
        "currency": proposal.currency,
        "budget": f"{from_micros(proposal.budget_micros):.2f}",
        "source": proposal.source,
        "rationale": proposal.rationale,
        "allocations": [
            {"channel": a.channel.value, "amount": f"{a.amount:.2f}",
             "amount_micros": a.amount_micros,
             "share_pct": f"{Decimal(a.amount_micros) * 100 / proposal.budget_micros:.2f}"}
            for a in proposal.allocations
        ],
    }


def review_brief(ctx: ToolContext) -> dict[str, Any]:
    brief = ctx.brief
    return {"summary": brief.summary(), "brief": brief.model_dump(mode="json"),
            "assumptions": list(brief.assumptions)}


def propose_allocation(ctx: ToolContext) -> dict[str, Any]:
    """The deterministic split; becomes the approved allocation until adjusted."""
    proposal = allocate(ctx.brief)
    ctx.proposal = ctx.allocation = proposal
    view = _allocation_view(proposal)
    ctx.record(EntryKind.ALLOCATION, agent="allocator", model="deterministic",
               summary="allocator proposal", rationale=proposal.rationale, data=view)
    return view


def adjust_allocation(ctx: ToolContext, *, moves: list[dict[str, Any]],
                      rationale: str) -> dict[str, Any]:
    """Apply a model's moves to the allocator's proposal, within the guard limits."""
    if ctx.proposal is None or ctx.allocation is None:
        raise GuardRefusal("call propose_allocation before adjusting it")
    budget = ctx.allocation.budget_micros
    adjustment = AllocationAdjustment(rationale=rationale, moves=[
        AllocationMove(from_channel=Channel(m["from_channel"]),
                       to_channel=Channel(m["to_channel"]),
                       amount_micros=int(Decimal(str(m["percent_of_budget"])) * budget / 100))
        for m in moves
    ])
    try:
        adjusted = apply_adjustment(ctx.allocation, adjustment, ctx.guard_limits)
    except AllocationGuardError as exc:
        ctx.record(EntryKind.GUARD, summary="allocation adjustment rejected",
                   rationale=rationale, data={"violations": exc.violations, "moves": moves})
        raise
    ctx.allocation = adjusted
    view = _allocation_view(adjusted)
    ctx.record(EntryKind.ALLOCATION, summary="allocation adjusted within guard limits",
               rationale=rationale, data=view)
    return view


def survey_channel(ctx: ToolContext, *, channel: str) -> str:
    """Sellers and their packages fitting the brief; seller text comes back as untrusted.

    One record per seller, best first; when the block's size limit is reached
    the cut falls between sellers and the block says how many are not shown.
    """
    if ctx.buyer is None:
        raise GuardRefusal("no buying engine is connected to this run")
    chosen = Channel(channel)
    if chosen not in ctx.brief.channels:
        raise GuardRefusal(f"channel {chosen.value} is not in the brief")
    ctx.stage("survey", f"{chosen.value}: sellers and media-kit packages that fit the brief")
    survey = run_sync(ctx.buyer.survey(ctx.brief, chosen))
    source = f"survey:{chosen.value}"
    sellers = survey.get("sellers") if isinstance(survey, dict) else None
    if not isinstance(sellers, list):
        return untrusted_json(survey, source=source)
    block, shown = untrusted_records(sellers, source=source, noun="sellers")
    with_packages = sum(1 for s in sellers if isinstance(s, dict) and s.get("packages"))
    header = (f"Survey of {chosen.value}: {len(sellers)} seller(s) found, {with_packages} "
              f"with media-kit packages that fit the brief (channel, countries, DMAs, "
              f"max CPM)")
    if "matching_packages" in survey:
        header += f"; {int(survey['matching_packages'])} matching package(s)"
    header += f". {shown} seller(s) shown below, best expected CPM first."
    if shown < len(sellers):
        header += f" {len(sellers) - shown} more not shown (size limit)."
        ctx.record(EntryKind.DECISION, channel=chosen.value, agent="survey",
                   summary=f"survey of {chosen.value} cut: {len(sellers) - shown} of "
                           f"{len(sellers)} sellers not shown to the model",
                   rationale="the seller-data block has a size limit; the cut falls "
                             "between sellers, the best-priced shown first")
    return f"{header}\n{block}"


def buy_channel(ctx: ToolContext, *, channel: str, rationale: str,
                limits: SpendLimits) -> dict[str, Any]:
    """Buy a channel within ``limits`` (from the guard layer); records the commitment."""
    if ctx.buyer is None:
        raise GuardRefusal("no buying engine is connected to this run")
    if Channel(channel) != limits.channel:
        raise GuardRefusal(f"limits are for {limits.channel.value}, not {channel}")
    verb = "planned (dry run, not booked)" if ctx.dry_run else "committed"
    ctx.stage("buy", f"{limits.channel.value}: buying within "
                     f"{from_micros(limits.budget_micros):,.2f} {limits.currency}"
                     + (" (dry run)" if ctx.dry_run else ""))
    result = ChannelBuyResult.model_validate(run_sync(ctx.buy(limits)))
    ctx.commit(limits, result)
    ctx.stage("buy", f"{limits.channel.value}: {len(result.booked)} deal(s) {verb}, "
                     f"{from_micros(result.committed_micros):,.2f} {limits.currency}")
    ctx.record(EntryKind.BOOKING, channel=limits.channel.value,
               summary=f"{limits.channel.value}: {verb} "
               f"{from_micros(result.committed_micros):.2f} {limits.currency} of "
               f"{from_micros(limits.budget_micros):.2f}", rationale=rationale,
               data=result.model_dump(mode="json"))
    for record in result.negotiations:
        ctx.record(EntryKind.NEGOTIATION, channel=limits.channel.value,
                   summary=f"negotiation {record.get('seller_url', '')}: "
                           f"{record.get('outcome', '?')}",
                   rationale=str(record.get("reason") or ""), data=record)
    view = result.model_dump(mode="json")
    # Failure reasons and negotiation records can carry seller-written text.
    for name in ("not_booked", "negotiations"):
        if view[name]:
            view[name] = untrusted_json(view[name], source=f"buy:{channel}#{name}")
    return view
