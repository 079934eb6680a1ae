"""run_all.py rewrites the README's marked benchmark tables with a run's figures."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
README = """# x

<!-- bench:targets -->
| benchmark | metric | target | result | baseline | met |
| --- | --- | --- | --- | --- | --- |
| pacing | final error, mean | old | 9.99% | old | **no** old |
| crash soak | orphans after kill -9 and resume | 0 | 0 | never killed: 0 | yes |
<!-- /bench:targets -->

text between

<!-- bench:pacing -->
| old | table |
<!-- /bench:pacing -->
tail
"""


@pytest.fixture
def tables(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import readme_tables

    return readme_tables


def test_targets_of_the_run_replace_theirs_and_keep_the_others(tables: ModuleType) -> None:
    rows = [
        {"benchmark": "pacing", "metric": "final error, mean", "target": "<= floor + 1 points",
         "value": "5.00%", "baseline": "naive 7.56%", "met": False, "note": "(by 0.24 points)"},
        {"benchmark": "pacing", "metric": "final error, p90", "target": "<= floor + 3 points",
         "value": "14.00%", "baseline": "naive 22.68%", "met": True, "note": ""},
        {"table": "pacing", "markdown": "| policy | error |\n| --- | --- |\n| engine | 5% |"},
    ]
    out = tables.update(README, rows, ["pacing"])
    assert "9.99%" not in out  # the pacing rows of the earlier run are gone
    assert ("| pacing | final error, mean | <= floor + 1 points | 5.00% | naive 7.56% | "
            "**no** (by 0.24 points) |") in out
    assert "| pacing | final error, p90 | <= floor + 3 points | 14.00% | naive 22.68% | yes |" \
        in out
    assert "| crash soak | orphans after kill -9 and resume | 0 | 0 | never killed: 0 | yes |" \
        in out  # not run this time: kept
    assert out.index("| pacing | final error, p90") < out.index("| crash soak |")  # in place
    assert "| old | table |" not in out
    assert "<!-- bench:pacing -->\n| policy | error |" in out
    assert out.endswith("<!-- /bench:pacing -->\ntail\n")
    assert "text between" in out


def test_a_readme_without_the_markers_is_refused(tables: ModuleType) -> None:
    with pytest.raises(ValueError, match="bench:pacing"):
        tables.update("# no markers\n", [{"table": "pacing", "markdown": "| a |"}], ["pacing"])


def test_the_readme_has_every_section_run_all_writes(tables: ModuleType) -> None:
    readme = (BENCHMARKS.parent / "README.md").read_text(encoding="utf-8")
    for name in ("targets", "pacing", "negotiation"):
        assert tables.replace_section(readme, name, "| x |") != readme
    assert all(len(row) == len(tables.TARGET_HEADER) for row in tables.target_rows(readme))
