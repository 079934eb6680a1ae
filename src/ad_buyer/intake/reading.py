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

from ad_buyer.intake.unread import carried_in_leftover
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
    older_from: int | None = None  # where a forwarded thread's older messages start
    subject: str | None = None  # the newest message's subject line, a name when none is given
    # a correction's moved end of the flight: month, day, year (None: unstated), as written
    moved_ends: dict[str, tuple[int, int, int | None, str]] = field(default_factory=dict)
    budget_rate: str | None = None  # "month" or "week" when the only budget is a rate

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
    team everyone folks thx cheers best regards kind hope well quick ask
"""
FILLER = frozenset(_FILLER_WORDS.split())
# Labels a reader leaves unmarked around the value it read ("Total investment: $350k").
_LABELS = """
    spend spending investment total media mix pricing price rate cost costs net gross
    geo geography market markets dates date period timing when where what who
    city cities region regions state states country countries location locations
    province provinces county counties territory territories
"""
_LABEL_WORDS = frozenset(_LABELS.split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")


def _unmarked_constraint(text: str, start: int, end: int,
                         spans: list[tuple[int, int]]) -> str | None:
    """What no reader marked in a partly read clause, when it carries a constraint
    ("200k on CTV for Q3 2027 in the Northeast": 'in the Northeast')."""
    chars = list(text[start:end])
    for s, e in spans:
        for i in range(max(s, start), min(e, end)):
            chars[i - start] = "\0"
    runs = [" ".join(r.split()).strip(" -:()") for r in "".join(chars).split("\0")]
    for run in runs:
        words = [w.lower() for w in _WORD.findall(run)]
        meaning = [w for w in words if w not in FILLER and w not in _LABEL_WORDS]
        if meaning and carried_in_leftover(run):
            return run
    return None


def not_understood(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """Clauses of ``text`` that no reader marked and that say more than filler words."""
    out: list[str] = []
    for clause in re.finditer(r"[^.;\n!?]+", text):
        start = clause.start()
        # A comma-separated part is a clause too: "$250k, Q3 2027, make it pop".
        for part in re.finditer(r"[^,]+", clause.group(0)):
            p_start, p_end = start + part.start(), start + part.end()
            if any(s < p_end and e > p_start for s, e in spans):
                rest = _unmarked_constraint(text, p_start, p_end, spans)
                if rest and rest not in out:
                    out.append(rest)
                continue
            words = [w.lower() for w in _WORD.findall(part.group(0))]
            if any(w not in FILLER for w in words):
                cleaned = " ".join(part.group(0).split()).strip(" -:")
                if cleaned and cleaned not in out:
                    out.append(cleaned)
    return out
