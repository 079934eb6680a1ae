"""Plans in the buyer's database, so a restarted service keeps them.

A plan is the brief as read, the allocator's proposal, the plan as revised (brief,
allocation, the planner's moves) and its latest dry run. Its status moves
``planned`` -> ``booking`` -> ``booked`` (or ``failed``) once, by a conditional
update: of two calls that book the same plan, exactly one claims it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from pydantic import BaseModel
from sqlalchemy import DateTime, String, Text, update
from sqlalchemy.orm import Mapped, mapped_column

from ad_buyer.api.models import BriefIn, PlannedDeal, RevisionChange
from ad_buyer.guards.allocation import AllocationMove, AllocationProposal
from ad_buyer.intake.plan_revision import PlanState
from ad_buyer.models.brief import CampaignBrief
from ad_buyer.storage.db import Base, Database


class PlanRow(Base):
    __tablename__ = "api_plans"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    booked_run_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    plan_json: Mapped[str] = mapped_column(Text)


class DryRun(BaseModel):
    """What the plan's latest dry run quoted."""

    run_id: str
    deals: list[PlannedDeal]
    not_planned: list[str]


class StoredPlan(BaseModel):
    """Everything a plan needs to be revised and booked, as stored."""

    request: BriefIn
    read_as: list[str]
    proposal: AllocationProposal
    brief: CampaignBrief
    allocation: AllocationProposal
    moves: list[AllocationMove] = []
    reasons: list[str] = []
    revisions: list[str] = []
    changes: list[RevisionChange] = []
    dry_run: DryRun

    @property
    def state(self) -> PlanState:
        return PlanState(brief=self.brief, allocation=self.allocation,
                         moves=tuple(self.moves), reasons=tuple(self.reasons))

    def revised(self, state: PlanState, revision: str, dry_run: DryRun,
                change: RevisionChange) -> StoredPlan:
        return self.model_copy(update={
            "brief": state.brief, "allocation": state.allocation, "moves": list(state.moves),
            "reasons": list(state.reasons), "revisions": [*self.revisions, revision],
            "changes": [*self.changes, change], "dry_run": dry_run})


class PlanRecord(BaseModel):
    id: str
    status: str
    booked_run_id: str | None
    created_at: datetime
    plan: StoredPlan


class PlanNotFound(KeyError):
    def __str__(self) -> str:
        return f"no plan {self.args[0]!r}"


def new_plan_id() -> str:
    return f"plan-{uuid.uuid4().hex[:16]}"


class PlanStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        db.ensure_tables()

    def add(self, plan: StoredPlan) -> PlanRecord:
        row = PlanRow(id=new_plan_id(), status="planned", created_at=datetime.now(UTC),
                      plan_json=plan.model_dump_json())
        with self.db.session() as s:
            s.add(row)
        return self.get(row.id)

    def get(self, plan_id: str) -> PlanRecord:
        with self.db.session() as s:
            row = s.get(PlanRow, plan_id)
            if row is None:
                raise PlanNotFound(plan_id)
            created = row.created_at if row.created_at.tzinfo else \
                row.created_at.replace(tzinfo=UTC)
            return PlanRecord(id=row.id, status=row.status, booked_run_id=row.booked_run_id,
                              created_at=created,
                              plan=StoredPlan.model_validate_json(row.plan_json))

    def replace(self, plan_id: str, plan: StoredPlan) -> bool:
        """Store a revised plan; False if it was claimed for booking meanwhile."""
        with self.db.session() as s:
            done = s.execute(update(PlanRow).where(PlanRow.id == plan_id,
                                                   PlanRow.status == "planned")
                             .values(plan_json=plan.model_dump_json()))
            return bool(getattr(done, "rowcount", 0))

    def claim_for_booking(self, plan_id: str, run_id: str) -> bool:
        """Mark the plan as being booked as ``run_id``; True for exactly one caller."""
        with self.db.session() as s:
            done = s.execute(update(PlanRow).where(PlanRow.id == plan_id,
                                                   PlanRow.status == "planned")
                             .values(status="booking", booked_run_id=run_id))
            return bool(getattr(done, "rowcount", 0))

    def finish_booking(self, plan_id: str, status: str) -> None:
        with self.db.session() as s:
            s.execute(update(PlanRow).where(PlanRow.id == plan_id).values(status=status))
