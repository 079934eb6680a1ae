"""Durable pacing history: runs, allocations, measurements, alerts, decisions, requests.

Every row is tied to a pacing run id. Measurements are append-only: a bad
report is stored with ``accepted=False`` and its problem, never overwriting
the last good one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import BigInteger, Boolean, DateTime, Float, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from ad_buyer.pacing.models import DealKey, PacingPlan
from ad_buyer.pacing.state import (
    Allocation,
    AllocationChange,
    Measurement,
    allocations_at,
    as_utc,
)
from ad_buyer.storage.db import Base, Database

T = TypeVar("T")


def _now() -> datetime:
    return datetime.now(UTC)


class PacingRunRow(Base):
    __tablename__ = "pacing_runs"

    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(16))
    plan_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class PacingAllocationChangeRow(Base):
    """One applied budget change, at the books' time.

    A run's allocations are its plan's booked budgets with these changes
    applied in order, so the log answers "what was the plan as of a date" and
    "when were reallocations applied" as well as "what is it now".
    """

    __tablename__ = "pacing_allocation_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = mapped_column(String(64), index=True)
    seller_url: Mapped[str] = mapped_column(String(500))
    deal_id: Mapped[str] = mapped_column(String(200))
    as_of: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    budget_micros: Mapped[int] = mapped_column(BigInteger)
    previous_micros: Mapped[int] = mapped_column(BigInteger)
    baseline_spend_micros: Mapped[int] = mapped_column(BigInteger)
    baseline_fraction: Mapped[float] = mapped_column(Float)
    rec_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class PacingMeasurementRow(Base):
    __tablename__ = "pacing_measurements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = mapped_column(String(64), index=True)
    seller_url: Mapped[str] = mapped_column(String(500))
    deal_id: Mapped[str] = mapped_column(String(200))
    as_of: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    impressions: Mapped[int] = mapped_column(BigInteger)
    spend_micros: Mapped[int] = mapped_column(BigInteger)
    booked_impressions: Mapped[int] = mapped_column(BigInteger)
    seller_status: Mapped[str] = mapped_column(String(32))
    accepted: Mapped[bool] = mapped_column(Boolean)
    problem: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class PacingAlertRow(Base):
    __tablename__ = "pacing_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = mapped_column(String(64), index=True)
    as_of: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    level: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(800))
    kind: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    ratio: Mapped[float | None] = mapped_column(Float, nullable=True)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class PacingRecommendationRow(Base):
    """A reallocation or delivery request decision with its rationale."""

    __tablename__ = "pacing_recommendations"

    rec_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    run_id: Mapped[str] = mapped_column(String(64), index=True)
    as_of: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(16))
    source_seller_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    source_deal_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    target_seller_url: Mapped[str] = mapped_column(String(500))
    target_deal_id: Mapped[str] = mapped_column(String(200))
    amount_micros: Mapped[int] = mapped_column(BigInteger, default=0)
    rationale: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(24), default="pending")
    outcome: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PacingChangeRequestRow(Base):
    """A change request sent to a seller and the seller's answer."""

    __tablename__ = "pacing_change_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = mapped_column(String(64), index=True)
    rec_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    seller_url: Mapped[str] = mapped_column(String(500))
    deal_id: Mapped[str] = mapped_column(String(200))
    change_type: Mapped[str] = mapped_column(String(32))
    # +1 asks for more delivery or budget, -1 for less (blocks on rejected increases)
    direction: Mapped[int] = mapped_column(Integer)
    budget_micros: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    impressions: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    idempotency_key: Mapped[str] = mapped_column(String(100))
    change_request_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(24))
    seller_message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class PacingStore:
    """Reads and writes one database's pacing tables."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._plans: dict[str, tuple[PacingPlan, str]] = {}
        self._cycle: dict[tuple[str, ...], Any] | None = None
        db.ensure_tables()

    @contextmanager
    def one_cycle(self) -> Iterator[None]:
        """Within the block, a read of the run's books is served from an earlier read
        of the same block until this store writes to that table. For one pacing cycle:
        a run is paced by one process at a time, so nobody else writes in between."""
        outer = self._cycle is None
        if outer:
            self._cycle = {}
        try:
            yield
        finally:
            if outer:
                self._cycle = None

    def _cached(self, key: tuple[str, ...], read: Callable[[], T]) -> T:
        if self._cycle is None:
            return read()
        if key not in self._cycle:
            self._cycle[key] = read()
        return self._cycle[key]  # type: ignore[no-any-return]

    def _forget(self, table: str) -> None:
        if self._cycle is not None:
            for key in [k for k in self._cycle if k[0] == table]:
                del self._cycle[key]

    def create_run(self, run_id: str, plan: PacingPlan, mode: str) -> None:
        with self.db.session() as s:
            s.add(PacingRunRow(run_id=run_id, campaign_id=plan.campaign_id, mode=mode,
                               plan_json=plan.model_dump_json()))

    def load_run(self, run_id: str) -> tuple[PacingPlan, str]:
        """The run's plan (immutable, so read once) and its mode (read each time)."""
        return self._cached(("run", run_id), lambda: self._load_run(run_id))

    def _load_run(self, run_id: str) -> tuple[PacingPlan, str]:
        with self.db.session() as s:
            row = s.get(PacingRunRow, run_id)
            if row is None:
                raise KeyError(f"no pacing run {run_id!r}")
            if run_id not in self._plans or self._plans[run_id][1] != row.plan_json:
                self._plans[run_id] = (PacingPlan.model_validate_json(row.plan_json),
                                       row.plan_json)
            return self._plans[run_id][0], row.mode

    def set_mode(self, run_id: str, mode: str) -> None:
        self._forget("run")
        with self.db.session() as s:
            row = s.get(PacingRunRow, run_id)
            if row is None:
                raise KeyError(f"no pacing run {run_id!r}")
            row.mode = mode

    def allocations(self, run_id: str, as_of: datetime | None = None
                    ) -> dict[DealKey, Allocation]:
        """Each deal's allocation now, or as it stood at ``as_of`` (the books' time)."""
        plan, _mode = self.load_run(run_id)
        return allocations_at(plan, self.allocation_changes(run_id), as_of)

    def set_allocation(self, run_id: str, key: DealKey, allocation: Allocation, *,
                       as_of: datetime, rec_id: str | None = None) -> None:
        """Apply a budget change, logged at the books' time ``as_of``."""
        previous = self.allocations(run_id)[key].budget_micros
        self._forget("changes")
        with self.db.session() as s:
            s.add(PacingAllocationChangeRow(
                run_id=run_id, seller_url=key[0], deal_id=key[1], as_of=as_of,
                budget_micros=allocation.budget_micros, previous_micros=previous,
                baseline_spend_micros=allocation.baseline_spend_micros,
                baseline_fraction=allocation.baseline_fraction, rec_id=rec_id))

    def allocation_changes(self, run_id: str) -> list[AllocationChange]:
        """Every applied budget change, in the order applied."""
        return list(self._cached(("changes", run_id), lambda: self._changes(run_id)))

    def _changes(self, run_id: str) -> list[AllocationChange]:
        with self.db.session() as s:
            rows = s.scalars(select(PacingAllocationChangeRow).where(
                PacingAllocationChangeRow.run_id == run_id).order_by(
                PacingAllocationChangeRow.id)).all()
            return [AllocationChange(
                (r.seller_url, r.deal_id),
                Allocation(r.budget_micros, r.baseline_spend_micros, r.baseline_fraction,
                           as_utc(r.as_of)), r.previous_micros, r.rec_id) for r in rows]

    def add_measurement(self, row: PacingMeasurementRow) -> None:
        self.add_measurements([row])

    def add_measurements(self, rows: list[PacingMeasurementRow]) -> None:
        """Store reports (accepted or not) in one transaction."""
        self._forget("measurements")
        with self.db.session() as s:
            s.add_all(rows)

    def measurements(self, run_id: str, *, accepted_only: bool = True
                     ) -> list[PacingMeasurementRow]:
        with self.db.session() as s:
            query = select(PacingMeasurementRow).where(PacingMeasurementRow.run_id == run_id)
            if accepted_only:
                query = query.where(PacingMeasurementRow.accepted.is_(True))
            return list(s.scalars(query.order_by(PacingMeasurementRow.as_of,
                                                 PacingMeasurementRow.id)).all())

    def history(self, run_id: str, as_of: datetime | None = None
                ) -> dict[DealKey, list[Measurement]]:
        """Accepted measurements per deal, oldest first (only those up to ``as_of``)."""
        result: dict[DealKey, list[Measurement]] = defaultdict(list)
        for m in self._cached(("measurements", run_id), lambda: self._accepted(run_id)):
            if as_of is None or m.as_of <= as_of:
                result[m.key].append(m)
        return dict(result)

    def _accepted(self, run_id: str) -> list[Measurement]:
        return [Measurement((r.seller_url, r.deal_id), as_utc(r.as_of), r.impressions,
                            r.spend_micros) for r in self.measurements(run_id)]

    def add_alert(self, row: PacingAlertRow) -> None:
        self.add_alerts([row])

    def add_alerts(self, rows: list[PacingAlertRow]) -> None:
        if not rows:
            return
        with self.db.session() as s:
            s.add_all(rows)

    def alerts(self, run_id: str) -> list[PacingAlertRow]:
        with self.db.session() as s:
            return list(s.scalars(select(PacingAlertRow).where(PacingAlertRow.run_id == run_id)
                                  .order_by(PacingAlertRow.id)).all())

    def add_recommendation(self, row: PacingRecommendationRow) -> None:
        self._forget("recommendations")
        with self.db.session() as s:
            s.add(row)

    def recommendation(self, rec_id: str) -> PacingRecommendationRow:
        with self.db.session() as s:
            row = s.get(PacingRecommendationRow, rec_id)
            if row is None:
                raise KeyError(f"no pacing recommendation {rec_id!r}")
            return row

    def recommendations(self, run_id: str, status: str | None = None
                        ) -> list[PacingRecommendationRow]:
        return list(self._cached(("recommendations", run_id, status or ""),
                                 lambda: self._recommendations(run_id, status)))

    def _recommendations(self, run_id: str, status: str | None
                         ) -> list[PacingRecommendationRow]:
        with self.db.session() as s:
            query = select(PacingRecommendationRow).where(
                PacingRecommendationRow.run_id == run_id)
            if status:
                query = query.where(PacingRecommendationRow.status == status)
            return list(s.scalars(query.order_by(PacingRecommendationRow.as_of,
                                                 PacingRecommendationRow.rec_id)).all())

    def decide(self, rec_id: str, status: str, outcome: str) -> None:
        self._forget("recommendations")
        with self.db.session() as s:
            row = s.get(PacingRecommendationRow, rec_id)
            if row is None:
                raise KeyError(f"no pacing recommendation {rec_id!r}")
            row.status = status
            row.outcome = outcome
            row.decided_at = _now()

    def add_change_request(self, row: PacingChangeRequestRow) -> int:
        self._forget("requests")
        with self.db.session() as s:
            s.add(row)
            s.flush()
            return row.id

    def update_change_request(self, row_id: int, *, status: str, seller_message: str = "",
                              change_request_id: str | None = None) -> None:
        self._forget("requests")
        with self.db.session() as s:
            row = s.get(PacingChangeRequestRow, row_id)
            if row is None:
                raise KeyError(f"no change request row {row_id}")
            row.status = status
            row.seller_message = seller_message
            if change_request_id:
                row.change_request_id = change_request_id
            row.updated_at = _now()

    def change_requests(self, run_id: str) -> list[PacingChangeRequestRow]:
        return list(self._cached(("requests", run_id), lambda: self._change_requests(run_id)))

    def _change_requests(self, run_id: str) -> list[PacingChangeRequestRow]:
        with self.db.session() as s:
            return list(s.scalars(select(PacingChangeRequestRow).where(
                PacingChangeRequestRow.run_id == run_id).order_by(PacingChangeRequestRow.id)).all())
