"""Which of several dated spans in a brief is the flight: each span's ROLE is read from
the words said with it. "Flight", "live", "in-market", "campaign dates" name the flight;
"the sale", "the event", "deadline", "report due", "kick-off call", "last year" name
something else the brief dates (and a span that ended before the reference date cannot be
the flight). Used by :mod:`ad_buyer.intake.dates` only where several flights were found."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum

from ad_buyer.intake.period_parts import is_season
from ad_buyer.intake.reading import Reading


class Role(Enum):
    FLIGHT = "flight"
    OTHER = "other"
    NEUTRAL = "neutral"


_FLIGHT_CUE = (r"flight(?:s|ing)?|live|in[\s-]market|on[\s-]air|start(?:s|ing)?|begin(?:s|ning)?|"
               r"(?:campaign|media|run|live|activation|buying|flight|in[\s-]market)\s+"
               r"(?:dates?|period|window|timing)|dates?\s*:|period\s*:|timing\s*:|"
               r"we(?:'d|\s+would)?\s+(?:want|like|need|plan)\s+to\s+(?:run|be\s+(?:live|on)|"
               r"go\s+live|start|launch)|"
               r"(?:run|running|have\s+(?:it|this)\s+run)\s+(?:the\s+)?(?:campaign|ads?|media|it)")
_OTHER_CUE = (r"sales?|promo(?:tion)?s?|event|tour|trade\s+show|deadline|due|creative|assets?|"
              r"materials?|meeting|call|kick[\s-]?off|"
              r"reports?|reporting|recap|wrap[\s-]?up\s+report|signed|sign[\s-]off|approvals?|"
              r"invoic\w*|last\s+year|previous(?:ly)?|prior|ran|conference|festival|tournament|"
              r"opening|premiere|release|election|blackout|(?:go(?:es|ing)?\s+)?dark|paus\w+|"
              r"freeze|embargo|rfp|proposals?|submi\w+|respon\w+|"
              # the writer's own days: out of office, on leave, travelling
              r"away|out\s+of\s+(?:the\s+)?office|ooo|on\s+(?:annual\s+)?leave|vacation|"
              r"holiday\s+hours|closed|back\s+(?:in\s+the\s+office|at\s+my\s+desk|on)|"
              r"I'?m\s+at|I\s+am\s+at|I'?ll\s+be\s+(?:at|in|off|out)|I'?m\s+(?:off|out)")
_CUE = re.compile(rf"\b(?:(?P<flight>{_FLIGHT_CUE})|(?P<other>{_OTHER_CUE}))\b", re.IGNORECASE)
_EVENT_NOUN = re.compile(r"sales?|promo(?:tion)?s?|event|tour|trade\s+show|conference|festival|"
                         r"tournament|opening|premiere|release|election", re.IGNORECASE)
_VERB = re.compile(r"start(?:s|ing)?|begin(?:s|ning)?|live", re.IGNORECASE)
_SO = re.compile(r"\b(?:so|i\.?e\.?|that's|that\s+is|meaning)\s*,?\s*(?:from\s+)?$", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[.;!?\n(]|--|—|\s-\s")
# "depends how Q4 closes", "after Q1 results": a period of the business, not of the campaign
_BUSINESS_AFTER = re.compile(r"^\s*(?:'s\s+)?(?:clos(?:es|ing|e)|results?|numbers|earnings|actuals|"
                             r"forecast|reforecast|lands|shakes\s+out|plays\s+out|"
                             r"goes(?!\s+live)|turns\s+out|reporting|targets?\s+(?:are|were))\b",
                             re.IGNORECASE)


def role(text: str, source: str, end: date, reading: Reading) -> tuple[Role, str]:
    """The role of the span written as ``source`` (first found in ``text``) and its cue."""
    if end < reading.reference:
        return Role.OTHER, "it ended before the reference date"
    if is_season(source):
        return Role.OTHER, "a season"  # "through summer: July 1 - Sept 30 2027"
    if re.fullmatch(r"(?:this|the\s+current)\s+year", source, re.IGNORECASE):
        return Role.OTHER, "this year"  # "This year: CAD 600K": the year, beside its flight
    first, _, second = source.partition(" .. ")
    written = re.search(re.escape(first) + r"[^.;\n]{0,40}?" + re.escape(second), text) \
        if second else None  # a range: where both its ends are written
    at = written.start() if written else text.find(first)
    if at < 0:
        return Role.NEUTRAL, ""
    business = None if second else _BUSINESS_AFTER.match(text[at + len(first):])
    if business is not None:
        return Role.OTHER, first + business.group(0)
    before = text[:at]
    starts = [m.end() for m in _CLAUSE_START.finditer(before)]
    clause = before[starts[-1] if starts else 0:]
    if _SO.search(clause):  # "..., so June 28 - July 16": the flight, restated
        return Role.FLIGHT, "restated"
    cues = list(_CUE.finditer(clause))
    if not cues:
        return Role.NEUTRAL, ""
    nearest = cues[-1]
    others = [c for c in cues if c.group("other") and _EVENT_NOUN.fullmatch(c.group(0))]
    if nearest.group("flight") and _VERB.fullmatch(nearest.group(0)) and others:
        return Role.OTHER, others[-1].group(0)  # "the sale starts June 1": the sale's start
    if nearest.group("flight"):
        return Role.FLIGHT, nearest.group(0)
    return Role.OTHER, nearest.group(0)


def said_of_other(text: str, start: int) -> bool:
    """The date written at ``start`` is said of something other than the flight."""
    before = text[:start]
    starts = [m.end() for m in _CLAUSE_START.finditer(before)]
    cues = list(_CUE.finditer(before[starts[-1] if starts else 0:]))
    return bool(cues) and cues[-1].group("other") is not None


def not_the_flight(text: str, flights: list[tuple[date, date, str]],
                   reading: Reading) -> set[tuple[date, date]]:
    """Spans that are not the flight, by their role; empty unless it leaves some span."""
    roles: dict[tuple[date, date], tuple[Role, str, str]] = {}
    for start, end, source in flights:
        found, cue = role(text, source, end, reading)
        if (start, end) not in roles or found is Role.FLIGHT:
            roles[(start, end)] = (found, cue, source)
    flight = {s for s, (r, _, _) in roles.items() if r is Role.FLIGHT}
    other = {s for s, (r, _, _) in roles.items() if r is Role.OTHER}
    if not flight and not other:
        return set()
    aside = set(other)
    for span, (found, _, source) in roles.items():
        if found is Role.NEUTRAL and flight and (
                not re.search(r"\b20\d\d\b|'\d\d\b", source)
                or any(span[0] <= f[1] and f[0] <= span[1] for f in flight)):
            aside.add(span)  # "Q3" or "this year" beside "flight: July 1 - Aug 15 2027"
    if len(aside) >= len(roles):
        return set()
    for span in sorted(aside):
        found, cue, source = roles[span]
        why = f"said with {cue!r}" if cue else "said beside the flight's own dates"
        reading.assume(f"{source!r} ({span[0].isoformat()} to {span[1].isoformat()}) is not "
                       f"the flight ({why})")
    return aside
