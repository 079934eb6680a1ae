"""What a run is now, from the rationale log and DBOS's view of its workflow: the state
every command, the API and the operations view show, and the runs of a brief that would
buy it twice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ad_buyer.events.log import RationaleLog, RunSummary
    from ad_buyer.storage.db import Database

# What a run that may still book, or already did, is: another run of the same brief
# would buy it twice.
LIVE = ("running", "interrupted", "completed", "unresolved", "over_budget")


def earlier_runs(log: RationaleLog, brief_text: str) -> list[RunSummary]:
    """Runs of the same brief that booked, or may book, at sellers (dry runs do not)."""
    from ad_buyer.reporting.facts import is_dry_run

    return [run for run in log.runs_of_brief(brief_text, LIVE)
            if not is_dry_run(log.get_run(run.id))]


def status_of(database: Database, run_ids: list[str], client: Any = None) -> dict[str, Any]:
    """DBOS's view of each run's workflow (None for runs that never had one), through
    ``client`` (a ``DBOSClient`` kept by a long-lived caller) or one made for the call."""
    from dbos import DBOSClient

    from ad_buyer.durable.engine import system_database_url
    from ad_buyer.durable.workflows import workflow_id

    own = client is None
    if own:
        client = DBOSClient(system_database_url=system_database_url(database.url))
    try:
        found = client.list_workflows(workflow_ids=[workflow_id(r) for r in run_ids])
    finally:
        if own:
            client.destroy()
    return {w.workflow_id.removeprefix("campaign-"): w for w in found}


def run_state(logged: str, workflow: Any, db_url: str | None = None) -> str:
    """What a run is now, from the log's status and its workflow's (``db_url``: the
    database its executor would hold a lease on)."""
    from ad_buyer.durable.liveness import executor_alive
    from ad_buyer.durable.queues import HERE_QUEUE_PREFIX

    if workflow is None:
        # Logged by a command whose process never got its workflow going.
        return "not started" if logged == "running" else logged
    status = str(workflow.status)
    queue = str(getattr(workflow, "queue_name", None) or "")
    if status == "ENQUEUED" and queue.startswith(HERE_QUEUE_PREFIX):
        # Waiting on the queue of the one process resuming it: gone, nobody takes it.
        owner = queue.removeprefix(HERE_QUEUE_PREFIX)
        return "running" if executor_alive(owner, db_url) else "interrupted"
    if status == "ENQUEUED":
        return "queued"
    if status == "PENDING":
        return "running" if executor_alive(workflow.executor_id, db_url) else "interrupted"
    if status == "CANCELLED":
        return "interrupted"
    if status == "ERROR" and logged == "running":
        return "failed"
    if status == "SUCCESS" and logged == "running":
        # Ended, with a resume's "running" still logged (a run from before the resumed
        # end was written back): what the workflow returned is how it ended.
        return ended_as(workflow) or logged
    return logged


def ended_as(workflow: Any) -> str | None:
    """The status a finished workflow's run returned (None: no result to read)."""
    import json

    output = getattr(workflow, "output", None)
    if not isinstance(output, str):
        return None
    try:
        status = json.loads(output).get("status")
    except (ValueError, AttributeError):
        return None
    return status if isinstance(status, str) else None


def shown_state(state: str, committed_micros: int) -> str:
    """A run back on the queue after it committed money (a dead worker's, taken over)
    is ``requeued``, not ``queued``: it has bought, and a worker will continue it."""
    return "requeued" if state == "queued" and committed_micros > 0 else state
