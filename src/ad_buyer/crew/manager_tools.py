"""The Portfolio Manager's tools: read the brief, split the budget, delegate, review.

- ``review_brief``: the brief as read, with every assumption;
- ``propose_allocation``: the deterministic allocator's split (becomes the
  approved allocation until adjusted);
- ``adjust_allocation``: moves between channels, within the guard limits and
  never below what a channel has already committed;
- ``delegate_channel``: hands a channel to its specialist with the manager's
  instructions (at most ``AD_BUYER_MAX_DELEGATIONS_PER_CHANNEL`` times a channel),
  runs the specialist, and returns its answer, marked as untrusted text (it may
  quote sellers), and the desk;
- ``review_proposal``: approve, ask for a revision or reject a specialist's
  proposal; only an approved proposal can be booked.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ad_buyer.crew.desk_tools import channel_desk_summary
from ad_buyer.crew.tooling import ToolContext
from ad_buyer.events.log import EntryKind
from ad_buyer.guards.allocation import (
    AllocationAdjustment,
    AllocationGuardError,
    AllocationMove,
    AllocationProposal,
)
from ad_buyer.guards.allocation import adjust_allocation as apply_adjustment
from ad_buyer.guards.allocation import propose_allocation as allocate
from ad_buyer.guards.refusal import GuardRefusal
from ad_buyer.models.brief import Channel
from ad_buyer.models.money import from_micros
from ad_buyer.orchestration.desk.models import ProposalStatus
from ad_buyer.orchestration.desk.views import proposal_view
from ad_buyer.untrusted import wrap_untrusted

REVIEW_STATUS: dict[str, ProposalStatus] = {"approve": "approved", "revise": "revise",
                                            "reject": "rejected"}


def allocation_view(proposal: AllocationProposal) -> dict[str, Any]:
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


def _announce(ctx: ToolContext, proposal: AllocationProposal) -> None:
    ctx.stage("allocation", f"{proposal.source}: " + ", ".join(
        f"{a.channel.value} {from_micros(a.amount_micros):,.2f}" for a in proposal.allocations)
        + f" {proposal.currency}")


def review_brief(ctx: ToolContext) -> dict[str, Any]:
    brief = ctx.brief
    return {"summary": brief.summary(), "brief": brief.model_dump(mode="json"),
            "assumptions": list(brief.assumptions)}


def propose_allocation(ctx: ToolContext) -> dict[str, Any]:
    """The deterministic split; becomes the approved allocation until adjusted."""
    if ctx.allocation_locked and ctx.allocation is not None:
        return {**allocation_view(ctx.allocation),
                "note": "the planner confirmed this split in chat; it is used as it stands"}
    proposal = allocate(ctx.brief)
    ctx.proposal = ctx.allocation = proposal
    _announce(ctx, proposal)
    view = allocation_view(proposal)
    ctx.record(EntryKind.ALLOCATION, agent="allocator", model="deterministic",
               summary="allocator proposal", rationale=proposal.rationale, data=view)
    return view


def adjust_allocation(ctx: ToolContext, *, moves: list[dict[str, Any]],
                      rationale: str) -> dict[str, Any]:
    """Apply a model's moves to the approved allocation, within the guard limits."""
    if ctx.allocation_locked:
        raise GuardRefusal("the planner confirmed this split in chat; it cannot be adjusted")
    allocation = ctx.approved_allocation()
    budget = allocation.budget_micros
    adjustment = AllocationAdjustment(rationale=rationale, moves=[
        AllocationMove(from_channel=Channel(m["from_channel"]),
                       to_channel=Channel(m["to_channel"]),
                       amount_micros=int(Decimal(str(m["percent_of_budget"])) * budget / 100))
        for m in moves
    ])
    outflow: dict[Channel, int] = {}
    for move in adjustment.moves:  # in total: two moves out of a channel count together
        outflow[move.from_channel] = outflow.get(move.from_channel, 0) + move.amount_micros
        outflow[move.to_channel] = outflow.get(move.to_channel, 0) - move.amount_micros
    committed_violations = [
        f"{channel.value} has only {from_micros(ctx.remaining_micros(channel)):,.2f} "
        "uncommitted" for channel, out in outflow.items()
        if out > ctx.remaining_micros(channel)]
    if committed_violations:
        raise AllocationGuardError(committed_violations)
    # Limits are measured from the approved starting split, in total (the refusal is
    # logged by the guard layer).
    adjusted = apply_adjustment(ctx.proposal or allocation, adjustment, ctx.guard_limits,
                                current=allocation)
    ctx.allocation = adjusted
    _announce(ctx, adjusted)
    view = allocation_view(adjusted)
    ctx.record(EntryKind.ALLOCATION, agent="guard", model="deterministic",
               summary="allocation adjusted within guard limits", rationale=rationale,
               data=view)
    return view


def delegate_channel(ctx: ToolContext, *, channel: str, instructions: str) -> dict[str, Any]:
    """Run the channel's specialist on the manager's instructions."""
    ch = Channel(channel)
    if ch not in ctx.brief.channels:
        raise GuardRefusal(f"channel {ch.value} is not in the brief")
    allocated = ctx.approved_allocation().amount_for(ch)
    if ctx.run_specialist is None:
        raise GuardRefusal("no specialists are connected to this run")
    ctx.effort.count_delegation(ch.value)  # past its limit, the run stops here
    manager = ctx.caller
    entry = ctx.record(EntryKind.DELEGATION, agent=manager.role if manager else "",
                       summary=f"delegate {ch.value} to "
                               f"{ctx.specialist_roles.get(ch, 'its specialist')}",
                       rationale=instructions,
                       data={"channel": ch.value, "approved_micros": allocated,
                             "remaining_micros": ctx.remaining_micros(ch)})
    ctx.stage("channel", f"{ch.value} delegated ({from_micros(ctx.remaining_micros(ch)):,.2f} "
                         f"{ctx.brief.currency} left): {instructions}")
    with ctx.under(entry):
        answer = ctx.run_specialist(ch, instructions)
    # The answer may quote sellers (names, descriptions, refusals): it stays marked.
    return {"channel": ch.value,
            "specialist_answer": wrap_untrusted(answer, source=f"specialist:{ch.value}"),
            "desk": channel_desk_summary(ctx, ch)}


def review_proposal(ctx: ToolContext, *, proposal_id: str, decision: str,
                    rationale: str) -> dict[str, Any]:
    """Approve, ask for a revision of, or reject a specialist's proposal."""
    channel, state = ctx.desk_of_ref(proposal_id)
    proposal = state.proposals.get(proposal_id)
    if proposal is None:
        raise GuardRefusal(f"unknown proposal {proposal_id!r}")
    if proposal.status != "proposed":
        raise GuardRefusal(f"{proposal_id} is {proposal.status}, not awaiting review")
    if decision == "approve":
        remaining = ctx.remaining_micros(channel)
        if proposal.cost_micros > remaining:
            raise GuardRefusal(f"{proposal_id} costs {from_micros(proposal.cost_micros):,.2f}; "
                               f"{channel.value} has {from_micros(remaining):,.2f} approved")
        if not proposal.lines:
            raise GuardRefusal(f"{proposal_id} books nothing; reject it or ask for a revision")
        ctx.check_shares(channel, proposal.lines)
    proposal.status = REVIEW_STATUS[decision]
    proposal.review_rationale = rationale
    return {"proposal": proposal_view(proposal)}


def render_assignment(data: dict[str, Any]) -> str:
    """The JSON block a task carries (the facts an agent works from)."""
    return "```json\n" + json.dumps(data, indent=1, default=str) + "\n```"
