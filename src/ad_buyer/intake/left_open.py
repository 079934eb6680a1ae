"""Fields a brief gives as "TBD", "TBC", "n/a" or "none": not stated, never a value.

A form's field filled with a placeholder ("Campaign: TBD", "Max CPM: n/a", "Excluded
sellers: none", "Dates: TBC") states nothing: the placeholder is no campaign name, no
seller, no CPM. The field is blanked before the readers run, so a required fact so given
is asked for and an optional one is left out, and an assumption says so.
"""

from __future__ import annotations

import re

from ad_buyer.intake.reading import Reading, blank
from ad_buyer.models.brief import GapKind

_PLACEHOLDER = (r"tbd|tbc|tba|t\.b\.[dc]\.?|n/?a|none|nil|nothing|-+|–|—|\?+|pending|unknown|"
                r"not\s+(?:set|known|yet\s+(?:known|set|decided|confirmed)|decided|confirmed)|"
                r"to\s+be\s+(?:confirmed|decided|determined|advised)|open|later")
# "Max CPM: n/a", "| Campaign | TBD |", "floor n/a", "CPM cap = TBC"
_LEFT_OPEN = re.compile(
    r"(?:^|(?<=[.;,|\n•/?!]))[ \t]*(?P<label>[A-Za-z][A-Za-z /()&'-]{0,40}?)[ \t]*"
    rf"(?::|=|\||[ \t]-[ \t]|[ \t](?=(?:{_PLACEHOLDER})\b))[ \t]*"
    rf"(?P<value>{_PLACEHOLDER})[ \t]*(?=[.;,|\n•/]|$|\(|[-–—][ \t])",
    re.IGNORECASE | re.MULTILINE)
_FIELD = re.compile(r"\b(?:campaign|name|title|budget|spend|investment|flight|dates?|timing|"
                    r"start|end|period|channels?|media|split|allocation|audience|target|"
                    r"geo\w*|markets?|regions?|cpms?|cap|ceiling|floor|max|min|sellers?|"
                    r"publishers?|vendors?|exclu\w*|inclu\w*|deals?|kpis?|goal|objective)\b",
                    re.IGNORECASE)


def read_left_open(text: str, reading: Reading) -> str:
    """``text`` with each field given as a placeholder blanked (and marked)."""
    for m in _LEFT_OPEN.finditer(text):
        label = " ".join(m.group("label").split())
        if not _FIELD.search(label) or len(label.split()) > 5:
            continue  # "Hi team - TBD" is no field
        reading.mark_match(m)
        text = blank(text, m.start(), m.end())
        tentative = _TENTATIVE.match(text, m.end())
        undecided = _UNDECIDED.match(text, m.end())
        if undecided:  # "Channels TBD — client is still deciding between video and audio"
            reading.mark(undecided.start(), undecided.end())
            text = blank(text, undecided.start(), undecided.end())
            reading.assume(f"{label} given as {m.group('value').strip()!r}: read as not stated "
                           f"({' '.join(undecided.group(0).split()).lstrip('—–-,;:( ')!r} "
                           "names options, not a choice)")
            if re.search(r"\b(?:geo\w*|markets?|regions?|locations?|places?)\b", label,
                         re.IGNORECASE):  # targeting none of them would widen the buy
                reading.issue("geo", GapKind.AMBIGUOUS, f"{label} is {m.group('value').strip()!r}"
                              f" with options still open ({undecided.group(0).strip()!r}); "
                              "name the markets to target")
        elif tentative:  # "Flight: TBC (likely Q2 2027)": the likely value is read, and said
            reading.mark(tentative.start(), tentative.start("value"))
            reading.assume(f"{label} given as {m.group('value').strip()!r}, likely "
                           f"{tentative.group('value').strip()!r}: read as that, to be confirmed")
        else:
            reading.assume(f"{label} given as {m.group('value').strip()!r}: read as not stated")
    for m in _MARKED_TBC.finditer(text):  # "Budget: ~$120k (TBC)"
        reading.mark(m.start("mark"), m.end("mark"))
        text = blank(text, m.start("mark"), m.end("mark"))
        reading.assume(f"{' '.join(m.group('said').split())!r} is marked to be confirmed: "
                       "read as stated")
    return text


_TENTATIVE = re.compile(r"[ \t]*\((?:likely|probably|prob\.?|maybe|possibly|tentatively|"
                        r"est\.?|estimated|approx\.?|around|about|~)\s*(?P<value>[^)\n]+)\)",
                        re.IGNORECASE)
_MARKED_TBC = re.compile(r"(?P<said>[^\n(:]*\d[^\n(]*?)\s*(?P<mark>\((?:tbc|tbd|tba|tentative|"
                         r"to\s+be\s+confirmed|pending(?:\s+approval)?|subject\s+to\s+approval)\))",
                         re.IGNORECASE)
# the options still weighed for a field left open: none of them is the choice
_UNDECIDED = re.compile(r"[ \t]*(?:[-–—,;:(][ \t]*)?(?:(?:the\s+)?(?:client|brand|they|we|team|"
                        r"it)(?:'s|'re|\s+is|\s+are)?\s+)?(?:still\s+)?(?:deciding|choosing|"
                        r"torn|undecided|weighing(?:\s+up)?|debating|figuring\s+out|"
                        r"considering)\b[^.;\n)]*\)?", re.IGNORECASE)
