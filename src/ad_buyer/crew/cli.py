"""CLI pieces for the crew: ``run``, ``chat`` and ``log list|show|export``.

Mount with::

    app.command("run")(crew_cli.run_command)
    app.command("chat")(crew_cli.chat_command)
    app.add_typer(crew_cli.log_app, name="log")
"""

from __future__ import annotations

import os
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ad_buyer.crew.allocation import (
    AllocationAdjustment,
    AllocationError,
    AllocationGuardError,
    AllocationMove,
    AllocationProposal,
    GuardLimits,
    adjust_allocation,
    propose_allocation,
)
from ad_buyer.crew.intake import extract_brief
from ad_buyer.crew.llm import ModelTier, chat_model
from ad_buyer.events.log import RationaleLog, RunNotFoundError, RunStatus
from ad_buyer.models.brief import BriefGap, CampaignBrief, Channel
from ad_buyer.models.money import from_micros
from ad_buyer.storage.db import Database

console = Console()
log_app = typer.Typer(help="The rationale log: every run and why money went where it went.",
                      no_args_is_help=True)

DbOption = Annotated[str | None, typer.Option("--db", help="database URL (default: "
                                              "$AD_BUYER_DATABASE_URL or ./.ad-buyer)")]
API_KEY_ENV = "AD_BUYER_API_KEY"


def _read_brief(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    return source  # the brief itself, given inline


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
        console.print(f"  - [bold]{issue.field}[/bold] ({issue.kind.value}): {issue.message}")
    for assumption in gap.assumptions:
        console.print(f"  [dim]assumed: {assumption}[/dim]")


def _allocation_table(proposal: AllocationProposal) -> Table:
    table = Table(title=f"Allocation ({proposal.source})")
    table.add_column("channel")
    table.add_column(f"amount {proposal.currency}", justify="right")
    table.add_column("share", justify="right")
    for a in proposal.allocations:
        share = Decimal(a.amount_micros) * 100 / proposal.budget_micros
        table.add_row(a.channel.value, f"{a.amount:,.2f}", f"{share:.2f}%")
    return table


def run_command(
    brief: Annotated[str, typer.Argument(help="brief file, '-' for stdin, or the text")],
    db: DbOption = None,
    registry_url: Annotated[str | None, typer.Option(
        help="seller registry to buy from; default: the in-process sandbox")] = None,
    reference_date: Annotated[str | None, typer.Option(
        help="date that resolves years a brief leaves out (default today)")] = None,
) -> None:
    """Run a campaign brief: intake, allocation, delegated guarded buying, logged."""
    from ad_buyer.crew.buyer import buyer_for_registry, buyer_for_sandbox
    from ad_buyer.crew.run import run_campaign
    from ad_buyer.events.bus import InMemoryEventBus

    text = _read_brief(brief)
    bus = InMemoryEventBus()
    api_key = os.environ.get(API_KEY_ENV)
    buyer = (buyer_for_registry(registry_url, bus, api_key) if registry_url
             else buyer_for_sandbox(bus, api_key or "sandbox-demo-key"))
    result = run_campaign(text, buyer=buyer, db=Database(db), bus=bus,
                          reference_date=_reference(reference_date))
    console.print(f"run [bold]{result.run_id}[/bold]: manager model {result.manager_model}; "
                  f"specialist model {result.specialist_model}")
    if result.gap is not None:
        _print_gap(result.gap)
        raise typer.Exit(code=2)
    if result.allocation is not None:
        console.print(_allocation_table(result.allocation))
    console.print(result.report)
    console.print(f"[dim]details: ad-buyer log show {result.run_id}[/dim]")
    if result.status is not RunStatus.COMPLETED:
        raise typer.Exit(code=1)


def _parse_move(parts: list[str], proposal: AllocationProposal) -> AllocationAdjustment:
    if len(parts) < 4:
        raise ValueError("usage: move PERCENT FROM_CHANNEL TO_CHANNEL RATIONALE...")
    try:
        percent = Decimal(parts[0])
        source, target = Channel(parts[1]), Channel(parts[2])
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"cannot read that move: {exc}") from exc
    if percent <= 0:
        raise ValueError("the percent must be positive")
    return AllocationAdjustment.by_percent(proposal.budget_micros, [(source, target, percent)],
                                           " ".join(parts[3:]))


def chat_command(
    reference_date: Annotated[str | None, typer.Option(
        help="date that resolves years a brief leaves out (default today)")] = None,
    max_shift_pct: Annotated[float, typer.Option(
        help="guard: largest change to any channel, in percent of the budget")] = 10.0,
) -> None:
    """Talk a brief through: paste it, see the gaps or the split, adjust within guards."""
    model = chat_model(ModelTier.SPECIALIST)
    console.print(f"brief intake model: {model.choice.label}")
    console.print("Paste the brief, then an empty line:")
    lines: list[str] = []
    for line in sys.stdin:
        if not line.strip():
            break
        lines.append(line)
    reading = extract_brief("".join(lines), model, reference_date=_reference(reference_date))
    if isinstance(reading, BriefGap):
        _print_gap(reading)
        raise typer.Exit(code=2)
    brief: CampaignBrief = reading
    console.print(f"[bold]{brief.summary()}[/bold]")
    for assumption in brief.assumptions:
        console.print(f"  [dim]assumed: {assumption}[/dim]")
    try:
        proposal = propose_allocation(brief)
    except AllocationError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=1) from exc
    limits = GuardLimits(max_shift_pct=Decimal(str(max_shift_pct)))
    current = proposal
    applied: list[AllocationMove] = []
    reasons: list[str] = []
    console.print(_allocation_table(current))
    console.print("Commands: move PERCENT FROM TO RATIONALE | show | reset | quit")
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        command, args = parts[0].lower(), parts[1:]
        if command in {"quit", "exit"}:
            break
        if command == "show":
            console.print(_allocation_table(current))
        elif command == "reset":
            current, applied, reasons = proposal, [], []
            console.print(_allocation_table(current))
        elif command == "move":
            try:
                # Guards apply to all moves against the allocator's proposal together,
                # so small moves cannot add up past them.
                move = _parse_move(args, proposal)
                current = adjust_allocation(proposal, AllocationAdjustment(
                    moves=[*applied, *move.moves],
                    rationale="; ".join([*reasons, move.rationale])), limits)
                applied += move.moves
                reasons.append(move.rationale)
                console.print(_allocation_table(current))
            except (ValueError, AllocationGuardError) as exc:
                console.print(f"[red]{exc}[/red]", soft_wrap=True)
        else:
            console.print(f"[red]unknown command {command!r}[/red]")
    console.print(f"final split ({current.source}): " + ", ".join(
        f"{a.channel.value} {from_micros(a.amount_micros):,.2f}" for a in current.allocations),
        soft_wrap=True)


@log_app.command("list")
def log_list(db: DbOption = None,
             limit: Annotated[int, typer.Option(min=1)] = 20) -> None:
    """The latest runs."""
    runs = RationaleLog(Database(db)).list_runs(limit)
    table = Table(title="runs")
    for column in ("run", "name", "status", "manager model", "started", "entries"):
        table.add_column(column, no_wrap=column in ("run", "started"))
    for run in runs:
        table.add_row(run.id, run.name, run.status, run.manager_model,
                      f"{run.started_at:%Y-%m-%d %H:%M}", str(run.entry_count))
    console.print(table if runs else "no runs yet")


@log_app.command("show")
def log_show(run_id: str, db: DbOption = None) -> None:
    """One run as a tree: delegations, tool calls, guards, bookings, rationale."""
    from ad_buyer.crew.log_tree import run_tree

    try:
        console.print(run_tree(RationaleLog(Database(db)).get_run(run_id)))
    except RunNotFoundError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=1) from exc


@log_app.command("export")
def log_export(run_id: str, db: DbOption = None,
               html: Annotated[bool, typer.Option("--html", help="self-contained HTML")] = False,
               out: Annotated[Path | None, typer.Option(help="file to write")] = None) -> None:
    """Export a run: ``--html`` for a self-contained page, else JSON."""
    from ad_buyer.crew.log_html import export_html

    try:
        run = RationaleLog(Database(db)).get_run(run_id)
    except RunNotFoundError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=1) from exc
    text = export_html(run) if html else run.model_dump_json(indent=2)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}")


app = typer.Typer(help="ad-buyer crew commands", no_args_is_help=True)
app.command("run")(run_command)
app.command("chat")(chat_command)
app.add_typer(log_app, name="log")
