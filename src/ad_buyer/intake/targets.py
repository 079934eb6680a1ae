"""Targets that are counts, not money: frequency caps ("3x weekly freq cap", "Freq cap:
5x/week/HH", "no more than 3 exposures per user per day") and outcome counts ("20k new
subscribers", "10,000 installs", "5,000 leads"). Each is noted as an assumption and taken out
of the text, so its number is read as no budget, share or audience. The buyer sets no
frequency cap and books no outcome count, and says so.
"""

from __future__ import annotations

import re

from ad_buyer.intake.reading import Reading, blank

_PER = (r"(?:\s*(?:/|per|a|an|each)\s*(?:user|person|people|hh|households?|homes?|devices?|"
        r"viewers?|uniques?|weeks?|wk|days?|24\s*h(?:ours?|rs)?|months?|flight|campaign)\b)*")
_CAP_WORD = (r"(?:freq(?:uency)?\.?[\s-]*cap(?:ped|s)?|f[\s-]?caps?|max(?:imum)?\s+freq(?:uency)?|"
             r"frequency\s+(?:limit(?:ed)?|max(?:imum)?))")
_COUNT = r"\d{1,2}\s*(?:x|\+|times|exposures|impressions|imps|ads)?"
_FREQUENCY_CAP = re.compile(
    rf"\b{_CAP_WORD}\s*(?:of|at|to|:|=|-|–)?\s*(?:no\s+more\s+than\s+)?{_COUNT}{_PER}"
    rf"(?:\s*(?:weekly|daily|monthly))?"
    rf"|\b{_COUNT}\s*(?:/\s*|per\s+|a\s+)?(?:weekly|daily|week|day|wk|24\s*h)?\s*{_CAP_WORD}\b"
    rf"|\b(?:cap|limit)\s+(?:the\s+)?frequency\s+(?:at|to)\s+{_COUNT}{_PER}"
    rf"|\bno\s+more\s+than\s+\d{{1,2}}\s*(?:x\s*|times\s*)?(?:exposures|impressions|imps|ads)?"
    rf"\s*(?:/|per|a)\s*(?:user|person|hh|household|device|viewer)\b{_PER}",
    re.IGNORECASE)


# a count of outcomes, with no currency before it ("20k new subscribers", "10,000 installs")
_OUTCOME_COUNT = re.compile(
    r"(?<![$€£¥₹\w.,])(?P<n>\d[\d,.]*\s*(?:k|m|thousand|million)?)\s+"
    r"(?:new\s+|more\s+|app\s+|qualified\s+|incremental\s+)?"
    r"(?:installs|downloads|leads|sign[\s-]?ups|subscribers|subscriptions|registrations|"
    r"conversions|orders|visits|site\s+visits|store\s+visits|"
    r"clicks|completed\s+views|video\s+views|applications|bookings|rsvps|customers|accounts|"
    r"users|members|donors|patients|students|test\s+drives|trials|mqls|demo\s+requests)\b",
    re.IGNORECASE)

_NOTES = (
    (_FREQUENCY_CAP, "frequency cap {!r} noted only: the buyer sets no frequency cap"),
    (_OUTCOME_COUNT, "{!r} is an outcome target, noted only (no budget)"),
)


def read_targets(text: str, reading: Reading) -> str:
    """``text`` with each frequency cap and outcome count noted and blanked."""
    for pattern, note in _NOTES:
        for m in pattern.finditer(text):
            reading.mark_match(m)
            # the count goes; the outcome's words stay for the goal reader
            start, end = m.span("n") if "n" in pattern.groupindex else m.span()
            text = blank(text, start, end)
            reading.assume(note.format(m.group(0).strip()))
    return text
