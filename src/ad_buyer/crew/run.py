"""``run_campaign``: brief text in, a logged, guarded multi-channel buy out.

1. Intake: the brief is read (rules offline, validated JSON with a model). Gaps
   stop the run here (blocked), before any seller call, with the list of what is
   missing; a reply that cannot be read fails the run. Either way the run, its
   model calls (tokens, cost) and the reason are in the rationale log.
2. Allocation: the deterministic allocator proposes; the Portfolio Manager
   reviews it and may adjust it within the guard limits, with a rationale.
3. Buying: a CrewAI hierarchical crew, the Portfolio Manager as manager agent,
   delegates each channel to its specialist, whose guarded tools run the
   orchestrator within the channel's approved budget.
Every step lands in the rationale log with model, tokens and cost.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from ad_buyer.crew.allocation import AllocationProposal, GuardLimits
from ad_buyer.crew.call_log import CrewCall, PhaseCallLog, phase_totals
from ad_buyer.crew.definitions import CrewDefinitions, load_definitions
from ad_buyer.crew.intake import BriefExtractionError, extract_brief
from ad_buyer.crew.llm import (
    ModelChoice,
    ModelTier,
    UsageLedger,
    chat_model,
    crewai_llm,
    resolve_model,
)
from ad_buyer.crew.phase_usage import crew_llms, crew_roles
from ad_buyer.crew.tooling import (
    ChannelBuyer,
    ChannelBuyResult,
    StageListener,
    ToolContext,
    invoke_tool,
)
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.log import EntryKind, RationaleLog, RunStatus
from ad_buyer.models.brief import BriefGap, CampaignBrief, Channel
from ad_buyer.models.money import from_micros
from ad_buyer.pacing.mode import PacingMode
from ad_buyer.storage.db import Database

if TYPE_CHECKING:
    from crewai import Crew

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


def _kickoff(crew: Crew, ctx: ToolContext, choices: Sequence[ModelChoice], *, agent: str,
             summary: str, channel: str | None = None) -> str:
    """Run a crew phase; log its answer with its totals, and each model call under it.

    Calls are logged whether the phase succeeds or fails: a failed phase was paid for.
    """
    from crewai.crews.crew_output import CrewOutput

    call_log = PhaseCallLog(crew_llms(crew), choices, roles=crew_roles(crew))
    try:
        with call_log:
            output = crew.kickoff()
    except Exception as exc:
        try:
            _log_phase(ctx, call_log.calls(), choices, agent=agent, channel=channel,
                       summary=f"{summary}: failed", rationale=f"{type(exc).__name__}: {exc}")
        except Exception:  # never hide the phase's own failure behind a logging one
            logger.exception("could not log the model calls of failed phase %r", summary)
        raise
    outcome = str(output.raw) if isinstance(output, CrewOutput) else ""
    _log_phase(ctx, call_log.calls(), choices, agent=agent, channel=channel,
               summary=summary, rationale=outcome)
    if not isinstance(output, CrewOutput):
        raise TypeError("streaming crew output is not supported here")
    return outcome


def _log_phase(ctx: ToolContext, calls: Sequence[CrewCall], choices: Sequence[ModelChoice], *,
               agent: str, channel: str | None, summary: str, rationale: str) -> None:
    """The phase entry carries the totals; one ``llm_call`` entry per call hangs under it."""
    usage = phase_totals(calls)
    phase = ctx.record(EntryKind.DECISION, channel=channel, agent=agent,
                       model=choices[0].label, summary=summary, rationale=rationale,
                       prompt_tokens=usage.prompt_tokens,
                       completion_tokens=usage.completion_tokens, cost_usd=usage.cost_usd,
                       data={"usage_by_model": usage.by_model, "model_calls": len(calls),
                             # Its tokens and cost are its llm_call children's sum.
                             "usage_rollup": True})
    if phase is None:
        return
    for number, call in enumerate(calls, 1):
        ctx.record(EntryKind.LLM_CALL, parent_id=phase, agent=call.agent, model=call.model,
                   summary=_call_summary(call, number, len(calls), summary),
                   rationale=call.error, prompt_tokens=call.prompt_tokens,
                   completion_tokens=call.completion_tokens, cost_usd=call.cost_usd,
                   duration_ms=call.duration_ms,
                   data={"call_id": call.call_id, "status": call.status,
                         "tier": call.choice.tier.value, "offline": call.choice.offline,
                         "cost_usd": "offline: no cost" if call.choice.offline
                         else str(call.cost_usd)})


def _call_summary(call: CrewCall, number: int, total: int, phase: str) -> str:
    if call.status == "unattributed":
        return f"{phase}: model usage counted without a call event"
    verb = "model call failed" if call.status == "failed" else "model call"
    return f"{phase}: {verb} {number} of {total}"


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
    total = sum(ctx.committed_micros.values())
    lines.append(f"total {verb} {from_micros(total):,.2f} of "
                 f"{from_micros(brief.budget_micros):,.2f} {brief.currency}")
    return "\n".join(lines)


def run_campaign(
    brief_text: str,
    *,
    buyer: ChannelBuyer | None,
    db: Database | None = None,
    definitions: CrewDefinitions | None = None,
    guard_limits: GuardLimits | None = None,
    reference_date: date | None = None,
    bus: InMemoryEventBus | None = None,
    env: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: StageListener | None = None,
    brief: CampaignBrief | None = None,
    allocation: AllocationProposal | None = None,
    register_pacing: bool = True,
    pacing_mode: PacingMode = PacingMode.MANUAL,
) -> CampaignRunResult:
    """Run a brief end to end; returns what was decided, booked (or planned) and why.

    ``dry_run`` plans and quotes without booking. ``brief`` and ``allocation``
    (from a chat the user confirmed) skip intake and the allocation review: the
    approved split is bought as it stands. ``progress(stage, detail)`` hears each
    step. Booked deals are registered with pacing under the run id, in
    ``pacing_mode`` (manual unless the caller opts into auto).
    """
    definitions = definitions or load_definitions()
    log = RationaleLog(db or Database())
    manager = resolve_model(ModelTier.MANAGER, env)
    specialist = resolve_model(ModelTier.SPECIALIST, env)
    # The run exists before intake, so a failed or incomplete reading is logged too.
    run_id = log.start_run(
        name=brief.name if brief else "brief intake", brief_text=brief_text,
        brief=brief.model_dump(mode="json") if brief else {},
        manager_model=manager.label, specialist_model=specialist.label)
    result = CampaignRunResult(run_id=run_id, status=RunStatus.RUNNING,
                               manager_model=manager.label, specialist_model=specialist.label)
    ledger = UsageLedger()
    intake_model = chat_model(ModelTier.SPECIALIST, ledger, env)
    try:
        reading = brief or extract_brief(brief_text, intake_model,
                                         reference_date=reference_date)
    except Exception as exc:
        _log_intake_calls(log, run_id, ledger)
        reason = f"brief intake failed ({intake_model.choice.label}): {exc}"
        # A reply that does not validate is expected; anything else deserves a traceback.
        logger.warning("run %s: %s", run_id, reason,
                       exc_info=not isinstance(exc, BriefExtractionError))
        log.record(run_id, EntryKind.DECISION, agent="brief intake",
                   model=intake_model.choice.label, summary="run stopped: brief intake failed",
                   rationale=reason, data={"error_type": type(exc).__name__})
        log.finish_run(run_id, RunStatus.FAILED, reason)
        _stage(progress, "stopped", reason)
        return result.model_copy(update={"status": RunStatus.FAILED, "report": reason})
    _log_intake_calls(log, run_id, ledger)
    brief = reading if isinstance(reading, CampaignBrief) else None
    _stage(progress, "intake", f"brief read by {intake_model.choice.label}: "
           + (brief.summary() if brief else "gaps found"))
    if isinstance(reading, BriefGap):
        _stage(progress, "stopped", reading.describe())
        log.record(run_id, EntryKind.DECISION, agent="brief intake",
                   model=intake_model.choice.label, summary="run stopped: the brief has gaps",
                   rationale=reading.describe(), data=reading.model_dump(mode="json"))
        log.finish_run(run_id, RunStatus.BLOCKED, reading.describe())
        return result.model_copy(update={"status": RunStatus.BLOCKED, "gap": reading,
                                         "report": reading.describe()})
    log.update_run(run_id, name=reading.name, brief=reading.model_dump(mode="json"))
    assert brief is not None
    ctx = ToolContext(brief=brief, log=log, run_id=run_id, buyer=buyer,
                      guard_limits=guard_limits or GuardLimits(), dry_run=dry_run,
                      progress=progress)
    if dry_run:
        ctx.record(EntryKind.DECISION, agent="run", summary="dry run: plan and quote only",
                   rationale="requested by the user; no deal is booked")
    if bus is not None:
        # Seller-side events land under the delegation of the channel being bought.
        bus.subscribe(log.subscriber(
            run_id, parent_for=lambda _e: ctx.channel_parents.get(ctx.active_channel)))
    ctx.record(EntryKind.DECISION, agent="brief intake", model=intake_model.choice.label,
               summary="brief accepted", rationale="; ".join(brief.assumptions) or "as stated",
               data=brief.model_dump(mode="json"))
    pacing_run_id: str | None = None
    try:
        _run_crew(definitions, ctx, manager, specialist, env, allocation)
        report = _report(brief, ctx)
        status = RunStatus.COMPLETED
    except Exception as exc:
        logger.exception("campaign run %s failed", run_id)
        report, status = f"run failed: {exc}", RunStatus.FAILED
    if register_pacing and not dry_run:
        pacing_run_id = _hand_to_pacing(ctx, log.db, pacing_mode)
    log.finish_run(run_id, status, report)
    _stage(progress, "done" if status is RunStatus.COMPLETED else "stopped",
           report.splitlines()[-1] if report else status.value)
    return result.model_copy(update={
        "status": status, "brief": brief, "allocation": ctx.allocation,
        "channel_results": list(ctx.results), "dry_run": dry_run,
        "pacing_run_id": pacing_run_id,
        "committed_micros": sum(ctx.committed_micros.values()), "report": report})


def _log_intake_calls(log: RationaleLog, run_id: str, ledger: UsageLedger) -> None:
    """Every intake model call, paid for whether or not its reply was usable."""
    for call in ledger.calls:
        log.record(run_id, EntryKind.LLM_CALL, agent="brief intake", model=call.model,
                   summary=f"{call.purpose} call", prompt_tokens=call.prompt_tokens,
                   completion_tokens=call.completion_tokens, cost_usd=call.cost_usd,
                   duration_ms=call.duration_ms)


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
    ctx.record(EntryKind.ALLOCATION, agent="planner (chat)", model="person",
               summary="allocation confirmed in chat", rationale=approved.rationale,
               data={"currency": approved.currency, "source": approved.source,
                     "allocations": [{"channel": a.channel.value,
                                      "amount_micros": a.amount_micros}
                                     for a in approved.allocations]})


def _run_crew(definitions: CrewDefinitions, ctx: ToolContext, manager: ModelChoice,
              specialist: ModelChoice, env: dict[str, str] | None,
              approved: AllocationProposal | None = None) -> None:
    from crewai import Crew, Process, Task

    from ad_buyer.crew.assembly import build_agent, delegation_task

    brief = ctx.brief
    pm = definitions.manager
    if approved is not None:
        _use_approved(ctx, approved)
    else:
        # Python proposes first: the deterministic split is the default the manager reviews.
        invoke_tool(definitions, "propose_allocation", {}, ctx, agent="allocator",
                    model="deterministic")
        manager_llm: Any = crewai_llm(ModelTier.MANAGER, env)
        allocation_agent = build_agent(pm, definitions, ctx, manager_llm, manager.label,
                                       allow_delegation=False)
        allocation_task = Task(description=definitions.prompt("allocation",
                                                              brief_summary=brief.summary()),
                               expected_output="the channel split and its rationale",
                               agent=allocation_agent)
        _kickoff(Crew(agents=[allocation_agent], tasks=[allocation_task],
                      process=Process.sequential, verbose=False),
                 ctx, [manager], agent=pm.role, summary="allocation reviewed")
    allocation = ctx.allocation
    assert allocation is not None
    ctx.stage("allocation", f"{allocation.source}: " + ", ".join(
        f"{a.channel.value} {from_micros(a.amount_micros):,.2f}" for a in allocation.allocations)
        + f" {allocation.currency}")
    specialists: dict[str, Any] = {}
    tasks = []
    for channel in brief.channels:
        definition = definitions.specialist_for(channel)
        if definition.name not in specialists:
            specialists[definition.name] = build_agent(
                definition, definitions, ctx, crewai_llm(ModelTier.SPECIALIST, env),
                specialist.label)
        budget = f"{from_micros(allocation.amount_for(channel)):,.2f} {brief.currency}"
        entry = ctx.record(EntryKind.DELEGATION, agent=pm.role, model=manager.label,
                           summary=f"delegate {channel.value} to {definition.role}",
                           rationale=f"approved {channel.value} budget {budget}")
        if entry is not None:
            ctx.channel_parents[channel.value] = entry
        ctx.stage("channel", f"{channel.value} delegated to {definition.role} ({budget})")
        tasks.append(delegation_task(
            definitions, coworker=definition.role,
            specialist_task=definitions.prompt("channel_buy", channel=channel.value,
                                               brief_summary=brief.summary(), budget=budget),
            context=f"Approved {channel.value} budget: {budget}. {allocation.rationale}",
            expected_output=f"what was booked for {channel.value} and why"))
    manager_agent = build_agent(pm, definitions, ctx, crewai_llm(ModelTier.MANAGER, env),
                                manager.label, with_tools=False)
    crew = Crew(agents=list(specialists.values()), tasks=tasks, process=Process.hierarchical,
                manager_agent=manager_agent, verbose=False)
    _kickoff(crew, ctx, [manager, specialist], agent=pm.role,
             summary="channels delegated and bought")
    bought = {r.channel for r in ctx.results}
    for channel in brief.channels:
        if channel not in bought:
            ctx.record(EntryKind.DECISION, channel=channel.value, agent=pm.role,
                       summary=f"{channel.value} not bought",
                       rationale="no guarded buy_channel call completed for this channel")
            ctx.results.append(ChannelBuyResult(channel=Channel(channel), committed_micros=0,
                                                not_booked=["no buy was made"]))
