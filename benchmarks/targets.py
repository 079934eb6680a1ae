"""Targets, each beside its baseline: recorded by each benchmark, summed up by run_all.

A benchmark calls :func:`record` for each target it measures; when run by
``run_all.py`` (which sets ``AD_BUYER_BENCH_TARGETS`` to a file), the rows are
appended there as JSON lines and printed together at the end, misses included.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ENV = "AD_BUYER_BENCH_TARGETS"


def record(benchmark: str, metric: str, target: str, value: str, baseline: str,
           met: bool, note: str = "") -> None:
    """One target row: what is measured, the goal, our figure, the baseline's, met or not."""
    path = os.environ.get(ENV)
    if not path:
        return
    row = {"benchmark": benchmark, "metric": metric, "target": target, "value": value,
           "baseline": baseline, "met": met, "note": note}
    with Path(path).open("a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")


def record_table(benchmark: str, markdown: str) -> None:
    """A benchmark's results as a Markdown table, for run_all to write into the README
    between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->``."""
    path = os.environ.get(ENV)
    if not path:
        return
    with Path(path).open("a", encoding="utf-8") as out:
        out.write(json.dumps({"table": benchmark, "markdown": markdown}) + "\n")


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def load(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
