"""A split written as fractions of the budget: "half into CTV and a quarter each into
online video and audio", "CTV 2/3, audio 1/3", "two thirds to CTV"."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from ad_buyer.intake.channel_words import CHANNEL_WORDS, channel_of
from ad_buyer.intake.split_cues import channels_named, percentages
from ad_buyer.models.brief import Channel

_ANY_CHANNEL = "|".join(w for _, w in CHANNEL_WORDS) + "|performance"
_C = rf"(?:the\s+)?(?:{_ANY_CHANNEL})"
_FRAC = (r"(?:(?P<num>[1-9])/(?P<den>[2-9])|(?P<count>a|an|one|two|three|four)?[\s-]*"
         r"(?P<part>half|halves|thirds?|quarters?|fifths?))")
_CH_LIST = rf"(?P<chs>{_C}(?:\s*(?:,|/|&|\+|and)\s*{_C}){{0,3}})"
# "of the budget", "of the money", "of our spend": a fraction of the whole budget
_OF_BUDGET = (r"(?:of\s+(?:it|(?:the|our|our\s+total|the\s+total)\s+(?:budget|money|spend|"
              r"investment|media(?:\s+budget)?))\s+)?")
_FRACTION_TO = re.compile(rf"\b{_FRAC}\s+{_OF_BUDGET}(?P<each>each\s+)?"
                          rf"(?:to|into|on|for|in)\s+(?:the\s+)?{_CH_LIST}\b", re.IGNORECASE)
# "CTV and display, 2/3 on the CTV": a fraction of the budget, not a ratio of shares
# ("split 2/3 CTV and 1/3 online video": the fraction names its channel right after it)
FRACTION_AHEAD = re.compile(r"\s*[1-9]/[2-9]\s+(?:of\s+(?:it|the\s+budget)\s+)?"
                            rf"(?:(?:to|into|on|for|in)\b|(?:the\s+)?(?:{_ANY_CHANNEL})\b)",
                            re.IGNORECASE)
# "CTV 2/3", "DOOH is 3/4 of the budget", "display should get a quarter"
_CHANNEL_FRACTION = re.compile(rf"\b(?P<ch>{_C})\s*(?::|-|\(|at|gets|is|takes|=|"
                               r"(?:should|will|would|can)\s+(?:get|be|take))?"
                               rf"\s*{_FRAC}(?![\w/])",
                               re.IGNORECASE)
_PARTS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
          "fifth": 5, "fifths": 5}
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}


def _fraction(m: re.Match[str]) -> Fraction:
    if m.group("num"):
        return Fraction(int(m.group("num")), int(m.group("den")))
    count = _COUNTS[(m.group("count") or "one").lower()]
    return Fraction(count, _PARTS[m.group("part").lower()])


def fraction_split(text: str, channels: list[Channel],
                   ) -> tuple[list[re.Match[str]], dict[Channel, Decimal]] | None:
    """"half into CTV and a quarter each into online video and audio", "ctv 2/3, audio
    1/3": fractions of the budget per channel; one channel left out takes the rest."""
    shares: dict[Channel, Fraction] = {}
    matches: list[re.Match[str]] = []
    for m in _FRACTION_TO.finditer(text):
        named = channels_named(m.group("chs"))
        if len(named) > 1 and not m.group("each"):
            continue  # "half to CTV and audio" does not say how the half divides
        for one in named:
            shares[one] = _fraction(m)
        matches.append(m)
    for m in _CHANNEL_FRACTION.finditer(text):
        written = channel_of(m.group("ch").removeprefix("the ").strip())
        if written is not None and written not in shares:
            shares[written] = _fraction(m)
            matches.append(m)
    total = sum(shares.values(), Fraction(0))
    rest = [c for c in channels if c not in shares]
    if len(shares) < 1 or not set(shares) <= set(channels) or total > 1:
        return None
    if total < 1 and len(rest) == 1:
        shares[rest[0]] = 1 - total
    elif total != 1 or rest:
        return None
    ordered = [c for c in channels if c in shares]
    return matches, dict(zip(ordered, percentages(
        [Decimal(shares[c].numerator) / shares[c].denominator for c in ordered]), strict=True))
