"""Commands over durable runs: run one (and stop it cleanly), list them, resume one.

``execute`` is what ``ad-buyer run`` and ``chat`` use: the run is a DBOS
workflow started (or resumed) in this process. Ctrl-C cancels the workflow:
the step in flight finishes, nothing after it starts, the run is recorded as
interrupted, and the command prints how to resume (exit 130).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from ad_buyer.crew.run import CampaignRunResult
    from ad_buyer.durable.workflows import RunRequest, Watcher
    from ad_buyer.events.log import RationaleLog
    from ad_buyer.storage.db import Database

logger = logging.getLogger(__name__)
console = Console()

INTERRUPTED_EXIT = 130
# The run's progress stages that show how the brief was read.
READ_AS_STAGES = ("intake", "read as")
# The waiting command wakes when its run's workflow returns here; it also looks at the
# workflow's status this often, for a workflow that ends without running here.
STATUS_CHECK_S = 1.0
# Between the workflow's return and its recorded result: a read of one row this often.
RESULT_POLL_S = 0.01
ENDED = ("SUCCESS", "ERROR", "CANCELLED", "MAX_RECOVERY_ATTEMPTS_EXCEEDED")


class RunInterrupted(Exception):
    """The user stopped the run; it is recorded as interrupted and can be resumed."""

    def __init__(self, run_id: str) -> None:
        self.run_id = run_id
        super().__init__(run_id)


def execute(run_id: str, request: RunRequest, database: Database, watcher: Watcher, *,
            resuming: bool = False,
            announce: Callable[[str], None] | None = None) -> CampaignRunResult:
    """Start (or resume) the run's workflow here and wait for it; Ctrl-C stops it cleanly.

    A new run is put on a queue only this process takes from (nobody else runs it),
    and ``announce(run_id)`` is called once it is recorded, resumable from then on.
    """
    from dbos import DBOS

    from ad_buyer.durable import workflows
    from ad_buyer.durable.engine import durable_engine
    from ad_buyer.durable.queues import enqueue_run, here_queue, here_queue_name
    from ad_buyer.events.log import PLACEHOLDER_NAME, RationaleLog

    log = RationaleLog(database)
    if not resuming:
        # Listed and recorded as a workflow on this process's own queue before anything
        # else (the crew's imports take seconds): killed from here on, the run shows
        # as interrupted and resumes.
        log.start_run(run_id=run_id, name=PLACEHOLDER_NAME, brief_text=request.brief_text)
        enqueue_run(database.url, run_id, request.model_dump_json(), queue=here_queue_name())
        if announce is not None:
            announce(run_id)
    from ad_buyer.crew.run import CampaignRunResult

    workflows.watch(run_id, watcher)
    outcome: str | None = None
    try:
        with durable_engine(database.url, queues=(here_queue_name(),)) as stop, \
                here_queue() as here:
            handle = (workflows.resume(run_id, here) if resuming
                      else DBOS.retrieve_workflow(workflows.workflow_id(run_id)))
            try:
                outcome = result_when_done(handle, watcher)
                stop.wait_s = 0  # the run's workflow has ended: nothing is in flight
            except KeyboardInterrupt:
                console.print("[bold yellow]Interrupted: stopping after the step in "
                              "flight...[/bold yellow]")
                DBOS.cancel_workflow(handle.workflow_id)
                _mark_interrupted(log, run_id, request)
                raise RunInterrupted(run_id) from None
    except KeyboardInterrupt:
        if outcome is None:  # while the engine started: the run may not have begun
            _mark_interrupted(log, run_id, request)
            raise RunInterrupted(run_id) from None
        # The run had finished; Ctrl-C only cut the engine's shutdown short.
    finally:
        workflows.unwatch(run_id)
    return CampaignRunResult.model_validate_json(outcome)


def result_when_done(handle: Any, watcher: Watcher) -> str:
    """The workflow's result, read as soon as this process's run of it ends."""
    while not watcher.finished.wait(STATUS_CHECK_S):
        status = handle.get_status()
        if status is not None and str(status.status) in ENDED:
            break
    result: str = handle.get_result(polling_interval_sec=RESULT_POLL_S)
    return result


def execute_shown(run_id: str, request: RunRequest, database: Database, *,
                  resuming: bool = False, read_as_shown: bool = False) -> CampaignRunResult:
    """:func:`execute` with the run's progress on the console; Ctrl-C prints how to
    resume and exits 130. ``read_as_shown``: the command showed the brief's reading
    already (the run's own intake lines are not repeated)."""
    from ad_buyer.cli.briefs import seller_desks
    from ad_buyer.durable.workflows import Watcher
    from ad_buyer.reporting.progress import RunProgress

    def announce(run_id: str) -> None:
        console.print(f"run [bold]{run_id}[/bold]: started; if it stops, continue it with: "
                      f"ad-buyer resume {run_id}", soft_wrap=True)

    with RunProgress(console) as progress:
        def stage(name: str, detail: str) -> None:
            if not (read_as_shown and name in READ_AS_STAGES):
                progress(name, detail)

        watcher = Watcher(progress=stage, on_event=progress.on_event, network=seller_desks)
        try:
            return execute(run_id, request, database, watcher, resuming=resuming,
                           announce=announce)
        except RunInterrupted:
            report_interrupted(run_id)
            raise typer.Exit(code=INTERRUPTED_EXIT) from None


def _mark_interrupted(log: RationaleLog, run_id: str, request: RunRequest) -> None:
    from ad_buyer.events.log import PLACEHOLDER_NAME, RunStatus

    # Interrupted before its first step, the run is not in the log yet.
    log.start_run(run_id=run_id, name=PLACEHOLDER_NAME, brief_text=request.brief_text)
    log.set_status(run_id, RunStatus.INTERRUPTED,
                   f"interrupted by the user at {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC; "
                   f"resume with: ad-buyer resume {run_id}")


def report_interrupted(run_id: str) -> None:
    console.print(f"Run [bold]{run_id}[/bold] stopped after the step in flight and is "
                  "recorded as interrupted. Nothing after that step was sent to a seller.\n"
                  f"Resume it with: ad-buyer resume {run_id}")


def _status_of(database: Database, run_ids: list[str]) -> dict[str, Any]:
    """DBOS's view of each run's workflow (None for runs that never had one)."""
    from dbos import DBOSClient

    from ad_buyer.durable.engine import system_database_url
    from ad_buyer.durable.workflows import workflow_id

    client = DBOSClient(system_database_url=system_database_url(database.url))
    try:
        found = client.list_workflows(workflow_ids=[workflow_id(r) for r in run_ids])
    finally:
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
    return logged


def runs_command(
    db: Annotated[str | None, typer.Option("--db", help="database URL (default: "
                                           "$AD_BUYER_DATABASE_URL or ./.ad-buyer)")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 20,
) -> None:
    """Every run's state (running, queued, interrupted, completed, failed...), budget and
    committed spend."""
    from ad_buyer.cli.database import open_database
    from ad_buyer.events.log import RationaleLog
    from ad_buyer.models.money import from_micros
    from ad_buyer.reporting.facts import portfolio

    database = open_database(db)
    log = RationaleLog(database)
    runs = log.list_runs(limit)
    if not runs:
        console.print("no runs yet")
        return
    workflows = _status_of(database, [r.id for r in runs])
    table = Table(title="runs", box=None, pad_edge=False)
    widths = {"run": 16, "state": 11, "budget": 10, "committed": 10, "cur": 3, "started": 11}
    for column in ("run", "state", "budget", "committed", "cur", "started", "name"):
        table.add_column(column, justify="right" if column in ("budget", "committed")
                         else "left", no_wrap=True, overflow="ellipsis",
                         min_width=widths.get(column))
    for summary in runs:
        record = log.get_run(summary.id)
        facts = portfolio(record)
        budget = int(record.brief.get("budget_micros") or 0)
        currency = facts.currency
        committed = facts.totals.spend_micros
        state = run_state(summary.status, workflows.get(summary.id), database.url)
        table.add_row(summary.id, state,
                      f"{from_micros(budget):,.2f}" if budget else "-",
                      f"{from_micros(committed):,.2f}", currency,
                      f"{summary.started_at:%m-%d %H:%M}", escape(summary.name))
    console.print(table)


def resume_command(
    run_id: Annotated[str, typer.Argument(help="the run to continue (see: ad-buyer runs)")],
    db: Annotated[str | None, typer.Option("--db", help="database URL (default: "
                                           "$AD_BUYER_DATABASE_URL or ./.ad-buyer)")] = None,
    queue: Annotated[bool, typer.Option(
        "--queue", help="hand it back to the workers (ad-buyer worker) instead of "
                        "continuing it here")] = False,
) -> None:
    """Continue an interrupted run from its last completed step (nothing is booked twice)."""
    from ad_buyer.cli.database import open_database
    from ad_buyer.cli.results import finish_command
    from ad_buyer.durable.workflows import RunRequest
    from ad_buyer.events.log import RationaleLog, RunNotFoundError, RunStatus

    database = open_database(db)
    log = RationaleLog(database)
    try:
        log.get_run(run_id)
    except RunNotFoundError as exc:
        raise typer.BadParameter(f"no run {run_id!r}; see: ad-buyer runs",
                                 param_hint="RUN") from exc
    workflow = _status_of(database, [run_id]).get(run_id)
    if workflow is None:
        raise typer.BadParameter(
            f"run {run_id} stopped before its first step, so nothing was sent to a seller "
            "and there is nothing to resume: run the brief again (with --again)",
            param_hint="RUN")
    state = run_state(log.get_run(run_id).status, workflow, database.url)
    if state != "interrupted":
        console.print(f"Run {run_id} is {state}: there is nothing to resume.")
        raise typer.Exit(code=0 if state in ("completed", "queued") else 1)
    if queue:
        from ad_buyer.durable.queues import requeue_run

        requeue_run(database.url, run_id)
        log.set_status(run_id, RunStatus.RUNNING, "resumed on the campaign queue")
        console.print(f"run [bold]{run_id}[/bold] is back on the queue: a worker continues "
                      "it from its last completed step (ad-buyer runs shows it)")
        return
    console.print(f"resuming run [bold]{run_id}[/bold] from its last completed step")
    log.set_status(run_id, RunStatus.RUNNING, "resumed")
    result = execute_shown(run_id, RunRequest(brief_text="", db_url=database.url), database,
                           resuming=True)
    finish_command(result)
