"""Run every benchmark, one after another, each printing its own table.

    python benchmarks/run_all.py            # all of them (about nine minutes)
    python benchmarks/run_all.py pacing     # only the named ones
    python benchmarks/run_all.py --no-readme pacing   # print, leave README.md alone

Each benchmark is also runnable alone: ``python benchmarks/<name>_benchmark.py --help``.
At the end, every target the benchmarks measured is printed beside its
baseline, misses included, and README.md's marked tables are rewritten with
this run's figures (``readme_tables.py``): the targets of the benchmarks that
ran, each saying met or not, and each benchmark's own table.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

import readme_tables
from targets import ENV, load

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"
BENCHMARKS = ["orchestration", "portfolio", "negotiation", "pacing", "crash_soak", "api",
              "cli_latency", "brief_reading"]


def main(argv: list[str]) -> int:
    write_readme = "--no-readme" not in argv
    argv = [a for a in argv if a != "--no-readme"]
    unknown = sorted(set(argv) - set(BENCHMARKS))
    if unknown:
        print(f"unknown benchmark(s) {unknown}; choose from {BENCHMARKS}", file=sys.stderr)
        return 2
    failed = []
    with tempfile.TemporaryDirectory() as scratch:
        targets = Path(scratch) / "targets.jsonl"
        for name in argv or BENCHMARKS:
            print(f"\n=== {name} ===", flush=True)
            started = time.perf_counter()
            # Rich sizes tables to the terminal; a pipe would get 80 columns.
            env = {**os.environ, "COLUMNS": os.environ.get("COLUMNS", "140"),
                   ENV: str(targets)}
            script = HERE / f"{name}_benchmark.py"
            if not script.exists():
                script = HERE / f"{name}.py"
            code = subprocess.call([sys.executable, str(script)], env=env)
            print(f"({name}: {time.perf_counter() - started:.1f}s, exit {code})", flush=True)
            if code:
                failed.append(name)
        rows = load(targets)
        summary(rows)
        ran = [n for n in argv or BENCHMARKS if n not in failed]
        if write_readme and rows:
            readme_tables.write(README, rows, ran)
            print(f"wrote this run's tables into {README}", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


def summary(rows: list[dict[str, object]]) -> None:
    """Every target beside its baseline, misses included."""
    if not any("metric" in r for r in rows):
        return
    table = Table(title="Targets (each beside its baseline)")
    for column in ("benchmark", "metric", "target", "ours", "baseline", "met"):
        table.add_column(column)
    for row in (r for r in rows if "metric" in r):
        met = "yes" if row["met"] else f"NO {row['note']}".strip()
        table.add_row(str(row["benchmark"]), str(row["metric"]), str(row["target"]),
                      str(row["value"]), str(row["baseline"]), met)
    Console(width=int(os.environ.get("COLUMNS", "140"))).print(table)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
