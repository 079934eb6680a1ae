"""The campaign queue: runs put on it by ``ad-buyer enqueue``, taken by workers.

It is a DBOS queue kept in the system database, so every worker on the same
database (Postgres, for several machines) takes from the same queue. A queued
run is the same workflow ``ad-buyer run`` starts (``campaign-<run id>``), so it
is resumed, listed and guarded against repeats the same way.

The queue limits how many campaigns one worker runs at once
(``worker_concurrency``). DBOS keeps that setting with the queue, in the shared
database: it is one number for every worker, and the last worker started with
``--concurrency`` sets it. How many requests each seller sees at once is limited
separately, per seller, at the HTTP layer (:mod:`ad_buyer.clients.seller_slots`):
a campaign talks to many sellers, and a DBOS queue limits workflows, one
partition key each, not the calls inside their steps.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from dbos import DBOS, DBOSClient

from ad_buyer.durable.engine import APP_NAME, executor_id, system_database_url
from ad_buyer.storage.db import use_wal

if TYPE_CHECKING:
    from ad_buyer.durable.workflows import RunRequest
    from ad_buyer.storage.db import Database

logger = logging.getLogger(__name__)

CAMPAIGN_QUEUE = "ad-buyer-campaigns"
PACING_QUEUE = "ad-buyer-pacing"
WORKER_QUEUES = (CAMPAIGN_QUEUE, PACING_QUEUE)
HERE_QUEUE_PREFIX = "ad-buyer-here-"
DEFAULT_CAMPAIGNS_PER_WORKER = 4
POLL_S = 1.0
# How often the process running its own workflow looks at its own queue.
HERE_POLL_S = 0.2


def enqueue_run(db_url: str, run_id: str, request_json: str, *,
                queue: str = CAMPAIGN_QUEUE) -> str:
    """Put run ``run_id`` on ``queue`` (default: the campaign queue the workers take
    from); returns its workflow id.

    Needs no engine running here: the row goes straight into the system database
    (created if this is its first use), where any process listening to the queue
    will find it. It carries no application version, so a worker of the latest
    version takes it.
    """
    from ad_buyer.durable.workflows import WORKFLOW_NAME, workflow_id

    system_url = system_database_url(db_url)
    use_wal(system_url)
    DBOS.migrate(system_url)
    client = DBOSClient(system_database_url=system_url, application_name=APP_NAME)
    try:
        if queue.startswith(HERE_QUEUE_PREFIX):
            _declare_here(client, queue)
        client.enqueue({"workflow_name": WORKFLOW_NAME, "queue_name": queue,
                        "workflow_id": workflow_id(run_id)}, run_id, request_json)
    finally:
        client.destroy()
    return workflow_id(run_id)


def register_worker_queues(campaigns_per_worker: int | None) -> int:
    """Declare the worker queues (in a launched engine); returns the campaigns each
    worker runs at once. ``None`` keeps the number a worker set before."""
    queue = DBOS.register_queue(
        CAMPAIGN_QUEUE, worker_concurrency=campaigns_per_worker or DEFAULT_CAMPAIGNS_PER_WORKER,
        polling_interval_sec=POLL_S,
        on_conflict="never_update" if campaigns_per_worker is None else "always_update")
    # One pacing tick at a time per worker: a tick paces every live campaign in turn.
    DBOS.register_queue(PACING_QUEUE, worker_concurrency=1, polling_interval_sec=POLL_S,
                        on_conflict="always_update")
    return queue.worker_concurrency or DEFAULT_CAMPAIGNS_PER_WORKER


def requeue_run(db_url: str, run_id: str) -> None:
    """Hand an interrupted run back to the workers: it continues from its last
    completed step on whichever worker takes it."""
    from ad_buyer.durable.workflows import workflow_id

    client = DBOSClient(system_database_url=system_database_url(db_url),
                        application_name=APP_NAME)
    try:
        client.resume_workflow(workflow_id(run_id), queue_name=CAMPAIGN_QUEUE)
    finally:
        client.destroy()


def _declare_here(client: DBOSClient, name: str) -> None:
    # Declared before the engine starts, its queue manager finds the queue at launch;
    # declared after, it would find it at its next look, up to a second later.
    client.register_queue(name, polling_interval_sec=HERE_POLL_S,
                          on_conflict="always_update", application_name=APP_NAME)


def declare_here_queue(db_url: str) -> None:
    """Declare this process's own queue (:func:`here_queue_name`) before its engine
    starts, so a workflow put on it starts without waiting for the queue to be found."""
    client = DBOSClient(system_database_url=system_database_url(db_url),
                        application_name=APP_NAME)
    try:
        _declare_here(client, here_queue_name())
    finally:
        client.destroy()


def here_queue_name() -> str:
    """The queue only this process takes from (for ``ad-buyer resume RUN`` here)."""
    return f"{HERE_QUEUE_PREFIX}{executor_id()}"


@contextmanager
def here_queue() -> Iterator[str]:
    """Declare :func:`here_queue_name` for the body (in an engine listening to it).

    DBOS resumes a workflow by putting it on a queue. Its internal queue is taken
    from by every process, workers included, so a run resumed "here" could run on a
    worker instead; this queue is listened to by this process alone.
    """
    name = here_queue_name()
    DBOS.register_queue(name, polling_interval_sec=HERE_POLL_S, on_conflict="always_update")
    try:
        yield name
    finally:
        DBOS.delete_queue(name)


def queue_run(database: Database, run_id: str, request: RunRequest) -> None:
    """Record run ``run_id`` and put it on the campaign queue for a worker. A run that
    cannot be queued is recorded as failed, and the error raised."""
    from ad_buyer.events.log import PLACEHOLDER_NAME, RationaleLog, RunStatus

    log = RationaleLog(database)
    # Logged first, so the run is listed (as queued) and a second enqueue is refused.
    log.start_run(run_id=run_id, name=PLACEHOLDER_NAME, brief_text=request.brief_text)
    try:
        enqueue_run(database.url, run_id, request.model_dump_json())
    except Exception as exc:
        log.finish_run(run_id, RunStatus.FAILED, f"could not be queued: {exc}")
        raise


def submit_here(run_id: str, request: RunRequest, database: Database) -> None:
    """Record the run and put it on the queue only this process takes from.

    Listed and recorded as a workflow before anything else (the crew's imports take
    seconds): killed from here on, the run shows as interrupted and resumes."""
    from ad_buyer.events.log import PLACEHOLDER_NAME, RationaleLog

    RationaleLog(database).start_run(run_id=run_id, name=PLACEHOLDER_NAME,
                                     brief_text=request.brief_text)
    enqueue_run(database.url, run_id, request.model_dump_json(), queue=here_queue_name())


def hand_to_workers(database: Database, run_id: str) -> None:
    """Put an interrupted run back on the campaign queue: a worker continues it from its
    last completed step."""
    from ad_buyer.events.log import RationaleLog, RunStatus

    requeue_run(database.url, run_id)
    RationaleLog(database).set_status(run_id, RunStatus.RUNNING, "resumed on the campaign queue")
