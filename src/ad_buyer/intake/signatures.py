"""A mail's signature and greetings: the names and cities in them are no market.

"Best,\nSophie\nSenior Planner, Northbank Media, London": the office's city is not
where the campaign runs; "Hey Jordan -": Jordan is a person; "greetings from Munich":
the sender's city. Read by :mod:`ad_buyer.intake.places`.
"""

from __future__ import annotations

import re

from ad_buyer.intake.reading import Reading


def is_signature_name(text: str, m: re.Match[str]) -> bool:
    """A name alone on the line after a sign-off ("Best,\nJordan"), or right after a
    greeting ("Hey Jordan -"), is a person."""
    if re.search(r"\b(?:hi|hey|hello|dear|hiya|morning|thanks|thank\s+you|cheers)[ \t,]+$",
                 text[max(0, m.start() - 14):m.start()], re.IGNORECASE):
        return True
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if line.strip() != m.group(0):
        return False
    before = text[:line_start].rstrip().rsplit("\n", 1)[-1]
    return bool(re.match(r"\s*(?:best|regards|kind\s+regards|best\s+regards|thanks|thank\s+you|"
                         r"cheers|many\s+thanks|sincerely|thx)\b", before, re.IGNORECASE))


_SIGN_OFF = re.compile(r"^[ \t]*(?:best|regards|kind\s+regards|best\s+regards|warm\s+regards|"
                       r"many\s+thanks|thanks|thank\s+you|cheers|sincerely|yours\s+sincerely|"
                       r"yours|ta|thx)\b[^\n]{0,20}$", re.IGNORECASE | re.MULTILINE)


def without_signature(text: str, reading: Reading) -> str:
    """The lines after the last sign-off ("Best,\nSophie\nSenior Planner, Northbank Media,
    London") sign the mail: the office's city is no market."""
    sign_offs = list(_SIGN_OFF.finditer(text))
    if not sign_offs:
        return text
    start = sign_offs[-1].end()
    tail = text[start:]
    if not tail.strip() or re.search(r"[$€£%]|\b20\d\d\b", tail) or tail.count("\n") > 6:
        return text
    reading.mark(start, len(text))
    return text[:start] + re.sub(r"[^\n]", " ", tail)


# "best greetings from Munich": the sender's city
GREETINGS_FROM = re.compile(r"\b(?:greetings|regards|hello|wishes|love)\s+from\s+$",
                            re.IGNORECASE)


# "Weekly reports please, broken out across the Pacific Northwest": how a report is cut is no
# market to buy. The place is left unread, so the unread guard asks about it.
_REPORT_BREAKOUT = re.compile(
    r"\b(?:broken\s+out|break[\s-]?outs?|split\s+out|reports?|reporting)\s+"
    r"(?:(?:by|across|for|per)\b)[^.!?\n;]*", re.IGNORECASE)


def without_report_breakouts(text: str) -> str:
    """``text`` with the places a report is cut by blanked (indexes stay valid)."""
    return _REPORT_BREAKOUT.sub(lambda m: " " * len(m.group(0)), text)


def without_non_markets(text: str, reading: Reading) -> str:
    """``text`` without the places that name no market: a signature's, a report's cut."""
    return without_report_breakouts(without_signature(text, reading))
