"""A worker on SQLite: one per database; SIGTERM stops it after the step in flight,
leaving the run interrupted and resumable by a worker; and runs queued without a
registry share the worker's one in-process sandbox, runs and pacing alike (issue 9)."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner
from worker_processes import Worker, buyer_deals, run_statuses, sandbox_deals, wait_for

from ad_buyer.cli import app
from ad_buyer.pacing.store import PacingStore
from ad_buyer.sandbox.catalog import default_sellers
from ad_buyer.sandbox.config import FaultConfig, SandboxConfig
from ad_buyer.sandbox.network import persistent_sandbox
from ad_buyer.sandbox.testing import running_sandbox
from ad_buyer.storage.db import Database

BRIEF = ("Campaign: Slow Audio {n}. Budget $6k, flight July 1 - Sept 30 2026. Audio only, "
         "adults 18-34 in the US. Goal: awareness. Max $20 CPM. PD.")
runner = CliRunner()


def _live_brief(n: int) -> str:
    today = date.today()
    start, end = today - timedelta(days=5), today + timedelta(days=40)
    return (f"Campaign: Home Audio {n}. Budget $3k, flight {start:%B %-d %Y} - "
            f"{end:%B %-d %Y}. Audio only, adults 18-34 in the US. Max $20 CPM. PD.")


def _paced(db: str, run_id: str) -> bool:
    database = Database(db)
    try:
        return bool(PacingStore(database).measurements(run_id))
    finally:
        database.dispose()


def _state(db: str, run_id: str) -> str:
    result = runner.invoke(app, ["runs", "--db", db], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return next(line.split()[1] for line in result.output.splitlines()
                if line.startswith(run_id))


def _executor_pid(db: str, run_id: str) -> int:
    from dbos import DBOSClient

    from ad_buyer.durable.engine import system_database_url

    client = DBOSClient(system_database_url=system_database_url(db))
    try:
        [flow] = client.list_workflows(workflow_ids=[f"campaign-{run_id}"])
    finally:
        client.destroy()
    return int(str(flow.executor_id).rsplit(":", 1)[1])


@pytest.mark.server
def test_sigterm_interrupts_the_runs_in_flight_and_they_resume_on_a_worker_or_here(
        tmp_path: Path) -> None:
    slow = SandboxConfig(sellers=[s.model_copy(update={"faults": FaultConfig(latency_ms=400)})
                                  for s in default_sellers(42)])
    db = f"sqlite:///{tmp_path / 'buyer.db'}"
    machine = tmp_path / "machine"
    with running_sandbox(slow) as network:
        requeued_run, here_run = (
            runner.invoke(app, ["enqueue", BRIEF.format(n=n), "--db", db, "--registry-url",
                                network.registry_url, "--reference-date", "2026-05-10"]
                          ).output.split()[1] for n in (1, 2))

        first = Worker(db, machine)
        try:
            wait_for(lambda: "up to 4 campaign(s)" in first.output(), 30, "the worker", [first])
            second = Worker(db, tmp_path / "other")
            assert second.process.wait(timeout=60) == 2  # one worker per SQLite database
            assert "already serves" in second.output()
            assert "use a Postgres database" in second.output()
            wait_for(lambda: all(f"{r} media kits" in first.output()
                                 for r in (requeued_run, here_run)), 60,
                     "both runs to reach the sellers", [first])
        finally:
            code = first.stop()
        out = first.output()
        assert code == 0, out
        assert "2 run(s) and 0 pacing tick(s) in flight" in out
        assert "worker stopped: 2 run(s) were in flight." in out
        for run_id in (requeued_run, here_run):
            assert f"{run_id} interrupted after its step in flight" in out
            assert f"{run_id} done " not in out
            assert _state(db, run_id) == "interrupted"

        for spec in network.sellers:
            network.set_faults(spec.seller_id, FaultConfig())
        requeued = runner.invoke(app, ["resume", requeued_run, "--db", db, "--queue"])
        assert requeued.exit_code == 0, requeued.output
        assert "back on the queue" in requeued.output
        assert _state(db, requeued_run) == "queued"

        # Three more runs, queued without a registry: the worker's in-process sandbox.
        home_runs = []
        for n in range(3):
            queued = runner.invoke(app, ["enqueue", _live_brief(n), "--db", db,
                                         "--allow-past"])
            assert "no --registry-url" in queued.output
            home_runs.append(queued.output.split()[1])

        again = Worker(db, machine, "--pacing-every", "2s")
        try:
            wait_for(lambda: all(run_statuses(db).get(r) == "completed"
                                 for r in (requeued_run, *home_runs)), 90, "the runs", [again])
            # Resumed here while a worker listens: it runs here, not on the worker.
            resumed = runner.invoke(app, ["resume", here_run, "--db", db],
                                    env={"COLUMNS": "200"})
            assert resumed.exit_code == 0, resumed.output
            assert f"resuming run {here_run}" in resumed.output
            wait_for(lambda: all(_paced(db, r) for r in home_runs), 30,
                     "a pacing cycle of each live run", [again])
        finally:
            assert again.stop() == 0, again.output()
        at_sellers = sandbox_deals(network)

    assert _executor_pid(db, here_run) == os.getpid()
    assert f"taking run {here_run}" not in again.output()
    assert _executor_pid(db, requeued_run) == again.pid

    in_process = sandbox_deals(persistent_sandbox(machine))
    recorded_home = [(s, d) for r, s, d, _c in buyer_deals(db) if r in home_runs]
    assert recorded_home
    assert sorted(recorded_home) == sorted((s, d) for s, d, _q in in_process)  # none lost
    assert "cycle failed" not in again.output()

    for run_id in (requeued_run, here_run):
        assert _state(db, run_id) == "completed"
    assert at_sellers
    assert len({quote for _s, _d, quote in at_sellers}) == len(at_sellers)  # none twice
    recorded = [(s, d) for r, s, d, _c in buyer_deals(db) if r in (requeued_run, here_run)]
    assert sorted(recorded) == sorted((s, d) for s, d, _q in at_sellers)
