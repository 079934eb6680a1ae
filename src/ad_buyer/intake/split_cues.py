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
from decimal import ROUND_FLOOR, Decimal

from ad_buyer.intake.channel_words import CHANNEL_WORDS, channel_of
from ad_buyer.models.brief import Channel

_ANY_CHANNEL = "|".join(w for _, w in CHANNEL_WORDS)
PCT_UNIT = r"(?:%|per\s?cent\b|pct\b|pc\b)"
_SPLIT_WORD = (r"ratio|split|weight(?:ed|ing)?|mix|aufteilung|verteilung|gewichtung|"
               r"r[ée]partition|reparto|distribuci[óo]n|verdeling|divis[ãa]o|ripartizione")
_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_COUNT = "|".join(_COUNT_WORDS)
# "two-to-one in favour of DOOH": weights spelt out, joined by "to"
_WEIGHTS = (r"(?P<w>\d{1,2}(?:\s*[:/]\s*\d{1,2}){1,3}|\d{2}\s*[-–]\s*\d{2}|\d\s+to\s+\d|"
            rf"\b(?:{_COUNT})[\s-]+to[\s-]+(?:{_COUNT})\b)")
_FAVOURS = (r"in\s+favou?r\s+of|weighted\s+(?:toward|towards|to)|skew(?:ed|ing)?\s+"
            r"(?:toward|towards|to)|lean(?:ing)?\s+(?:toward|towards|to)|"
            r"(?:tilted|biased)\s+(?:toward|towards|to)|zugunsten\s+(?:von)?|en\s+faveur\s+d[eu]")
WEIGHTED = re.compile(
    rf"(?P<pre>\b(?:{_SPLIT_WORD})\b\s*(?:of|:|=|von|de)?\s*)?(?<![\d:/.$€£]){_WEIGHTS}"
    rf"(?![\d:/]|\s*(?:[ap]\.?m\b|h\b|hrs?\b|uhr\b|years?\b|yrs?\b|yos?\b|y/o|s\b|[-\s]?year))"
    rf"(?:\s*(?:{_FAVOURS})\s+(?:the\s+)?(?P<fav>{_ANY_CHANNEL})\b)?",
    re.IGNORECASE)
FAVOUR_AHEAD = re.compile(rf"\s*(?:%\s*)?(?:{_FAVOURS})\s", re.IGNORECASE)
# "display and mobile app (70-30)": the weights in brackets right after the channels
_CHANNEL_BEFORE = re.compile(rf"\b(?:{_ANY_CHANNEL})\s*[,(]?\s*(?:at\s+)?$", re.IGNORECASE)
_CUE_AFTER = re.compile(rf"\s*\)?\s*(?:{_SPLIT_WORD})\b", re.IGNORECASE)


def weighted_split(text: str, channels: list[Channel],
                   ) -> tuple[re.Match[str], dict[Channel, Decimal]] | None:
    """The first cued set of weights that fits the brief's channels, as weights."""
    for m in WEIGHTED.finditer(text):
        weights = [Decimal(_COUNT_WORDS.get(n.lower(), n))
                   for n in re.findall(rf"\d+|{_COUNT}", m.group("w"), re.IGNORECASE)]
        # "CTV and audio, 60-40" / ", 3 to 1": right after the channels, as shares or weights
        after_channels = _CHANNEL_BEFORE.search(text[:m.start("w")]) is not None and (
            sum(weights) == 100 if re.search("[-–]", m.group("w")) else True)
        if not (m.group("pre") or m.group("fav") or _CUE_AFTER.match(text, m.end())
                or after_channels):
            continue  # no word says these numbers are a split
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


_CH_LIST = rf"(?:{_ANY_CHANNEL})(?:\s*(?:,|/|&|\+|and)\s*(?:{_ANY_CHANNEL})){{1,3}}"
# "60% video (CTV and OLV evenly)", "40% TV (linear + CTV)": a share for a group of
# channels, divided evenly among them
GROUP_SHARE = re.compile(
    rf"\b(?P<pct>\d{{1,3}}(?:\.\d{{1,2}})?)\s*{PCT_UNIT}\s*(?:to\s+|on\s+|for\s+)?"
    rf"(?:[a-z]+\s+)?\(\s*(?P<chs>{_CH_LIST})\s*,?\s*(?:(?:split\s+)?(?:evenly|equally)|"
    rf"50\s*/\s*50(?=\s*\)))?\s*\)", re.IGNORECASE)


APPROX = r"(?:(?:about|around|roughly|approx(?:imately|\.)?|~|≈|c\.)\s*)?"
# "TV (linear + CTV) 70%", "CTV + OLV about 80%", "digital 30% (display)": the same,
# with the share after the group, or one channel in brackets after its share
GROUP_AFTER = re.compile(
    rf"(?:\b[a-z]+\s+\(\s*(?P<chs>{_CH_LIST})\s*\)|\b(?P<chs2>(?:{_ANY_CHANNEL})(?:\s*[+/]\s*"
    rf"(?:{_ANY_CHANNEL})){{1,3}})(?:\s+(?:combined|together|jointly))?)\s*(?:at|:|-|=|gets)?\s*"
    rf"{APPROX}(?P<pct>\d{{1,3}}(?:\.\d{{1,2}})?)\s*{PCT_UNIT}(?!\s*/)"
    rf"|\b(?P<pct2>\d{{1,3}}(?:\.\d{{1,2}})?)\s*{PCT_UNIT}\s*\(\s*(?P<one>{_ANY_CHANNEL})\s*\)",
    re.IGNORECASE)


def group_shares(text: str) -> list[tuple[re.Match[str], dict[Channel, Decimal]]]:
    """Each share given to a group of channels, divided evenly."""
    out: list[tuple[re.Match[str], dict[Channel, Decimal]]] = []
    for m in [*GROUP_SHARE.finditer(text), *GROUP_AFTER.finditer(text)]:
        group = m.groupdict()
        members = list(dict.fromkeys(channels_named(
            group.get("chs") or group.get("chs2") or group.get("one") or "")))
        pct = group.get("pct") or group.get("pct2")
        if not pct or not members or (len(members) < 2 and not group.get("one")) or (
                re.search(r"50\s*/\s*50", m.group(0)) and len(members) != 2):
            continue
        cents = int(Decimal(pct) * 100)  # divided to the cent, the first first
        shares = [Decimal(cents // len(members) + (i < cents % len(members))) / 100
                  for i in range(len(members))]
        out.append((m, dict(zip(members, shares, strict=True))))
    return out


# "majority to CTV", "most of it on CTV", "the bulk on CTV", "CTV-heavy": one channel
# leads with no figure given
_LEADS = re.compile(
    rf"\b(?:(?:the\s+)?(?:majority|bulk|lion'?s\s+share)(?:\s+of\s+(?:it|the\s+(?:budget|spend|"
    rf"money)))?|most(?:\s+of\s+(?:it|the\s+(?:budget|spend|money)))?)\s+(?:\w+\s+)?"
    rf"(?:to|on|in|into|for|going\s+to)\s+(?:the\s+)?(?P<ch>{_ANY_CHANNEL})\b"
    rf"|\b(?P<ch2>{_ANY_CHANNEL})[\s-]heavy\b"
    rf"|\bmostly\s+(?P<ch3>{_ANY_CHANNEL})\b", re.IGNORECASE)


def leading_channel(text: str, channels: list[Channel],
                    ) -> tuple[re.Match[str], dict[Channel, Decimal]] | None:
    """"majority to CTV" with no shares stated: as weights, the leading channel one per
    channel, each other channel one (CTV 2:1 beside one other, 3:1:1 beside two), so
    the lead always holds the majority."""
    m = _LEADS.search(text)
    if m is None or len(channels) < 2:
        return None
    lead = channel_of(m.group("ch") or m.group("ch2") or m.group("ch3"))
    if lead not in channels:
        return None
    return m, {c: Decimal(len(channels) if c == lead else 1) for c in channels}


# "audio capped at 25%", "CTV at least 60%": a bound on one channel's share, read as
# that share (it meets the bound; the rest goes to the other channel)
_BOUNDED = re.compile(
    rf"\b(?P<ch>{_ANY_CHANNEL})\s+(?:(?:is|should\s+be|must\s+be)\s+)?(?:capped\s+at|"
    r"max(?:imum)?(?:\s+of)?|at\s+most|no\s+more\s+than|up\s+to|not\s+(?:more|over)\s+than|"
    r"at\s+least|min(?:imum)?(?:\s+of)?|no\s+less\s+than)\s+"
    rf"(?P<pct>\d{{1,2}}(?:\.\d{{1,2}})?)\s*{PCT_UNIT}", re.IGNORECASE)


def _one_channel_shares(pattern: re.Pattern[str], text: str, half: bool = False,
                        ) -> list[tuple[re.Match[str], dict[Channel, Decimal]]]:
    """Each match's share ("pct", or 50 for a half) for the channel it names."""
    out: list[tuple[re.Match[str], dict[Channel, Decimal]]] = []
    for m in pattern.finditer(text):
        channel = channel_of(m.group("ch") or m.groupdict().get("ch2") or "")
        if channel is not None:
            out.append((m, {channel: Decimal(50) if half else Decimal(m.group("pct"))}))
    return out


def bounded_shares(text: str) -> list[tuple[re.Match[str], dict[Channel, Decimal]]]:
    return _one_channel_shares(_BOUNDED, text)


# "CTV and audio at 60 and 40 percent respectively"
_RESPECTIVELY = re.compile(
    rf"(?P<w>\d{{1,3}}(?:\s*{PCT_UNIT})?(?:\s*(?:,|and|/|&)\s*\d{{1,3}}(?:\s*{PCT_UNIT})?)"
    rf"{{1,3}})\s*{PCT_UNIT}?\s*,?\s*respectively\b", re.IGNORECASE)


def respective_shares(text: str, channels: list[Channel],
                      ) -> tuple[re.Match[str], dict[Channel, Decimal]] | None:
    """Shares given "respectively": in the order the channels were named."""
    m = _RESPECTIVELY.search(text)
    if m is None:
        return None
    shares = [Decimal(n) for n in re.findall(r"\d+", m.group("w"))]
    if len(shares) != len(channels) or sum(shares) != 100:
        return None
    return m, dict(zip(channels, shares, strict=True))


def channels_named(phrase: str) -> list[Channel]:
    """The channels ``phrase`` names, in its order (performance included)."""
    found: list[Channel] = []
    for m in re.finditer(rf"\b(?:{_ANY_CHANNEL}|performance)\b", phrase, re.IGNORECASE):
        channel = channel_of(m.group(0))
        if channel is not None:
            found.append(channel)
    return found


def percentages(weights: list[Decimal]) -> list[Decimal]:
    """Weights as percent (two decimals) summing exactly to 100, largest remainder."""
    total = sum(weights, Decimal(0))
    exact = [w * 10_000 / total for w in weights]
    floors = [int(e.to_integral_value(ROUND_FLOOR)) for e in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:10_000 - sum(floors)]:
        floors[i] += 1
    return [Decimal(f) / 100 for f in floors]


# "CTV 80 rest linear", "CTV 70, the remainder to OLV": one share (no '%' needed) and
# the channel that takes the rest
_SHARE_AND_REST = re.compile(
    rf"\b(?P<ch>{_ANY_CHANNEL})\s*(?::|=|-|at|gets)?\s*(?P<n>\d{{1,2}})(?![\d/]|[.,]\d|\s*[km]\b)"
    rf"\s*(?:{PCT_UNIT})?\s*[,;/]?\s*(?:and\s+|with\s+)?(?:the\s+)?(?:rest|remainder|balance)"
    rf"\s+(?:(?:goes\s+|going\s+)?(?:to|on|in|into|for)\s+)?(?:the\s+)?(?P<other>{_ANY_CHANNEL})\b",
    re.IGNORECASE)


def share_and_rest(text: str, channels: list[Channel],
                   ) -> tuple[re.Match[str], dict[Channel, Decimal]] | None:
    """One channel's share and "the rest" named to the brief's other channel."""
    for m in _SHARE_AND_REST.finditer(text):
        first, other = channel_of(m.group("ch")), channel_of(m.group("other"))
        share = Decimal(m.group("n"))
        if first is None or other is None or first == other:
            continue
        if {first, other} == set(channels) and 0 < share < 100:
            return m, {first: share, other: 100 - share}
    return None


# "the bigger share (70%) on CTV", "the lion's share, 75%, to audio": a share in percent
# given to one channel through words about its size
_SIZED_SHARE = re.compile(
    r"\b(?:bigger|larger|greater|biggest|largest|main|major|lion'?s)\s+(?:share|part|portion|"
    rf"chunk|slice)\s*[(,]?\s*(?P<pct>\d{{1,2}}(?:\.\d{{1,2}})?)\s*{PCT_UNIT}\s*[),]?\s*"
    rf"(?:going\s+)?(?:to|on|for|in|into)\s+(?:the\s+)?(?P<ch>{_ANY_CHANNEL})\b", re.IGNORECASE)
# "CTV half, OLV 40 percent": beside shares in percent, a half is 50%
_HALF = re.compile(rf"\b(?P<ch>{_ANY_CHANNEL})\s+(?:gets\s+|at\s+|is\s+|takes\s+)?(?:a\s+)?"
                   r"half\b(?!\s+(?:of|and|the|a)\b)"
                   rf"|\bhalf\s+(?:to|on|for|into|in)\s+(?:the\s+)?(?P<ch2>{_ANY_CHANNEL})\b",
                   re.IGNORECASE)


def sized_shares(text: str) -> list[tuple[re.Match[str], dict[Channel, Decimal]]]:
    return _one_channel_shares(_SIZED_SHARE, text)


def half_shares(text: str) -> list[tuple[re.Match[str], dict[Channel, Decimal]]]:
    """Halves named to a channel; read only beside shares given in percent."""
    return _one_channel_shares(_HALF, text, half=True)
