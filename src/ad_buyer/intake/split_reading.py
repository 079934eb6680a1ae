"""A stated split across the brief's channels, read after the channels themselves.

A split is read when the brief states one: ``60/40 CTV/mobile``, ``CTV/mobile
60/40``, ``60% CTV, 40% mobile``, ``CTV 60%, mobile 40%``, ``2:1 CTV:audio``
(a ratio, turned into percentages), ``split evenly`` / ``50/50``. Shares are
percent with at most two decimals and must sum to 100 (a ratio or an even split
that does not divide exactly is rounded by largest remainder, and said so).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ad_buyer.intake.channel_words import CHANNEL_WORDS, channel_of
from ad_buyer.intake.reading import Reading, blank
from ad_buyer.intake.split_cues import (
    APPROX,
    FAVOUR_AHEAD,
    PCT_UNIT,
    bounded_shares,
    channels_named,
    group_shares,
    half_shares,
    leading_channel,
    percentages,
    respective_shares,
    share_and_rest,
    sized_shares,
    weighted_split,
)
from ad_buyer.intake.split_fractions import FRACTION_AHEAD, fraction_split
from ad_buyer.intake.split_leads import lead_shares
from ad_buyer.intake.split_rest import (
    EVEN_WORDS,
    background_only,
    majority_shares,
    share_then_rest,
)
from ad_buyer.intake.split_words import plain_tv, spelt_shares
from ad_buyer.models.brief import Channel, GapKind

_ANY_CHANNEL = "|".join(w for _, w in CHANNEL_WORDS) + "|performance"

_PCT = r"(\d{1,3}(?:[.,]\d{1,2})?)"  # "60,5%": a decimal comma, as much of Europe writes it
_N = r"\d{1,3}(?:\.\d{1,2})?"
_C = rf"(?:the\s+)?(?:{_ANY_CHANNEL})"
_CH = rf"(?:the\s+)?({_ANY_CHANNEL})"
# "(50 % / 30 % / 20 %)": a percent sign after each share, as French writes it
_NUMS = rf"(?P<nums>{_N}(?:\s*%)?(?:\s*[/:]\s*{_N}(?:\s*%)?){{1,3}})"
_CHS = rf"(?P<chs>{_C}(?:\s*(?:/|:|,|&|\+|and|vs\.?)\s*{_C}){{1,3}})"
# "60:40 linear to streaming": the channels in the ratio's order
_CHS_TO = rf"(?P<chs>{_C}(?:\s*(?:/|:|,|&|\+|and|vs\.?|to)\s*{_C}){{1,3}})"
_RATIO_FIRST = re.compile(
    rf"\b{_NUMS}\s*(?:%\s*)?(?:split\s*)?(?:between|across|of|for|on|:)?\s*{_CHS_TO}",
    re.IGNORECASE)
_CHANNELS_FIRST = re.compile(
    rf"\b{_CHS}\s*,?\s*(?:split\s*)?(?:at|:|-|=|\()?\s*{_NUMS}\s*%?(?!\s*(?:k\b|m\b|\d)|[/.:-]\d)",
    re.IGNORECASE)
_PCT_CHANNEL = re.compile(rf"\b{_PCT}\s*{PCT_UNIT}\s*(?:of\s+(?:the\s+)?(?:budget|spend|"
                          rf"money|media|[$€£]?\d[\d.,]*\s*[km]?)\s+)?(?:(?:should|will|can|"
                          rf"must)\s+)?(?:(?:go(?:es|ing)?|goes|going)\s+)?(?:to|into|for|on|in|"
                          rf"towards?)?\s*{_CH}\b",
                          re.IGNORECASE)
# "60 percent going to online video": the share is of the channel after it
_TO_CHANNEL = (r"(?:(?:should|will|can|must)\s+)?(?:go(?:es|ing)?\s+)?(?:(?:to|into|for|on|in|"
               rf"towards?)\s+)?(?:the\s+)?(?:{_ANY_CHANNEL})\b")
# "CTV (BVOD) 65%": a bracketed restatement of the channel before its share
# "CTV, 60%, OLV, 40%": channel and share each between commas, two pairs or more
_COMMA_PAIRS = re.compile(rf"\b(?:{_C}\s*,\s*{_PCT}\s*%\s*(?:[,;/]|\band\b)?\s*){{2,5}}",
                          re.IGNORECASE)
_CHANNEL_PCT = re.compile(rf"\b{_CH}(?:\s*\([A-Za-z\s/-]{{1,20}}\))?\s*"
                          r"(?:at|:|-|=|gets|takes|with|\()?"
                          rf"\s*(?:the\s+remaining\s+)?{APPROX}"  # "CTV ~60%", "CTV (approx. 60%)"
                          rf"{_PCT}\s*{PCT_UNIT}(?!\s*{_TO_CHANNEL})",
                          re.IGNORECASE)
# "CTV should get the bulk (80%)": a share in brackets a few words after its channel
_CHANNEL_PAREN_PCT = re.compile(rf"\b{_CH}\b(?:(?!\b(?:{_ANY_CHANNEL})\b)[^.;:%\d()\n]){{1,30}}?"
                                # "CTV (majority, 70 %)", "(they said 70%)"
                                rf"\(\s*(?:(?:(?!\b(?:{_ANY_CHANNEL})\b)[A-Za-z' ]){{1,20}},?\s+)?"
                                rf"{APPROX}{_PCT}\s*%\s*\)",
                                re.IGNORECASE)
_FRACTION_CHANNEL = re.compile(
    rf"(?:(?<![\d/])([1-9])/([2-9])(?![\d/])|\b(one|two|three)[\s-]+(half|halves|thirds?|"
    rf"quarters?|fifths?)\s+(?:of\s+(?:it|the\s+budget)\s+)?)\s*(?:to|on|for|in)?\s*{_CH}\b",
    re.IGNORECASE)
_FRACTION_WORDS = {"one": 1, "two": 2, "three": 3, "half": 2, "halves": 2, "third": 3,
                   "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5}
_EVEN = re.compile(r"\b(?:split\s+(?:it\s+)?(?:evenly|equally)|(?:an\s+)?even(?:ly)?\s+split|"
                   r"spread\s+(?:it\s+)?(?:evenly|equally)|(?:evenly|equally)\s+spread|"
                   r"(?:in\s+)?equal\s+(?:shares|weight(?:ing)?|parts|amounts|portions)|"
                   r"equal\s+split|split\s+50\s*[-/]\s*50|(?<![\d/.-])50\s*-\s*50(?![\d/.-])|"
                   r"fifty[\s-](?:fifty|50)|half\s+and\s+half|(?:split\s+)?(?:it\s+)?"
                   r"down\s+the\s+middle|split\s+(?:two|three|four|five)[\s-]ways|"
                   r"(?:two|three|four|five)[\s-]way\s+split|equal\s+(?:halves|thirds|quarters)|"
                   r"evenly\s+(?:split|across|between)|equally\s+(?:split|across|between)|"
                   rf"{EVEN_WORDS})\b"
                   rf"|\b(?:{_ANY_CHANNEL}),?\s+(?:evenly|equally)\b"
                   r"|\(\s*(?:evenly|equally|(?:an\s+)?even\s+split|split\s+evenly)\s*\)",
                   re.IGNORECASE)


def _record(reading: Reading, split: dict[Channel, Decimal], source: str,
            ratio: bool = False) -> None:
    total = sum(split.values(), Decimal(0))
    if not ratio and total != 100:
        reading.issue("channel_split", GapKind.CONTRADICTORY,
                      f"the split {source!r} sums to {total.normalize():f}%, not 100%")
        return
    if ratio:
        keys = list(split)
        shares = percentages([split[k] for k in keys])
        split = dict(zip(keys, shares, strict=True))
        if total != 100:
            reading.assume(f"ratio {source!r} read as " + ", ".join(
                f"{c.value} {p.normalize():f}%" for c, p in split.items()))
    if "channel_split" in reading.facts and reading.facts["channel_split"] != split:
        reading.issue("channel_split", GapKind.CONTRADICTORY,
                      f"two different splits stated (the second: {source!r})")
        return
    reading.facts["channel_split"] = split


def _looks_like_date(numbers_text: str) -> bool:
    """"2/1/27" may be a date; "50/40/30" (no month 40 or 50) cannot."""
    m = re.fullmatch(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*\d{2,4}", numbers_text.strip())
    if m is None:
        return False
    first, second = int(m.group(1)), int(m.group(2))
    return 0 < min(first, second) <= 12 and max(first, second) <= 31


def read_split(text: str, reading: Reading) -> None:
    """A stated split across the brief's channels (after :func:`read_channels`)."""
    paired: set[tuple[int, int]] = set()
    pairs: dict[Channel, Decimal] = {}
    sources: list[str] = []
    text, spoken = spelt_shares(text)  # "seventy thirty" as "70/30", offsets kept
    text, tv_spans = plain_tv(text, reading.facts.get("channels") or [])  # "the TV ones"
    spoken += tv_spans
    for m in _COMMA_PAIRS.finditer(text):  # "CTV, 60%, OLV, 40%": each comma a colon
        pairs_text = re.sub(rf"({_C})\s*,(?=\s*{_PCT})", lambda c: c.group(1) + ":",
                            m.group(0), flags=re.IGNORECASE)
        text = text[:m.start()] + pairs_text + text[m.end():]
    for bound, bounded in bounded_shares(text):  # "audio capped at 25%": its share, said
        reading.mark_match(bound)
        text = blank(text, bound.start(), bound.end())
        pairs.update(bounded)
        sources.append(bound.group(0))
        reading.assume(f"{bound.group(0)!r} read as exactly that share (it meets the bound)")
    for lead, led in lead_shares(text):  # "Most of it (65%) goes to CTV", "CTV's share is 60%"
        reading.mark_match(lead)
        text = blank(text, lead.start(), lead.end())
        pairs.update(led)
        sources.append(lead.group(0).strip())
    for group, in_group in group_shares(text):  # "60% video (CTV and OLV evenly)"
        reading.mark_match(group)
        text = blank(text, group.start(), group.end())
        pairs.update(in_group)
        sources.append(group.group(0))
        reading.assume(f"{group.group(0)!r} read as " + ", ".join(
            f"{c.value} {p.normalize():f}%" for c, p in in_group.items()))
    for pattern in (_RATIO_FIRST, _CHANNELS_FIRST):
        for m in pattern.finditer(text):
            if m.span("nums") in paired:
                continue  # "X and Y, split 70:30 Y to X": the channels after it are paired
            paired.add(m.span("nums"))
            numbers_text, channel_text = m.group("nums"), m.group("chs")
            if _looks_like_date(numbers_text):
                continue  # a date ("CTV and DOOH, 2/1/27 to 3/15/27"), not shares
            if FAVOUR_AHEAD.match(text, m.end("nums")):
                continue  # "CTV and linear, 60:40 in favour of linear": read by _weighted
            if FRACTION_AHEAD.match(text, m.start("nums")):
                continue  # "CTV and display, 2/3 on the CTV": a fraction of the budget
            numbers = [Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", numbers_text)]
            channels = channels_named(channel_text)
            if len(numbers) != len(channels) or len(set(channels)) != len(channels):
                reading.issue("channel_split", GapKind.INVALID,
                              f"cannot pair the shares and channels in {m.group(0).strip()!r}")
                continue
            reading.mark_match(m)
            _record(reading, dict(zip(channels, numbers, strict=True)), m.group(0).strip(),
                    ratio=":" in numbers_text)
            text = blank(text, m.start(), m.end())  # not read again as one share
    words_of: dict[Channel, set[str]] = {}
    for pattern, pct_group, ch_group in ((_PCT_CHANNEL, 1, 2), (_CHANNEL_PCT, 2, 1),
                                         (_CHANNEL_PAREN_PCT, 2, 1)):
        for m in pattern.finditer(text):
            channel = channel_of(m.group(ch_group))
            if channel is None:
                continue
            reading.mark_match(m)
            share = Decimal(m.group(pct_group).replace(",", "."))
            words = {w.lower() for w in words_of.get(channel, set())}
            if channel in pairs and m.group(ch_group).lower() not in words:
                share += pairs[channel]  # "CTV 50% / BVOD 30%": two names of one channel
            words_of.setdefault(channel, set()).add(m.group(ch_group).lower())
            pairs[channel] = share
            sources.append(m.group(0).strip())
    halves = half_shares(text) if pairs or _REST_EVENLY.search(text) else []
    for m, named in [*sized_shares(text), *halves, *majority_shares(text)]:
        if not set(named) & set(pairs):  # "the bigger share (70%) on CTV", "CTV half"
            reading.mark_match(m)
            pairs.update(named)
            sources.append(m.group(0).strip())
    for m in _FRACTION_CHANNEL.finditer(text):
        if re.search(rf"\b(?:{_ANY_CHANNEL})\s*$", text[:m.start()], re.IGNORECASE):
            continue  # "linear 1/3 CTV 2/3": each fraction follows its channel
        channel = channel_of(m.group(5))
        part, whole = (Decimal(m.group(1)), Decimal(m.group(2))) if m.group(1) else (
            Decimal(_FRACTION_WORDS[m.group(3).lower()]),
            Decimal(_FRACTION_WORDS[m.group(4).lower()]))
        others = [c for c in reading.facts.get("channels") or [] if c != channel]
        if channel is None or not 0 < part < whole or len(others) != 1 or pairs:
            continue
        reading.mark_match(m)
        shares = percentages([part, whole - part])
        _record(reading, {channel: shares[0], others[0]: shares[1]}, m.group(0))
        reading.assume(f"{m.group(0)!r} read as {channel.value} {shares[0]}%, "
                       f"{others[0].value} the rest")
    rest_evenly = _REST_EVENLY.search(text)
    named_rest = share_then_rest(text)  # "75% CTV with the remainder on online video"
    if named_rest and (not pairs or (len(pairs) == 1 and sum(pairs.values()) in
                                     named_rest[1].values())):
        reading.mark_match(named_rest[0])
        pairs = dict(named_rest[1])
        sources = [named_rest[0].group(0).strip()]
    if pairs:
        _implied_rest(reading, pairs, rest_evenly is not None)
        _record(reading, pairs, ", ".join(sources))
    if "channel_split" not in reading.facts and not reading.has_issue("channel_split"):
        _fractions(text, reading)
    if "channel_split" not in reading.facts and not reading.has_issue("channel_split"):
        _weighted(text, reading)
    respective = respective_shares(text, reading.facts.get("channels") or [])
    if respective and "channel_split" not in reading.facts:  # "at 60 and 40% respectively"
        reading.mark_match(respective[0])
        _record(reading, respective[1], respective[0].group(0))
    if "channel_split" not in reading.facts and not reading.has_issue("channel_split"):
        _bare_ratio(text, reading)
    if "channel_split" not in reading.facts and not reading.has_issue("channel_split"):
        _shares_without_percent(text, reading)
    even = _EVEN.search(text) if not (rest_evenly and pairs) else None
    if "channel_split" not in reading.facts and not reading.has_issue("channel_split") \
            and even is None:
        _leading(text, reading)  # no figure at all: the last reading tried
    if rest_evenly and pairs:
        reading.mark_match(rest_evenly)
    if even:
        reading.mark_match(even)
        channels = reading.facts.get("channels") or []
        if len(channels) < 2:
            reading.issue("channel_split", GapKind.INVALID,
                          "an even split needs at least two channels")
            return
        shares = percentages([Decimal(1)] * len(channels))
        split = dict(zip(channels, shares, strict=True))
        reading.assume("split evenly: " + ", ".join(f"{c.value} {p.normalize():f}%"
                                                    for c, p in split.items()))
        _record(reading, split, even.group(0))
    if "channel_split" in reading.facts:
        for start, end in spoken:
            reading.mark(start, end)
    _check_split_channels(reading, text)


_BARE_RATIO = re.compile(r"(?<![\d/.$€£])(\d{1,2})%?\s*/\s*(\d{1,2})%?(?:\s*/\s*(\d{1,2})%?)?"
                         r"(?:\s*/\s*(\d{1,2})%?)?(?![\d/]|\.\d|\s*/\s*\d)")


_SHARE_VERB = r"(?:\s*(?::|=|-|gets|at|takes|\()\s*|\s+(?:at\s+)?)"  # "CTV (70) and OLV (30)"
_CHANNEL_NUMBER = rf"{_CH}{_SHARE_VERB}\d{{1,3}}(?![\d%/]|[.,]\d|\s*[km]\b)"
_SHARES_NO_PCT = re.compile(rf"{_CHANNEL_NUMBER}\)?(?:\s*(?:[/,|;]|\band\b)?\s*(?:and\s+)?"
                            rf"{_CHANNEL_NUMBER}\)?){{1,3}}", re.IGNORECASE)


def _shares_without_percent(text: str, reading: Reading) -> None:
    """"CTV 50 / OLV 25 / display 25": shares written without '%' that sum to 100."""
    rest = share_and_rest(text, reading.facts.get("channels") or [])
    if rest is not None:  # "CTV 80 rest linear"
        reading.mark_match(rest[0])
        _record(reading, rest[1], rest[0].group(0))
        return
    for m in _SHARES_NO_PCT.finditer(text):
        pairs = re.findall(rf"{_CH}{_SHARE_VERB}(\d{{1,3}})", m.group(0), re.IGNORECASE)
        split: dict[Channel, Decimal] = {}
        for word, number in pairs:
            channel = channel_of(word)
            if channel is not None:
                split[channel] = Decimal(number)
        total = sum(split.values())
        # "CTV 60 / display 30 / audio 30": three or more shares in split notation are
        # a split even when they do not add up (then the split is refused, not dropped)
        written_as_split = len(pairs) >= 3 and not re.search(r"[,;]|\band\b", m.group(0))
        if len(split) == len(pairs) and (total == 100 or (written_as_split and total <= 200)):
            reading.mark_match(m)
            reading.assume(f"{m.group(0)!r} read as percent of the budget")
            _record(reading, split, m.group(0))
            return


def _fractions(text: str, reading: Reading) -> None:
    """"half into CTV and a quarter each into OLV and audio": see split_fractions."""
    found = fraction_split(text, reading.facts.get("channels") or [])
    if found is not None:
        matches, split = found
        for m in matches:
            reading.mark_match(m)
        source = "; ".join(m.group(0).strip() for m in matches)
        reading.assume(f"{source!r} read as " + ", ".join(f"{c.value} {p.normalize():f}%"
                                                          for c, p in split.items()))
        _record(reading, split, source)


def _leading(text: str, reading: Reading) -> None:
    """"majority to CTV": see split_cues.leading_channel; the reading is said."""
    found = leading_channel(text, reading.facts.get("channels") or [])
    if found is not None:
        m, weights = found
        reading.mark_match(m)
        split = dict(zip(weights, percentages(list(weights.values())), strict=True))
        reading.assume(f"{m.group(0).strip()!r} gives no figure: read as " + ", ".join(
            f"{c.value} {p.normalize():f}%" for c, p in split.items())
            + " (the lead channel holds the majority; state the shares to change it)")
        _record(reading, split, m.group(0).strip())


def _weighted(text: str, reading: Reading) -> None:
    """"CTV and mobile in a 2:1 ratio", "60:40 in favour of linear": see split_cues."""
    found = weighted_split(text, reading.facts.get("channels") or [])
    if found is not None:
        m, weights = found
        reading.mark_match(m)
        reading.assume(f"{m.group(0).strip()!r} read as " + ", ".join(
            f"{c.value} {w}" for c, w in weights.items()) + " (weights)")
        _record(reading, weights, m.group(0).strip(), ratio=True)


_EACH_SHARE = re.compile(r"(?<![\d.])(\d{1,2})\s*%\s+(?:each|apiece|per\s+channel)(?:\s+one)?\b",
                         re.IGNORECASE)


def _bare_ratio(text: str, reading: Reading) -> None:
    """"CTV + audio push, 80/20": shares that sum to 100, one per channel, given apart
    from the channels, are read in the order the channels were named (said so)."""
    channels: list[Channel] = reading.facts.get("channels") or []
    each = _EACH_SHARE.search(text)  # "50% each one", "a third apiece" written as 33.3%
    if each and channels and Decimal(each.group(1)) * len(channels) == 100:
        reading.mark_match(each)
        _record(reading, dict.fromkeys(channels, Decimal(each.group(1))), each.group(0))
        return
    for m in _BARE_RATIO.finditer(text):
        shares = [Decimal(n) for n in m.groups() if n]
        if len(shares) != len(channels) or sum(shares) != 100 or 0 in shares:
            continue
        reading.mark_match(m)
        split = dict(zip(channels, shares, strict=True))
        reading.assume(f"{m.group(0)!r} read in the order the channels were named: " + ", ".join(
            f"{c.value} {p}%" for c, p in split.items()))
        _record(reading, split, m.group(0))
        return
    for m in _BARE_COLON_RATIO.finditer(text):  # "display and audio (2:1)", "ratio 3:2"
        weights = [Decimal(n) for n in m.groups() if n]
        if len(weights) != len(channels) or 0 in weights:
            continue
        reading.mark_match(m)
        split = dict(zip(channels, weights, strict=True))
        reading.assume(f"{m.group(0)!r} read in the order the channels were named")
        _record(reading, split, m.group(0), ratio=True)
        return


_BARE_COLON_RATIO = re.compile(r"(?:\(|\b(?:ratio|split|weighted|weighting)\s*(?:of|:)?\s*|"
                               rf"\b(?:{_ANY_CHANNEL})\s+)"  # "CTV 60:40 with audio"
                               r"(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?"
                               r"(?![\d:]|\s*(?:[ap]\.?m\b|hrs?\b|o.clock))",  # no time
                               re.IGNORECASE)


# "the rest split between OLV and audio equally", "remainder divided evenly"
# "audio and CTV share the other half", "the remainder is split between OLV and audio":
# channels sharing what is left share it evenly (said)
_REST_EVENLY = re.compile(r"\b(?:the\s+)?(?:rest|remainder|balance|remaining)\b[^.;\n]{0,50}?"
                          r"\b(?:evenly|equally|50\s*/\s*50)\b"
                          r"|\b(?:share|split|divide)\s+(?:the\s+)?(?:rest|remainder|balance|"
                          r"other\s+half|remaining\s+(?:half|budget))\b"
                          r"|\b(?:share|split|divide)\s+the\s+remaining\s+\d{1,2}\s*%"
                          r"|\b(?:the\s+)?(?:rest|remainder|balance|other\s+half)\s+(?:is\s+)?"
                          r"(?:shared|split|divided)\s+(?:by|between|among|across)\b",
                          re.IGNORECASE)


def _implied_rest(reading: Reading, pairs: dict[Channel, Decimal], evenly: bool) -> None:
    """"75% on CTV" with CTV and display, or "60% display, the remainder to audio":
    the one channel with no share takes the rest; "the rest split evenly" divides it
    among the channels with no share. Either is said."""
    total = sum(pairs.values(), Decimal(0))
    others = [c for c in reading.facts.get("channels") or [] if c not in pairs]
    if not 0 < total < 100 or not others or (len(others) > 1 and not evenly):
        return
    shares = percentages([Decimal(1)] * len(others))
    for channel, share in zip(others, shares, strict=True):
        pairs[channel] = (100 - total) * share / 100
    reading.assume(", ".join(c.value for c in others) + " given the rest of the split, "
                   + ", ".join(f"{pairs[c].normalize():f}%" for c in others))


def _check_split_channels(reading: Reading, text: str) -> None:
    split: dict[Channel, Decimal] | None = reading.facts.get("channel_split")
    channels: list[Channel] = reading.facts.get("channels") or []
    if not split or not channels:
        return
    unsplit = [c for c in channels if c not in split]
    background = background_only(text, unsplit) if len(split) > 1 else []
    if unsplit and background == unsplit and all(c in channels for c in split):
        reading.facts["channels"] = [c for c in channels if c in split]
        reading.assume(", ".join(c.value for c in unsplit) + " named only about the past or "
                       "others, outside the split: not a channel of this plan")
        return
    missing = [c.value for c in channels if c not in split]
    extra = [c.value for c in split if c not in channels]
    if missing or extra:
        reading.facts.pop("channel_split")
        detail = (f"no share for {', '.join(missing)}" if missing else "") + \
            ("; " if missing and extra else "") + \
            (f"a share for {', '.join(extra)}, which is not a channel of this brief"
             if extra else "")
        reading.issue("channel_split", GapKind.CONTRADICTORY,
                      f"the split does not cover the brief's channels ({detail})")
