"""A worker: takes queued campaigns and scheduled pacing ticks until it is stopped.

Several workers on one Postgres database share the campaign queue and the
pacing schedule. On a SQLite database only one worker may run (it holds a lock
file beside the database): SQLite takes one writer at a time and lives on one
machine, so a second worker there would add waiting, not capacity.

A worker also takes up the runs a dead worker left pending (:mod:`ad_buyer.durable.recovery`),
every ``recover_every_s`` seconds.

SIGINT or SIGTERM stops the worker cleanly: each run in flight is cancelled,
which lets the step it is in finish and starts nothing after it, so the run is
recorded as interrupted and ``ad-buyer resume RUN`` (here, or ``--queue`` for a
worker) continues it from its last completed step. A second signal quits at once;
the runs still resume from their last completed step.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from rich.console import Console
from rich.markup import escape

from ad_buyer.durable import pacing_schedule, workflows
from ad_buyer.durable.engine import durable_engine, executor_id, system_database_url
from ad_buyer.durable.ops import worker_presence
from ad_buyer.durable.pacing_schedule import PacingSchedule
from ad_buyer.durable.queues import PACING_QUEUE, WORKER_QUEUES, register_worker_queues
from ad_buyer.durable.recovery import DEFAULT_RECOVER_EVERY_S, recover_abandoned
from ad_buyer.storage.db import Database

logger = logging.getLogger(__name__)

INTERRUPTED_EXIT = 130
_WAKE_S = 0.2


class WorkerBusy(RuntimeError):
    """Another worker already serves this SQLite database."""


@dataclass
class WorkerOptions:
    campaigns_per_worker: int | None
    per_seller: int
    schedule: PacingSchedule
    recover_every_s: float = DEFAULT_RECOVER_EVERY_S
    # Progress in a planner's words, unless verbose: the crew's lines with the agent
    # and tool behind each (specialists: each channel's specialist's role).
    verbose: bool = False
    specialists: dict[str, str] = field(default_factory=dict)


@dataclass
class StopReport:
    """What a stopped worker left: runs interrupted after their step in flight."""

    in_flight: int = 0  # campaign runs (pacing ticks are not counted)
    interrupted: list[str] = field(default_factory=list)


@contextlib.contextmanager
def single_worker(db_url: str) -> Iterator[None]:
    """On a SQLite file, hold its worker lock for the body (raises WorkerBusy if held)."""
    if not db_url.startswith("sqlite:///"):
        yield
        return
    import fcntl

    file = Path(db_url.removeprefix("sqlite:///"))
    path = file.with_name(f"{file.stem}.worker.lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
            raise WorkerBusy(f"a worker ({holder}) already serves {file}; a SQLite database "
                             "takes one worker. For several workers use a Postgres database "
                             "(--db postgresql+psycopg://...)") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, executor_id().encode(), 0)
        yield
    finally:
        os.close(fd)


class _Signals:
    """SIGINT/SIGTERM set ``stop``; a second one quits at once."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.stop = threading.Event()
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.stop.is_set():
            self.console.print("[bold red]quitting now[/bold red]: runs in flight resume "
                               "from their last completed step (ad-buyer resume RUN)")
            os._exit(INTERRUPTED_EXIT)
        self.console.print(f"[bold yellow]{signal.Signals(signum).name}: stopping after the "
                           "steps in flight[/bold yellow] (again to quit at once)")
        self.stop.set()

    def __enter__(self) -> _Signals:
        for sig in (signal.SIGINT, signal.SIGTERM):
            self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *_exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


class _SharedSandbox:
    """One in-process sandbox for every run and pacing tick of this worker.

    A run queued without a registry buys from the in-process sandbox kept in the
    worker's ``$AD_BUYER_HOME``. Each ``ad-buyer run`` builds its own; a worker runs
    several campaigns and ticks at once, and separate copies of one state file
    would overwrite each other's deals. All of them use this one, on the process's
    one background loop.
    """

    def __init__(self) -> None:
        self._network: Any = None
        self._lock = threading.Lock()

    @property
    def network(self) -> Any:
        with self._lock:
            if self._network is None:
                from ad_buyer.sandbox.network import persistent_sandbox

                self._network = persistent_sandbox()
            return self._network

    def desks(self, registry_url: str | None, bus: Any, sellers: tuple[str, ...] = ()) -> Any:
        from ad_buyer.crew.buyer import desks_for_sandbox, seller_network

        if registry_url or sellers:
            return seller_network(registry_url, bus, sellers)
        return desks_for_sandbox(bus, self.network)

    def pacing_clients(self) -> Any:
        from ad_buyer.pacing.sellers import SellerClients
        from ad_buyer.sandbox.network import is_in_process_url

        over_http = SellerClients()

        def clients(seller_url: str) -> Any:
            if is_in_process_url(seller_url):
                return SellerClients(network=self.network)(seller_url)
            return over_http(seller_url)

        return clients


def _watcher_factory(console: Console, sandbox: _SharedSandbox, options: WorkerOptions) -> Any:
    from ad_buyer.reporting.progress import RunProgress

    def factory(run_id: str) -> workflows.Watcher:
        console.print(f"[bold]taking run {escape(run_id)}[/bold]")
        lines = RunProgress(console, spinner=False, prefix=run_id, compact=True,
                            verbose=options.verbose, specialists=options.specialists)
        return workflows.Watcher(progress=lines, on_event=lines.on_event,
                                 network=sandbox.desks)

    return factory


def _cancel(workflow_ids: set[str]) -> None:
    from dbos import DBOS

    for wid in workflow_ids:
        try:
            DBOS.cancel_workflow(wid)
        except Exception:  # stopping must go on for the others
            logger.warning("could not cancel %s", wid, exc_info=True)


def _in_flight() -> set[str]:
    return ({workflows.workflow_id(r) for r in workflows.running_here()}
            | pacing_schedule.ticks_running())


def _record_interrupted(database: Database, run_ids: set[str]) -> list[str]:
    """Mark the runs whose workflow ended cancelled as interrupted; returns them."""
    from dbos import DBOSClient

    from ad_buyer.events.log import RationaleLog, RunNotFoundError, RunStatus

    if not run_ids:
        return []
    client = DBOSClient(system_database_url=system_database_url(database.url))
    try:
        ended = client.list_workflows(workflow_ids=[workflows.workflow_id(r) for r in run_ids])
    finally:
        client.destroy()
    cancelled = sorted(w.workflow_id.removeprefix("campaign-") for w in ended
                       if str(w.status) == "CANCELLED")
    log = RationaleLog(database)
    at = datetime.now(UTC)
    for run_id in cancelled:
        with contextlib.suppress(RunNotFoundError):
            log.set_status(run_id, RunStatus.INTERRUPTED,
                           f"interrupted: worker {executor_id()} stopped at "
                           f"{at:%Y-%m-%d %H:%M:%S} UTC; resume with: ad-buyer resume {run_id}")
    return cancelled


def _recover(db_url: str, console: Console) -> None:
    """Put the runs dead workers left pending back on the queue, saying so."""
    try:
        recovered = recover_abandoned(db_url)
    except Exception:  # the worker goes on; the next look may succeed
        logger.warning("could not look for runs of stopped workers", exc_info=True)
        return
    for owner, runs in recovered.items():
        console.print(f"[bold]recovered {len(runs)} run(s) of stopped worker {escape(owner)}"
                      f"[/bold]: {escape(', '.join(runs))} (back on the queue, each from its "
                      "last completed step)")


def serve(database: Database, options: WorkerOptions, console: Console) -> StopReport:
    """Take work until SIGINT/SIGTERM; returns what was in flight when stopped."""
    report = StopReport()
    seen_runs: set[str] = set()
    with single_worker(database.url), _Signals(console) as signals:
        sandbox = _SharedSandbox()
        workflows.use_database(database.url)
        workflows.watch_all(_watcher_factory(console, sandbox, options))
        pacing_schedule.listen(lambda line: console.print(escape(line), highlight=False))
        pacing_schedule.use_clients(sandbox.pacing_clients)
        cancelled: set[str] = set()
        engine_done = threading.Event()

        def keep_cancelling() -> None:
            # Whatever starts while the engine stops is cancelled too.
            while not engine_done.wait(_WAKE_S):
                late = _in_flight() - cancelled
                seen_runs.update(workflows.running_here())
                cancelled.update(late)
                _cancel(late)

        stopper = threading.Thread(target=keep_cancelling, name="worker-stop", daemon=True)
        try:
            with durable_engine(database.url, queues=WORKER_QUEUES,
                                per_seller=options.per_seller):
                per_worker = register_worker_queues(options.campaigns_per_worker)
                pacing_schedule.apply_schedule(options.schedule, database.url, PACING_QUEUE)
                console.print(
                    f"worker {executor_id()}: up to {per_worker} campaign(s) at once, "
                    f"{options.per_seller} request(s) in flight per seller, pacing "
                    f"{options.schedule.description}. Stop with Ctrl-C or SIGTERM.")
                with worker_presence(database, executor_id(), per_worker) as beat:
                    next_recovery = 0.0
                    while not signals.stop.wait(_WAKE_S):
                        if time.monotonic() >= next_recovery:
                            _recover(database.url, console)
                            beat(len(workflows.running_here()))
                            next_recovery = time.monotonic() + options.recover_every_s
                runs, ticks = workflows.running_here(), pacing_schedule.ticks_running()
                in_flight = {workflows.workflow_id(r) for r in runs} | ticks
                seen_runs.update(runs)
                report.in_flight = len(runs)
                console.print(f"{len(runs)} run(s) and {len(ticks)} pacing tick(s) in flight: "
                              "each stops after the step it is in")
                cancelled.update(in_flight)
                _cancel(in_flight)
                stopper.start()
        finally:
            engine_done.set()
            if stopper.is_alive():
                stopper.join()
            workflows.watch_all(None)
            workflows.use_database(None)
            pacing_schedule.listen(None)
            pacing_schedule.use_clients(None)
    report.in_flight = max(report.in_flight, len(seen_runs))
    report.interrupted = _record_interrupted(database, seen_runs)
    return report
