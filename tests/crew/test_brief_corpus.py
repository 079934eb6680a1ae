"""The brief-reading corpus (tests/data/briefs.yaml): field-level accuracy of the
offline reader, and every refusal right.

Run ``pytest tests/crew/test_brief_corpus.py -s`` to see the table. The README
states the figure; the floor below is that figure less a small margin, so a change
that reads briefs worse fails here instead of passing quietly.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap, CampaignBrief
from ad_buyer.models.money import from_micros

CORPUS = Path(__file__).resolve().parents[1] / "data" / "briefs.yaml"
MIN_BRIEFS = 270
FIELD_ACCURACY_FLOOR = Decimal("0.97")


def _actual(brief: CampaignBrief, name: str) -> Any:
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


def _expected(name: str, value: Any) -> Any:
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


def score(path: Path = CORPUS) -> dict[str, Any]:
    corpus = yaml.safe_load(path.read_text(encoding="utf-8"))
    reference = corpus["reference"]
    fields: Counter[str] = Counter()
    right: Counter[str] = Counter()
    refusals = refusals_right = 0
    misses: list[str] = []
    runnable_refused = 0
    for case in corpus["briefs"]:
        result = extract_brief(case["text"], reference_date=case.get("reference", reference),
                               allow_past=case.get("allow_past", False))
        if "refuse" in case:
            refusals += 1
            want = case["refuse"]
            if isinstance(result, BriefGap) and any(
                    i.field == want["field"] and i.kind.value == want["kind"]
                    for i in result.issues):
                refusals_right += 1
            else:
                got = result.describe() if isinstance(result, BriefGap) else "read, not refused"
                misses.append(f"refusal {want} for {case['text']!r}: {got}")
            continue
        if isinstance(result, BriefGap):
            runnable_refused += 1
        for name, value in case["expect"].items():
            fields[name] += 1
            if isinstance(result, BriefGap):
                misses.append(f"{name} of {case['text']!r}: refused ({result.describe()})")
                continue
            actual, expected = _actual(result, name), _expected(name, value)
            if actual == expected:
                right[name] += 1
            else:
                misses.append(f"{name} of {case['text']!r}: got {actual!r}, want {expected!r}")
    return {"briefs": len(corpus["briefs"]), "fields": fields, "right": right,
            "refusals": refusals, "refusals_right": refusals_right, "misses": misses,
            "runnable_refused": runnable_refused}


def score_all() -> dict[str, Any]:
    """The corpus and every later batch (``briefs_batch*.yaml``), scored together."""
    total: dict[str, Any] = {"briefs": 0, "fields": Counter(), "right": Counter(),
                             "refusals": 0, "refusals_right": 0, "misses": [],
                             "runnable_refused": 0}
    for path in [CORPUS, *sorted(CORPUS.parent.glob("briefs_batch*.yaml"))]:
        part = score(path)
        for key, value in part.items():
            total[key] = total[key] + value
    return total


def test_corpus_accuracy() -> None:
    result = score_all()
    fields, right = result["fields"], result["right"]
    total, correct = sum(fields.values()), sum(right.values())
    accuracy = Decimal(correct) / total
    print(f"\nbrief corpus: {result['briefs']} briefs, {total} expected fields, "
          f"{result['refusals']} expected refusals")
    print(f"{'field':<12} {'right':>5} / {'of':<5} accuracy")
    for name in sorted(fields):
        print(f"{name:<12} {right[name]:>5} / {fields[name]:<5} "
              f"{Decimal(right[name]) / fields[name]:.1%}")
    print(f"{'all fields':<12} {correct:>5} / {total:<5} {accuracy:.1%}")
    print(f"{'refusals':<12} {result['refusals_right']:>5} / {result['refusals']:<5} "
          f"{Decimal(result['refusals_right']) / result['refusals']:.1%}")
    for miss in result["misses"]:
        print(f"  miss: {miss}")
    assert result["briefs"] >= MIN_BRIEFS
    assert result["refusals_right"] == result["refusals"], result["misses"]
    assert accuracy >= FIELD_ACCURACY_FLOOR, result["misses"]
