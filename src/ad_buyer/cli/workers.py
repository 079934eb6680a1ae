"""``ad-buyer workers`` and ``ad-buyer runs --state``: the queue, the workers, runs by
state and requests in flight per seller (:mod:`ad_buyer.durable.ops`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ad_buyer.cli.options import DbOption

if TYPE_CHECKING:
    from ad_buyer.storage.db import Database

console = Console()


def print_states(database: Database) -> None:
    """Runs by state and the queue depth."""
    from ad_buyer.durable.ops import queue_depth, runs_by_state

    counts = runs_by_state(database)
    table = Table(title="runs by state", box=None, pad_edge=False)
    table.add_column("state")
    table.add_column("runs", justify="right")
    for state, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        table.add_row(state, str(count))
    console.print(table if counts else "no runs yet")
    console.print(f"queue depth: {queue_depth(database)} run(s) waiting for a worker")


def workers_command(db: DbOption = None) -> None:
    """Live workers, the queue depth and requests in flight per seller."""
    from ad_buyer.cli.database import check_durable_url, open_database
    from ad_buyer.durable.ops import snapshot

    database = open_database(db)
    check_durable_url(database.url)
    now = snapshot(database)
    table = Table(title="workers", box=None, pad_edge=False)
    for column in ("worker", "state", "started", "last seen", "campaigns", "in flight"):
        table.add_column(column, no_wrap=True)
    for worker in now.workers:
        table.add_row(escape(worker.executor_id), "live" if worker.alive else "gone",
                      f"{worker.started_at:%m-%d %H:%M:%S}", f"{worker.last_seen:%H:%M:%S}",
                      str(worker.campaigns_per_worker), str(worker.runs_in_flight))
    console.print(table if now.workers else "no workers")
    console.print(f"live workers: {now.live_workers}; queue depth: {now.queue_depth} "
                  "run(s) waiting")
    busy = {seller: n for seller, n in now.seller_requests_in_flight.items() if n}
    console.print(f"requests in flight per seller (limit {now.per_seller_limit}): "
                  + (", ".join(f"{escape(s)} {n}" for s, n in sorted(busy.items()))
                     or "none"), soft_wrap=True)
