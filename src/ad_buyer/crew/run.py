"""``run_campaign``: brief text in, a logged, guarded multi-channel buy out.

1. Intake: the brief is read (rules offline, validated JSON with a model). Gaps
   stop the run here (blocked), before any seller call, with the list of what is
   missing; a reply that cannot be read fails the run. Either way the run, its
   model calls (tokens, cost) and the reason are in the rationale log.
2. The crew (:mod:`ad_buyer.crew.campaign_crew`): the Portfolio Manager reads
   the brief, takes the allocator's split (or the one confirmed in chat), may
   move money within the guard limits, delegates each channel to its
   specialist, reviews each proposed portfolio and has approved ones booked.
   Specialists shop through channel desks: every quote, negotiation offer,
   portfolio check and booking is deterministic, guarded Python.
3. Channels left without a booking are recorded with the facts of why; booked
   deals go to pacing (manual mode by default).
Every model call and tool call lands in the rationale log as it happens. The
run stops cleanly (``stopped``) when it reaches a run limit (model requests,
tokens or cost; tool calls; delegations per channel), and says which. A run whose
sellers hold more than a channel's approved budget (a seller booked at other terms
than agreed) ends ``over_budget``, naming the deals and what was done about them.
"""

from __future__ import annotations

import logging
from datetime import date

from pydantic import BaseModel, ConfigDict

from ad_buyer.booking.modes import BookingMode
from ad_buyer.crew.campaign_crew import log_model_call, run_crew
from ad_buyer.crew.definitions import CrewDefinitions, load_definitions
from ad_buyer.crew.tooling import (
    ChannelBuyResult,
    DeskFactory,
    StageListener,
    ToolContext,
)
from ad_buyer.durable_steps import durable, replaying
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.log import PLACEHOLDER_NAME, EntryKind, RationaleLog, RunStatus
from ad_buyer.guards.allocation import AllocationProposal, GuardLimits
from ad_buyer.guards.run_limits import EffortLimits, RunLimitReached
from ad_buyer.guards.shares import ShareCap
from ad_buyer.intake.take_brief import take_brief
from ad_buyer.llm.gateway import ModelTier, resolve_model
from ad_buyer.llm.metering import CallMeter, RunLimits
from ad_buyer.models.brief import BriefGap, CampaignBrief
from ad_buyer.models.money import from_micros
from ad_buyer.pacing.mode import PacingMode
from ad_buyer.storage.db import Database

logger = logging.getLogger(__name__)


class CampaignRunResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    run_id: str
    status: RunStatus
    manager_model: str
    specialist_model: str
    brief: CampaignBrief | None = None
    gap: BriefGap | None = None
    allocation: AllocationProposal | None = None
    channel_results: list[ChannelBuyResult] = []
    committed_micros: int = 0
    report: str = ""
    dry_run: bool = False
    pacing_run_id: str | None = None


def _unresolved(ctx: ToolContext) -> list[dict[str, object]]:
    """Booked lines whose outcome at the seller is unknown."""
    return [line for r in ctx.results for line in r.booked if line.get("outcome_unknown")]


def _report(brief: CampaignBrief, ctx: ToolContext) -> str:
    verb = "planned (dry run, not booked)" if ctx.dry_run else "committed"
    lines = [brief.summary()]
    allocation = ctx.allocation
    for channel in brief.channels:
        approved = allocation.amount_for(channel) if allocation else 0
        spent = ctx.committed_micros.get(channel, 0)
        lines.append(f"{channel.value}: {verb} {from_micros(spent):,.2f} of approved "
                     f"{from_micros(approved):,.2f} {brief.currency}")
    for result in ctx.results:
        lines += [f"  not booked ({result.channel.value}): {why}" for why in result.not_booked]
    lines += [f"OVER BUDGET: {overrun.describe()}" for overrun in ctx.overruns]
    unknown = _unresolved(ctx)
    if unknown:
        lines.append(f"UNRESOLVED: {len(unknown)} booking(s) sent without a readable answer "
                     f"({', '.join(str(u['seller_url']) for u in unknown)}); each may be live "
                     "at its seller and counts against the budget until the seller confirms")
    total = sum(ctx.committed_micros.values())
    lines.append(f"total {verb} {from_micros(total):,.2f} of "
                 f"{from_micros(brief.budget_micros):,.2f} {brief.currency}")
    return "\n".join(lines)


def run_campaign(
    brief_text: str,
    *,
    desks: DeskFactory | None,
    db: Database | None = None,
    definitions: CrewDefinitions | None = None,
    guard_limits: GuardLimits | None = None,
    reference_date: date | None = None,
    allow_past: bool = False,
    bus: InMemoryEventBus | None = None,
    env: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: StageListener | None = None,
    brief: CampaignBrief | None = None,
    allocation: AllocationProposal | None = None,
    register_pacing: bool = True,
    limits: RunLimits | None = None,
    run_id: str | None = None,
    pacing_mode: PacingMode = PacingMode.MANUAL,
    booking_mode: BookingMode = "best_effort",
    share_cap: ShareCap | None = None,
) -> CampaignRunResult:
    """Run a brief end to end; returns what was decided, booked (or planned) and why.

    ``dry_run`` plans and quotes without booking. ``brief`` and ``allocation``
    (from a chat the user confirmed) skip intake and the allocation review: the
    approved split is bought as it stands. ``progress(stage, detail)`` hears each
    step; the "read as" stage carries the facts taken and assumed, before any seller
    call. ``allow_past`` lets a flight start before ``reference_date`` (the sandbox).
    Seller names and the currency are checked against the registry listing before any
    quote (:mod:`ad_buyer.intake.seller_check`). Booked deals are registered with pacing
    under the run id, in ``pacing_mode`` (manual unless the caller opts into auto).
    ``booking_mode`` books each channel's approved portfolio ``best_effort`` (a failed
    deal's money goes to the next-best quotes) or ``all_or_nothing`` (the channel's
    deals are all booked, or every booked one is cancelled). ``share_cap`` is the
    per-seller and per-package share of a channel (default: 40% each when three or
    more sellers, or packages, quote); the brief's seller share applies unless the
    cap's was set by the command's option.
    """
    definitions = definitions or load_definitions()
    log = RationaleLog(db or Database())
    manager = resolve_model(ModelTier.MANAGER, env)
    specialist = resolve_model(ModelTier.SPECIALIST, env)
    # The run exists before intake, so a failed or incomplete reading is logged too.
    run_id = durable("start run", lambda: log.start_run(
        name=brief.name if brief else PLACEHOLDER_NAME, brief_text=brief_text,
        brief=brief.model_dump(mode="json") if brief else {},
        manager_model=manager.label, specialist_model=specialist.label, run_id=run_id))
    result = CampaignRunResult(run_id=run_id, status=RunStatus.RUNNING,
                               manager_model=manager.label, specialist_model=specialist.label)
    given = brief
    intake = durable("intake", lambda: take_brief(
        log, run_id, brief_text, desks=desks, models=(manager, specialist), env=env,
        reference_date=reference_date, allow_past=allow_past, brief=given))
    if intake.read_as:
        _stage(progress, "intake", intake.read_as[0])
        _stage(progress, "read as", "\n" + "\n".join(intake.read_as[1:]))
    if not intake.proceeds or intake.brief is None:
        return result.model_copy(update={"status": intake.status, "gap": intake.gap,
                                         "report": intake.report})
    brief = intake.brief
    scope = intake.scope
    ctx = ToolContext(brief=brief, log=log, run_id=run_id, desk_factory=desks,
                      guard_limits=guard_limits or GuardLimits(), dry_run=dry_run,
                      progress=progress, booking_mode=booking_mode,
                      seller_scope=scope, effort=EffortLimits.from_env(env),
                      share_cap=(share_cap or ShareCap()).for_brief(brief))
    if dry_run:
        ctx.record(EntryKind.DECISION, agent="run", summary="dry run: plan and quote only",
                   rationale="requested by the user; no deal is booked")
    if bus is not None:
        # Seller-side events land under the delegation of the channel being bought.
        bus.subscribe(log.subscriber(
            run_id, parent_for=lambda _e: ctx.parents[-1] if ctx.parents else None))
    ctx.record(EntryKind.DECISION, agent="brief intake", model=intake.reader,
               summary="brief accepted", rationale="; ".join(brief.assumptions) or "as stated",
               data=brief.model_dump(mode="json"))
    if scope is not None:
        ctx.record(EntryKind.DECISION, agent="seller check", model="deterministic",
                   summary="seller names and currency checked against the registry",
                   rationale="; ".join(scope.describe()) or "no seller named in the brief",
                   data={"excluded": scope.excluded_keys, "included": scope.included_keys})
    pacing_run_id: str | None = None
    meter = CallMeter(limits or RunLimits.from_env(env), listener=log_model_call(ctx),
                      stopped=lambda: ctx.stopped)
    try:
        if allocation is not None:
            _use_approved(ctx, allocation)
        answer = run_crew(definitions, ctx, meter, manager=manager, specialist=specialist,
                          env=env)
        if ctx.stopped is not None:  # the crew ended before another model call
            raise ctx.stopped
        ctx.record(EntryKind.DECISION, agent=definitions.manager.role, model=manager.label,
                   summary="the Portfolio Manager's final answer", rationale=answer)
        _settle_unbought(ctx)
        report = _report(brief, ctx)
        status = _finished_status(ctx)
    except RunLimitReached as exc:
        logger.warning("campaign run %s stopped: %s", run_id, exc)
        ctx.record(EntryKind.DECISION, agent="run", model="deterministic",
                   summary=f"run stopped: {exc.limit}", rationale=str(exc))
        _settle_unbought(ctx)
        report, status = f"run stopped: {exc}\n{_report(brief, ctx)}", RunStatus.STOPPED
    except Exception as exc:
        logger.exception("campaign run %s failed", run_id)
        # Money that moved is in the report whatever failed afterwards.
        report, status = f"run failed: {exc}\n{_report(brief, ctx)}", RunStatus.FAILED
    if register_pacing and not dry_run:
        pacing_run_id = durable("pacing hand-off",
                                lambda: _hand_to_pacing(ctx, log.db, pacing_mode))
    durable("finish run", lambda: log.finish_run(run_id, status, report))
    if replaying():
        # Replayed, the step wrote nothing: the log holds the "running" the resume set.
        log.set_status(run_id, status, report)
    _stage(progress, "done" if status is RunStatus.COMPLETED else status.value,
           (report.splitlines()[0] if status is RunStatus.STOPPED
            else report.splitlines()[-1]) if report else status.value)
    return result.model_copy(update={
        "status": status, "brief": brief, "allocation": ctx.allocation,
        "channel_results": list(ctx.results), "dry_run": dry_run,
        "pacing_run_id": pacing_run_id,
        "committed_micros": sum(ctx.committed_micros.values()), "report": report})


def _finished_status(ctx: ToolContext) -> RunStatus:
    """Over budget beats unresolved: both are live money the buyer did not accept."""
    if ctx.overruns:
        return RunStatus.OVER_BUDGET
    return RunStatus.UNRESOLVED if _unresolved(ctx) else RunStatus.COMPLETED


def _stage(progress: StageListener | None, stage: str, detail: str) -> None:
    if progress is None:
        return
    try:
        progress(stage, detail)
    except Exception:  # a display problem must not stop a run
        logger.warning("progress listener failed on %s", stage, exc_info=True)


def _hand_to_pacing(ctx: ToolContext, db: Database, mode: PacingMode) -> str | None:
    """Register booked deals with pacing; a failure here is logged, never unbooks."""
    from ad_buyer.crew.handoff import register_pacing

    assert ctx.run_id is not None
    try:
        pacing_id = register_pacing(ctx.run_id, ctx.brief, ctx.results, db, mode)
    except Exception as exc:
        logger.exception("pacing hand-off failed for run %s", ctx.run_id)
        ctx.record(EntryKind.DECISION, agent="pacing", summary="pacing hand-off failed",
                   rationale=str(exc))
        return None
    if pacing_id is not None:
        deals = sum(len(r.booked) for r in ctx.results)
        how = ("manual: changes wait for `ad-buyer pace approve`" if mode is PacingMode.MANUAL
               else "auto: changes go to sellers as cycles decide them")
        ctx.record(EntryKind.DECISION, agent="pacing", summary=f"pacing registered: {deals} "
                   f"deal(s) under run {pacing_id} ({mode.value})",
                   rationale=f"booked deals handed to the pacing engine for the flight; {how}")
        ctx.stage("pacing", f"{deals} deal(s) registered, {how}; see: ad-buyer pace status "
                  f"{pacing_id}")
    return pacing_id


def _use_approved(ctx: ToolContext, approved: AllocationProposal) -> None:
    """A split the user confirmed in chat: checked against the brief, then used as is."""
    if approved.budget_micros != ctx.brief.budget_micros or \
            {a.channel for a in approved.allocations} != set(ctx.brief.channels):
        raise ValueError("the confirmed allocation does not match the brief's budget "
                         "and channels")
    ctx.proposal = ctx.allocation = approved
    ctx.allocation_locked = True
    ctx.record(EntryKind.ALLOCATION, agent="planner (chat)", model="person",
               summary="allocation confirmed in chat", rationale=approved.rationale,
               data={"currency": approved.currency, "source": approved.source,
                     "allocations": [{"channel": a.channel.value,
                                      "amount_micros": a.amount_micros}
                                     for a in approved.allocations]})


def _settle_unbought(ctx: ToolContext) -> None:
    """Say, as a fact from the run, which channels ended with nothing committed."""
    bought = {r.channel for r in ctx.results if r.booked}
    for channel in ctx.brief.channels:
        if channel in bought:
            continue
        state = ctx.states.get(channel)
        why = state.why_nothing() if state is not None \
            else "the Portfolio Manager did not delegate it"
        ctx.record(EntryKind.DECISION, agent="run", model="deterministic",
                   summary=f"{channel.value} not bought", rationale=why)
        ctx.results.append(ChannelBuyResult(channel=channel, committed_micros=0,
                                            not_booked=[why]))
