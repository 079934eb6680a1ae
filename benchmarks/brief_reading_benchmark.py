"""How well the offline reader reads briefs: in sample, and on batches it has never seen.

    python benchmarks/brief_reading_benchmark.py          # the table, and each batch's misses
    python benchmarks/brief_reading_benchmark.py FILE...  # score other batch files once

The corpus (``tests/data/briefs.yaml`` and ``briefs_batch*.yaml``) is in sample: each batch
was fixed for after its first score. The batches under ``tests/data/unseen/`` were written
blind and scored once, before any change for them; each records that first score. Only
those say how the reader does on briefs like a reviewer's own. The target (issue 19) is at
least 95% of fields read right on unseen briefs.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import yaml
from rich.console import Console
from rich.table import Table

from ad_buyer.evaluation.brief_reading import BatchScore, score_batch
from targets import markdown_table, record, record_table

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
TARGET = Decimal("0.95")


def _row(name: str, score: BatchScore, first: str = "") -> list[str]:
    runnable = score.briefs - score.refusals
    return [name, str(score.briefs), f"{score.correct} / {score.total} ({score.accuracy:.1%})",
            f"{score.runnable_refused} / {runnable}",
            f"{score.refusals_right} / {score.refusals}", first]


def _first(path: Path) -> str:
    first = yaml.safe_load(path.read_text(encoding="utf-8")).get("first_score")
    if not first:
        return ""
    return (f"{first['fields_right']} / {first['fields']} "
            f"({Decimal(first['fields_right']) / first['fields']:.1%})")


def main(argv: list[str]) -> int:
    header = ["batch", "briefs", "fields read right", "runnable refused", "refusals right",
              "first score"]
    rows: list[list[str]] = []
    console = Console()
    if argv:
        for name in argv:
            score = score_batch(Path(name))
            rows.append(_row(Path(name).name, score))
            for miss in score.misses:
                console.print(f"  miss: {miss}", markup=False)
    else:
        corpus = [DATA / "briefs.yaml", *sorted(DATA.glob("briefs_batch*.yaml"))]
        in_sample = BatchScore()
        for path in corpus:
            in_sample = in_sample + score_batch(path)
        rows.append(_row("corpus, in sample (fixed after first scores)", in_sample))
        unseen = BatchScore()
        for path in sorted((DATA / "unseen").glob("briefs_batch*.yaml")):
            score = score_batch(path)
            unseen = unseen + score
            rows.append(_row(f"unseen: {path.name}", score, _first(path)))
        if unseen.total:
            rows.append(_row("unseen, together", unseen))
            record("brief reading", "fields read right on unseen briefs",
                   f">= {TARGET:.0%}", f"{unseen.accuracy:.1%}",
                   f"in sample {in_sample.accuracy:.1%}", unseen.accuracy >= TARGET,
                   "" if unseen.accuracy >= TARGET else "(missed)")
    table = Table(title="Brief reading (offline reader)")
    for column in header:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    record_table("brief_reading", markdown_table(header, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
