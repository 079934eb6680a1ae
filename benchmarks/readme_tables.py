"""Write the benchmarks' tables into the README, between markers.

``<!-- bench:targets -->`` ... ``<!-- /bench:targets -->`` holds every target row
(benchmark, metric, target, result, baseline, met). Rows of benchmarks that did
not run this time are kept as they were; the others are replaced by this run's,
where they were.
``<!-- bench:NAME -->`` ... ``<!-- /bench:NAME -->`` holds the table a benchmark
recorded with ``targets.record_table``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from targets import markdown_table

TARGET_HEADER = ["benchmark", "metric", "target", "result", "baseline", "met"]


def _section(text: str, name: str) -> tuple[int, int] | None:
    """Start and end (character offsets) of the body between ``name``'s markers."""
    start = re.search(rf"<!-- bench:{re.escape(name)} -->\n", text)
    end = re.search(rf"<!-- /bench:{re.escape(name)} -->", text)
    if start is None or end is None or end.start() < start.end():
        return None
    return start.end(), end.start()


def replace_section(text: str, name: str, body: str) -> str:
    found = _section(text, name)
    if found is None:
        raise ValueError(f"the README has no <!-- bench:{name} --> ... "
                         f"<!-- /bench:{name} --> markers")
    return text[:found[0]] + body.rstrip("\n") + "\n" + text[found[1]:]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def target_rows(text: str) -> list[list[str]]:
    """The target rows now in the README (header and rule left out)."""
    found = _section(text, "targets")
    if found is None:
        return []
    lines = [line for line in text[found[0]:found[1]].splitlines() if line.startswith("|")]
    return [_cells(line) for line in lines[2:]]


def target_row(row: dict[str, object]) -> list[str]:
    met = "yes" if row["met"] else f"**no** {row['note']}".strip()
    return [str(row["benchmark"]), str(row["metric"]), str(row["target"]), str(row["value"]),
            str(row["baseline"]), met]


def update(text: str, rows: Sequence[dict[str, object]], ran: Sequence[str]) -> str:
    """The README with this run's targets and tables written in."""
    targets = [r for r in rows if "metric" in r]
    fresh = [target_row(r) for r in targets]
    benchmarks_run = {str(r["benchmark"]) for r in targets} | {n.replace("_", " ")
                                                                for n in ran}
    merged: list[list[str]] = []
    for row in target_rows(text):  # in place of a benchmark's old rows, its fresh ones
        if row and row[0] not in benchmarks_run:
            merged.append(row)
        elif row and not any(r[0] == row[0] for r in merged):
            merged += [r for r in fresh if r[0] == row[0]]
    merged += [r for r in fresh if r not in merged]
    if _section(text, "targets") is not None:
        text = replace_section(text, "targets", markdown_table(TARGET_HEADER, merged))
    for table in (r for r in rows if "table" in r):
        text = replace_section(text, str(table["table"]), str(table["markdown"]))
    return text


def write(readme: Path, rows: Sequence[dict[str, object]], ran: Sequence[str]) -> None:
    readme.write_text(update(readme.read_text(encoding="utf-8"), rows, ran), encoding="utf-8")
