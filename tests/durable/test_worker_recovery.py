"""A worker killed with SIGKILL mid-run: another worker on the same Postgres takes the
run up by itself, from its last completed step, and nothing is booked twice (issue 9)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner
from worker_processes import Worker, buyer_deals, run_statuses, sandbox_deals, wait_for

from ad_buyer.cli import app
from ad_buyer.sandbox.catalog import default_sellers
from ad_buyer.sandbox.config import FaultConfig, SandboxConfig
from ad_buyer.sandbox.testing import running_sandbox

pytestmark = pytest.mark.server

BRIEF = ("Campaign: Orphaned Audio. Budget $6k, flight July 1 - Sept 30 2026. Audio only, "
         "adults 18-34 in the US. Goal: awareness. Max $20 CPM. PD.")
runner = CliRunner()


def test_a_dead_workers_run_is_recovered_by_another_worker_and_booked_once(
        postgres_url: str, tmp_path: Path) -> None:
    slow = SandboxConfig(sellers=[s.model_copy(update={"faults": FaultConfig(latency_ms=300)})
                                  for s in default_sellers(42)])
    with running_sandbox(slow) as network:
        queued = runner.invoke(app, ["enqueue", BRIEF, "--db", postgres_url, "--registry-url",
                                     network.registry_url, "--reference-date", "2026-05-10"])
        assert queued.exit_code == 0, queued.output
        run_id = queued.output.split()[1]

        first = Worker(postgres_url, tmp_path / "machine-1")
        second: Worker | None = None
        try:
            wait_for(lambda: f"{run_id} media kits" in first.output(), 90,
                     "the first worker to reach the sellers", [first])
            first.kill()  # SIGKILL: no chance to cancel or record anything
            assert run_statuses(postgres_url)[run_id] == "running"  # as the log last said
            listed = runner.invoke(app, ["runs", "--db", postgres_url],
                                   env={"COLUMNS": "200"}).output
            assert f"{run_id} interrupted" in " ".join(listed.split())

            second = Worker(postgres_url, tmp_path / "machine-2", "--recover-every", "1")
            wait_for(lambda: run_statuses(postgres_url)[run_id] == "completed", 120,
                     "the second worker to finish the run", [second])
        finally:
            first.kill()
            if second is not None:
                assert second.stop() == 0, second.output()
        at_sellers = sandbox_deals(network)

    out = " ".join(second.output().split())
    assert re.search(rf"recovered 1 run\(s\) of stopped worker {_executor(first)}: {run_id}",
                     out), out
    assert f"taking run {run_id}" in out
    assert at_sellers  # it did buy
    assert len({quote for _s, _d, quote in at_sellers}) == len(at_sellers)  # none twice
    recorded = [(s, d) for r, s, d, _c in buyer_deals(postgres_url) if r == run_id]
    assert sorted(recorded) == sorted((s, d) for s, d, _q in at_sellers)  # none unknown


def _executor(worker: Worker) -> str:
    """A pattern for the worker's executor id: host, its own random token, pid."""
    import socket

    return rf"{re.escape(socket.gethostname())}/[0-9a-f]{{12}}:{worker.pid}"
