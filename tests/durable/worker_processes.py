"""Helpers for tests that run ``ad-buyer worker`` processes against a served sandbox."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ad_buyer.events.log import RationaleLog
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.storage.db import Database

STOP_TIMEOUT_S = 60
_started = itertools.count(1)


def ad_buyer_command() -> list[str]:
    """The installed ``ad-buyer`` script (beside this interpreter, else on PATH)."""
    script = Path(sys.executable).with_name("ad-buyer")
    found = str(script) if script.exists() else shutil.which("ad-buyer")
    assert found, "the ad-buyer command is not installed"
    return [found]


class Worker:
    """One ``ad-buyer worker`` subprocess with its own home (as on its own machine)."""

    def __init__(self, db_url: str, home: Path, *args: str) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.log = home / f"worker-{next(_started)}.out"
        env = dict(os.environ, AD_BUYER_HOME=str(home), AD_BUYER_LLM="offline",
                   COLUMNS="200")
        # The tests wait for the crew's tagged lines ("RUN media kits"): --verbose's.
        env.setdefault("AD_BUYER_VERBOSE", "1")
        self.process = subprocess.Popen(
            [*ad_buyer_command(), "worker", "--db", db_url, *args],
            env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log.read_text()

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, sig: signal.Signals) -> None:
        if self.alive():
            self.process.send_signal(sig)

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> int:
        self.send(sig)
        return self.process.wait(timeout=STOP_TIMEOUT_S)

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT_S)


def stop_all(workers: Sequence[Worker]) -> list[int]:
    """SIGTERM every worker at once, then wait for each; their exit codes."""
    for worker in workers:
        worker.send(signal.SIGTERM)
    return [worker.process.wait(timeout=STOP_TIMEOUT_S) for worker in workers]


def wait_for(condition: Callable[[], bool], timeout: float, what: str,
             workers: Sequence[Worker] = ()) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        for worker in workers:
            assert worker.alive(), f"a worker died:\n{worker.output()}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}:\n" + \
            "\n----\n".join(w.output()[-3000:] for w in workers)
        time.sleep(0.3)


def run_statuses(db_url: str) -> dict[str, str]:
    database = Database(db_url)
    try:
        return {r.id: r.status for r in RationaleLog(database).list_runs(500)}
    finally:
        database.dispose()


def sandbox_deals(network: SandboxNetwork) -> list[tuple[str, str, str]]:
    """(seller URL, deal id, quote id) of every deal the sandbox sellers booked."""
    return [(network.seller_url_for(spec.seller_id), stored.deal.deal_id, stored.quote_id)
            for spec in network.sellers for stored in network.booked_deals(spec.seller_id)]


def buyer_deals(db_url: str) -> list[tuple[str, str, str, int]]:
    """(run, seller URL, deal id, cost in micros) of every deal the buyer's runs
    recorded as booked."""
    from ad_buyer.reporting.facts import portfolio

    database = Database(db_url)
    log = RationaleLog(database)
    try:
        return [(run.id, line.seller_url, line.deal_id, line.cost_micros)
                for run in log.list_runs(500)
                for line in portfolio(log.get_run(run.id)).lines]
    finally:
        database.dispose()
