"""What a command stopped by its storage prints: the one line naming the cause and the
safe next step, then the deals at sellers as the run last recorded them."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from ad_buyer.models.money import from_micros
from ad_buyer.storage.db import Database
from ad_buyer.storage.faults import StorageFailure

logger = logging.getLogger(__name__)


def recorded_deals(database: Database, run_id: str) -> list[dict[str, object]] | None:
    """The run's booked and held lines as last recorded; None if they cannot be read."""
    from ad_buyer.events.log import RationaleLog, RunNotFoundError
    from ad_buyer.reporting.facts import channel_results

    try:
        record = RationaleLog(database).get_run(run_id)
    except RunNotFoundError:
        return []
    except Exception:
        logger.debug("cannot read run %s after a storage failure", run_id, exc_info=True)
        return None
    return [dict(line) for result in channel_results(record) for line in result.booked
            if line.get("status") in ("booked", "held")]


def deals_line(lines: list[dict[str, object]] | None) -> str:
    if lines is None:
        return ("The run's records cannot be read now; the resume reads them and finds "
                "every deal it sent.")
    if not lines:
        shown = "Deals at sellers as last recorded: none"
    else:
        total = sum(int(str(line.get("cost_micros") or 0)) for line in lines)
        each = "; ".join(f"{line.get('seller_url')} {line.get('deal_id') or '(held)'}"
                         for line in lines)
        shown = (f"Deals at sellers as last recorded: {len(lines)}, "
                 f"{from_micros(total):,.2f} ({each})")
    return (f"{shown}. A booking in flight when storage failed is sent again under its "
            "idempotency key on resume and never booked twice.")


def exit_now(code: int) -> NoReturn:
    """End the ``ad-buyer`` process at once with ``code``. Nothing is left to record
    (the storage failed), the run's threads are as safe to drop as a kill -9 leaves them,
    and the interpreter's teardown of the crew's libraries takes seconds. Called in
    process (a test's CliRunner), it raises ``typer.Exit`` instead."""
    if Path(sys.argv[0]).name in ("ad-buyer", "ad-buyer.exe"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise typer.Exit(code=code)


def report_storage_failure(console: Console, failure: StorageFailure,
                           database: Database) -> None:
    console.print(f"[bold red]{escape(failure.line())}[/bold red]", soft_wrap=True)
    if failure.run_id:
        console.print(escape(deals_line(recorded_deals(database, failure.run_id))),
                      soft_wrap=True)
