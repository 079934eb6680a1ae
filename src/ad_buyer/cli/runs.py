"""Commands over durable runs: run one (and stop it cleanly), list them, resume one.

``execute`` is what ``ad-buyer run`` and ``chat`` use: the run is a DBOS
workflow started (or resumed) in this process. Ctrl-C cancels the workflow:
the step in flight finishes, nothing after it starts, the run is recorded as
interrupted, and the command prints how to resume (exit 130).
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ad_buyer.cli.options import VerboseProgressOption

if TYPE_CHECKING:
    from ad_buyer.crew.run import CampaignRunResult
    from ad_buyer.durable.workflows import RunRequest, Watcher
    from ad_buyer.events.log import RationaleLog
    from ad_buyer.storage.db import Database

logger = logging.getLogger(__name__)
console = Console()

INTERRUPTED_EXIT = 130
# How long a command stopped by its storage waits for the step in flight.
STORAGE_STOP_S = 1
# The run's progress stages that show how the brief was read.
READ_AS_STAGES = ("intake", "read as")


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
    from ad_buyer.durable.queues import here_queue, here_queue_name
    from ad_buyer.durable.run_wait import wait_for_result
    from ad_buyer.events.log import RationaleLog
    from ad_buyer.storage.faults import FaultWatch, StorageFailure, classify

    log = RationaleLog(database)
    _import_crew_meanwhile()
    if not resuming:
        from ad_buyer.durable.queues import submit_here

        submit_here(run_id, request, database)
        if announce is not None:
            announce(run_id)
    else:
        from ad_buyer.durable.queues import declare_here_queue

        declare_here_queue(database.url)
    workflows.watch(run_id, watcher)
    FaultWatch.install()
    FaultWatch.clear()
    outcome: str | None = None
    failure: StorageFailure | None = None
    try:
        with durable_engine(database.url, queues=(here_queue_name(),)) as stop, \
                here_queue() as here:
            handle = (workflows.resume(run_id, here) if resuming
                      else DBOS.retrieve_workflow(workflows.workflow_id(run_id)))
            try:
                outcome = wait_for_result(handle, run_id, finished=watcher.finished)
                stop.wait_s = 0  # the run's workflow has ended: nothing is in flight
            except StorageFailure as failed:
                # Its steps fail at their next write: wait no longer than for one to.
                stop.wait_s = STORAGE_STOP_S
                failure = failed
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
    except Exception as exc:
        # Starting or stopping the engine on failed storage fails too: one failure.
        fault = classify(exc)
        if failure is None and fault is None:
            raise
        failure = failure or StorageFailure(fault, run_id=run_id)  # type: ignore[arg-type]
        logger.debug("the engine stopped on failed storage", exc_info=True)
    finally:
        workflows.unwatch(run_id)
    if failure is not None:
        raise failure
    assert outcome is not None  # every path without a result raised
    from ad_buyer.crew.run import CampaignRunResult

    return CampaignRunResult.model_validate_json(outcome)


def _import_crew_meanwhile() -> None:
    """Import the crew (CrewAI alone takes seconds) on a thread while this one records
    the run and starts the engine, so their disk syncs and the engine's first look at
    its queue overlap the import. The workflow's own import of the crew waits for this
    one; one that fails here fails there again, and is reported there."""
    def load() -> None:
        try:
            importlib.import_module("ad_buyer.crew.run")
        except Exception:
            logger.debug("importing the crew ahead failed", exc_info=True)

    threading.Thread(target=load, name="ad-buyer-crew-import", daemon=True).start()


def execute_shown(run_id: str, request: RunRequest, database: Database, *,
                  resuming: bool = False, read_as_shown: bool = False,
                  verbose: bool = False) -> CampaignRunResult:
    """:func:`execute` with the run's progress on the console; Ctrl-C prints how to
    resume and exits 130. ``read_as_shown``: the command showed the brief's reading
    already (the run's own intake lines are not repeated); ``verbose``: progress names
    the agents and tools (by default it is in a planner's words)."""
    from ad_buyer.cli.briefs import seller_desks
    from ad_buyer.durable.storage_stop import exit_now, report_storage_failure
    from ad_buyer.durable.workflows import Watcher
    from ad_buyer.reporting.progress import RunProgress
    from ad_buyer.storage.faults import STORAGE_EXIT, StorageFailure

    def announce(run_id: str) -> None:
        console.print(f"run [bold]{run_id}[/bold]: started; if it stops, continue it with: "
                      f"ad-buyer resume {run_id}", soft_wrap=True)

    with RunProgress(console, verbose=verbose,
                     specialists=specialist_roles() if verbose else None) as progress:
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
        except StorageFailure as failure:
            report_storage_failure(console, failure, database)
            exit_now(STORAGE_EXIT)


def specialist_roles() -> dict[str, str]:
    """Each channel's specialist's role, as the crew's definitions name it."""
    from ad_buyer.crew.definitions import load_definitions
    from ad_buyer.definition_files import definitions_root

    agents = load_definitions(definitions_root()).agents.values()
    return {channel.value: agent.role for agent in agents for channel in agent.channels}


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


def runs_command(
    db: Annotated[str | None, typer.Option("--db", help="database URL (default: "
                                           "$AD_BUYER_DATABASE_URL or ./.ad-buyer)")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 20,
    by_state: Annotated[bool, typer.Option(
        "--state", help="how many runs are in each state, and the queue depth")] = False,
) -> None:
    """Every run's state (running, queued, interrupted, completed, over_budget, failed...),
    budget, what a dry run planned, what is committed at sellers, and what is held with
    an unknown outcome (a chat that has not booked has no money: its booking is a run)."""
    from ad_buyer.cli.database import open_database
    from ad_buyer.durable.run_states import run_state, shown_state, status_of
    from ad_buyer.events.log import RationaleLog
    from ad_buyer.models.money import from_micros
    from ad_buyer.reporting.facts import currency_of
    from ad_buyer.reporting.run_money import run_money

    database = open_database(db)
    if by_state:
        from ad_buyer.cli.workers import print_states

        print_states(database)
        return
    log = RationaleLog(database)
    runs = log.list_runs(limit)
    if not runs:
        console.print("no runs yet")
        return
    workflows = status_of(database, [r.id for r in runs])
    table = Table(title="runs", box=None, pad_edge=False)
    money_columns = ("budget", "planned", "committed", "held")
    widths = {"run": 16, "state": 11, "budget": 10, "planned": 10, "committed": 10,
              "held": 8, "cur": 3, "started": 11}
    for column in ("run", "state", *money_columns, "cur", "started", "name"):
        table.add_column(column, justify="right" if column in money_columns else "left",
                         no_wrap=True, overflow="ellipsis", min_width=widths.get(column))

    def amount(micros: int, shown: bool = True) -> str:
        return f"{from_micros(micros):,.2f}" if shown else "-"

    for summary in runs:
        record = log.get_run(summary.id)
        money = run_money(record)
        budget = int(record.brief.get("budget_micros") or 0)
        state = shown_state(run_state(summary.status, workflows.get(summary.id), database.url),
                            money.committed_micros)
        if money.kind == "dry run":  # planned, never bought
            state = "dry run" if state == "completed" else f"{state} (dry run)"
        elif money.kind == "chat":  # the conversation; a run it booked is its own row
            state = "chat"
        is_run = money.kind == "run"
        table.add_row(summary.id, state, amount(budget, bool(budget)),
                      amount(money.planned_micros, money.kind == "dry run"),
                      amount(money.committed_micros, is_run),
                      amount(money.held_micros, is_run), currency_of(record),
                      f"{summary.started_at:%m-%d %H:%M}", escape(summary.name))
    console.print(table)


def resume_command(
    run_id: Annotated[str, typer.Argument(help="the run to continue (see: ad-buyer runs)")],
    db: Annotated[str | None, typer.Option("--db", help="database URL (default: "
                                           "$AD_BUYER_DATABASE_URL or ./.ad-buyer)")] = None,
    queue: Annotated[bool, typer.Option(
        "--queue", help="hand it back to the workers (ad-buyer worker) instead of "
                        "continuing it here")] = False,
    verbose: VerboseProgressOption = False,
) -> None:
    """Continue an interrupted run from its last completed step (nothing is booked twice)."""
    from ad_buyer.cli.database import open_database
    from ad_buyer.cli.results import finish_command
    from ad_buyer.durable.run_states import run_state, status_of
    from ad_buyer.durable.workflows import RunRequest
    from ad_buyer.events.log import RationaleLog, RunNotFoundError, RunStatus

    database = open_database(db)
    log = RationaleLog(database)
    try:
        log.get_run(run_id)
    except RunNotFoundError as exc:
        raise typer.BadParameter(f"no run {run_id!r}; see: ad-buyer runs",
                                 param_hint="RUN") from exc
    workflow = status_of(database, [run_id]).get(run_id)
    if workflow is None:
        raise typer.BadParameter(
            f"run {run_id} stopped before its first step, so nothing was sent to a seller "
            "and there is nothing to resume: run the brief again (with --again)",
            param_hint="RUN")
    record = log.get_run(run_id)
    state = run_state(record.status, workflow, database.url)
    if state != record.status and str(workflow.status) in ("SUCCESS", "ERROR"):
        # Its workflow ended after a resume set it running: the log says how again.
        log.set_status(run_id, RunStatus(state), record.outcome)
    if state != "interrupted":
        console.print(f"Run {run_id} is {state}: there is nothing to resume.")
        raise typer.Exit(code=0 if state in ("completed", "queued") else 1)
    if queue:
        from ad_buyer.durable.queues import hand_to_workers

        hand_to_workers(database, run_id)
        console.print(f"run [bold]{run_id}[/bold] is back on the queue: a worker continues "
                      "it from its last completed step (ad-buyer runs shows it)")
        return
    console.print(f"resuming run [bold]{run_id}[/bold] from its last completed step")
    log.set_status(run_id, RunStatus.RUNNING, "resumed")
    result = execute_shown(run_id, RunRequest(brief_text="", db_url=database.url), database,
                           resuming=True, verbose=verbose)
    from ad_buyer.reporting.review import load_review

    finish_command(result, load_review(log, run_id))
