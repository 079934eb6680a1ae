"""Plans over the service: read a brief, plan it (a dry run), revise it, book it.

The same functions the CLI uses do the work: :func:`extract_brief` and
:func:`check_sellers` read the brief as ``chat`` does; the allocator proposes and
:func:`apply_revision` (chat's revisions) revises through the same guards; a plan
is quoted by the campaign workflow in dry-run mode (``run --dry-run``), and booked
by the same workflow with the plan's brief and allocation, as a confirmed chat
plan is booked. Nothing here prints.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ad_buyer.api.deals import deals_of
from ad_buyer.api.models import (
    BookingOut,
    BriefIn,
    BriefReading,
    ChannelAmount,
    Gap,
    PlanOut,
    RevisionChange,
)
from ad_buyer.api.plan_store import DryRun, PlanRecord, PlanStore, StoredPlan
from ad_buyer.guards.allocation import (
    AllocationError,
    AllocationGuardError,
    AllocationProposal,
    GuardLimits,
)
from ad_buyer.intake.revisions import RevisionKind, RevisionParseError, parse_revision
from ad_buyer.models.brief import BriefGap, CampaignBrief

if TYPE_CHECKING:
    from ad_buyer.api.runs import RunViews
    from ad_buyer.crew.run import CampaignRunResult
    from ad_buyer.durable.workflows import RunRequest
    from ad_buyer.storage.db import Database

logger = logging.getLogger(__name__)

# The chat's guard: the largest change to any channel, in percent of the budget.
PLANNER_MAX_SHIFT_PCT = Decimal(25)

RunHere = Callable[[str, "RunRequest"], "CampaignRunResult"]
Network = Callable[[str | None, Any], Any]


class BriefGaps(Exception):
    """The brief cannot be run as written; ``reading`` lists each gap."""

    def __init__(self, reading: BriefReading) -> None:
        self.reading = reading
        super().__init__("; ".join(f"{g.field}: {g.message}" for g in reading.gaps))


class RevisionRefused(ValueError):
    """The revision was not understood, or a guard refused it; nothing changed."""


class PlanClosed(Exception):
    """The plan is booked (or being booked): it can no longer be revised."""


class PlanFailed(Exception):
    """The plan could not be made (the allocator or the dry run failed)."""


def _amounts(allocation: AllocationProposal) -> list[ChannelAmount]:
    return [ChannelAmount(channel=a.channel.value, amount_micros=a.amount_micros)
            for a in allocation.allocations]


def _gaps(gap: BriefGap) -> list[Gap]:
    return [Gap(field=i.field, kind=i.kind.value, message=i.message) for i in gap.issues]


class Planner:
    """Plans in the buyer's database, quoted and booked through ``run_here`` (the
    campaign workflow, run by this process's durable engine)."""

    def __init__(self, database: Database, *, registry_url: str | None, network: Network,
                 run_here: RunHere, runs: RunViews) -> None:
        self.database = database
        self.registry_url = registry_url
        self.network = network
        self.run_here = run_here
        self.runs = runs
        self.store = PlanStore(database)

    # ---- reading -------------------------------------------------------------

    def _check_sellers(self, brief: CampaignBrief) -> Any:
        from ad_buyer.events.bus import InMemoryEventBus
        from ad_buyer.intake.seller_check import check_sellers

        return check_sellers(self.network(self.registry_url, InMemoryEventBus()), brief)

    def read(self, brief_in: BriefIn) -> tuple[BriefReading, CampaignBrief | None]:
        """The brief as read (and its sellers checked against the registry), or its gaps."""
        from ad_buyer.intake.extract import extract_brief
        from ad_buyer.llm.gateway import ModelTier, chat_model

        reading = extract_brief(brief_in.brief, chat_model(ModelTier.SPECIALIST),
                                reference_date=brief_in.reference_date,
                                answers={str(k): v for k, v in brief_in.answers.items()},
                                allow_past=brief_in.allow_past)
        if isinstance(reading, CampaignBrief):
            checked = self._check_sellers(reading)
            if not isinstance(checked, BriefGap):
                return BriefReading(read_as=reading.read_as().lines(), runnable=True,
                                    summary=reading.summary()), reading
            return BriefReading(read_as=reading.read_as().lines(), gaps=_gaps(checked),
                                runnable=False), None
        return BriefReading(read_as=reading.read_as().lines(), gaps=_gaps(reading),
                            runnable=False), None

    # ---- planning --------------------------------------------------------------

    def _dry_run(self, request: BriefIn, brief: CampaignBrief, allocation: Any) -> DryRun:
        from ad_buyer.durable.workflows import RunRequest
        from ad_buyer.events.log import RunStatus, new_run_id

        run_id = new_run_id()
        result = self.run_here(run_id, RunRequest(
            brief_text=request.brief, db_url=self.database.url, registry_url=self.registry_url,
            reference_date=request.reference_date, allow_past=request.allow_past,
            dry_run=True, brief=brief, allocation=allocation))
        if result.status is not RunStatus.COMPLETED:
            raise PlanFailed(f"the dry run {run_id} ended {result.status.value}: "
                             f"{result.report}")
        return DryRun(run_id=run_id, deals=deals_of(result.channel_results),
                      not_planned=[f"{r.channel.value}: {why}" for r in result.channel_results
                                   for why in r.not_booked])

    def plan(self, request: BriefIn) -> PlanRecord:
        """Read the brief (raise :class:`BriefGaps`), allocate, quote (a dry run), store."""
        from ad_buyer.guards.allocation import propose_allocation

        reading, brief = self.read(request)
        if brief is None:
            raise BriefGaps(reading)
        try:
            proposal = propose_allocation(brief)
        except AllocationError as exc:
            raise PlanFailed(str(exc)) from exc
        dry_run = self._dry_run(request, brief, proposal)
        return self.store.add(StoredPlan(request=request, read_as=reading.read_as,
                                         proposal=proposal, brief=brief, allocation=proposal,
                                         dry_run=dry_run))

    def revise(self, plan_id: str, text: str) -> tuple[str, PlanRecord]:
        """Apply one chat revision through the guards and quote the revised plan again."""
        from ad_buyer.intake.plan_revision import apply_revision

        record = self.store.get(plan_id)
        if record.status != "planned":
            raise PlanClosed(f"plan {plan_id} is {record.status}; it cannot be revised")
        try:
            revision = parse_revision(text)
        except RevisionParseError as exc:
            raise RevisionRefused(str(exc)) from exc
        if revision.kind not in (RevisionKind.MOVE, RevisionKind.DROP_SELLER,
                                 RevisionKind.CAP_CPM):
            raise RevisionRefused(f"{text!r} is not a revision: say 'move 20% from mobile "
                                  "to ctv', 'drop seller X' or 'cap CPM at $30'; booking "
                                  "is its own call")
        plan = record.plan
        try:
            state, note = apply_revision(
                plan.state, revision, proposal=plan.proposal,
                limits=GuardLimits(max_shift_pct=PLANNER_MAX_SHIFT_PCT),
                check_sellers=self._check_sellers)
        except (AllocationGuardError, ValueError) as exc:
            raise RevisionRefused(f"Not applied: {exc}") from exc
        dry_run = self._dry_run(plan.request, state.brief, state.allocation)
        change = RevisionChange(
            revision=revision.text, applied=note,
            allocation_before=_amounts(plan.allocation), allocation_after=_amounts(
                state.allocation),
            planned_before_micros=sum(d.cost_micros for d in plan.dry_run.deals),
            planned_after_micros=sum(d.cost_micros for d in dry_run.deals),
            deals_before=len(plan.dry_run.deals), deals_after=len(dry_run.deals))
        if not self.store.replace(plan_id, plan.revised(state, revision.text, dry_run, change)):
            raise PlanClosed(f"plan {plan_id} was booked while it was being revised")
        return note, self.store.get(plan_id)

    def book(self, plan_id: str) -> BookingOut:
        """Book exactly this plan, once: a later call answers with the first booking."""
        from ad_buyer.durable.workflows import RunRequest
        from ad_buyer.events.log import RunStatus, new_run_id

        record = self.store.get(plan_id)
        run_id = new_run_id()
        if not self.store.claim_for_booking(plan_id, run_id):
            booked = self.store.get(plan_id)
            assert booked.booked_run_id is not None
            return BookingOut(plan_id=plan_id, run_id=booked.booked_run_id, booked_now=False,
                              run=self.runs.maybe_detail(booked.booked_run_id))
        plan = record.plan
        try:
            result = self.run_here(run_id, RunRequest(
                brief_text=plan.request.brief, db_url=self.database.url,
                registry_url=self.registry_url, reference_date=plan.request.reference_date,
                allow_past=plan.request.allow_past, brief=plan.brief,
                allocation=plan.allocation))
        except BaseException:
            # The run is durable and recorded: resumable as POST /runs/{id}/resume.
            self.store.finish_booking(plan_id, "failed")
            raise
        self.store.finish_booking(plan_id, "booked" if result.status is RunStatus.COMPLETED
                                  else "failed")
        return BookingOut(plan_id=plan_id, run_id=run_id, booked_now=True,
                          run=self.runs.maybe_detail(run_id))

    # ---- views -----------------------------------------------------------------

    def view(self, record: PlanRecord) -> PlanOut:
        plan = record.plan
        expiries = [d.quote_expires_at for d in plan.dry_run.deals if d.quote_expires_at]
        hold: datetime | None = min(expiries) if expiries else None
        return PlanOut(
            id=record.id, status=record.status,
            name=plan.brief.name, currency=plan.brief.currency,
            budget_micros=plan.brief.budget_micros, read_as=plan.read_as,
            allocation=_amounts(plan.allocation),
            max_cpm_micros=plan.brief.max_cpm_micros,
            excluded_sellers=list(plan.brief.excluded_sellers), deals=plan.dry_run.deals,
            planned_micros=sum(d.cost_micros for d in plan.dry_run.deals),
            not_planned=plan.dry_run.not_planned, quotes_hold_until=hold,
            dry_run_id=plan.dry_run.run_id, revisions=plan.revisions, changes=plan.changes,
            booked_run_id=record.booked_run_id, created_at=record.created_at)
