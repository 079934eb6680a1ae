"""The durable rationale log: every run, and every decision in it with its reason.

A run holds the brief, the models used and its outcome. Its entries record
agent decisions, delegations, tool calls (arguments and a result summary),
guard decisions, negotiations, bookings and model calls, each with rationale,
agent, model, tokens, cost (integer USD micros) and duration. Entries may
point at a parent entry, which gives the delegation tree.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from ad_buyer.events.models import Event, EventType
from ad_buyer.models.money import to_micros
from ad_buyer.storage.db import Base, Database

logger = logging.getLogger(__name__)

SUMMARY_CHARS = 500


class EntryKind(StrEnum):
    DECISION = "decision"
    DELEGATION = "delegation"
    TOOL_CALL = "tool_call"
    ALLOCATION = "allocation"
    GUARD = "guard"
    NEGOTIATION = "negotiation"
    BOOKING = "booking"
    LLM_CALL = "llm_call"
    EVENT = "event"


def new_run_id() -> str:
    return uuid.uuid4().hex[:16]


def brief_fingerprint(text: str) -> str:
    """A brief's words, case and spacing aside: the same brief submitted twice."""
    return " ".join(text.lower().split())


# A run's name until intake reads the campaign's.
PLACEHOLDER_NAME = "brief intake"


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    BLOCKED = "blocked"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"
    # Finished, but a booking's outcome could not be read back: a deal may be live.
    UNRESOLVED = "unresolved"
    # Finished with sellers holding more than the budget (a seller broke its word).
    OVER_BUDGET = "over_budget"


class RunRow(Base):
    __tablename__ = "rationale_runs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    brief_text: Mapped[str] = mapped_column(Text, default="")
    brief_json: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=RunStatus.RUNNING.value)
    manager_model: Mapped[str] = mapped_column(String(200), default="")
    specialist_model: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class EntryRow(Base):
    __tablename__ = "rationale_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("rationale_runs.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("rationale_entries.id"),
                                                  nullable=True)
    kind: Mapped[str] = mapped_column(String(30))
    agent: Mapped[str] = mapped_column(String(200), default="")
    model: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    data_json: Mapped[str] = mapped_column(Text, default="{}")
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cost_micros: Mapped[int] = mapped_column(Integer, default=0)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StepEntryRow(Base):
    """The entry a durable step wrote, by the step (``workflow id:step id``): a step
    that ran, wrote its entry and was killed before its result was recorded runs again
    on the resume, and finds its entry here instead of writing it twice."""

    __tablename__ = "rationale_step_entries"

    step_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("rationale_entries.id"))


class LogEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    run_id: str
    parent_id: int | None
    kind: str
    agent: str
    model: str
    summary: str
    rationale: str
    data: dict[str, Any]
    prompt_tokens: int
    completion_tokens: int
    cost_micros: int
    duration_ms: int
    created_at: datetime


class RunSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    status: str
    manager_model: str
    specialist_model: str
    started_at: datetime
    finished_at: datetime | None
    entry_count: int = 0


class RunRecord(RunSummary):
    brief_text: str
    brief: dict[str, Any]
    outcome: str
    entries: list[LogEntry]

    def _billed(self) -> list[LogEntry]:
        # A phase entry repeats the sum of its own model-call entries
        # (data["usage_rollup"]); counting both would bill every call twice.
        return [e for e in self.entries if not e.data.get("usage_rollup")]

    @property
    def total_tokens(self) -> int:
        return sum(e.prompt_tokens + e.completion_tokens for e in self._billed())

    @property
    def total_cost_micros(self) -> int:
        return sum(e.cost_micros for e in self._billed())

    def children(self, parent_id: int | None) -> list[LogEntry]:
        return [e for e in self.entries if e.parent_id == parent_id]


class RunNotFoundError(KeyError):
    def __init__(self, run_id: str) -> None:
        super().__init__(run_id)
        self.run_id = run_id

    def __str__(self) -> str:
        return f"no run {self.run_id!r} in the rationale log"


def _now() -> datetime:
    return datetime.now(UTC)


def _json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, default=str)


def _aware(value: datetime | None) -> datetime | None:
    # SQLite drops tzinfo; everything is stored in UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


_EVENT_KINDS = {
    EventType.DEAL_BOOKED: EntryKind.BOOKING,
    EventType.DEAL_BOOKING_FAILED: EntryKind.BOOKING,
    EventType.DEAL_CANCELLED: EntryKind.BOOKING,
    EventType.GUARD_REJECTED: EntryKind.GUARD,
    EventType.NEGOTIATION_COMPLETED: EntryKind.NEGOTIATION,
    EventType.PORTFOLIO_SELECTED: EntryKind.DECISION,
}


class RationaleLog:
    """Store and query runs and their entries on the shared database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.ensure_tables()

    def start_run(self, *, name: str = "", brief_text: str = "",
                  brief: dict[str, Any] | None = None, manager_model: str = "",
                  specialist_model: str = "", run_id: str | None = None) -> str:
        run_id = run_id or new_run_id()
        with self.db.session() as session:
            row = session.get(RunRow, run_id)
            if row is not None:  # logged by its command, or a resumed run started before
                if name and row.name == PLACEHOLDER_NAME:
                    row.name = name[:200]
                if brief and row.brief_json in ("", "{}"):
                    row.brief_json = _json(brief)
                row.manager_model = row.manager_model or manager_model
                row.specialist_model = row.specialist_model or specialist_model
                return run_id
            session.add(RunRow(id=run_id, name=name[:200], brief_text=brief_text,
                               brief_json=_json(brief or {}), manager_model=manager_model,
                               specialist_model=specialist_model, started_at=_now()))
        return run_id

    def update_run(self, run_id: str, *, name: str | None = None,
                   brief: dict[str, Any] | None = None) -> None:
        """Fill in what intake learned (the campaign name, the brief) on a started run."""
        with self.db.session() as session:
            row = session.get(RunRow, run_id)
            if row is None:
                raise RunNotFoundError(run_id)
            if name is not None:
                row.name = name[:200]
            if brief is not None:
                row.brief_json = _json(brief)

    def finish_run(self, run_id: str, status: RunStatus, outcome: str = "") -> None:
        with self.db.session() as session:
            row = session.get(RunRow, run_id)
            if row is None:
                raise RunNotFoundError(run_id)
            row.status, row.outcome, row.finished_at = status.value, outcome, _now()

    def record(self, run_id: str, kind: EntryKind | str, *, summary: str, rationale: str = "",
               agent: str = "", model: str = "", data: dict[str, Any] | None = None,
               parent_id: int | None = None, prompt_tokens: int = 0, completion_tokens: int = 0,
               cost_usd: Decimal | None = None, duration_ms: int = 0,
               step_key: str | None = None) -> int:
        """Add one entry; returns its id (a parent for later entries). With ``step_key``
        (the durable step writing it) the entry is written once per step: a step run
        again after a crash gets the id of the entry it wrote the first time."""
        with self.db.session() as session:
            if step_key is not None:
                written = session.get(StepEntryRow, step_key)
                if written is not None:
                    return written.entry_id
            row = EntryRow(
                run_id=run_id, parent_id=parent_id, kind=str(kind), agent=agent, model=model,
                summary=summary[:SUMMARY_CHARS], rationale=rationale, data_json=_json(data or {}),
                prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
                cost_micros=to_micros(cost_usd) if cost_usd is not None else 0,
                duration_ms=duration_ms, created_at=_now(),
            )
            session.add(row)
            session.flush()
            if step_key is not None:
                session.add(StepEntryRow(step_key=step_key, entry_id=row.id))
            return row.id

    def subscriber(self, run_id: str, *,
                   parent_for: Callable[[Event], int | None] | None = None) -> Any:
        """A bus subscriber storing every event it sees as an entry of ``run_id``.

        Give each run its own bus: events carry the emitter's own ids (a booking
        run, say), kept in the entry's data, not the crew run's id.
        """

        def store(event: Event) -> None:
            payload = event.payload
            kind = _EVENT_KINDS.get(event.event_type, EntryKind.EVENT)
            rationale = str(payload.get("rationale") or payload.get("reason") or "")
            seller = payload.get("seller_url") or payload.get("seller") or ""
            summary = f"{event.event_type}" + (f" {seller}" if seller else "")
            self.record(run_id, kind, summary=summary, rationale=rationale,
                        agent=str(payload.get("agent", "")),
                        data={"event_type": event.event_type, "event_id": event.event_id,
                              "event_run_id": event.run_id, **payload},
                        parent_id=parent_for(event) if parent_for else None)

        return store

    def runs_of_brief(self, brief_text: str, statuses: Iterable[str]) -> list[RunSummary]:
        """Earlier runs of the same brief (same words, case and spacing aside) in one of
        ``statuses``, newest first."""
        wanted = brief_fingerprint(brief_text)
        with self.db.session() as session:
            rows = session.scalars(select(RunRow).where(RunRow.status.in_(list(statuses)))
                                   .order_by(RunRow.started_at.desc())).all()
            return [self._summary(row, 0) for row in rows
                    if brief_fingerprint(row.brief_text) == wanted]

    def set_status(self, run_id: str, status: RunStatus, outcome: str = "") -> None:
        """Mark a run interrupted, running again on a resume, or (a resume replaying
        its recorded end) as it ended; its finish time is left as it is."""
        with self.db.session() as session:
            row = session.get(RunRow, run_id)
            if row is None:
                raise RunNotFoundError(run_id)
            row.status, row.outcome = status.value, outcome

    def list_runs(self, limit: int = 50) -> list[RunSummary]:
        with self.db.session() as session:
            counts = (select(EntryRow.run_id, func.count(EntryRow.id).label("n"))
                      .group_by(EntryRow.run_id).subquery())
            rows = session.execute(
                select(RunRow, counts.c.n).outerjoin(counts, counts.c.run_id == RunRow.id)
                .order_by(RunRow.started_at.desc()).limit(limit)
            ).all()
            return [self._summary(row, n or 0) for row, n in rows]

    def get_run(self, run_id: str) -> RunRecord:
        with self.db.session() as session:
            row = session.get(RunRow, run_id)
            if row is None:
                raise RunNotFoundError(run_id)
            entries = session.scalars(
                select(EntryRow).where(EntryRow.run_id == run_id).order_by(EntryRow.id)
            ).all()
            return RunRecord(
                **self._summary(row, len(entries)).model_dump(),
                brief_text=row.brief_text, brief=json.loads(row.brief_json or "{}"),
                outcome=row.outcome, entries=[self._entry(e) for e in entries],
            )

    @staticmethod
    def _summary(row: RunRow, count: int) -> RunSummary:
        return RunSummary(id=row.id, name=row.name, status=row.status,
                          manager_model=row.manager_model, specialist_model=row.specialist_model,
                          started_at=_aware(row.started_at), finished_at=_aware(row.finished_at),
                          entry_count=count)

    @staticmethod
    def _entry(row: EntryRow) -> LogEntry:
        return LogEntry(
            id=row.id, run_id=row.run_id, parent_id=row.parent_id, kind=row.kind,
            agent=row.agent, model=row.model, summary=row.summary, rationale=row.rationale,
            data=json.loads(row.data_json or "{}"), prompt_tokens=row.prompt_tokens,
            completion_tokens=row.completion_tokens, cost_micros=row.cost_micros,
            duration_ms=row.duration_ms, created_at=_aware(row.created_at),
        )
