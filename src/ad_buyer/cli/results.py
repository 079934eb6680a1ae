"""Printing a run's outcome at the command line: the gaps that stop it, the portfolio
table, why nothing was booked, and the exit code (shared by ``run``, ``chat``, ``resume``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from ad_buyer.crew.run import CampaignRunResult
    from ad_buyer.models.brief import BriefGap
    from ad_buyer.reporting.review import RunReview

console = Console()


def print_gap(gap: BriefGap) -> None:
    console.print("[bold red]The brief cannot be run yet.[/bold red]")
    for issue in gap.issues:
        console.print(f"  - [bold]{issue.field}[/bold] ({issue.kind.value}): "
                      f"{escape(issue.message)}")
    for assumption in gap.assumptions:
        console.print(f"  [dim]assumed: {escape(assumption)}[/dim]")


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


def print_result(result: CampaignRunResult, review: RunReview | None) -> None:
    """The portfolio table, totals and run id, then the run's review (its negotiations
    and savings, the budgets left unspent) as the report and the console show them
    (shared by ``run``, ``chat`` and ``resume``)."""
    from ad_buyer.events.log import RunStatus
    from ad_buyer.reporting.portfolio import portfolio_renderable
    from ad_buyer.reporting.review_terminal import (
        negotiations_renderable,
        shortfalls_renderable,
    )

    if result.brief is None:  # intake failed: no portfolio, but the run is logged
        console.print(f"[bold red]{escape(result.report)}[/bold red]")
        console.print(f"[dim]details: ad-buyer log show {result.run_id}[/dim]")
        return
    console.print(portfolio_renderable(
        result.channel_results, budget_micros=result.brief.budget_micros,
        currency=result.brief.currency, run_id=result.run_id, dry_run=result.dry_run))
    if review is not None:
        console.print(negotiations_renderable(review))
        console.print(shortfalls_renderable(review))
    if result.status is not RunStatus.COMPLETED:
        console.print(f"[bold red]{escape(result.report)}[/bold red]")
    if result.pacing_run_id:
        console.print(f"[dim]pacing: ad-buyer pace status {result.pacing_run_id}[/dim]")
    console.print(f"[dim]details: ad-buyer log show {result.run_id}[/dim]")
    if not result.dry_run:
        console.print(f"report: ad-buyer log export {result.run_id} --html", soft_wrap=True,
                      highlight=False)


def finish_command(result: CampaignRunResult, review: RunReview | None) -> None:
    """Print a finished run (shared by ``run`` and ``resume``) and exit with its code."""
    from ad_buyer.events.log import RunStatus

    console.print(f"run [bold]{result.run_id}[/bold]: manager model "
                  f"{escape(result.manager_model)}; specialist model "
                  f"{escape(result.specialist_model)}")
    if result.gap is not None:
        print_gap(result.gap)
        raise typer.Exit(code=2)
    print_result(result, review)
    if result.status is not RunStatus.COMPLETED:
        raise typer.Exit(code=1)
    empty = nothing_booked(result)
    if empty is not None:
        console.print(f"[bold red]{escape(empty)}[/bold red]", soft_wrap=True)
        raise typer.Exit(code=1)


def print_read_as(shown: list[str]) -> None:
    """The reader's line and the "read as" block, as a run's progress shows them."""
    from ad_buyer.reporting.progress import RunProgress

    progress = RunProgress(console, spinner=False)
    progress("intake", shown[0])
    progress("read as", "\n" + "\n".join(shown[1:]))


def refuse_gaps_early(text: str, *, reference_date: date | None, allow_past: bool,
                      show_reading: bool = True) -> bool:
    """Read the brief now when no model is needed to read it (no crew, no durable engine
    loaded): show what it was read as (always before a refusal, else if
    ``show_reading``), and stop (exit 2) on gaps. True when the reading was shown."""
    from ad_buyer.intake.read_ahead import read_ahead
    from ad_buyer.models.brief import BriefGap, CampaignBrief

    ahead = read_ahead(text, reference_date=reference_date, allow_past=allow_past)
    if ahead is None:
        return False
    refused = isinstance(ahead.reading, BriefGap)
    brief = ahead.reading if isinstance(ahead.reading, CampaignBrief) else None
    if brief is not None and (brief.excluded_sellers or brief.included_sellers):
        # Named sellers are resolved against the registry by the run, whose own "read as"
        # block then says what each name matched.
        show_reading = False
    if show_reading or refused:
        print_read_as(ahead.shown)
    if isinstance(ahead.reading, BriefGap):
        print_gap(ahead.reading)
        console.print("Nothing was run or booked.")
        raise typer.Exit(code=2)
    return show_reading
