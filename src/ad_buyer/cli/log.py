"""``ad-buyer log show RUN [--verbose] [--raw]``: the rationale log as a tree, then the
run's review (portfolio, negotiations and what they saved, budgets left unspent) and a
seller legend."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

console = Console()


def show_command(
    run_id: str,
    db: Annotated[str | None, typer.Option("--db", help="database URL (default: "
                                           "$AD_BUYER_DATABASE_URL or ./.ad-buyer)")] = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="each entry's data as key: value lines")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="each entry's logged JSON as is")] = False,
) -> None:
    """One run as a tree: delegations, tool calls, guards, bookings, rationale."""
    from ad_buyer.cli.database import open_database
    from ad_buyer.events.log import RationaleLog, RunNotFoundError
    from ad_buyer.reporting.facts import channel_results
    from ad_buyer.reporting.portfolio import portfolio_renderable
    from ad_buyer.reporting.review import run_review
    from ad_buyer.reporting.review_terminal import (
        negotiations_renderable,
        shortfalls_renderable,
    )
    from ad_buyer.reporting.tree import run_tree, seller_legend

    try:
        run = RationaleLog(open_database(db)).get_run(run_id)
    except RunNotFoundError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(code=1) from exc
    console.print(run_tree(run, verbose=verbose, raw=raw))
    review = run_review(run)
    book = channel_results(run)
    if book:
        console.print(portfolio_renderable(
            book, budget_micros=review.book.totals.budget_micros, currency=review.currency,
            run_id=run.id, dry_run=review.book.dry_run))
    console.print(negotiations_renderable(review))
    console.print(shortfalls_renderable(review))
    legend = seller_legend(run)
    if legend is not None:
        console.print(legend)
    if not (verbose or raw):
        console.print("[dim]--verbose for each entry's data, --raw for the logged JSON[/dim]")
