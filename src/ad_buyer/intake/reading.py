"""What the rule readers share: the facts found so far, and how they were found.

Each reader (``brief_money``, ``brief_dates``, ``brief_audience``,
``brief_channels``, ``brief_sellers``, ``brief_names`` and ``brief_rules``)
finds one kind of fact, says what it inferred (``assumptions``) and what it
could not settle (``issues``), and marks the spans of the text it read, so the
parts no reader understood can be shown to the planner instead of dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ad_buyer.models.brief import BriefIssue, GapKind


@dataclass
class Reading:
    """Facts found so far, plus what was assumed, what is unresolved and what was read."""

    facts: dict[str, Any] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    issues: list[BriefIssue] = field(default_factory=list)
    reference: date = field(default_factory=date.today)
    allow_past: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)

    def issue(self, name: str, kind: GapKind, message: str) -> None:
        self.issues.append(BriefIssue(field=name, kind=kind, message=message))

    def assume(self, text: str) -> None:
        if text not in self.assumptions:
            self.assumptions.append(text)

    def mark(self, start: int, end: int) -> None:
        """The text between ``start`` and ``end`` was understood."""
        if end > start:
            self.spans.append((start, end))

    def mark_match(self, match: re.Match[str], group: int | str = 0) -> None:
        self.mark(match.start(group), match.end(group))

    def has_issue(self, name: str) -> bool:
        return any(i.field == name for i in self.issues)


def blank(text: str, start: int, end: int) -> str:
    """``text`` with ``start:end`` replaced by spaces (indexes stay valid)."""
    return text[:start] + " " * (end - start) + text[end:]


# Words that carry no fact on their own: a clause made only of these is not
# reported as "not understood".
_FILLER_WORDS = """
    a an the and or but for with without of to in on at by from as is are be we our us
    you your please thanks thank hi hello this that these those it its campaign brief
    run buy media plan want need would like let should can could will also budget flight
    dates channel channels audience goal kpi kpis notes total our their some any all
    only just so then via per each into across over under about around approx
    approximately roughly target targeting targeted aim aimed looking
"""
FILLER = frozenset(_FILLER_WORDS.split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")


def not_understood(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """Clauses of ``text`` that no reader marked and that say more than filler words."""
    out: list[str] = []
    for clause in re.finditer(r"[^.;\n!?]+", text):
        start = clause.start()
        # A comma-separated part is a clause too: "$250k, Q3 2027, make it pop".
        for part in re.finditer(r"[^,]+", clause.group(0)):
            p_start, p_end = start + part.start(), start + part.end()
            if any(s < p_end and e > p_start for s, e in spans):
                continue
            words = [w.lower() for w in _WORD.findall(part.group(0))]
            if any(w not in FILLER for w in words):
                cleaned = " ".join(part.group(0).split()).strip(" -:")
                if cleaned and cleaned not in out:
                    out.append(cleaned)
    return out
