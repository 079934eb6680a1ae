"""``ad-buyer run``, ``chat`` and ``log list|show|export`` (mounted in :mod:`ad_buyer.cli.main`)."""

from __future__ import annotations

import re
import shlex
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ad_buyer.cli import briefs
from ad_buyer.cli import log as log_cli
from ad_buyer.cli.briefs import check_registry, parse_reference_date, read_brief
from ad_buyer.cli.options import (
    AgainOption,
    AllowPastOption,
    BookingChoice,
    BookingOption,
    DbOption,
    ReferenceOption,
    RegistryOption,
    VerboseProgressOption,
    takes_run_options,
)
from ad_buyer.cli.results import finish_command, print_result, refuse_gaps_early

if TYPE_CHECKING:
    from ad_buyer.crew.run import CampaignRunResult
    from ad_buyer.durable.run_options import RunOptions

# CrewAI and litellm load only inside the commands that run a model, so
# `ad-buyer --help`, `log`, `pace` and `sandbox` start fast.

console = Console()
log_app = typer.Typer(help="The rationale log: every run and why money went where it went.",
                      no_args_is_help=True)
log_app.command("show")(log_cli.show_command)


@takes_run_options(sellers=True)
def run_command(
    brief: Annotated[str, typer.Argument(help="brief file, '-' for stdin, or the text")],
    db: DbOption = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="plan and quote without booking anything")] = False,
    again: AgainOption = False,
    verbose: VerboseProgressOption = False,
    *,
    options: RunOptions,
) -> None:
    """Run a campaign brief: intake, allocation, delegated guarded buying, logged.

    The run is durable: Ctrl-C stops it after the step in flight, and
    ``ad-buyer resume RUN`` continues it without booking anything twice."""
    text = read_brief(brief)
    # Before the database, the durable engine or the crew is loaded: a refusal is instant.
    read_early = refuse_gaps_early(text, reference_date=options.reference_date,
                                   allow_past=options.allow_past)

    from ad_buyer.cli.briefs import refuse_repeat
    from ad_buyer.cli.database import open_database
    from ad_buyer.cli.runs import execute_shown
    from ad_buyer.durable.run_states import earlier_runs
    from ad_buyer.durable.workflows import RunRequest
    from ad_buyer.events.log import RationaleLog, new_run_id

    if options.registry_url or options.seller_urls:
        check_registry(options.registry_url, options.seller_urls)
    database = open_database(db)
    earlier = earlier_runs(RationaleLog(database), text) if not dry_run else []
    if earlier and not again:
        refuse_repeat(earlier)
    if dry_run:
        console.print("[bold yellow]dry run: planning and quoting only; nothing will be "
                      "booked[/bold yellow]")
    run_id = new_run_id()
    request = RunRequest.of(options, brief_text=text, db_url=database.url, dry_run=dry_run)
    from ad_buyer.reporting.review import load_review

    result = execute_shown(run_id, request, database, read_as_shown=read_early,
                           verbose=verbose)
    finish_command(result, load_review(RationaleLog(database), run_id))
    if dry_run:
        console.print(f"to book it: {shlex.join(booking_command(brief, db, options))}",
                      soft_wrap=True, highlight=False, markup=False)


def booking_command(brief: str, db: str | None, options: RunOptions) -> list[str]:
    """The ``ad-buyer run`` words that book what a dry run with these options planned."""
    return ["ad-buyer", "run", brief if brief != "-" else "BRIEF_FILE",
            *(["--db", db] if db else []), *options.command_words()]


def chat_command(
    db: DbOption = None,
    registry_url: RegistryOption = None,
    reference_date: ReferenceOption = None,
    max_shift_pct: Annotated[float, typer.Option(
        help="guard: largest change to any channel from the allocator's plan, in percent "
             "of the budget")] = 25.0,
    allow_past: AllowPastOption = False,
    booking: BookingOption = BookingChoice.BEST_EFFORT,
    verbose: VerboseProgressOption = False,
) -> None:
    """Plan a brief in conversation: answer its gaps, revise the plan, book on 'yes'."""
    from ad_buyer.cli.chat import ChatSession
    from ad_buyer.cli.database import open_database
    from ad_buyer.cli.runs import execute_shown
    from ad_buyer.durable.workflows import RunRequest
    from ad_buyer.events.bus import InMemoryEventBus
    from ad_buyer.events.log import RationaleLog, RunStatus, new_run_id
    from ad_buyer.guards.allocation import GuardLimits
    from ad_buyer.intake.seller_check import check_sellers
    from ad_buyer.llm.gateway import ModelTier, chat_model

    reference = parse_reference_date(reference_date)
    if registry_url:
        check_registry(registry_url)
    database = open_database(db)

    def book(brief: Any, allocation: Any, text: str) -> CampaignRunResult:
        run_id = new_run_id()
        request = RunRequest(brief_text=text, db_url=database.url, registry_url=registry_url,
                             reference_date=reference, allow_past=allow_past, brief=brief,
                             allocation=allocation, booking_mode=booking.value)
        from ad_buyer.reporting.review import load_review

        result = execute_shown(run_id, request, database, verbose=verbose)
        print_result(result, load_review(RationaleLog(database), run_id))
        return result

    session = ChatSession(
        console=console, lines=iter(sys.stdin), model=chat_model(ModelTier.SPECIALIST),
        log=RationaleLog(database), book=book, reference_date=reference,
        limits=GuardLimits(max_shift_pct=Decimal(str(max_shift_pct))), allow_past=allow_past,
        check_sellers=lambda brief: check_sellers(
            briefs.seller_desks(registry_url, InMemoryEventBus()), brief))
    code = session.run()
    booked = session.booked
    if booked is not None and booked.status is not RunStatus.COMPLETED:
        code = 1
    if code:
        raise typer.Exit(code=code)


@log_app.command("list")
def log_list(db: DbOption = None,
             limit: Annotated[int, typer.Option(min=1)] = 20) -> None:
    """The latest runs."""
    from ad_buyer.cli.database import open_database
    from ad_buyer.events.log import RationaleLog

    runs = RationaleLog(open_database(db)).list_runs(limit)
    table = Table(title="runs")
    for column in ("run", "name", "status", "manager model", "started", "entries"):
        table.add_column(column, no_wrap=column in ("run", "started"))
    for run in runs:
        table.add_row(run.id, run.name, run.status, run.manager_model,
                      f"{run.started_at:%Y-%m-%d %H:%M}", str(run.entry_count))
    console.print(table if runs else "no runs yet")


def default_report_path(run_id: str) -> Path:
    """``$AD_BUYER_HOME/reports/<run>.html``: the same home as the default database."""
    from ad_buyer.storage.home import home_dir

    return home_dir() / "reports" / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', run_id)}.html"


@log_app.command("export")
def log_export(run_id: str, db: DbOption = None,
               html: Annotated[bool, typer.Option("--html", help="self-contained HTML")] = False,
               out: Annotated[Path | None, typer.Option(
                   help="file to write, '-' for stdout (default: HTML to "
                        "$AD_BUYER_HOME/reports/RUN.html, JSON to stdout)")] = None) -> None:
    """Export a run: ``--html`` for a self-contained page (written to a file), else JSON."""
    from ad_buyer.cli.database import open_database
    from ad_buyer.crew.handoff import pacing_history
    from ad_buyer.events.log import RationaleLog, RunNotFoundError
    from ad_buyer.reporting.html import export_html

    database = open_database(db)
    try:
        run = RationaleLog(database).get_run(run_id)
    except RunNotFoundError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=1) from exc
    if html:
        text = export_html(run, pacing=pacing_history(database, run_id))
        out = out or default_report_path(run.id)
    else:
        text = run.model_dump_json(indent=2)
    if out is None or str(out) == "-":
        sys.stdout.write(text)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    console.print(f"wrote {out}")


app = typer.Typer(help="ad-buyer crew commands", no_args_is_help=True)
app.command("run")(run_command)
app.command("chat")(chat_command)
app.add_typer(log_app, name="log")
