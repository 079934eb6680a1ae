"""Pacing cycles on a DBOS schedule: every live campaign, once per scheduled time.

``ad-buyer worker`` stores the schedule (a cron, daily at 06:00 UTC unless
configured) in the system database. Every process running the durable engine
fires it; each firing is a workflow whose id is the schedule's name plus the
scheduled time (``sched-ad-buyer-pacing-<time>``), so however many processes
fire the same time, one tick exists for it, and only workers (which listen to
the pacing queue) run it. A tick paces every live campaign (a run with a
registered pacing run whose flight has started and is not over) once, as of the
scheduled time, through :func:`~ad_buyer.pacing.cycle.pace_campaign`: each
campaign is one durable step, and a cycle run again for the same time finishes
the decisions it recorded then instead of deciding anew. A run in ``manual``
pacing mode only stores recommendations; one in ``auto`` acts on them.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from typing import Any

from dbos import DBOS
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from ad_buyer.durable.workflows import InFlight, database_url
from ad_buyer.durable_steps import durable
from ad_buyer.events.log import RunRow
from ad_buyer.pacing.engine import ClientFactory
from ad_buyer.pacing.models import PacingPlan
from ad_buyer.pacing.store import PacingRunRow, PacingStore
from ad_buyer.storage.db import Database

logger = logging.getLogger(__name__)

SCHEDULE_NAME = "ad-buyer-pacing"
TICK_WORKFLOW = "ad_buyer.pacing_tick"
PACING_CRON_ENV = "AD_BUYER_PACING_CRON"
DEFAULT_PACING_AT = "06:00"

_EVERY = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_AT = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)\s*$")
_UNITS = {"s": 60, "m": 60, "h": 24}
_PERIOD = {"s": "minute", "m": "hour", "h": "day"}


class PacingSchedule(BaseModel):
    """When pacing ticks fire: a six-field cron (seconds first), in UTC."""

    model_config = ConfigDict(frozen=True)

    cron: str
    description: str


class CycleOutcome(BaseModel):
    """What one campaign's cycle in a tick came to (recorded with the step)."""

    model_config = ConfigDict(frozen=True)

    run_id: str
    mode: str = ""
    alerts: int = 0
    decisions: int = 0
    error: str | None = None

    def describe(self) -> str:
        if self.error is not None:
            return f"pacing {self.run_id}: cycle failed: {self.error}"
        return (f"pacing {self.run_id}: {self.alerts} alert(s), {self.decisions} "
                f"decision(s) ({self.mode})")


def schedule_from(every: str | None = None, at: str | None = None,
                  env: Mapping[str, str] | None = None) -> PacingSchedule:
    """The pacing schedule: ``every`` (``2s``, ``5m``, ``1h``, ``1d``), else ``at``
    (``HH:MM`` UTC, daily), else ``$AD_BUYER_PACING_CRON`` (a cron of five fields, or
    six with seconds first), else daily at 06:00 UTC. Raises ``ValueError``."""
    if every is not None:
        return _every(every)
    cron = (env if env is not None else os.environ).get(PACING_CRON_ENV, "").strip()
    if at is None and cron:
        fields = cron.split()
        if len(fields) not in (5, 6):
            raise ValueError(f"{PACING_CRON_ENV} must have 5 fields (or 6, seconds first), "
                             f"got {cron!r}")
        full = " ".join(["0", *fields] if len(fields) == 5 else fields)
        return PacingSchedule(cron=full, description=f"cron {full!r} (UTC)")
    match = _AT.match(at or DEFAULT_PACING_AT)
    if match is None:
        raise ValueError(f"a pacing time is HH:MM (UTC), got {at!r}")
    hour, minute = int(match.group(1)), int(match.group(2))
    return PacingSchedule(cron=f"0 {minute} {hour} * * *",
                          description=f"daily at {hour:02d}:{minute:02d} UTC")


def _every(text: str) -> PacingSchedule:
    match = _EVERY.match(text)
    if match is None:
        raise ValueError(f"a pacing interval is a number and a unit (s, m, h or d), "
                         f"e.g. 2s or 1h; got {text!r}")
    n, unit = int(match.group(1)), match.group(2)
    if unit == "d":
        if n != 1:
            raise ValueError("a pacing interval in days must be 1d (use --pacing-at for "
                             "the time of day)")
        return PacingSchedule(cron="0 0 0 * * *", description="daily at 00:00 UTC")
    if n < 1 or _UNITS[unit] % n:
        raise ValueError(f"a pacing interval of {text.strip()} does not divide the "
                         f"{_PERIOD[unit]} evenly (cron fires on the clock); choose a "
                         f"divisor of {_UNITS[unit]}")
    cron = {"s": f"*/{n} * * * * *", "m": f"0 */{n} * * * *", "h": f"0 0 */{n} * * *"}[unit]
    return PacingSchedule(cron=cron, description=f"every {n}{unit}")


def live_pacing_runs(db: Database, at: datetime) -> list[str]:
    """Campaign runs with a pacing run whose flight is on at ``at``."""
    day = at.date()
    with db.session() as session:
        rows = session.execute(select(PacingRunRow.run_id, PacingRunRow.plan_json)
                               .join(RunRow, RunRow.id == PacingRunRow.run_id)).all()
    live = []
    for run_id, plan_json in rows:
        plan = PacingPlan.model_validate_json(plan_json)
        if plan.flight_start <= day <= plan.flight_end:
            live.append(run_id)
    return sorted(live)


def pace_one(db: Database, run_id: str, at: datetime) -> CycleOutcome:
    """One cycle of one campaign; a failure is the outcome, not an exception (the
    other campaigns of the tick are still paced). It runs on the process's one
    background loop, where this process's runs reach an in-process sandbox too."""
    from ad_buyer.async_bridge import run_sync
    from ad_buyer.pacing.cycle import pace_campaign

    clients = _clients() if _clients is not None else None
    try:
        result = run_sync(pace_campaign(db, run_id, as_of=at, clients=clients))
        _plan, mode = PacingStore(db).load_run(run_id)
    except Exception as exc:
        logger.warning("scheduled pacing of %s at %s failed", run_id, at, exc_info=True)
        return CycleOutcome(run_id=run_id, error=f"{type(exc).__name__}: {exc}")
    return CycleOutcome(run_id=run_id, mode=mode, alerts=len(result.alerts),
                        decisions=len(result.recommendation_ids))


_listener: Callable[[str], None] | None = None
_clients: Callable[[], ClientFactory] | None = None
_ticks = InFlight()


def listen(listener: Callable[[str], None] | None) -> None:
    """Hear one line per tick and per campaign paced (a worker prints them)."""
    global _listener
    _listener = listener


def use_clients(factory: Callable[[], ClientFactory] | None) -> None:
    """How ticks in this process reach sellers (default: each seller's key, and the
    in-process sandbox of ``$AD_BUYER_HOME``)."""
    global _clients
    _clients = factory


def ticks_running() -> set[str]:
    """The ids of the pacing ticks this process is running now."""
    return _ticks.now()


def _say(line: str) -> None:
    if _listener is not None:
        _listener(line)


@DBOS.workflow(name=TICK_WORKFLOW)
def pacing_tick(scheduled_at: datetime, context: Any) -> None:
    """Pace every live campaign of the database in ``context`` as of ``scheduled_at``."""
    db = Database(database_url(str(context["db_url"])))
    try:
        with _ticks.running(DBOS.workflow_id or ""):
            runs = durable("live pacing runs", lambda: live_pacing_runs(db, scheduled_at))
            if runs:  # a tick with nothing to pace says nothing (ticks can be seconds apart)
                _say(f"pacing tick {scheduled_at.isoformat()}: {len(runs)} live campaign(s)")
            for run_id in runs:
                outcome = durable(f"pace {run_id}", partial(pace_one, db, run_id, scheduled_at))
                _say(outcome.describe())
    finally:
        db.dispose()


def apply_schedule(schedule: PacingSchedule, db_url: str, queue_name: str) -> None:
    """Store (or replace) the pacing schedule for the database at ``db_url``."""
    DBOS.apply_schedules([{"schedule_name": SCHEDULE_NAME, "workflow_fn": pacing_tick,
                           "schedule": schedule.cron, "context": {"db_url": db_url},
                           "queue_name": queue_name}])
