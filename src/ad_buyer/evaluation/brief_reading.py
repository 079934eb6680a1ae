"""How well the offline reader reads a batch of briefs: fields read right, refusals right.

A batch is a YAML file (``tests/data/briefs*.yaml``): a ``reference`` date and ``briefs``,
each a ``text`` with either ``expect`` (the fields a planner means) or ``refuse`` (the
field and kind of gap a run must give). A runnable brief the reader refuses counts every
one of its expected fields as missed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap, CampaignBrief
from ad_buyer.models.money import from_micros


@dataclass
class BatchScore:
    """One batch's (or several batches') score, field by field, with every miss in words."""

    briefs: int = 0
    fields: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    refusals: int = 0
    refusals_right: int = 0
    runnable_refused: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.fields.values())

    @property
    def correct(self) -> int:
        return sum(self.right.values())

    @property
    def accuracy(self) -> Decimal:
        return Decimal(self.correct) / self.total if self.total else Decimal(0)

    def field_rows(self) -> list[tuple[str, int, int]]:
        """(field, read right, expected) for each field, by name."""
        return [(name, self.right[name], self.fields[name]) for name in sorted(self.fields)]

    def __add__(self, other: BatchScore) -> BatchScore:
        return BatchScore(
            briefs=self.briefs + other.briefs, fields=self.fields + other.fields,
            right=self.right + other.right, refusals=self.refusals + other.refusals,
            refusals_right=self.refusals_right + other.refusals_right,
            runnable_refused=self.runnable_refused + other.runnable_refused,
            misses=self.misses + other.misses)

    def summary(self) -> str:
        runnable = self.briefs - self.refusals
        return (f"{self.briefs} briefs: {self.correct} / {self.total} fields "
                f"({self.accuracy:.1%}), {self.runnable_refused} of {runnable} runnable briefs "
                f"refused, {self.refusals_right} / {self.refusals} refusals right")


def actual(brief: CampaignBrief, name: str) -> Any:
    """A read brief's value for an expectation's field, in the expectation's form."""
    audience = brief.audience
    values: dict[str, Any] = {
        "budget": from_micros(brief.budget_micros), "currency": brief.currency,
        "start": brief.flight_start, "end": brief.flight_end,
        "channels": [c.value for c in brief.channels],
        "split": {c.value: p for c, p in brief.channel_split.items()},
        "goal": brief.goal.value, "age_min": audience.age_min, "age_max": audience.age_max,
        "gender": audience.gender.value, "household": sorted(h.value for h in audience.household),
        "interests": sorted(audience.interests), "kids": audience.is_kids,
        "countries": sorted(brief.countries), "dmas": sorted(brief.dmas),
        "regions": sorted(getattr(brief, "regions", [])),
        "max_cpm": from_micros(brief.max_cpm_micros) if brief.max_cpm_micros else None,
        "deal_types": sorted(d.value for d in brief.deal_types),
        "excluded": sorted(s.casefold() for s in brief.excluded_sellers),
        "included": sorted(s.casefold() for s in brief.included_sellers), "name": brief.name,
    }
    return values[name]


def expected(name: str, value: Any) -> Any:
    """An expectation's value as YAML wrote it, in the form :func:`actual` gives."""
    if name in ("budget", "max_cpm") and value is not None:
        return Decimal(str(value))
    if name in ("start", "end") and isinstance(value, str):
        return date.fromisoformat(value)
    if name == "split":
        return {c: Decimal(str(p)) for c, p in (value or {}).items()}
    if name in ("household", "interests", "countries", "dmas", "deal_types", "regions"):
        return sorted(str(v) for v in value)
    if name in ("excluded", "included"):
        return sorted(str(v).casefold() for v in value)
    return value


def score_batch(path: Path) -> BatchScore:
    """Read every brief of one batch file and compare with what its planner means."""
    batch = yaml.safe_load(path.read_text(encoding="utf-8"))
    reference = batch["reference"]
    result = BatchScore(briefs=len(batch["briefs"]))
    for case in batch["briefs"]:
        read = extract_brief(case["text"], reference_date=case.get("reference", reference),
                             allow_past=case.get("allow_past", False))
        if "refuse" in case:
            _score_refusal(case, read, result)
        else:
            _score_fields(case, read, result)
    return result


def _score_refusal(case: dict[str, Any], read: CampaignBrief | BriefGap,
                   result: BatchScore) -> None:
    result.refusals += 1
    want = case["refuse"]
    if isinstance(read, BriefGap) and any(
            i.field == want["field"] and i.kind.value == want["kind"] for i in read.issues):
        result.refusals_right += 1
        return
    got = read.describe() if isinstance(read, BriefGap) else "read, not refused"
    result.misses.append(f"refusal {want} for {case['text']!r}: {got}")


def _score_fields(case: dict[str, Any], read: CampaignBrief | BriefGap,
                  result: BatchScore) -> None:
    if isinstance(read, BriefGap):
        result.runnable_refused += 1
    for name, value in case["expect"].items():
        result.fields[name] += 1
        if isinstance(read, BriefGap):
            result.misses.append(f"{name} of {case['text']!r}: refused ({read.describe()})")
            continue
        got, want = actual(read, name), expected(name, value)
        if got == want:
            result.right[name] += 1
        else:
            result.misses.append(f"{name} of {case['text']!r}: got {got!r}, want {want!r}")


def score_batches(paths: list[Path]) -> BatchScore:
    """Several batches scored together."""
    total = BatchScore()
    for path in paths:
        total = total + score_batch(path)
    return total
