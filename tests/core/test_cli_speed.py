"""A command answers at once: a brief with gaps is refused, and ``--help`` is shown,
without loading the crew (CrewAI), the model SDK (litellm), the durable engine (DBOS) or
the database; a run's command wakes when its workflow ends instead of polling for it.

The CLI runs in a fresh interpreter, which reports the modules it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from ad_buyer.durable.run_wait import wait_for_result
from ad_buyer.durable.workflows import Watcher
from ad_buyer.storage.faults import FaultWatch

NEVER_ON_A_REFUSAL = ("crewai", "litellm", "dbos", "sqlalchemy")
INCOMPLETE = "Launch campaign for Acme Sparkling Water: CTV and audio, adults 25-54, US."


def _cli_modules(args: list[str], tmp_path: Path, **env: str) -> tuple[int, str, set[str]]:
    """Run ``ad-buyer ARGS``; its exit code, output and the top-level modules it loaded."""
    probe = ("import json, sys\n"
             "from ad_buyer.cli import app\n"
             "try:\n"
             f"    app({args!r})\n"
             "except SystemExit as exc:\n"
             "    code = exc.code\n"
             "print('\\nMODULES ' + json.dumps([code, sorted({m.split('.')[0] "
             "for m in sys.modules})]))\n")
    base = {k: v for k, v in __import__("os").environ.items()
            if not k.endswith("_API_KEY")}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120, check=False, cwd=tmp_path,
                          env={**base, "AD_BUYER_HOME": str(tmp_path / "home"),
                               "COLUMNS": "200", **env})
    assert done.returncode == 0, done.stderr
    out, _, tail = done.stdout.rpartition("\nMODULES ")
    code, modules = json.loads(tail)
    return code, out, set(modules)


@pytest.mark.parametrize("mode", ["auto", "offline"])
def test_a_brief_with_gaps_is_refused_without_the_crew_the_engine_or_the_database(
        tmp_path: Path, mode: str) -> None:
    brief = tmp_path / "incomplete.txt"
    brief.write_text(INCOMPLETE)
    code, out, loaded = _cli_modules(["run", str(brief)], tmp_path, AD_BUYER_LLM=mode)
    assert code == 2
    assert "The brief cannot be run yet." in out
    assert "budget (missing)" in out
    assert "flight_dates (missing)" in out
    assert "Nothing was run or booked." in out
    assert sorted(loaded & set(NEVER_ON_A_REFUSAL)) == []
    assert not (tmp_path / "home").exists()  # no database was created either


def test_an_enqueued_brief_with_gaps_is_refused_before_it_is_queued(tmp_path: Path) -> None:
    """``enqueue`` checks its --db first (a usage error comes first), then the brief."""
    db = f"sqlite:///{tmp_path / 'q.db'}"
    code, out, loaded = _cli_modules(["enqueue", INCOMPLETE, "--db", db], tmp_path,
                                     AD_BUYER_LLM="offline")
    assert code == 2
    assert "budget (missing)" in out
    assert "queued" not in out
    assert sorted(loaded & {"crewai", "litellm"}) == []
    code, out, _ = _cli_modules(["runs", "--db", db], tmp_path)
    assert code in (0, None)
    assert "no runs yet" in out


def test_help_loads_none_of_them(tmp_path: Path) -> None:
    code, out, loaded = _cli_modules(["run", "--help"], tmp_path)
    assert code == 0
    assert "--dry-run" in out
    assert sorted(loaded & set(NEVER_ON_A_REFUSAL)) == []


class _Handle:
    def __init__(self, status: str = "PENDING") -> None:
        self.status = status
        self.status_reads = 0

    def get_status(self) -> Any:
        self.status_reads += 1
        return type("Status", (), {"status": self.status})()

    def get_result(self, polling_interval_sec: float) -> str:
        assert polling_interval_sec <= 0.01
        return "done"


def test_the_wait_ends_when_the_workflow_returns_not_at_a_poll(
        monkeypatch: pytest.MonkeyPatch) -> None:
    FaultWatch.clear()  # as the command does before it waits
    watcher, handle = Watcher(), _Handle()
    threading.Timer(0.05, watcher.finished.set).start()
    assert wait_for_result(handle, "run", finished=watcher.finished,
                           status_every_s=30.0) == "done"
    assert handle.status_reads == 0  # woken by the workflow, not by a status check


def test_a_workflow_that_ends_elsewhere_is_still_noticed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    FaultWatch.clear()
    handle = _Handle(status="SUCCESS")
    assert wait_for_result(handle, "run", finished=Watcher().finished,
                           status_every_s=0.01) == "done"
    assert handle.status_reads == 1


# A full offline run on SQLite books without these: portfolio selection talks to
# CP-SAT's solver directly (cp_model imports pandas and pyarrow), and the in-process
# sandbox needs no server (uvicorn).
NEVER_ON_AN_OFFLINE_RUN = ("pandas", "pyarrow", "uvicorn")


def test_a_full_offline_run_books_without_pandas_or_a_server(tmp_path: Path) -> None:
    brief = Path(__file__).resolve().parents[2] / "examples" / "briefs" / "q3-ctv-mobile.txt"
    code, out, loaded = _cli_modules(["run", str(brief)], tmp_path, AD_BUYER_LLM="offline")
    assert code == 0, out[-2000:]
    assert "Nothing was booked" not in out
    assert out.count("[booked]") >= 2  # the booked portfolio's rows
    assert sorted(loaded & set(NEVER_ON_AN_OFFLINE_RUN)) == []
