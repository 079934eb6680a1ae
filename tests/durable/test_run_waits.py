"""A run spends its time on the run, not waiting (issue #20, Speed).

- No ad-buyer code sleeps a fixed interval on a run's success path: the only sleep
  it may take is a wait for a seller slot another request holds.
- The durable engine's SQLite system database is in WAL mode: a step's checkpoint
  appends to the log and syncs once, and readers (the engine's own pollers) do not
  block it; commits stay fully synced.
- The queue a command runs its own workflow from is declared before the engine
  starts, so the engine's queue manager finds it at launch instead of at its next
  look, a second later.
- The engine's stop joins DBOS's notification listener, which looks every 0.05 s, not
  every 0.2 s (nothing here waits on a notification).
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from dbos import DBOSClient
from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.cli import briefs as cli_briefs
from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.durable.engine import APP_NAME, system_database_url
from ad_buyer.durable.queues import HERE_POLL_S, enqueue_run, here_queue_name
from ad_buyer.sandbox.testing import in_process_sandbox

BRIEF = ("Campaign: Quick CTV. Budget $60k, flight July 1 - Sept 30 2027. CTV only, "
         "adults 25-54 in the US. Max $45 CPM.")
# Waiting for a free seller slot is waiting on another request, not on a clock.
SLOT_WAIT = "ad_buyer.clients.seller_slots"


def _recording(original: Any, calls: list[tuple[str, float]]) -> Any:
    def sleep(seconds: float, *args: Any, **kwargs: Any) -> Any:
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if caller.startswith("ad_buyer"):
            calls.append((caller, float(seconds)))
        return original(seconds, *args, **kwargs)

    return sleep


def test_a_run_books_without_a_fixed_sleep_on_a_wal_system_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    network = in_process_sandbox()
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(cli_briefs, "seller_desks",
                        lambda _url, bus: desks_for_sandbox(bus, network))
    calls: list[tuple[str, float]] = []
    monkeypatch.setattr(time, "sleep", _recording(time.sleep, calls))
    monkeypatch.setattr(asyncio, "sleep", _recording(asyncio.sleep, calls))
    db_url = f"sqlite:///{tmp_path / 'waits.db'}"

    result = CliRunner().invoke(app, ["run", BRIEF, "--db", db_url])

    assert result.exit_code == 0, result.output
    booked = re.search(r"Booked (\d+) CTV deals?,", result.output)
    assert booked is not None, result.output
    assert int(booked.group(1)) > 0
    assert [call for call in calls if call[0] != SLOT_WAIT] == []
    system = system_database_url(db_url).removeprefix("sqlite:///")
    with sqlite3.connect(system) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_the_own_queue_is_declared_when_the_run_is_put_on_it(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'here.db'}"
    enqueue_run(db_url, "0123456789abcdef", "{}", queue=here_queue_name())
    client = DBOSClient(system_database_url=system_database_url(db_url),
                        application_name=APP_NAME)
    try:
        queue = client.retrieve_queue(here_queue_name())
    finally:
        client.destroy()
    assert queue is not None  # found by the engine's queue manager at launch
    assert queue.polling_interval_sec == HERE_POLL_S


def test_the_engine_stops_without_waiting_out_a_notification_poll(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DBOS joins its notification listener as it stops; the listener sleeps its
    polling interval between looks, so that interval is what a stop may wait."""
    from ad_buyer.durable.engine import NOTIFICATION_POLL_S, durable_engine

    naps: list[float] = []
    original = time.sleep

    def sleep(seconds: float) -> None:
        if sys._getframe(1).f_globals.get("__name__", "") == "dbos._sys_db":
            naps.append(float(seconds))
        original(seconds)

    monkeypatch.setattr(time, "sleep", sleep)
    started = time.monotonic()
    with durable_engine(f"sqlite:///{tmp_path / 'stop.db'}"):
        while not naps and time.monotonic() - started < 30:
            original(0.01)
    assert naps
    assert max(naps) <= NOTIFICATION_POLL_S <= 0.05
