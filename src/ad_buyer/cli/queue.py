"""``ad-buyer enqueue`` and ``ad-buyer worker``: runs on a queue, taken by workers.

``enqueue`` puts a brief on the campaign queue as a run (``campaign-<run id>``,
the workflow ``ad-buyer run`` would start), after the same already-run guard;
``ad-buyer runs`` shows it queued, then running and done. ``worker`` takes
queued runs and scheduled pacing ticks until SIGINT/SIGTERM. Workers on one
Postgres database (on any number of machines) share the queue; on a SQLite
database one worker serves it, on the machine that holds the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ad_buyer.cli.options import (
    AgainOption,
    DbOption,
    VerboseProgressOption,
    takes_run_options,
)

if TYPE_CHECKING:
    from ad_buyer.durable.run_options import RunOptions

console = Console()


@takes_run_options()
def enqueue_command(
    briefs: Annotated[list[str], typer.Argument(
        help="brief file(s), '-' for stdin, or the text; several are queued in turn")],
    db: DbOption = None,
    again: AgainOption = False,
    per_line: Annotated[bool, typer.Option(
        "--per-line", help="each BRIEF file (or '-', stdin) holds one brief per line; "
                           "blank lines are skipped")] = False,
    *,
    options: RunOptions,
) -> None:
    """Put campaign briefs on the queue as runs; workers (ad-buyer worker) run them.

    A brief already run is not queued again (without --again); the others still are,
    and the command then exits 2."""
    from ad_buyer.cli.briefs import check_registry, read_brief, repeat_message
    from ad_buyer.cli.database import check_durable_url, open_database
    from ad_buyer.cli.results import refuse_gaps_early
    from ad_buyer.durable.queues import queue_run
    from ad_buyer.durable.run_states import earlier_runs
    from ad_buyer.durable.workflows import RunRequest
    from ad_buyer.events.log import RationaleLog, new_run_id

    texts = [text for source in briefs
             for text in (read_brief(source).splitlines() if per_line
                          else [read_brief(source)]) if text.strip()]
    if not texts:
        raise typer.BadParameter("no brief to queue", param_hint="BRIEF")
    if options.registry_url:
        check_registry(options.registry_url)
    database = open_database(db)
    check_durable_url(database.url)
    # A brief with gaps is not queued, and every brief is read before any is queued. Its
    # reading is shown only to explain a refusal: the worker that runs the brief shows it.
    for text in texts:
        refuse_gaps_early(text, reference_date=options.reference_date,
                          allow_past=options.allow_past, show_reading=False)
    log = RationaleLog(database)
    refused = 0
    for text in texts:
        earlier = earlier_runs(log, text)
        if earlier and not again:
            console.print(repeat_message(earlier), soft_wrap=True)
            refused += 1
            continue
        run_id = new_run_id()
        request = RunRequest.of(options, brief_text=text, db_url=database.url)
        try:
            queue_run(database, run_id, request)
        except Exception as exc:
            console.print(f"[bold red]run {run_id} could not be queued: {escape(str(exc))}"
                          "[/bold red]")
            raise typer.Exit(code=1) from exc
        console.print(f"run [bold]{run_id}[/bold] queued: a worker will take it "
                      f"(ad-buyer worker --db ...). State: ad-buyer runs; details: "
                      f"ad-buyer log show {run_id}")
    if len(texts) > 1:
        console.print(f"{len(texts) - refused} of {len(texts)} brief(s) queued")
    if not options.registry_url:
        console.print("[yellow]no --registry-url: the worker that takes it buys from its "
                      "own in-process sandbox[/yellow]")
    if refused:
        raise typer.Exit(code=2)


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
    verbose: VerboseProgressOption = False,
) -> None:
    """Take queued campaigns and run scheduled pacing until stopped (Ctrl-C, SIGTERM).

    Workers on one Postgres database share the queue and the pacing schedule; a
    SQLite database takes one worker."""
    from dbos import error as dbos_error

    from ad_buyer.cli.database import check_durable_url, open_database
    from ad_buyer.cli.runs import specialist_roles
    from ad_buyer.clients.seller_slots import per_seller_limit
    from ad_buyer.durable.pacing_schedule import schedule_from
    from ad_buyer.durable.recovery import DEFAULT_RECOVER_EVERY_S
    from ad_buyer.durable.worker import WorkerBusy, WorkerOptions, serve
    from ad_buyer.durable.worker_console import StampedConsole, stamp_log_lines

    console = StampedConsole()  # every worker line carries its time, log lines too
    stamp_log_lines()

    database = open_database(db)
    check_durable_url(database.url)
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
                                               or DEFAULT_RECOVER_EVERY_S,
                                               verbose=verbose,
                                               specialists=specialist_roles() if verbose
                                               else {}), console)
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
