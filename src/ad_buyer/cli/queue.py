"""``ad-buyer enqueue`` and ``ad-buyer worker``: runs on a queue, taken by workers.

``enqueue`` puts a brief on the campaign queue as a run (``campaign-<run id>``,
the workflow ``ad-buyer run`` would start), after the same already-run guard;
``ad-buyer runs`` shows it queued, then running and done. ``worker`` takes
queued runs and scheduled pacing ticks until SIGINT/SIGTERM. Workers on one
Postgres database (on any number of machines) share the queue; on a SQLite
database one worker serves it, on the machine that holds the file.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ad_buyer.cli.options import (
    AgainOption,
    AllowPastOption,
    BookingChoice,
    BookingOption,
    DbOption,
    PacingOption,
    ReferenceOption,
    RegistryOption,
)
from ad_buyer.pacing.mode import PacingMode

console = Console()


def _durable_url(url: str, hint: str = "--db") -> None:
    from ad_buyer.durable.engine import EngineConfigError, system_database_url

    try:
        system_database_url(url)
    except EngineConfigError as exc:
        raise typer.BadParameter(str(exc), param_hint=hint) from exc


def enqueue_command(
    brief: Annotated[str, typer.Argument(help="brief file, '-' for stdin, or the text")],
    db: DbOption = None,
    registry_url: RegistryOption = None,
    reference_date: ReferenceOption = None,
    allow_past: AllowPastOption = False,
    again: AgainOption = False,
    pacing: PacingOption = PacingMode.MANUAL,
    booking: BookingOption = BookingChoice.BEST_EFFORT,
) -> None:
    """Put a campaign brief on the queue as a run; a worker (ad-buyer worker) runs it."""
    from ad_buyer.cli.briefs import (
        check_registry,
        earlier_runs,
        parse_reference_date,
        read_brief,
        refuse_repeat,
    )
    from ad_buyer.cli.database import open_database
    from ad_buyer.cli.results import refuse_gaps_early
    from ad_buyer.durable.queues import enqueue_run
    from ad_buyer.durable.workflows import RunRequest
    from ad_buyer.events.log import PLACEHOLDER_NAME, RationaleLog, RunStatus, new_run_id

    text = read_brief(brief)
    reference = parse_reference_date(reference_date)
    if registry_url:
        check_registry(registry_url)
    database = open_database(db)
    _durable_url(database.url)
    # A brief with gaps is not queued. Its reading is shown only to explain a refusal:
    # the worker that runs the brief shows it.
    refuse_gaps_early(text, reference_date=reference, allow_past=allow_past,
                      show_reading=False)
    log = RationaleLog(database)
    earlier = earlier_runs(log, text)
    if earlier and not again:
        refuse_repeat(earlier)
    run_id = new_run_id()
    request = RunRequest(brief_text=text, db_url=database.url, registry_url=registry_url,
                         reference_date=reference, allow_past=allow_past, pacing_mode=pacing,
                         booking_mode=booking.value)
    # Logged first, so the run is listed (as queued) and a second enqueue is refused.
    log.start_run(run_id=run_id, name=PLACEHOLDER_NAME, brief_text=text)
    try:
        enqueue_run(database.url, run_id, request.model_dump_json())
    except Exception as exc:
        log.finish_run(run_id, RunStatus.FAILED, f"could not be queued: {exc}")
        console.print(f"[bold red]run {run_id} could not be queued: {escape(str(exc))}"
                      "[/bold red]")
        raise typer.Exit(code=1) from exc
    console.print(f"run [bold]{run_id}[/bold] queued: a worker will take it "
                  f"(ad-buyer worker --db ...). State: ad-buyer runs; details: "
                  f"ad-buyer log show {run_id}")
    if not registry_url:
        console.print("[yellow]no --registry-url: the worker that takes it buys from its "
                      "own in-process sandbox[/yellow]")


def worker_command(
    db: DbOption = None,
    concurrency: Annotated[int | None, typer.Option(
        min=1, help="campaigns each worker runs at once. A setting of the shared queue: "
                    "the last worker started with it sets it for all (default: as set "
                    "before, else 4)")] = None,
    per_seller: Annotated[int | None, typer.Option(
        min=1, help="requests in flight per seller, across every process on this "
                    "database (default: $AD_BUYER_SELLER_CONCURRENCY, else 4); give "
                    "every process the same")] = None,
    pacing_every: Annotated[str | None, typer.Option(
        help="pace live campaigns at this interval instead of daily: 2s, 5m, 1h "
             "(for tests and demos)")] = None,
    pacing_at: Annotated[str | None, typer.Option(
        help="pace live campaigns daily at HH:MM UTC (default 06:00, or "
             "$AD_BUYER_PACING_CRON)")] = None,
    recover_every: Annotated[float | None, typer.Option(
        min=0.5, help="seconds between looks for runs a dead worker left pending, "
                      "which this worker puts back on the queue (default 10)")] = None,
) -> None:
    """Take queued campaigns and run scheduled pacing until stopped (Ctrl-C, SIGTERM).

    Workers on one Postgres database share the queue and the pacing schedule; a
    SQLite database takes one worker."""
    from dbos import error as dbos_error

    from ad_buyer.cli.database import open_database
    from ad_buyer.clients.seller_slots import per_seller_limit
    from ad_buyer.durable.pacing_schedule import schedule_from
    from ad_buyer.durable.recovery import DEFAULT_RECOVER_EVERY_S
    from ad_buyer.durable.worker import WorkerBusy, WorkerOptions, serve

    database = open_database(db)
    _durable_url(database.url)
    try:
        schedule = schedule_from(pacing_every, pacing_at)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--pacing-every / --pacing-at") from exc
    try:
        limit = per_seller or per_seller_limit()
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--per-seller") from exc
    try:
        report = serve(database, WorkerOptions(campaigns_per_worker=concurrency,
                                               per_seller=limit, schedule=schedule,
                                               recover_every_s=recover_every
                                               or DEFAULT_RECOVER_EVERY_S), console)
    except WorkerBusy as exc:
        console.print(f"[bold red]{escape(str(exc))}[/bold red]")
        raise typer.Exit(code=2) from exc
    except dbos_error.DBOSException as exc:
        console.print(f"[bold red]the worker cannot start: {escape(str(exc))}[/bold red]")
        raise typer.Exit(code=2) from exc
    console.print(f"worker stopped: {report.in_flight} run(s) were in flight.")
    for run_id in report.interrupted:
        console.print(f"  {run_id} interrupted after its step in flight; resume: ad-buyer "
                      f"resume {run_id} (here) or ad-buyer resume {run_id} --queue (a worker)")
