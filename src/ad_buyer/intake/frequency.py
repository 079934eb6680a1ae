"""Frequency caps ("3x weekly freq cap", "Freq cap: 5x/week/HH", "no more than 3 exposures per
user per day"): noted as an assumption and taken out of the text, so their numbers are read
as no money, share or audience. The buyer sets no frequency cap, and says so.
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


def read_frequency_caps(text: str, reading: Reading) -> str:
    """``text`` with each frequency cap noted and blanked."""
    for m in _FREQUENCY_CAP.finditer(text):
        reading.mark_match(m)
        text = blank(text, m.start(), m.end())
        reading.assume(f"frequency cap {m.group(0).strip()!r} noted only: the buyer sets no "
                       "frequency cap")
    return text
