"""One channel's share given beside a word that says it leads, or that it is a share.

"Most of it (65%) goes to CTV", "CTV mostly (maybe 80%)", "(mostly CTV -- 75%)",
"(majority audio, 65%)", "the bulk, 70%, on CTV", "audio the lion's share at 60%",
"primarily display (around 70 percent)"; and "the online video share at 40 per cent",
"CTV's share is 60%", "a 30% share for audio", "share of CTV: 70%". The figure is the
channel's share of the budget; the other channels take the rest (``split_reading``).
A lead word with no figure is read elsewhere (``split_cues.leading_channel``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ad_buyer.intake.channel_words import CHANNEL_WORDS, channel_of
from ad_buyer.intake.split_cues import PCT_UNIT
from ad_buyer.models.brief import Channel

_ANY_CHANNEL = "|".join(w for _, w in CHANNEL_WORDS)
_LEAD = (r"(?:(?:the\s+)?(?:majority|bulk|lion'?s\s+share|biggest\s+chunk)|most(?:ly)?|"
         r"mainly|primarily|predominantly|largely|heavy\s+on|mehrheitlich|haupts[äa]chlich|"
         r"majoritairement|principalmente|mayoritariamente)")
_OF_IT = r"(?:\s+of\s+(?:it|that|the\s+(?:budget|spend|money|media)))?"
_SHARE_WORD = r"(?:share|portion|part|allocation|slice)"
_N = r"(?P<pct>\d{1,2}(?:[.,]\d{1,2})?)"
_FIGURE = (r"\s*(?:\(|,|:|--|-|–|—)?\s*(?:(?:maybe|about|around|roughly|say|approx(?:imately|\.)?"
           rf"|~|c\.)\s*)?{_N}\s*{PCT_UNIT}\s*\)?")
_TO = r"\s*,?\s*(?:(?:goes|going|should\s+go|will\s+go|is)\s+)?(?:to|on|in|into|for)\s+"
_CH = rf"(?:the\s+)?(?P<ch>{_ANY_CHANNEL})\b"
_LEAD_SHARES = [re.compile(p, re.IGNORECASE) for p in (
    # "Most of it (65%) goes to CTV", "the bulk, 70%, on CTV"
    rf"\b{_LEAD}{_OF_IT}{_FIGURE}{_TO}{_CH}",
    # "CTV mostly (maybe 80%)", "CTV the majority, 70%"
    rf"\b(?P<ch>{_ANY_CHANNEL})\s*,?\s*(?:(?:is|gets|takes|as)\s+)?{_LEAD}{_FIGURE}",
    # "(mostly CTV -- 75%)", "majority audio, 65%"
    rf"\b{_LEAD}\s+(?:(?:to|on|in|for)\s+)?{_CH}{_FIGURE}",
    # "the online video share at 40 per cent", "CTV's share is 60%"
    rf"\b(?P<ch>{_ANY_CHANNEL})(?:'s)?[ \t]+{_SHARE_WORD}[ \t]*(?:is|at|of|:|=|will\s+be|"
    rf"should\s+be)?[ \t]*{_N}\s*{PCT_UNIT}",
    # "a 30% share for audio", "share of CTV: 70%"
    rf"\b{_N}\s*{PCT_UNIT}\s+{_SHARE_WORD}\s+(?:for|to|on|in)\s+{_CH}",
    rf"\b{_SHARE_WORD}\s+(?:for|of|to)\s+{_CH}\s*(?::|=|is|at)?\s*{_N}\s*{PCT_UNIT}",
)]


def lead_shares(text: str) -> list[tuple[re.Match[str], dict[Channel, Decimal]]]:
    """Each share given to one channel beside a lead word or the word "share"."""
    out: list[tuple[re.Match[str], dict[Channel, Decimal]]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _LEAD_SHARES:
        for m in pattern.finditer(text):
            channel = channel_of(m.group("ch"))
            if channel is None or any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            out.append((m, {channel: Decimal(m.group("pct").replace(",", "."))}))
    return out
