"""Shares spelt out in words, as a voice note or a call transcript gives them:
"seventy thirty", "sixty-forty", "seventy-five / twenty-five", "fifty, thirty, twenty";
and a plain "TV" that can only be the brief's one TV channel ("3/4 on the TV ones").

They are rewritten in place as digits ("70/30") padded to the same length, so the
split readers see the notation they know and every offset still points into the
brief; the spans rewritten are returned so they are marked read with the split.
"""

from __future__ import annotations

import re

from ad_buyer.models.brief import Channel

_TENS = {"ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
         "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS = {"five": 5}  # "seventy-five twenty-five": shares are rounded to fives when spoken
_WORD = (rf"(?:{'|'.join(_TENS)})(?:[\s-]?(?:{'|'.join(_UNITS)}))?")
_SEP = r"(?:\s*[/:,-]\s*|\s+)"  # not "to": "thirty to seventy" is an age range
_SPOKEN = re.compile(rf"\b({_WORD}){_SEP}({_WORD})(?:{_SEP}({_WORD}))?\b(?![\s-]*(?:percent|"
                     r"per\s?cent|%|thousand|grand|k\b|million|dollars|bucks|years?|yo\b|"
                     r"-?year))", re.IGNORECASE)


def _value(word: str) -> int:
    parts = re.split(r"[\s-]+", word.lower())
    return _TENS[parts[0]] + (_UNITS[parts[1]] if len(parts) > 1 else 0)


def spelt_shares(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with spoken shares that sum to 100 written as digits, and their spans.
    Equal halves ("fifty-fifty") are left to the even-split reader."""
    spans: list[tuple[int, int]] = []
    out = text
    for m in _SPOKEN.finditer(text):
        values = [_value(w) for w in m.groups() if w]
        if sum(values) != 100 or len(set(values)) == 1:
            continue
        digits = "/".join(str(v) for v in values)
        out = out[:m.start()] + digits.ljust(m.end() - m.start()) + out[m.end():]
        spans.append(m.span())
    return out, spans


# "3/4 on the TV ones", "the TV part gets 70%", "TV: 60%": a plain "TV" in a split,
# when the brief buys exactly one kind of TV, is that one
_PLAIN_TV = re.compile(r"(?<![\w-])(?<!smart\s)(?<!connected\s)(?<!linear\s)(?<!streaming\s)"
                       r"(?<!cable\s)(?<!broadcast\s)(?<!addressable\s)"
                       r"(?:the\s+)?TVs?(?:\s+(?:ones?|part|piece|bit|side|portion|stuff|ads|"
                       r"spots?|share))?(?![\w-])(?!\s+(?:connect|conectad|plus\b))",
                       re.IGNORECASE)
_TV_WORD = {Channel.CTV: "ctv", Channel.LINEAR_TV: "linear"}


def plain_tv(text: str, channels: list[Channel]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with each plain "TV" rewritten in place as the one TV channel the brief
    buys (padded to the same length; too short a mention is left alone), and the spans."""
    tvs = [c for c in channels if c in _TV_WORD]
    if len(tvs) != 1:
        return text, []
    word = _TV_WORD[tvs[0]]
    spans: list[tuple[int, int]] = []
    out = text
    for m in _PLAIN_TV.finditer(text):
        if m.end() - m.start() < len(word):
            continue
        out = out[:m.start()] + word.ljust(m.end() - m.start()) + out[m.end():]
        spans.append(m.span())
    return out, spans
