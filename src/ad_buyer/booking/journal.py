"""Durable booking journal: write the intent (with its idempotency key) before
the seller call, then the outcome. A run that crashes mid-portfolio resumes
from here: a pending intent is replayed with the *same* key (the seller
returns the same deal), a booked one is not called again.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from ad_buyer.clients.http import new_idempotency_key
from ad_buyer.storage.db import Base, Database

logger = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    ROLLED_BACK = "rolled_back"
    FAILED = "failed"


class IntentStatus(StrEnum):
    PENDING = "pending"  # written before the seller call; outcome unknown
    BOOKED = "booked"
    FAILED = "failed"
    CANCELLED = "cancelled"  # booked, then undone (rollback or guard)


class BookingRunRow(Base):
    __tablename__ = "booking_runs"

    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default=RunStatus.RUNNING.value)
    mode: Mapped[str] = mapped_column(String(16))
    currency: Mapped[str] = mapped_column(String(3))
    budget_micros: Mapped[int] = mapped_column(BigInteger)
    plan_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class BookingIntentRow(Base):
    __tablename__ = "booking_intents"

    idempotency_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("booking_runs.run_id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    seller_url: Mapped[str] = mapped_column(String(500))
    seller_id: Mapped[str] = mapped_column(String(200))
    quote_id: Mapped[str] = mapped_column(String(200))
    agreed_cpm_micros: Mapped[int] = mapped_column(BigInteger)
    cost_micros: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default=IntentStatus.PENDING.value)
    deal_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    deal_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    status: RunStatus
    mode: str
    currency: str
    budget_micros: int
    plan: dict[str, Any]


@dataclass(frozen=True)
class IntentRecord:
    idempotency_key: str
    run_id: str
    seq: int
    seller_url: str
    seller_id: str
    quote_id: str
    agreed_cpm_micros: int
    cost_micros: int
    status: IntentStatus
    deal_id: str | None
    deal: dict[str, Any] | None
    error: str | None


def _intent(row: BookingIntentRow) -> IntentRecord:
    return IntentRecord(
        idempotency_key=row.idempotency_key, run_id=row.run_id, seq=row.seq,
        seller_url=row.seller_url, seller_id=row.seller_id, quote_id=row.quote_id,
        agreed_cpm_micros=row.agreed_cpm_micros, cost_micros=row.cost_micros,
        status=IntentStatus(row.status), deal_id=row.deal_id,
        deal=json.loads(row.deal_json) if row.deal_json else None, error=row.error,
    )


class BookingJournal:
    """Runs and booking intents in the buyer's database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.ensure_tables()

    def start_run(self, run_id: str, *, mode: str, currency: str, budget_micros: int,
                  plan: dict[str, Any]) -> RunRecord:
        with self.db.session() as s:
            if s.get(BookingRunRow, run_id) is not None:
                raise ValueError(f"booking run {run_id} already exists; use resume()")
            s.add(BookingRunRow(run_id=run_id, mode=mode, currency=currency,
                                budget_micros=budget_micros, plan_json=json.dumps(plan)))
        return RunRecord(run_id, RunStatus.RUNNING, mode, currency, budget_micros, plan)

    def get_run(self, run_id: str) -> RunRecord | None:
        with self.db.session() as s:
            row = s.get(BookingRunRow, run_id)
            if row is None:
                return None
            return RunRecord(row.run_id, RunStatus(row.status), row.mode, row.currency,
                             row.budget_micros, json.loads(row.plan_json))

    def finish_run(self, run_id: str, status: RunStatus) -> None:
        with self.db.session() as s:
            row = s.get(BookingRunRow, run_id)
            if row is None:
                raise KeyError(run_id)
            row.status = status.value
            row.updated_at = _now()

    def intent_for(self, run_id: str, seller_url: str, quote_id: str) -> IntentRecord | None:
        with self.db.session() as s:
            row = s.scalars(select(BookingIntentRow).where(
                BookingIntentRow.run_id == run_id, BookingIntentRow.seller_url == seller_url,
                BookingIntentRow.quote_id == quote_id)).first()
            return _intent(row) if row else None

    def record_intent(self, run_id: str, *, seller_url: str, seller_id: str, quote_id: str,
                      agreed_cpm_micros: int, cost_micros: int) -> IntentRecord:
        """The intent for this quote in this run, created (and committed) if new."""
        existing = self.intent_for(run_id, seller_url, quote_id)
        if existing is not None:
            return existing
        with self.db.session() as s:
            seq = len(s.scalars(select(BookingIntentRow.idempotency_key).where(
                BookingIntentRow.run_id == run_id)).all())
            row = BookingIntentRow(
                idempotency_key=new_idempotency_key("book"), run_id=run_id, seq=seq,
                seller_url=seller_url, seller_id=seller_id, quote_id=quote_id,
                agreed_cpm_micros=agreed_cpm_micros, cost_micros=cost_micros)
            s.add(row)
            s.flush()
            return _intent(row)

    def _update(self, key: str, status: IntentStatus, **fields: Any) -> None:
        with self.db.session() as s:
            row = s.get(BookingIntentRow, key)
            if row is None:
                raise KeyError(key)
            row.status = status.value
            row.updated_at = _now()
            for name, value in fields.items():
                setattr(row, name, value)

    def record_booked(self, key: str, *, deal_id: str, deal: dict[str, Any]) -> None:
        self._update(key, IntentStatus.BOOKED, deal_id=deal_id,
                     deal_json=json.dumps(deal, default=str), error=None)

    def record_failed(self, key: str, error: str) -> None:
        self._update(key, IntentStatus.FAILED, error=error)

    def record_cancelled(self, key: str, reason: str) -> None:
        self._update(key, IntentStatus.CANCELLED, error=reason)

    def intents(self, run_id: str) -> list[IntentRecord]:
        with self.db.session() as s:
            rows = s.scalars(select(BookingIntentRow).where(BookingIntentRow.run_id == run_id)
                             .order_by(BookingIntentRow.seq)).all()
            return [_intent(r) for r in rows]
