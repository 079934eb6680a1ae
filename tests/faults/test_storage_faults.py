"""Storage that fails under a command (issue #18): a full disk while booking, a read-only
database. Real faults from the real code path: ``$AD_BUYER_HOME`` is a small tmpfs that is
filled (ENOSPC, SQLite's "database or disk is full") or remounted read-only (EROFS). The
sellers are the sandbox served in a process of its own, checked afterwards."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.events.log import RationaleLog
from ad_buyer.storage.db import Database
from ad_buyer.storage.faults import STORAGE_EXIT

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
runner = CliRunner(env={"COLUMNS": "200"})


def _mount(target: Path, options: str) -> bool:
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
                          capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 40 MB tmpfs, unmounted afterwards (skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if not _mount(mount, "size=40m"):
        pytest.skip("cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture
def harness(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import crash_soak

    return crash_soak


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1M"], capture_output=True,
                   check=False)
    return filler


@pytest.mark.server
def test_a_full_disk_while_booking_ends_the_run_in_seconds_and_a_resume_leaves_no_orphan(
        harness: ModuleType, small_disk: Path, tmp_path: Path) -> None:
    from soak_processes import (
        BuyerProcess,
        ad_buyer_command,
        booking_answered_late,
        buyer_env,
        run_id_in,
        served_sandbox,
    )

    home = small_disk / "home"
    home.mkdir()
    env = buyer_env(home)
    db_url = f"sqlite:///{home / 'ad_buyer.db'}"
    brief = harness.AUDIO
    with served_sandbox(tmp_path / "sellers", faults=booking_answered_late(42, 0.4)) as box:
        run = BuyerProcess([*ad_buyer_command(), "run", brief.text, "--db", db_url,
                            "--registry-url", box.registry_url,
                            "--reference-date", harness.REFERENCE_DATE], env)
        assert run.wait_for("booking"), run.output()
        filler = _fill(small_disk)
        full_at = time.monotonic()
        code = run.finish(timeout=60)
        took = time.monotonic() - full_at
        said = [line for line in run.output() if line.strip()]
        run_id = run_id_in(run.output())
        live_at_failure = [d for d in box.deals() if d.live]

        assert code == STORAGE_EXIT, said[-5:]
        assert took < 10, took
        assert "Traceback" not in "\n".join(said)
        stop = [line for line in said if line.startswith("Storage failed:")]
        assert stop == [
            "Storage failed: the disk holding the database is full (database or disk is "
            f"full). Safe next: free space on that disk, then continue the run with: "
            f"ad-buyer resume {run_id}."], said[-5:]
        assert said[-1].startswith("Deals at sellers as last recorded: ")
        assert live_at_failure  # the sellers had booked when the disk filled

        filler.unlink()
        resume = BuyerProcess([*ad_buyer_command(), "resume", str(run_id), "--db", db_url],
                              env)
        assert resume.finish(timeout=120) == 0, resume.output()[-10:]
        deals = box.deals()
    view = harness.buyer_view(db_url, run_id)
    orphans, doubles, missing, _ = harness.compare(deals, view)
    assert view.status == "completed"
    assert (orphans, doubles, missing) == ([], [], [])
    live = [d for d in deals if d.live]
    assert {d.deal_id for d in live_at_failure} <= {d.deal_id for d in live}
    assert sum(d.cost.amount_micros for d in live) <= brief.budget_micros


def test_a_read_only_database_is_one_line(small_disk: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AD_BUYER_LLM", "offline")
    monkeypatch.setenv("AD_BUYER_HOME", str(small_disk / "home"))
    db = f"sqlite:///{small_disk / 'home' / 'ad_buyer.db'}"
    database = Database(db)
    RationaleLog(database).list_runs(1)  # the database exists, with its tables
    database.dispose()
    remounted = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)],
                               capture_output=True, check=False)
    assert remounted.returncode == 0, remounted.stderr
    try:
        result = runner.invoke(app, [
            "run", "Campaign: RO. Budget $30k, flight July 1 - Sept 30 2027. Audio, adults "
            "18-34 in the US. Goal: awareness. Max $20 CPM. PD.", "--db", db,
            "--reference-date", "2027-06-01"])
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=False)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == STORAGE_EXIT, result.output
    # The brief's reading comes first (it needs no database); then one line, and nothing
    # else: SQLite cannot open its journal in a read-only folder; the file system says why.
    after_reading = lines[lines.index("read as ") + 1:] if "read as " in lines else lines
    failed = [line for line in after_reading if not line.startswith(("  ", "Assumed:"))]
    assert failed == ["Storage failed: the database is read-only (unable to open database "
                      "file). Safe next: make the database and its folder writable, then "
                      "run the command again."], result.output
    assert "Traceback" not in result.output
