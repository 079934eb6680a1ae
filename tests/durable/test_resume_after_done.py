"""A run killed just after it said done, before DBOS recorded its workflow's end; its
first resume killed -9 while it replays; a second resume. The run ends in its final
state (the crash soak's miss, issue 16: the second resume exited with the run still
``running``, no process left to finish it).

The resume sets the log to ``running``; the run's last step, which writes its final
status, is replayed from the record rather than run again, so the resumed run must
write that status back itself.

Real ``ad-buyer`` processes against a served reference-dialect sandbox. The kill
between "done" and the workflow's recorded end is a window of a few milliseconds, so
the test makes it deterministic: it lets the run finish, then puts the workflow back
in the state that kill leaves (PENDING under its run's exited process, no result, every
step recorded, the log already saying ``completed``).
"""

from __future__ import annotations

import time
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import create_engine, text

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
TAKE_OVER_TIMEOUT_S = 120.0


@pytest.fixture
def harness(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import crash_soak

    return crash_soak


def _workflow_row(system_url: str, workflow: str) -> tuple[str, str | None]:
    engine = create_engine(system_url)
    try:
        with engine.connect() as connection:
            status, executor = connection.execute(
                text("SELECT status, executor_id FROM workflow_status WHERE workflow_uuid = :w"),
                {"w": workflow}).one()
    finally:
        engine.dispose()
    return str(status), executor


def _unrecord_end(system_url: str, workflow: str) -> None:
    """The workflow as a kill -9 right after "done" leaves it: its end not recorded."""
    engine = create_engine(system_url)
    try:
        with engine.begin() as connection:
            changed = connection.execute(
                text("UPDATE workflow_status SET status = 'PENDING', output = NULL "
                     "WHERE workflow_uuid = :w AND status = 'SUCCESS'"), {"w": workflow})
            assert changed.rowcount == 1
    finally:
        engine.dispose()


def _set_workflow_status(system_url: str, workflow: str, status: str) -> None:
    engine = create_engine(system_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE workflow_status SET status = :s "
                                    "WHERE workflow_uuid = :w"), {"s": status, "w": workflow})
    finally:
        engine.dispose()


def _logged_status(db_url: str, run_id: str) -> str:
    from ad_buyer.events.log import RationaleLog
    from ad_buyer.storage.db import Database

    db = Database(db_url)
    try:
        return RationaleLog(db).get_run(run_id).status
    finally:
        db.dispose()


def _set_logged_status(db_url: str, run_id: str, status: str) -> None:
    from ad_buyer.events.log import RationaleLog, RunStatus
    from ad_buyer.storage.db import Database

    db = Database(db_url)
    try:
        log = RationaleLog(db)
        log.set_status(run_id, RunStatus(status), log.get_run(run_id).outcome)
    finally:
        db.dispose()


def _listed_state(harness: ModuleType, env: dict[str, str], db_url: str, run_id: str) -> str:
    """The run's state as `ad-buyer runs` lists it."""
    listed = harness.BuyerProcess([*harness.ad_buyer_command(), "runs", "--db", db_url], env)
    assert listed.finish() == 0, listed.output()
    row = next(line for line in listed.output() if line.startswith(run_id))
    return row.split()[1]


@pytest.mark.server
def test_run_killed_after_done_then_its_resume_killed_ends_completed(
        harness: ModuleType, tmp_path: Path) -> None:
    from ad_buyer.durable.engine import system_database_url
    from ad_buyer.durable.workflows import workflow_id
    from soak_processes import reached

    process, command = harness.BuyerProcess, harness.ad_buyer_command()
    home = tmp_path / "home"
    home.mkdir()
    with harness.served_sandbox(tmp_path / "sandbox", dialect="reference") as sandbox:
        harness.agency_keys(home, sandbox.registry_url)
        env = harness.buyer_env(home)
        db_url = f"sqlite:///{home / 'ad_buyer.db'}"
        system_url = system_database_url(db_url)
        run = process([*command, "run", harness.CTV.text, "--db", db_url,
                       "--registry-url", sandbox.registry_url,
                       "--reference-date", harness.REFERENCE_DATE], env)
        assert run.finish() == 0, run.output()
        run_id = harness.run_id_in(run.output())
        assert run_id is not None
        assert reached("done", run.output())
        booked = [d for d in sandbox.deals() if d.status != "cancelled"]
        assert booked, "the run booked nothing: the resume would prove nothing"
        workflow = workflow_id(run_id)
        _, run_executor = _workflow_row(system_url, workflow)
        _unrecord_end(system_url, workflow)
        assert _logged_status(db_url, run_id) == "completed"

        assert _listed_state(harness, env, db_url, run_id) == "interrupted"

        # The first resume takes the workflow, then is killed -9 while it replays.
        first = process([*command, "resume", run_id, "--db", db_url], env)
        deadline = time.monotonic() + TAKE_OVER_TIMEOUT_S
        while True:
            status, executor = _workflow_row(system_url, workflow)
            if status == "PENDING" and executor not in (run_executor, None):
                break
            assert first.proc.poll() is None, first.output()
            assert time.monotonic() < deadline, (status, executor, first.output())
            time.sleep(0.02)
        assert first.kill_at(harness.Kill("start", 0.0))
        assert _logged_status(db_url, run_id) == "running"  # what the killed resume set

        second = process([*command, "resume", run_id, "--db", db_url], env)
        code = second.finish()
        assert code == 0, second.output()
        assert _logged_status(db_url, run_id) == "completed"
        assert _workflow_row(system_url, workflow)[0] == "SUCCESS"
        assert _listed_state(harness, env, db_url, run_id) == "completed"
        # Nothing was booked again: the sellers hold what the run booked.
        assert [d for d in sandbox.deals() if d.status != "cancelled"] == booked

        # A third resume has nothing to do, and says the run is completed.
        third = process([*command, "resume", run_id, "--db", db_url], env)
        assert third.finish() == 0
        assert any("is completed: there is nothing to resume" in line
                   for line in third.output()), third.output()

        # A run an earlier version left so (ended, logged running) is shown as it ended,
        # and a resume writes that back to the log.
        _set_logged_status(db_url, run_id, "running")
        assert _listed_state(harness, env, db_url, run_id) == "completed"
        fourth = process([*command, "resume", run_id, "--db", db_url], env)
        assert fourth.finish() == 0, fourth.output()
        assert _logged_status(db_url, run_id) == "completed"

        # Likewise a workflow that ended in error under a resume's "running": failed.
        _set_logged_status(db_url, run_id, "running")
        _set_workflow_status(system_url, workflow, "ERROR")
        fifth = process([*command, "resume", run_id, "--db", db_url], env)
        assert fifth.finish() == 1, fifth.output()
        assert any("is failed: there is nothing to resume" in line
                   for line in fifth.output()), fifth.output()
        assert _logged_status(db_url, run_id) == "failed"
