"""Run every benchmark, one after another, each printing its own table.

    python benchmarks/run_all.py            # all of them (about a minute)
    python benchmarks/run_all.py pacing     # only the named ones

Each benchmark is also runnable alone: ``python benchmarks/<name>_benchmark.py --help``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["orchestration", "portfolio", "negotiation", "pacing"]


def main(argv: list[str]) -> int:
    unknown = sorted(set(argv) - set(BENCHMARKS))
    if unknown:
        print(f"unknown benchmark(s) {unknown}; choose from {BENCHMARKS}", file=sys.stderr)
        return 2
    failed = []
    for name in argv or BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        # Rich sizes tables to the terminal; a pipe would get 80 columns.
        env = {**os.environ, "COLUMNS": os.environ.get("COLUMNS", "140")}
        code = subprocess.call([sys.executable, str(HERE / f"{name}_benchmark.py")], env=env)
        print(f"({name}: {time.perf_counter() - started:.1f}s, exit {code})", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
