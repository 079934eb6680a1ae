"""The channel specialists' tools: thin, typed wrappers over one channel desk.

Each takes the run's :class:`ToolContext` first and the validated model
arguments as keywords, runs one desk step (seller calls) through
``ctx.effect``, applies its result to the desk state and returns a JSON-ready
view. The budget each step works within is the channel's remaining approved
budget, read from the context; ``book_portfolio`` commits money and gets its
:class:`SpendLimits` from the guard layer. No tool takes a price from a model
except ``negotiate_quote``'s target, which must lie inside the limits the desk
computed for that quote.
"""

from __future__ import annotations

from typing import Any

from ad_buyer.crew.tooling import ToolContext
from ad_buyer.events.log import EntryKind
from ad_buyer.guards.refusal import GuardRefusal
from ad_buyer.guards.spend import SpendLimits
from ad_buyer.models.brief import Channel
from ad_buyer.models.money import from_micros, to_micros
from ad_buyer.orchestration.desk.models import money_text
from ad_buyer.orchestration.desk.views import (
    desk_summary,
    package_view,
    proposal_view,
    quote_view,
    seller_view,
)
from ad_buyer.untrusted import mark_untrusted


def channel_desk_summary(ctx: ToolContext, channel: Channel) -> dict[str, Any]:
    _, state = ctx.desk(channel)
    allocated = ctx.approved_allocation().amount_for(channel)
    return desk_summary(state, allocated_micros=allocated,
                        committed_micros=ctx.committed_micros.get(channel, 0))


def discover_sellers(ctx: ToolContext, *, channel: str) -> dict[str, Any]:
    ch = Channel(channel)
    desk, state = ctx.desk(ch)
    ctx.stage("discover", f"{ch.value}: sellers in the registry")
    result = ctx.effect(f"discover {ch.value}", lambda: desk.discover(state))
    state.apply_discovery(result)
    view: dict[str, Any] = {
        "channel": ch.value, "sellers": [seller_view(c) for c in result.cards],
        "note": "blocked sellers and sellers the brief excludes are never listed"}
    if result.warnings:
        view["skipped"] = [mark_untrusted(w, max_chars=300) for w in result.warnings]
    return view


def review_desk(ctx: ToolContext, *, channel: str) -> dict[str, Any]:
    """Everything the desk has learnt so far (for a specialist picking up earlier work)."""
    ch = Channel(channel)
    _, state = ctx.desk(ch)
    return {**channel_desk_summary(ctx, ch),
            "sellers": [seller_view(c) for c in state.sellers.values()],
            "packages": [package_view(p) for p in state.packages.values()],
            "quotes": [quote_view(q) for q in state.quotes.values()],
            "negotiations": state.negotiations}


def read_media_kits(ctx: ToolContext, *, channel: str, seller_ids: list[str],
                    rationale: str = "") -> dict[str, Any]:
    ch = Channel(channel)
    desk, state = ctx.desk(ch)
    ctx.stage("media kits", f"{ch.value}: reading {len(seller_ids)} seller(s)' media kits")
    result = ctx.effect(f"media kits {ch.value}",
                        lambda: desk.read_media_kits(state, seller_ids))
    state.apply_media_kits(result)
    fitting = sum(1 for p in result.packages if p.fits)
    return {"channel": ch.value, "packages": [package_view(p) for p in result.packages],
            "fitting": fitting, "unreachable_sellers": result.unreachable,
            "note": "fits is true when every brief check passed (channel, geo, DMA, price "
                    "cap, audience, brand safety); misfit names the first failed check"}


def request_quotes(ctx: ToolContext, *, channel: str, package_refs: list[str],
                   rationale: str) -> dict[str, Any]:
    ch = Channel(channel)
    desk, state = ctx.desk(ch)
    budget = ctx.remaining_micros(ch)
    ctx.stage("quotes", f"{ch.value}: quoting {len(package_refs)} package(s)")
    result = ctx.effect(f"quotes {ch.value}",
                        lambda: desk.quote(state, package_refs, budget))
    state.apply_quotes(result)
    return {"channel": ch.value, "budget": money_text(budget),
            "quotes": [quote_view(q) for q in result.quotes],
            "problems": [p.model_dump() for p in result.problems],
            "note": "quotes are sized by Python so any few of them fill the budget; "
                    "target_limits bound a negotiation target"}


def negotiate_quote(ctx: ToolContext, *, channel: str, quote_ref: str, target_cpm: float,
                    rationale: str) -> dict[str, Any]:
    ch = Channel(channel)
    desk, state = ctx.desk(ch)
    target = to_micros(target_cpm)
    ctx.stage("negotiate", f"{ch.value}: {quote_ref} toward {from_micros(target):.2f}")
    result = ctx.effect(f"negotiate {quote_ref}",
                        lambda: desk.negotiate(state, quote_ref, target, dry_run=ctx.dry_run))
    state.apply_negotiation(result)
    from ad_buyer.reporting.progress_words import negotiation_terms

    ctx.stage("negotiate", f"{ch.value}: {state.quotes[quote_ref].seller_id} {quote_ref}: "
                           f"{negotiation_terms(result.record)}")
    ctx.record(EntryKind.NEGOTIATION, agent="negotiation engine", model="deterministic",
               summary=f"negotiation {state.quotes[quote_ref].seller_id}: {result.outcome} "
                       f"({quote_ref})",
               rationale=str(result.record.get("reason") or ""), data=result.record)
    return {"quote_ref": quote_ref, "outcome": result.outcome,
            "target_cpm": money_text(result.target_micros),
            "agreed_cpm": money_text(result.agreed_cpm_micros),
            "rounds": result.record.get("rounds"),
            "quote": quote_view(state.quotes[quote_ref])}


def propose_portfolio(ctx: ToolContext, *, channel: str, quote_refs: list[str],
                      rationale: str) -> dict[str, Any]:
    ch = Channel(channel)
    desk, state = ctx.desk(ch)
    booked = {line.quote_ref for p in state.proposals.values() if p.status == "booked"
              for line in p.lines}
    if booked & set(quote_refs):
        raise GuardRefusal(f"already booked: {sorted(booked & set(quote_refs))}")
    budget = ctx.remaining_micros(ch)
    ctx.stage("proposal", f"{ch.value}: checking {len(quote_refs)} quote(s) against "
                          f"{from_micros(budget):,.2f} {ctx.brief.currency}")
    room, package_room = ctx.seller_room(ch), ctx.package_room(ch)
    # The channel's deal limit holds in total: deals it already holds count.
    held = sum(len(r.booked) for r in ctx.results if r.channel == ch and not r.dry_run)
    result = ctx.effect(f"propose {ch.value}", lambda: desk.propose(
        state, quote_refs, budget, rationale=rationale, seller_room=room,
        package_room=package_room, max_deals=desk.terms.max_deals - held))
    state.apply_proposal(result)
    proposal = result.proposal
    for cap, note, cap_room in (("seller", proposal.share_cap_note, room),
                                ("package", proposal.package_cap_note, package_room)):
        if note:
            ctx.record(EntryKind.GUARD, agent="guard", model="deterministic",
                       summary=f"{ch.value}: {cap} share cap applied to {proposal.proposal_id}",
                       rationale=f"{ctx.share_cap.describe()}; {note}",
                       data={"room_micros": cap_room, "proposal_id": proposal.proposal_id})
    return proposal_view(proposal)


def book_portfolio(ctx: ToolContext, *, channel: str, proposal_id: str, rationale: str,
                   limits: SpendLimits) -> dict[str, Any]:
    ch = Channel(channel)
    if ch != limits.channel:
        raise GuardRefusal(f"limits are for {limits.channel.value}, not {channel}")
    desk, state = ctx.desk(ch)
    proposal = state.proposals.get(proposal_id)
    # The desk refuses an unknown proposal, or one not approved (a booked one included:
    # its own deals would count against its shares).
    if proposal is not None and proposal.status == "approved":
        ctx.check_shares(ch, proposal.lines)
    verb = "planning (dry run)" if ctx.dry_run else "booking"
    ctx.stage("book", f"{ch.value}: {verb} {proposal_id} within "
                      f"{from_micros(limits.budget_micros):,.2f} {limits.currency}")
    # The booking run's id seeds each deal's idempotency key: a resumed run that
    # books this proposal again gets the sellers' deals back instead of new ones.
    booking_run = f"{ctx.run_id}-{proposal_id}" if ctx.run_id else None
    result = ctx.effect(f"book {proposal_id}", lambda: desk.book(
        state, proposal_id, limits.budget_micros, mode=ctx.booking_mode, run_id=booking_run,
        dry_run=ctx.dry_run))
    # Money that moved is recorded first, whatever any check thinks of it.
    overrun = ctx.commit(limits, result)
    state.proposals[proposal_id].status = "planned" if ctx.dry_run else "booked"
    done = "planned" if ctx.dry_run else "committed"
    ctx.stage("book", f"{ch.value}: {len(result.booked)} deal(s) {done}, "
                      f"{from_micros(result.committed_micros):,.2f} {limits.currency}")
    ctx.record(EntryKind.BOOKING, agent="booking engine", model="deterministic",
               summary=f"{ch.value}: {done} {from_micros(result.committed_micros):.2f} "
                       f"{limits.currency} of {from_micros(limits.budget_micros):.2f}",
               rationale=rationale, data=result.model_dump(mode="json"))
    view: dict[str, Any] = {"proposal_id": proposal_id, "summary": result.summary,
            "committed": money_text(result.committed_micros),
            "deals": [{k: line.get(k) for k in ("seller_url", "deal_id", "product_id",
                                               "impressions", "status")}
                      | {"cpm": money_text(int(line["cpm_micros"])),
                         "cost": money_text(int(line["cost_micros"]))}
                      for line in result.booked],
            "not_booked": [mark_untrusted(x, max_chars=300) for x in result.not_booked]}
    if overrun is not None:
        view["over_budget"] = mark_untrusted(overrun.describe(), max_chars=2000)
        view["note"] = ("this proposal is booked and recorded; do not book it again. The run "
                        "will end over budget and say so")
    return view
