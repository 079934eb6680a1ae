"""CLI pieces for the crew: ``run``, ``chat`` and ``log list|show|export``.

Mount with::

    app.command("run")(crew_cli.run_command)
    app.command("chat")(crew_cli.chat_command)
    app.add_typer(crew_cli.log_app, name="log")
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ad_buyer.crew import log_cli
from ad_buyer.models.money import from_micros
from ad_buyer.pacing.mode import PacingMode

if TYPE_CHECKING:
    from ad_buyer.crew.run import CampaignRunResult
    from ad_buyer.models.brief import BriefGap

# CrewAI and litellm load only inside the commands that run a model, so
# `ad-buyer --help`, `log`, `pace` and `sandbox` start fast.

console = Console()
log_app = typer.Typer(help="The rationale log: every run and why money went where it went.",
                      no_args_is_help=True)
log_app.command("show")(log_cli.show_command)

DbOption = Annotated[str | None, typer.Option("--db", help="database URL (default: "
                                              "$AD_BUYER_DATABASE_URL or ./.ad-buyer)")]
RegistryOption = Annotated[str | None, typer.Option(
    help="seller registry to buy from; default: the in-process sandbox")]
ReferenceOption = Annotated[str | None, typer.Option(
    help="today's date for reading the brief (default today): resolves years a brief "
         "leaves out, and flights must end after it")]


class BookingChoice(StrEnum):
    BEST_EFFORT = "best_effort"
    ALL_OR_NOTHING = "all_or_nothing"


BookingOption = Annotated[BookingChoice, typer.Option(
    help="how each channel's approved portfolio is booked: best_effort (a failed deal's "
         "money goes to the next-best quotes) or all_or_nothing (every deal of the "
         "channel's portfolio is booked, or every booked one is cancelled)")]
AllowPastOption = Annotated[bool, typer.Option(
    "--allow-past", help="allow a flight that starts before today (for the sandbox's "
                         "simulated time); it must still end after today")]
AgainOption = Annotated[bool, typer.Option(
    "--again", help="run a brief that was already run (it would be bought twice)")]
PacingOption = Annotated[PacingMode, typer.Option(
    help="how pacing acts on the booked deals: manual (default) stores "
         "recommendations for `ad-buyer pace approve`; auto sends changes to the "
         "sellers as pacing cycles decide them")]


# A one-word BRIEF with one of these endings, or with a path separator, names a file.
BRIEF_FILE_SUFFIXES = (".txt", ".md", ".brief", ".text")


def _looks_like_path(source: str) -> bool:
    if not source or any(ch.isspace() for ch in source):
        return False
    return "/" in source or os.sep in source or source.lower().endswith(BRIEF_FILE_SUFFIXES)


def _read_brief(source: str) -> str:
    """The brief's text: stdin for ``-``, a file's content, or ``source`` itself.

    A missing file is refused rather than read as a (gap-ridden) inline brief.
    """
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if path.is_dir():
        raise typer.BadParameter(f"{source!r} is a directory; give a brief file, '-' for "
                                 "stdin, or the brief text in quotes", param_hint="BRIEF")
    if path.is_file():
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise typer.BadParameter(f"brief file {source!r} is not UTF-8 text",
                                     param_hint="BRIEF") from exc
        except OSError as exc:
            raise typer.BadParameter(f"cannot read brief file {source!r}: {exc.strerror}",
                                     param_hint="BRIEF") from exc
    if _looks_like_path(source):
        raise typer.BadParameter(
            f"no brief file {source!r}. Check the path, or pass the brief text itself in "
            "quotes (e.g. '$250k, Q3 2027, CTV, US') or '-' to read stdin",
            param_hint="BRIEF")
    return source  # the brief itself, given inline


def _check_registry(registry_url: str) -> None:
    """Fail fast when ``--registry-url`` does not answer as a registry.

    Discovery treats an unreachable registry as "no sellers" (it fails safe), which
    for a whole run would end in an empty portfolio that looks like a market answer.
    """
    import asyncio

    from ad_buyer.registry.client import RegistryClient, RegistryError

    async def check() -> None:
        async with RegistryClient(registry_url, timeout=10.0) as registry:
            await registry.check()

    try:
        asyncio.run(check())
    except RegistryError as exc:
        console.print(f"[bold red]the seller registry {escape(registry_url)} did not answer "
                      f"as a registry: {escape(str(exc))}.[/bold red] Is it running, and is "
                      "the URL its base (e.g. http://localhost:8080/agent-registry, served by "
                      "`ad-buyer sandbox serve`)? Nothing was run or booked.")
        raise typer.Exit(code=1) from exc


def _reference(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from exc


def _print_gap(gap: BriefGap) -> None:
    console.print("[bold red]The brief cannot be run yet.[/bold red]")
    for issue in gap.issues:
        console.print(f"  - [bold]{issue.field}[/bold] ({issue.kind.value}): "
                      f"{escape(issue.message)}")
    for assumption in gap.assumptions:
        console.print(f"  [dim]assumed: {escape(assumption)}[/dim]")


def _desks(registry_url: str | None, bus: Any) -> Any:
    """Channel desks over real sellers through a registry, or the default sandbox."""
    from ad_buyer.crew.buyer import seller_network

    return seller_network(registry_url, bus)


def nothing_booked(result: CampaignRunResult) -> str | None:
    """One line saying why a (non dry) run booked no deal; None if it booked one."""
    if result.dry_run or result.brief is None:
        return None
    lines = [line for r in result.channel_results for line in r.booked]
    if any(line.get("status") == "booked" for line in lines):
        return None
    reasons = [f"{r.channel.value}: {r.not_booked[0]}" for r in result.channel_results
               if r.not_booked]
    held = sum(1 for line in lines if line.get("status") == "held")
    why = "; ".join(reasons) or "no channel was bought"
    if held:
        why = f"{held} deal(s) held, none booked as agreed; {why}"
    return f"Nothing was booked: {why}"


def shortfalls(result: CampaignRunResult) -> list[str]:
    """One line per channel whose budget was not all used: how much, and why."""
    if result.brief is None or result.allocation is None:
        return []
    by_channel = {r.channel: r for r in result.channel_results}
    verb = "unplanned" if result.dry_run else "unspent"
    lines = []
    for allocation in result.allocation.allocations:
        bought = by_channel.get(allocation.channel)
        used = bought.committed_micros if bought is not None else 0
        left = allocation.amount_micros - used
        if left < 1_000_000:  # less than one unit of the currency
            continue
        if bought is None:
            why = "the channel was not bought"
        elif bought.not_booked:
            why = "; ".join(bought.not_booked)
        else:
            why = ("the deals chosen cost less than the channel's budget and no further "
                   "quote was added")
        lines.append(f"{result.brief.currency} {from_micros(left):,.2f} of the "
                     f"{allocation.channel.value} budget is {verb}: {why}")
    return lines


def print_result(result: CampaignRunResult) -> None:
    """The portfolio table, totals and run id (shared by ``run`` and ``chat``)."""
    from ad_buyer.crew.report import portfolio_renderable
    from ad_buyer.events.log import RunStatus

    if result.brief is None:  # intake failed: no portfolio, but the run is logged
        console.print(f"[bold red]{escape(result.report)}[/bold red]")
        console.print(f"[dim]details: ad-buyer log show {result.run_id}[/dim]")
        return
    console.print(portfolio_renderable(
        result.channel_results, budget_micros=result.brief.budget_micros,
        currency=result.brief.currency, run_id=result.run_id, dry_run=result.dry_run))
    for line in shortfalls(result):
        console.print(escape(line), style="yellow", soft_wrap=True, highlight=False)
    if result.status is not RunStatus.COMPLETED:
        console.print(f"[bold red]{escape(result.report)}[/bold red]")
    if result.pacing_run_id:
        console.print(f"[dim]pacing: ad-buyer pace status {result.pacing_run_id}[/dim]")
    console.print(f"[dim]details: ad-buyer log show {result.run_id}[/dim]")
    if not result.dry_run:
        console.print(f"report: ad-buyer log export {result.run_id} --html", soft_wrap=True,
                      highlight=False)


def run_command(
    brief: Annotated[str, typer.Argument(help="brief file, '-' for stdin, or the text")],
    db: DbOption = None,
    registry_url: RegistryOption = None,
    reference_date: ReferenceOption = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="plan and quote without booking anything")] = False,
    allow_past: AllowPastOption = False,
    again: AgainOption = False,
    pacing: PacingOption = PacingMode.MANUAL,
    booking: BookingOption = BookingChoice.BEST_EFFORT,
) -> None:
    """Run a campaign brief: intake, allocation, delegated guarded buying, logged.

    The run is durable: Ctrl-C stops it after the step in flight, and
    ``ad-buyer resume RUN`` continues it without booking anything twice."""
    from ad_buyer.durable.cli import earlier_runs, execute_shown, refuse_repeat
    from ad_buyer.durable.workflows import RunRequest
    from ad_buyer.events.log import RationaleLog, new_run_id
    from ad_buyer.storage.cli import open_database

    text = _read_brief(brief)
    reference = _reference(reference_date)
    if registry_url:
        _check_registry(registry_url)
    database = open_database(db)
    earlier = earlier_runs(RationaleLog(database), text) if not dry_run else []
    if earlier and not again:
        refuse_repeat(earlier)
    if dry_run:
        console.print("[bold yellow]dry run: planning and quoting only; nothing will be "
                      "booked[/bold yellow]")
    run_id = new_run_id()
    request = RunRequest(brief_text=text, db_url=database.url, registry_url=registry_url,
                         reference_date=reference, allow_past=allow_past, dry_run=dry_run,
                         pacing_mode=pacing, booking_mode=booking.value)
    finish_command(execute_shown(run_id, request, database))
    if dry_run:
        words = ["ad-buyer", "run", brief if brief != "-" else "BRIEF_FILE"]
        for option, value in (("--db", db), ("--registry-url", registry_url),
                              ("--reference-date", reference_date)):
            words += [option, value] if value else []
        words += ["--allow-past"] if allow_past else []
        words += ["--pacing", pacing.value] if pacing is not PacingMode.MANUAL else []
        words += (["--booking", booking.value] if booking is not BookingChoice.BEST_EFFORT
                  else [])
        console.print(f"to book it: {shlex.join(words)}", soft_wrap=True, highlight=False,
                      markup=False)


def finish_command(result: CampaignRunResult) -> None:
    """Print a finished run (shared by ``run`` and ``resume``) and exit with its code."""
    from ad_buyer.events.log import RunStatus

    console.print(f"run [bold]{result.run_id}[/bold]: manager model "
                  f"{escape(result.manager_model)}; specialist model "
                  f"{escape(result.specialist_model)}")
    if result.gap is not None:
        _print_gap(result.gap)
        raise typer.Exit(code=2)
    print_result(result)
    if result.status is not RunStatus.COMPLETED:
        raise typer.Exit(code=1)
    empty = nothing_booked(result)
    if empty is not None:
        console.print(f"[bold red]{escape(empty)}[/bold red]", soft_wrap=True)
        raise typer.Exit(code=1)


def chat_command(
    db: DbOption = None,
    registry_url: RegistryOption = None,
    reference_date: ReferenceOption = None,
    max_shift_pct: Annotated[float, typer.Option(
        help="guard: largest change to any channel from the allocator's plan, in percent "
             "of the budget")] = 25.0,
    allow_past: AllowPastOption = False,
    booking: BookingOption = BookingChoice.BEST_EFFORT,
) -> None:
    """Plan a brief in conversation: answer its gaps, revise the plan, book on 'yes'."""
    from ad_buyer.crew.allocation import GuardLimits
    from ad_buyer.crew.chat import ChatSession
    from ad_buyer.crew.llm import ModelTier, chat_model
    from ad_buyer.crew.seller_check import check_sellers
    from ad_buyer.durable.cli import execute_shown
    from ad_buyer.durable.workflows import RunRequest
    from ad_buyer.events.bus import InMemoryEventBus
    from ad_buyer.events.log import RationaleLog, RunStatus, new_run_id
    from ad_buyer.storage.cli import open_database

    reference = _reference(reference_date)
    if registry_url:
        _check_registry(registry_url)
    database = open_database(db)

    def book(brief: Any, allocation: Any, text: str) -> CampaignRunResult:
        run_id = new_run_id()
        request = RunRequest(brief_text=text, db_url=database.url, registry_url=registry_url,
                             reference_date=reference, allow_past=allow_past, brief=brief,
                             allocation=allocation, booking_mode=booking.value)
        result = execute_shown(run_id, request, database)
        print_result(result)
        return result

    session = ChatSession(
        console=console, lines=iter(sys.stdin), model=chat_model(ModelTier.SPECIALIST),
        log=RationaleLog(database), book=book, reference_date=reference,
        limits=GuardLimits(max_shift_pct=Decimal(str(max_shift_pct))), allow_past=allow_past,
        check_sellers=lambda brief: check_sellers(_desks(registry_url, InMemoryEventBus()),
                                                  brief))
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
    from ad_buyer.events.log import RationaleLog
    from ad_buyer.storage.cli import open_database

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
    from ad_buyer.crew.handoff import pacing_history
    from ad_buyer.crew.log_html import export_html
    from ad_buyer.events.log import RationaleLog, RunNotFoundError
    from ad_buyer.storage.cli import open_database

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
