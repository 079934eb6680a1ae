"""Briefs being read in the console, kept in the buyer's database so a reload (or a
restarted service) loses nothing: the text, the planner's answers, and the plan made
from them once the brief can be run."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

from pydantic import BaseModel
from sqlalchemy import Boolean, DateTime, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from ad_buyer.api.models import BriefIn, BriefReading
from ad_buyer.storage.db import Base, Database


class DraftRow(Base):
    __tablename__ = "console_drafts"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    brief: Mapped[str] = mapped_column(Text)
    answers_json: Mapped[str] = mapped_column(Text, default="{}")
    reference_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    allow_past: Mapped[bool] = mapped_column(Boolean, default=False)
    plan_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # The brief as last read (a model's reading is neither free nor repeatable: a
    # reload shows the same reading); cleared when the text or an answer changes.
    reading_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DraftReading(BaseModel):
    reading: BriefReading
    facts: list[tuple[str, str]]


class Draft(BaseModel):
    id: str
    request: BriefIn
    plan_id: str | None
    created_at: datetime
    reading: DraftReading | None = None

    @property
    def title(self) -> str:
        return next((line.strip() for line in self.request.brief.splitlines() if line.strip()),
                    self.id)


class DraftNotFound(KeyError):
    def __str__(self) -> str:
        return f"no draft {self.args[0]!r}"


class DraftStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        db.ensure_tables()

    def add(self, request: BriefIn) -> Draft:
        row = DraftRow(id=f"draft-{uuid.uuid4().hex[:16]}", brief=request.brief,
                       answers_json=json.dumps(request.answers),
                       reference_date=request.reference_date.isoformat()
                       if request.reference_date else None,
                       allow_past=request.allow_past, created_at=datetime.now(UTC))
        with self.db.session() as s:
            s.add(row)
        return self.get(row.id)

    def get(self, draft_id: str) -> Draft:
        with self.db.session() as s:
            row = s.get(DraftRow, draft_id)
            if row is None:
                raise DraftNotFound(draft_id)
            request = BriefIn(
                brief=row.brief, answers=json.loads(row.answers_json or "{}"),
                reference_date=date.fromisoformat(row.reference_date)
                if row.reference_date else None, allow_past=row.allow_past)
            return Draft(id=row.id, request=request, plan_id=row.plan_id,
                         created_at=row.created_at,
                         reading=DraftReading.model_validate_json(row.reading_json)
                         if row.reading_json else None)

    def recent(self, limit: int = 10) -> list[Draft]:
        with self.db.session() as s:
            ids = s.scalars(select(DraftRow.id).order_by(DraftRow.created_at.desc())
                            .limit(limit)).all()
        return [self.get(i) for i in ids]

    def for_plan(self, plan_id: str) -> str | None:
        """The draft a plan was made from (None for a plan made through the API)."""
        with self.db.session() as s:
            return s.scalars(select(DraftRow.id).where(DraftRow.plan_id == plan_id)).first()

    def update(self, draft_id: str, request: BriefIn) -> Draft:
        """A new text or new answers: the draft is read again (and planned anew)."""
        with self.db.session() as s:
            row = s.get(DraftRow, draft_id)
            if row is None:
                raise DraftNotFound(draft_id)
            row.brief = request.brief
            row.answers_json = json.dumps(request.answers)
            row.plan_id = None
            row.reading_json = None
        return self.get(draft_id)

    def read(self, draft_id: str, reading: DraftReading) -> None:
        with self.db.session() as s:
            row = s.get(DraftRow, draft_id)
            if row is None:
                raise DraftNotFound(draft_id)
            row.reading_json = reading.model_dump_json()

    def planned(self, draft_id: str, plan_id: str) -> None:
        with self.db.session() as s:
            row = s.get(DraftRow, draft_id)
            if row is None:
                raise DraftNotFound(draft_id)
            row.plan_id = plan_id
