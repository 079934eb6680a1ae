"""``ad-buyer enqueue`` with several briefs: a file of briefs, or stdin, one per line."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from ad_buyer.cli import app
from ad_buyer.events.log import RationaleLog
from ad_buyer.storage.db import Database

runner = CliRunner()
BRIEFS = [f"Campaign: Batch {n}. Budget ${n + 5}k, flight July 1 - Sept 30 2027. Audio only, "
          "adults 18-34 in the US. Goal: awareness. Max $20 CPM." for n in range(3)]


def _queued(output: str) -> list[str]:
    return re.findall(r"run (\w+) queued", output)


def test_a_file_of_briefs_one_per_line_queues_each(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'q.db'}"
    briefs = tmp_path / "briefs.txt"
    briefs.write_text("\n".join([BRIEFS[0], "", BRIEFS[1]]) + "\n")
    result = runner.invoke(app, ["enqueue", str(briefs), "--per-line", "--db", db],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    run_ids = _queued(result.output)
    assert len(run_ids) == 2
    assert "2 of 2 brief(s) queued" in result.output
    log = RationaleLog(Database(db))
    assert sorted(log.get_run(r).brief_text for r in run_ids) == sorted(BRIEFS[:2])

    # stdin, one per line: the brief already queued is refused, the new one queued, exit 2
    again = runner.invoke(app, ["enqueue", "-", "--per-line", "--db", db],
                          input=f"{BRIEFS[1]}\n{BRIEFS[2]}\n", env={"COLUMNS": "200"})
    assert again.exit_code == 2, again.output
    assert "This brief was already run" in again.output
    assert len(_queued(again.output)) == 1
    assert "1 of 2 brief(s) queued" in again.output
    listed = runner.invoke(app, ["runs", "--db", db], env={"COLUMNS": "200"}).output
    assert listed.count(" queued ") == 3


def test_several_brief_arguments_are_queued_in_turn(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'q2.db'}"
    result = runner.invoke(app, ["enqueue", BRIEFS[0], BRIEFS[1], "--db", db],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert len(set(_queued(result.output))) == 2
