"""A split written as weights apart from the channels, with a word that says it is one.

"CTV and mobile in a 2:1 ratio", "Aufteilung 1:1", "répartition 3:1", "weighted 2 : 1",
"60:40 in favour of linear", "70/30 weighted toward CTV", "3:1 skewed to audio". The
weights need a cue (a split word before them, "ratio"/"split" after them, or a channel
they favour), so a time ("10:30") or a date is never read as a split. Without a favoured
channel the weights go to the brief's channels in the order they were named; with one,
the largest weight is that channel's and the others follow in order.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ad_buyer.intake.channel_words import CHANNEL_WORDS, channel_of
from ad_buyer.models.brief import Channel

_ANY_CHANNEL = "|".join(w for _, w in CHANNEL_WORDS)
_SPLIT_WORD = (r"ratio|split|weight(?:ed|ing)?|mix|aufteilung|verteilung|gewichtung|"
               r"r[ée]partition|reparto|distribuci[óo]n|verdeling|divis[ãa]o|ripartizione")
_WEIGHTS = r"(?P<w>\d{1,2}(?:\s*[:/]\s*\d{1,2}){1,3}|\d{2}\s*-\s*\d{2})"
_FAVOURS = (r"in\s+favou?r\s+of|weighted\s+(?:toward|towards|to)|skew(?:ed|ing)?\s+"
            r"(?:toward|towards|to)|lean(?:ing)?\s+(?:toward|towards|to)|"
            r"(?:tilted|biased)\s+(?:toward|towards|to)|zugunsten\s+(?:von)?|en\s+faveur\s+d[eu]")
WEIGHTED = re.compile(
    rf"(?P<pre>\b(?:{_SPLIT_WORD})\b\s*(?:of|:|=|von|de)?\s*)?(?<![\d:/.$€£]){_WEIGHTS}"
    rf"(?![\d:/]|\s*(?:[ap]\.?m\b|h\b|hrs?\b|uhr\b))"
    rf"(?:\s*(?:{_FAVOURS})\s+(?:the\s+)?(?P<fav>{_ANY_CHANNEL})\b)?",
    re.IGNORECASE)
FAVOUR_AHEAD = re.compile(rf"\s*(?:%\s*)?(?:{_FAVOURS})\s", re.IGNORECASE)
_CUE_AFTER = re.compile(rf"\s*\)?\s*(?:{_SPLIT_WORD})\b", re.IGNORECASE)


def weighted_split(text: str, channels: list[Channel],
                   ) -> tuple[re.Match[str], dict[Channel, Decimal]] | None:
    """The first cued set of weights that fits the brief's channels, as weights."""
    for m in WEIGHTED.finditer(text):
        if not (m.group("pre") or m.group("fav") or _CUE_AFTER.match(text, m.end())):
            continue  # no word says these numbers are a split
        weights = [Decimal(n) for n in re.findall(r"\d+", m.group("w"))]
        if len(weights) != len(channels) or 0 in weights:
            continue
        favoured = channel_of(m.group("fav")) if m.group("fav") else None
        if favoured is not None and favoured in channels:
            largest = max(weights)
            rest = sorted(weights, reverse=True)[1:]
            others = [c for c in channels if c != favoured]
            split = {favoured: largest, **dict(zip(others, rest, strict=True))}
            return m, {c: split[c] for c in channels}
        if m.group("fav"):
            continue  # favours a channel the brief does not buy
        return m, dict(zip(channels, weights, strict=True))
    return None
