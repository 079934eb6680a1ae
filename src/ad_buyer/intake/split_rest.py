"""Splits a planner writes as one share and the rest, in the words of several languages.

"75% CTV with the remainder on online video", "70% CTV, el resto display", "75 % CTV,
resten ljud", "60% vidéo, le reste en display": one channel's share and the channel
that takes the rest, named together (the split then names both channels, whatever
else the brief mentions). "majority video, say two-thirds", "most of it on CTV, ~70%":
a share given through words about its size (the other channel takes the rest, said).
"mitad y mitad", "moitié-moitié", "halb-halb", "metà e metà": an even split.
A channel the brief names only in its background ("last year's test ($80k on
display) underperformed") is no channel of a plan whose split names the others.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ad_buyer.intake.channel_words import CHANNEL_WORDS, channel_of
from ad_buyer.models.brief import Channel

_CH = "|".join(w for _, w in CHANNEL_WORDS)
_REST = (r"(?:the\s+)?(?:rest|remainder|balance|remaining)|el\s+resto|lo\s+dem[áa]s|resten|"
         r"o\s+resto|le\s+reste|der\s+rest|il\s+resto|de\s+rest|reszta|zbytek|loput")
_TO = (r"(?:(?:goes\s+|going\s+)?(?:to|on|in|into|for)|a|en|para|al|till|på|til|em|sur|"
       r"pour|auf|f[üu]r|in|su|naar|na|op)")
# "75% CTV with the remainder on online video", "70% video en CTV, el resto display"
SHARE_THEN_REST = re.compile(
    rf"(?<![\d.,])(?P<n>\d{{1,2}})\s*%\s*(?:(?:on|to|in|for|en|para|på|op|auf)\s+)?(?:the\s+)?"
    rf"(?:(?:video|v[íi]deo)\s+(?:en|on|in|via)\s+)?(?P<ch>{_CH})\b\s*[,;]?\s*"
    rf"(?:(?:with|and|y|e|et|och|og|und|en|i)\s+)?(?:{_REST})\s+(?:(?:is|es|va|går|gaat|geht|"
    rf"va\s+a)\s+)?(?:{_TO}\s+)?(?:the\s+|el\s+|la\s+|le\s+|o\s+|a\s+)?(?P<other>{_CH})\b",
    re.IGNORECASE)


def share_then_rest(text: str) -> tuple[re.Match[str], dict[Channel, Decimal]] | None:
    """One channel's share in percent, then "the rest" named to another channel."""
    for m in SHARE_THEN_REST.finditer(text):
        first, other = channel_of(m.group("ch")), channel_of(m.group("other"))
        share = Decimal(m.group("n"))
        if first is not None and other is not None and first != other and 0 < share < 100:
            return m, {first: share, other: 100 - share}
    return None


_SIZES = {"two-thirds": Decimal("66.67"), "three-quarters": Decimal(75),
          "three-fourths": Decimal(75), "four-fifths": Decimal(80), "2/3": Decimal("66.67"),
          "3/4": Decimal(75), "4/5": Decimal(80)}
# "majority video, say two-thirds", "most of it on CTV (~70%)", "the bulk to audio, 80%"
MAJORITY = re.compile(
    r"\b(?:(?:the\s+)?(?:majority|bulk|lion'?s\s+share)|most)(?:\s+of\s+(?:it|the\s+(?:budget|"
    rf"money|spend)))?\s+(?:(?:on|to|in|into|for|going\s+to)\s+)?(?:the\s+)?(?P<ch>{_CH})\b"
    r"\s*[,(:–-]?\s*(?:(?:say|about|around|roughly|approx(?:imately|\.)?|~|c\.|circa|i\.?e\.?,?|"
    r"like|at)\s*)?(?:(?P<frac>two[\s-]thirds|three[\s-](?:quarters|fourths)|four[\s-]fifths|"
    r"[234]/[345])|(?P<pct>[5-9]\d)\s*%)\s*\)?", re.IGNORECASE)


def majority_shares(text: str) -> list[tuple[re.Match[str], dict[Channel, Decimal]]]:
    """The share of the channel that takes most of the budget, as a percent."""
    out: list[tuple[re.Match[str], dict[Channel, Decimal]]] = []
    for m in MAJORITY.finditer(text):
        channel = channel_of(m.group("ch"))
        if channel is None:
            continue
        share = Decimal(m.group("pct")) if m.group("pct") else \
            _SIZES.get(re.sub(r"\s", "-", m.group("frac").lower()))
        if share is not None and share > 50:
            out.append((m, {channel: share}))
    return out


# "mitad y mitad", "moitié-moitié", "halb-halb", "metà e metà", "meio a meio",
# "pół na pół", "half-half": an even split, as these languages say it
EVEN_WORDS = (r"mitad\s+y\s+mitad|a\s+partes\s+iguales|moiti[ée][\s/-]+moiti[ée]|"
              r"halb[\s/-]+halb|met[àa]\s+e\s+met[àa]|meio\s+a\s+meio|metade\s+e\s+metade|"
              r"p[óo][łl]\s+na\s+p[óo][łl]|half[\s/-]+half|hälften\s+var|gelijk\s+verdeeld")

# a sentence about the past or about others: its channels are background, not the ask
_BACKGROUND = re.compile(r"\b(?:last\s+(?:year|summer|spring|fall|autumn|winter|quarter|"
                         r"campaign|time)|previous(?:ly)?|prior|used\s+to|test(?:ed)?|"
                         r"pilot|competitors?|underperformed|drove|did(?:n'?t)?|was|were|"
                         r"had|ran|historically|moving\s+(?:away\s+from|into|out\s+of))\b",
                         re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+")


def background_only(text: str, channels: list[Channel]) -> list[Channel]:
    """Of ``channels``, those whose every mention is in a sentence about the past or
    about others, with no share in percent beside it ("Bolt's share slipped to 4%, and the
    test on display underperformed": the 4% is no share of display)."""
    out = []
    for channel in channels:
        words = dict(CHANNEL_WORDS).get(channel)
        if words is None:
            continue
        mentions = list(re.finditer(rf"\b(?:{words})\b", text, re.IGNORECASE))
        sentences = [s for s in _SENTENCE.finditer(text)
                     if any(s.start() <= m.start() < s.end() for m in mentions)]
        shared = any("%" in text[max(0, m.start() - 12):m.end() + 12] for m in mentions)
        if mentions and not shared and all(_BACKGROUND.search(s.group(0)) for s in sentences):
            out.append(channel)
    return out
