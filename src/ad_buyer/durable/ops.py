"""What the durable side is doing now: queue depth, live workers, runs by state, and
requests in flight per seller. ``ad-buyer workers``, ``ad-buyer runs --state``,
``GET /ops`` and ``/metrics`` all read :func:`snapshot`.

A worker says it is there in ``worker_presence`` (at start, then every recovery
look, and gone when it stops cleanly); it counts as live only while its process
is (:func:`~ad_buyer.durable.liveness.executor_alive`: its lease on Postgres, its
pid on this host), so a killed worker's row never passes for a live one. Requests in
flight per seller are counted from the seller slots every process holds
(:mod:`ad_buyer.clients.seller_slots`), for the sellers the buyer has dealt with.
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from pydantic import BaseModel, computed_field
from sqlalchemy import DateTime, Integer, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from ad_buyer.storage.db import Base, Database

logger = logging.getLogger(__name__)


class WorkerPresenceRow(Base):
    __tablename__ = "worker_presence"

    executor_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    campaigns_per_worker: Mapped[int] = mapped_column(Integer, default=0)
    runs_in_flight: Mapped[int] = mapped_column(Integer, default=0)


class WorkerView(BaseModel):
    executor_id: str
    alive: bool
    started_at: datetime
    last_seen: datetime
    campaigns_per_worker: int
    runs_in_flight: int


class OpsSnapshot(BaseModel):
    """The queue, the workers, the runs and the sellers, now."""

    queue_depth: int
    workers: list[WorkerView]
    runs_by_state: dict[str, int]
    seller_requests_in_flight: dict[str, int]
    per_seller_limit: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def live_workers(self) -> int:
        return sum(1 for w in self.workers if w.alive)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@contextlib.contextmanager
def worker_presence(database: Database, executor: str, campaigns_per_worker: int
                    ) -> Iterator[Callable[[int], None]]:
    """Record this worker for the body; yields ``beat(runs_in_flight)`` to call now and
    then. The row is removed when the body ends (a killed worker's stays, not alive)."""
    database.ensure_tables()
    now = datetime.now(UTC)
    with database.session() as s:
        s.merge(WorkerPresenceRow(executor_id=executor, started_at=now, last_seen=now,
                                  campaigns_per_worker=campaigns_per_worker,
                                  runs_in_flight=0))

    def beat(runs_in_flight: int) -> None:
        try:
            with database.session() as s:
                row = s.get(WorkerPresenceRow, executor)
                if row is not None:
                    row.last_seen, row.runs_in_flight = datetime.now(UTC), runs_in_flight
        except Exception:  # a missed beat must not stop a worker
            logger.warning("worker presence not updated", exc_info=True)

    try:
        yield beat
    finally:
        with contextlib.suppress(Exception), database.session() as s:
            s.execute(delete(WorkerPresenceRow).where(WorkerPresenceRow.executor_id == executor))


def workers(database: Database) -> list[WorkerView]:
    from ad_buyer.durable.liveness import executor_alive

    database.ensure_tables()
    with database.session() as s:
        rows = list(s.scalars(select(WorkerPresenceRow).order_by(WorkerPresenceRow.started_at)))
    return [WorkerView(executor_id=r.executor_id, alive=executor_alive(r.executor_id,
                                                                        database.url),
                       started_at=_aware(r.started_at), last_seen=_aware(r.last_seen),
                       campaigns_per_worker=r.campaigns_per_worker,
                       runs_in_flight=r.runs_in_flight) for r in rows]


def queue_depth(database: Database) -> int:
    """Campaign runs waiting on the campaign queue for a worker."""
    from dbos import DBOS, DBOSClient

    from ad_buyer.durable.engine import APP_NAME, system_database_url
    from ad_buyer.durable.queues import CAMPAIGN_QUEUE

    system_url = system_database_url(database.url)
    DBOS.migrate(system_url)  # a database no run has used yet has no queue tables
    client = DBOSClient(system_database_url=system_url, application_name=APP_NAME)
    try:
        return len(client.list_queued_workflows(queue_name=CAMPAIGN_QUEUE, status="ENQUEUED",
                                                load_input=False))
    finally:
        client.destroy()


def runs_by_state(database: Database, limit: int = 1000) -> dict[str, int]:
    """How many of the latest ``limit`` runs are in each state (as ``ad-buyer runs``)."""
    from ad_buyer.durable.run_states import run_state, status_of
    from ad_buyer.events.log import RationaleLog

    runs = RationaleLog(database).list_runs(limit)
    flows = status_of(database, [r.id for r in runs]) if runs else {}
    return dict(Counter(run_state(r.status, flows.get(r.id), database.url) for r in runs))


def seller_requests_in_flight(database: Database, per_seller: int) -> dict[str, int]:
    """Requests in flight now at each seller the buyer has dealt with, from every process
    on this database (each holds one of the seller's slots)."""
    from ad_buyer.clients.seller_slots import backend_for, seller_key
    from ad_buyer.orchestration.seller_performance import SellerStatsRow

    database.ensure_tables()
    with database.session() as s:
        sellers = sorted({seller_key(url) for url in s.scalars(select(SellerStatsRow.seller_url))})
    backend = backend_for(database.url)
    counts: dict[str, int] = {}
    try:
        for seller in sellers:
            held = 0
            for index in range(per_seller):
                if backend.try_lock(seller, index):
                    backend.unlock(seller, index)
                else:
                    held += 1
            counts[seller] = held
    finally:
        backend.close()
    return counts


def snapshot(database: Database, per_seller: int | None = None) -> OpsSnapshot:
    from ad_buyer.clients.seller_slots import per_seller_limit

    limit = per_seller or per_seller_limit()
    return OpsSnapshot(queue_depth=queue_depth(database), workers=workers(database),
                       runs_by_state=runs_by_state(database),
                       seller_requests_in_flight=seller_requests_in_flight(database, limit),
                       per_seller_limit=limit)
