"""A worker on SQLite: one per database, and SIGTERM stops it after the step in
flight, leaving the run interrupted and resumable by a worker (issue 9)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner
from worker_processes import Worker, buyer_deals, run_statuses, sandbox_deals, wait_for

from ad_buyer.cli import app
from ad_buyer.sandbox.catalog import default_sellers
from ad_buyer.sandbox.config import FaultConfig, SandboxConfig
from ad_buyer.sandbox.testing import running_sandbox

BRIEF = ("Campaign: Slow Audio. Budget $6k, flight July 1 - Sept 30 2026. Audio only, "
         "adults 18-34 in the US. Goal: awareness. Max $20 CPM. PD.")
runner = CliRunner()


def _state(db: str, run_id: str) -> str:
    result = runner.invoke(app, ["runs", "--db", db], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return next(line.split()[1] for line in result.output.splitlines()
                if line.startswith(run_id))


@pytest.mark.server
def test_sigterm_interrupts_the_run_in_flight_and_a_worker_resumes_it(tmp_path: Path) -> None:
    slow = SandboxConfig(sellers=[s.model_copy(update={"faults": FaultConfig(latency_ms=400)})
                                  for s in default_sellers(42)])
    db = f"sqlite:///{tmp_path / 'buyer.db'}"
    machine = tmp_path / "machine"
    with running_sandbox(slow) as network:
        queued = runner.invoke(app, ["enqueue", BRIEF, "--db", db, "--registry-url",
                                     network.registry_url, "--reference-date", "2026-05-10"])
        assert queued.exit_code == 0, queued.output
        run_id = queued.output.split()[1]

        first = Worker(db, machine)
        try:
            wait_for(lambda: "up to 4 campaign(s)" in first.output(), 30, "the worker", [first])
            second = Worker(db, tmp_path / "other")
            assert second.process.wait(timeout=60) == 2  # one worker per SQLite database
            assert "already serves" in second.output()
            assert "use a Postgres database" in second.output()
            wait_for(lambda: f"{run_id} media kits" in first.output(), 60,
                     "the run to reach the sellers", [first])
        finally:
            code = first.stop()
        out = first.output()
        assert code == 0, out
        assert "1 run(s) and 0 pacing tick(s) in flight" in out
        assert "worker stopped: 1 run(s) were in flight." in out
        assert f"{run_id} interrupted after its step in flight" in out
        assert f" {run_id} done " not in out
        assert _state(db, run_id) == "interrupted"

        for spec in network.sellers:
            network.set_faults(spec.seller_id, FaultConfig())
        requeued = runner.invoke(app, ["resume", run_id, "--db", db, "--queue"])
        assert requeued.exit_code == 0, requeued.output
        assert "back on the queue" in requeued.output
        assert _state(db, run_id) == "queued"

        again = Worker(db, machine)
        try:
            wait_for(lambda: run_statuses(db).get(run_id) == "completed", 90,
                     "the resumed run", [again])
        finally:
            assert again.stop() == 0, again.output()
        at_sellers = sandbox_deals(network)

    assert _state(db, run_id) == "completed"
    assert at_sellers
    assert len({quote for _s, _d, quote in at_sellers}) == len(at_sellers)
    recorded = buyer_deals(db)
    assert sorted((s, d) for _r, s, d, _c in recorded) == sorted((s, d) for s, d, _q in at_sellers)
