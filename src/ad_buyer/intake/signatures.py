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
    if re.search(r"\b(?:hi|hey|hello|dear|hiya|morning|" + SIGN_OFF_WORDS + r")[ \t,]+$",
                 text[max(0, m.start() - 30):m.start()], re.IGNORECASE):
        return True
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if line.strip() != m.group(0):
        return False
    before = text[:line_start].rstrip().rsplit("\n", 1)[-1]
    return bool(re.match(r"\s*(?:best|regards|kind\s+regards|best\s+regards|thanks|thank\s+you|"
                         r"cheers|many\s+thanks|sincerely|thx)\b", before, re.IGNORECASE))


# How a mail signs off, in every reader that looks for a sign-off (noise, places, people
# named for months): one vocabulary.
SIGN_OFF_WORDS = (
    r"(?:many\s+|thanks\s+|with\s+)?thanks(?:\s+(?:so\s+much|again|all|a\s+lot|in\s+advance))?|"
    r"thank\s+you(?:\s+(?:so\s+much|again))?|thx|ty|ta|cheers|best(?:\s+wishes)?|"
    r"(?:kind|warm|best|warmest)\s+regards|regards|sincerely|yours(?:\s+(?:truly|sincerely))?|"
    r"talk\s+soon|speak\s+soon|all\s+the\s+best|cordialement|viele\s+grüße|"
    r"mit\s+freundlichen\s+grüßen|saludos|un\s+saludo|merci(?:\s+beaucoup)?|gracias|"
    r"danke(?:\s+sch[öo]n)?|grazie|obrigad[oa]|bien\s+[àa]\s+vous|br|rgds|groetjes")
_SIGN_OFF = re.compile(r"^[ \t]*(?:" + SIGN_OFF_WORDS + r")\b[^\n]{0,20}$",
                       re.IGNORECASE | re.MULTILINE)


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
