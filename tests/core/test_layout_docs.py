"""docs/layout.md names every module of the brief reader (``intake/``), by job, so a reader
of the docs finds where a form of brief is read; a module added without a line there fails."""

from __future__ import annotations

import re
from pathlib import Path

import ad_buyer

ROOT = Path(__file__).resolve().parents[2]
INTAKE = Path(ad_buyer.__file__).parent / "intake"


def test_the_layout_doc_names_every_intake_module() -> None:
    layout = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")
    row = next(line for line in layout.splitlines() if line.startswith("| `intake/` |"))
    named = set(re.findall(r"`(\w+)`", row))
    modules = {p.stem for p in INTAKE.glob("*.py") if p.stem != "__init__"}
    assert modules - named == set(), "add these to docs/layout.md's intake row"
    assert named - modules - {"intake"} == set(), "docs/layout.md names modules that are gone"
