"""A campaign run as a DBOS workflow.

The workflow's id derives from the run id (``campaign-<run id>``), so one run
is one workflow: starting it twice returns the first, and a resume continues
it from its last completed step. Inside, :func:`~ad_buyer.crew.run.run_campaign`
runs as usual; every seller call, model call and log write in it is a durable
step (:mod:`ad_buyer.durable_steps`), so on a resume the recorded steps are
replayed without calling anyone and the run carries on where it stopped.

What a process shows while a workflow runs (its progress lines) is not part of
the workflow: a command registers a :class:`Watcher` for the run before it
starts or resumes it; a worker, which takes runs it never saw, sets one
:func:`watch_all` factory for every run it takes. :func:`running_here` is what
this process is running now (what a stopping worker interrupts).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from dbos import DBOS, WorkflowHandle

from ad_buyer import durable_steps as steps
from ad_buyer.durable.run_options import RunOptions
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.models import Event
from ad_buyer.guards.allocation import AllocationProposal
from ad_buyer.models.brief import CampaignBrief

logger = logging.getLogger(__name__)

WORKFLOW_NAME = "ad_buyer.campaign_run"


def workflow_id(run_id: str) -> str:
    return f"campaign-{run_id}"


class RunRequest(RunOptions):
    """Everything a run needs that a resume must reproduce (stored with the workflow):
    its options, its brief and its database."""

    brief_text: str
    db_url: str
    dry_run: bool = False
    brief: CampaignBrief | None = None
    allocation: AllocationProposal | None = None

    @classmethod
    def of(cls, options: RunOptions, *, brief_text: str, db_url: str,
           dry_run: bool = False) -> RunRequest:
        """A run of ``brief_text`` on the database at ``db_url`` with ``options``."""
        return cls(**dict(options), brief_text=brief_text, db_url=db_url, dry_run=dry_run)


@dataclass
class Watcher:
    """This process's view of a run (not durable): where progress lines and seller
    events go, and how it reaches the sellers (``network(registry_url, bus)``)."""

    progress: Any = None
    on_event: Any = None
    network: Any = None
    # Set when this process's run of the workflow returns or raises: the waiting
    # command reads the result then, rather than polling for it.
    finished: threading.Event = field(default_factory=threading.Event)


class InFlight:
    """The ids of the workflows of one kind this process is running now."""

    def __init__(self) -> None:
        self._ids: set[str] = set()
        self._ended: dict[str, float] = {}
        self._lock = threading.Lock()

    @contextmanager
    def running(self, key: str) -> Iterator[None]:
        with self._lock:
            self._ids.add(key)
            self._ended.pop(key, None)
        try:
            yield
        finally:
            with self._lock:
                self._ids.discard(key)
                self._ended[key] = time.monotonic()

    def ended_s_ago(self, key: str) -> float | None:
        """How long ago a workflow ``key`` that ran here ended (whether its end was
        recorded or not); None if it did not run here or still runs."""
        with self._lock:
            ended = self._ended.get(key)
            return None if ended is None or key in self._ids else time.monotonic() - ended

    def now(self) -> set[str]:
        with self._lock:
            return set(self._ids)


_watchers: dict[str, Watcher] = {}
_default_watcher: Callable[[str], Watcher] | None = None
_running = InFlight()
_database_url: str | None = None


def use_database(url: str | None) -> None:
    """Reach the database through ``url`` for every workflow this process runs.

    A queued run carries the URL its enqueuer used; a worker on another machine
    reaches the same database through its own ``--db``."""
    global _database_url
    _database_url = url


def database_url(requested: str) -> str:
    """The URL this process opens for a workflow that asked for ``requested``."""
    return _database_url or requested


def watch(run_id: str, watcher: Watcher) -> None:
    _watchers[run_id] = watcher


def unwatch(run_id: str) -> None:
    _watchers.pop(run_id, None)


def watch_all(factory: Callable[[str], Watcher] | None) -> None:
    """The watcher of every run this process runs without one of its own."""
    global _default_watcher
    _default_watcher = factory


def running_here() -> set[str]:
    """The runs whose workflow this process is running now."""
    return _running.now()


def ended_here_s_ago(run_id: str) -> float | None:
    """How long ago ``run_id``'s workflow ended in this process (recorded or not)."""
    return _running.ended_s_ago(run_id)


def _watcher_for(run_id: str) -> Watcher:
    watcher = _watchers.get(run_id)
    if watcher is None and _default_watcher is not None:
        watcher = _default_watcher(run_id)
    return watcher or Watcher()


@DBOS.workflow(name=WORKFLOW_NAME)
def campaign_run(run_id: str, request_json: str) -> str:
    """Run (or, on a resume, continue) one campaign; returns the result as JSON."""
    request = RunRequest.model_validate_json(request_json)
    watcher = _watcher_for(run_id)
    try:
        with _running.running(run_id):
            return _run(run_id, request, watcher)
    finally:
        watcher.finished.set()


def _run(run_id: str, request: RunRequest, watcher: Watcher) -> str:
    from ad_buyer.crew.buyer import seller_network
    from ad_buyer.crew.run import run_campaign
    from ad_buyer.storage.db import Database

    workflow = workflow_id(run_id)
    steps.watch_replay(workflow)
    bus = InMemoryEventBus()
    if watcher.on_event is not None:
        def relay(event: Event) -> None:
            watcher.on_event(event)

        bus.subscribe(relay)
    db = Database(database_url(request.db_url))
    try:
        network = watcher.network or seller_network
        desks = (network(request.registry_url, bus, sellers=request.seller_urls)
                 if request.seller_urls else network(request.registry_url, bus))
        result = run_campaign(
            request.brief_text, run_id=run_id, desks=desks.track_performance(db),
            db=db, bus=bus, reference_date=request.reference_date,
            allow_past=request.allow_past, dry_run=request.dry_run,
            pacing_mode=request.pacing_mode, booking_mode=request.booking_mode,
            progress=_live(watcher.progress), brief=request.brief, allocation=request.allocation,
            share_cap=request.share_cap)
    finally:
        steps.stop_watching_replay(workflow)
        db.dispose()
    return result.model_dump_json()


def _live(progress: Any) -> Any:
    """``progress`` muted while a resumed run replays recorded steps: their lines were
    shown when the steps ran, and nothing is sent again."""
    if progress is None:
        return None
    muted = 0

    def show(stage: str, detail: str) -> None:
        nonlocal muted
        if steps.replaying():
            muted += 1
            return
        if muted:
            progress("resume", f"replayed the recorded steps ({muted} progress line(s) "
                               "not repeated); continuing")
            muted = 0
        progress(stage, detail)

    return show


def resume(run_id: str, queue_name: str | None = None) -> WorkflowHandle[str]:
    """Continue an interrupted run from its last completed step, taken from
    ``queue_name`` (default: DBOS's internal queue, which every process takes from)."""
    return DBOS.resume_workflow(workflow_id(run_id), queue_name=queue_name)
