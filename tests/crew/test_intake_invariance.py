"""Harmless email text changes nothing the reader reads (issue 19).

Briefs the offline reader reads today (the corpus and blind batches 7-10) are
wrapped in a greeting and a signature block (names, titles, companies, phones,
street addresses, emails, "Sent from my iPhone", out-of-office lines,
disclaimers), given a harmless aside between paragraphs (a meeting ask, a
reporting ask, a creative spec, thanks, "let me know"), or respaced (blank
lines, trailing spaces, CRLF, indents, tabs, bullets). The budget, currency,
flight, channels, split, audience, places, CPM cap, deal types and sellers must
read the same, and the brief must not be refused.

Failures known today are listed in tests/data/noise_known_failures.yaml by
class (``python tests/brief_noise.py sample`` lists them, with the piece of
noise that causes each): they are xfail(strict=True), so a fix makes them fail
loudly here until the entry is removed. An entry with ``fixed_on`` is fixed on
another helper's branch not yet merged (not strict until then).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ad_buyer.models.brief import BriefGap
from brief_noise import (
    Case,
    Piece,
    Variant,
    changes,
    piece_changes,
    piece_ids,
    read,
    read_plain,
    sampled_cases,
    variant_ids,
)

KNOWN_FAILURES: dict[str, dict[str, Any]] = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "noise_known_failures.yaml")
    .read_text(encoding="utf-8")) or {}


def _marks(param_id: str) -> list[pytest.MarkDecorator]:
    known = KNOWN_FAILURES.get(param_id)
    if not known:
        return []
    fixed_on = known.get("fixed_on") or []
    reason = known["class"] + (f" (fixed on {', '.join(fixed_on)})" if fixed_on else "")
    return [pytest.mark.xfail(strict=not fixed_on, reason=reason)]


def _sample() -> Iterator[Any]:
    for case in sampled_cases():
        for variant_id, variant in variant_ids(case):
            yield pytest.param(case, variant, id=variant_id, marks=_marks(variant_id))


@pytest.mark.parametrize(("case", "variant"), list(_sample()))
def test_harmless_text_changes_nothing(case: Case, variant: Variant) -> None:
    base = read_plain(case)
    if isinstance(base, BriefGap):
        pytest.skip("the reader refuses this brief without noise")
    change = changes(base, read(variant.text, case))
    assert change is None, f"{change}\n--- noisy brief:\n{variant.text}"


@pytest.mark.parametrize(("piece_id", "piece"), [
    pytest.param(i, p, id=i, marks=_marks(i)) for i, p in piece_ids()])
def test_each_piece_changes_nothing(piece_id: str, piece: Piece) -> None:
    """Each out-of-office line, disclaimer, mobile line and aside on three probe briefs."""
    broken = piece_changes(piece)
    assert not broken, f"{piece.text!r}:\n" + "\n".join(broken)
