"""``ad-buyer worker`` prints each run's progress in a planner's words, like ``ad-buyer
run``; the agents' and tools' names are for ``--verbose`` (issue 22)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner
from worker_processes import Worker, run_statuses, wait_for

from ad_buyer.cli import app

BRIEF = ("Campaign: Worker Words. Budget $3k, flight July 1 - Sept 30 2026. Audio only, "
         "adults 18-34 in the US. Max $20 CPM. PD.")
AGENTS_AND_TOOLS = ("Specialist", "Portfolio Manager", "delegate_channel", "discover_sellers",
                    "request_quotes", "negotiate_quote", "propose_portfolio",
                    "book_portfolio", "proposal-")
runner = CliRunner()


def _worker_run(tmp_path: Path, *flags: str) -> tuple[str, str]:
    """Queue one brief, let a worker (its own in-process sandbox) run it; the run's
    id and the worker's output."""
    db = f"sqlite:///{tmp_path / 'buyer.db'}"
    queued = runner.invoke(app, ["enqueue", BRIEF, "--db", db, "--reference-date",
                                 "2026-05-10"])
    assert queued.exit_code == 0, queued.output
    run_id = queued.output.split()[1]
    worker = Worker(db, tmp_path / "machine", *flags)
    try:
        wait_for(lambda: run_statuses(db).get(run_id) == "completed", 120, "the run",
                 [worker])
    finally:
        assert worker.stop() == 0, worker.output()
    return run_id, worker.output()


@pytest.mark.server
def test_worker_progress_is_in_a_planners_words(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AD_BUYER_VERBOSE", "0")  # the helper sets 1 for the tagged lines
    run_id, out = _worker_run(tmp_path)
    lines = [line for line in out.splitlines() if f" {run_id} " in line]
    text = "\n".join(lines)
    assert re.search(rf"{run_id} Reading \d+ audio sellers' media kits", text), out
    assert re.search(rf"{run_id} Asking audio sellers for quotes on \d+ packages", text), out
    assert re.search(rf"{run_id} Booked \d+ audio deals, USD [\d,]+\.\d\d", text), out
    for name in AGENTS_AND_TOOLS:
        assert name not in text, (name, text)
    assert f"{run_id} media kits:" not in text  # no crew stage tags


@pytest.mark.server
def test_worker_verbose_names_the_agents_and_tools(tmp_path: Path) -> None:
    run_id, out = _worker_run(tmp_path, "--verbose")
    assert f"{run_id} media kits" in out
    assert "(Audio Specialist → request_quotes)" in out
    assert "(Portfolio Manager → delegate_channel)" in out
