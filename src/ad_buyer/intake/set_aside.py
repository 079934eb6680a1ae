"""Changes a planner states in passing, without a correction marker.

"Ignore my email from last week (the one with $150k and April dates)", "the budget went up
from 400 to 500 thousand", "Denver is dropped": what they set aside is blanked wherever the
brief states it (indexes stay valid, the words count as read), so the readers see what
stands, and an assumption names what no longer does. A thing said to be dropped that the
brief states nowhere else is left alone (the sellers reader or the unread guard sees it).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ad_buyer.intake.reading import Reading, blank

_SET_ASIDE = re.compile(
    r"\b(?:please\s+)?(?:ignore|disregard|forget(?:\s+about)?|scrap|bin|discard)\s+(?:my|the|"
    r"our|that|this|his|her|their|any|all)\s+(?:\w+\s+){0,2}?(?:e-?mails?|briefs?|messages?|"
    r"notes?|versions?|decks?|numbers|figures|requests?|drafts?|ios?|threads?)\b"
    r"(?:\s+(?:from|of|sent|dated|on)(?:\s+(?:last|this|the|[A-Z]?[a-z]+day|\d[\d/.]*|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|week|month|morning|before)\b)"
    r"{1,3})?(?:\s*\([^)\n]*\))?", re.IGNORECASE)
# A line (or a heading and the lines under it) its writer marks as no longer standing:
# "Draft from Monday (superseded, do not use): $500k ...", "OUTDATED -- $500k ...",
# "[Superseded] ...", "Old version (do not use):". The mark is in the line's head, before
# its first colon or dash, and the head states no amount of its own.
_STALE_MARK = (r"superseded|do\s+not\s+use|don'?t\s+use|outdated|out\s+of\s+date|obsolete|"
               r"no\s+longer\s+(?:valid|stands|applies|current)|void|scrapped|"
               r"(?:old|previous|earlier|original|first)\s+(?:versions?|drafts?|numbers|figures|"
               r"briefs?|plans?|budget|dates|flight)")
_STALE_HEAD = re.compile(
    r"^[ \t]*(?:[-*•>][ \t]*)?(?P<head>\[[^\]\n$€£\d]*\b(?:" + _STALE_MARK + r")\b[^\]\n]*\]|"
    r"[^:\n$€£]{0,60}?\b(?:" + _STALE_MARK + r")\b[^:\n$€£]{0,40}?(?::|\s[-–—]{1,2}\s))"
    r"(?P<rest>[^\n]*)", re.IGNORECASE | re.MULTILINE)
_STANDING = re.compile(r"\b(?:replac\w*|supersedes?|superseding|instead|new|final|updated?|"
                       r"revised|latest|current|correct(?:ed)?|now)\b", re.IGNORECASE)
_SCALE = {"k": 1000, "thousand": 1000, "grand": 1000, "m": 1_000_000, "mm": 1_000_000,
          "million": 1_000_000}
_AMOUNT = (r"(?:[$£€]\s?)?\d[\d,]*(?:\.\d+)?(?:\s*(?:k|m|mm|thousand|million|grand)\b)?"
           r"(?:\s*(?:usd|eur|gbp|dollars|euros|pounds)\b)?")
_MOVED = re.compile(rf"\b(?:went|gone|going|goes|moved?|increased|decreased|raised|cut|reduced|"
                    rf"dropped|bumped|changed|revised|came)\s+(?:up\s+|down\s+)?from\s+"
                    rf"(?P<old>{_AMOUNT})\s+to\s+(?P<new>{_AMOUNT})", re.IGNORECASE)
_DROPPED = re.compile(r"\b(?P<old>(?:St\.\s+)?[A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*){0,3})\s+(?:is|are|"
                      r"has\s+been|"
                      r"have\s+been|was|were|gets?)\s+(?:now\s+)?(?:dropped|removed|out|cut|gone|"
                      r"no\s+longer\s+(?:in|included|needed|part\s+of\s+(?:it|the\s+plan)))\b")


def _value(raw: str, scale_from: str = "") -> Decimal | None:
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", raw)
    if digits is None:
        return None
    number = Decimal(digits.group(0).replace(",", ""))
    scale = re.search(r"(k|mm|m|thousand|million|grand)\b", raw.lower()) or \
        re.search(r"(k|mm|m|thousand|million|grand)\b", scale_from.lower())
    return number * _SCALE[scale.group(1)] if scale else number


def _blank(text: str, start: int, end: int, reading: Reading) -> str:
    reading.mark(start, end)
    return blank(text, start, end)


def _stale_parts(text: str, reading: Reading) -> str:
    """``text`` without the lines marked as no longer standing; a marked heading that ends
    its line takes the lines under it, to the next blank line."""
    for m in _STALE_HEAD.finditer(text):
        if re.search(r"\d", m.group("head")) and not re.match(r"\W*v\d", m.group("head"),
                                                              re.IGNORECASE):
            continue  # "Budget 2027 (old figures: ...)": the head dates or counts something
        if _STANDING.search(m.group("head")):
            continue  # "Final numbers (these replace the previous draft): $600k" stands
        end = m.end()
        if not m.group("rest").strip():
            under = re.compile(r"\n[ \t]*\S[^\n]*").match
            while (line := under(text, end)) is not None:
                end = line.end()
        text = _blank(text, m.start(), end, reading)
        reading.assume(f"{' '.join(m.group('head').split())!r}: what follows is marked as no "
                       "longer standing, and set aside")
    return text


def read_set_aside(text: str, reading: Reading) -> str:
    """``text`` with what the brief sets aside in passing blanked."""
    text = _stale_parts(text, reading)
    for m in _SET_ASIDE.finditer(text):
        text = _blank(text, m.start(), m.end(), reading)
        reading.assume(f"{' '.join(m.group(0).split())!r}: what it describes is set aside")
    for m in _MOVED.finditer(text):
        old = _value(m.group("old"), m.group("new"))
        if old is None:
            continue
        gone = [m.group("old").strip()]
        text = _blank(text, m.start("old"), m.end("old"), reading)
        for other in re.finditer(rf"(?<![\w.,]){_AMOUNT}(?![\w%])", text, re.IGNORECASE):
            if re.search(r"[$£€]|k\b|m\b|thousand|million|grand|usd|eur|gbp", other.group(0),
                         re.IGNORECASE) and _value(other.group(0)) == old:
                gone.append(other.group(0).strip())
                text = _blank(text, other.start(), other.end(), reading)
        reading.assume(f"{' '.join(m.group(0).split())!r}: {', '.join(gone)} no longer stands")
    for m in _DROPPED.finditer(text):
        named = m.group("old")
        elsewhere = [o for o in re.finditer(rf"\b{re.escape(named)}\b", text, re.IGNORECASE)
                     if not m.start() <= o.start() < m.end()]
        if not elsewhere:
            continue  # "Hulu is out" with no Hulu before: the sellers reader reads it
        for o in elsewhere:
            text = _blank(text, o.start(), o.end(), reading)
        text = _blank(text, m.start(), m.end(), reading)
        reading.assume(f"{' '.join(m.group(0).split())!r}: {named} no longer stands")
    return text
