"""The channels a brief asks for (the split across them: ``split_reading``)."""

from __future__ import annotations

import re

from ad_buyer.intake.channel_typos import misspelt_channels
from ad_buyer.intake.channel_words import CHANNEL_WORDS, SERVICE_NAME, channel_of
from ad_buyer.intake.reading import Reading
from ad_buyer.intake.social import read_social
from ad_buyer.models.brief import Channel, GapKind

_OTHER_CHANNEL_WORDS = "|".join(w for c, w in CHANNEL_WORDS if c is not Channel.PERFORMANCE)
_ANY_CHANNEL = "|".join(w for _, w in CHANNEL_WORDS) + "|performance"
_LIST_JOINER = r"\s*(?:,|/|&|\+|\band\b|\bor\b)\s*(?:and\s+)?"
# "display, performance goal (CPA)": a goal named beside the channels
_NOT_GOAL = r"(?!\s+(?:goal|objective|kpis?|focus|campaign|metrics?|target))"
# A bare "performance" is usually the goal; inside a list of channels ("CTV and
# performance", "performance, display", "channels: performance") it is the channel.
_LISTED_PERFORMANCE = re.compile(
    rf"(?:\b(?:{_OTHER_CHANNEL_WORDS})\b{_LIST_JOINER}\bperformance\b{_NOT_GOAL}"
    rf"|\bperformance\b{_LIST_JOINER}\b(?:{_OTHER_CHANNEL_WORDS})\b"
    rf"|\bchannels?\s*:\s*performance\b)",
    re.IGNORECASE,
)
# "Scratch the display piece", "ditch the audio", "nix DOOH": a channel struck out
_NEGATION = re.compile(r"\b(?:no|not|without|excluding|exclude|except|skip|drop(?:ped)?|"
                       r"scratch|strike|ditch|nix|axe|kill|lose|"
                       r"remove|ignore\s+the|nothing|avoid|zero|never|minus|instead\s+of|"
                       r"rather\s+than|other\s+than|keine?n?|ohne|pas\s+de|sans|sin|sem|"
                       r"niente|geen)\s+(?:\w+\s+)?$",
                       re.IGNORECASE)


# "Exclude Bargain Banners": after a negation, a Title-case name whose last word is a
# channel word names a seller, not the channel.
_NEGATED_NAME = re.compile(r"\b(?:no|not|without|excluding|exclude|excl\.?|except|skip|avoid|"
                           r"block(?:[\s-]?list)?|black[\s-]?list|exclusions?|"
                           r"with|from|via|von|bei|chez|keep|leave|cut|"
                           r"(?:leave|rule|take|cut|strike|drop|remove|pull)\s+out|"
                           r"(?:keep|stay)\s+(?:us\s+|it\s+|them\s+)?(?:off|away\s+from))"
                           r":?(?:\s+(?:on|from|sellers?:?))?\s+"
                           # "excl. PrimeTime Network & Bargain Banner": a list of names
                           # the name's words capitalised ("with the balance in DOOH" names
                           # no seller)
                           r"(?-i:(?:[A-Z][\w&'-]*(?:[ \t]*(?:[,&/;]|\band\b|\bor\b)[ \t]*|"
                           r"[ \t]+)){0,6}?[A-Z][a-z][\w&'-]*[ \t]+)$",
                           re.IGNORECASE)


# "no display banners from Bargain Banners": the negation is of the seller, so the
# channel word there is neither asked for nor excluded.
_NEGATED_SELLER = re.compile(r"(?:\s+[a-z][\w-]*){0,2}\s+(?:from|by|via)\s+(?:the\s+)?[A-Z]")


# "Mobile, AL": a city, named by its state after it
_STATE_AFTER = re.compile(r",?[ \t]*(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|"
                          r"N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY]|Alabama)\b")

# a capitalised word after a channel's own ("Billboard Bros", "Audio Kings"): a name
_NAME_AFTER = re.compile(r"[ \t]+(?!(?i:ads?|advertising|inventory|spots?|placements?|buys?|"
                         r"campaigns?|media|please|pls|only|this|in|for)\b)((?-i:[A-Z][a-z]+))\b")


# "No Billboard Bros", "avoid Audio Nation": a Title-case name that opens with a channel
# word; a word a planner puts after a channel ("Display Ads", "CTV Only") names no seller
_NAME_GOES_ON = re.compile(r"[ \t]+(?!(?:Ads?|Advertising|Inventory|Placements?|Spots?|Units?|"
                           r"Only|Please|Pls|Campaigns?|Buys?|Media|Formats?|Budget|Spend)\b)"
                           r"(?-i:[A-Z][a-z][\w&'-]*)")
_NEGATED_BEFORE = re.compile(r"\b(?:no|not|without|excluding|exclude|excl\.?|except|skip|"
                             r"avoid|block|blacklist|ban)\s+$", re.IGNORECASE)


def _in_seller_name(text: str, match: re.Match[str]) -> bool:
    word = match.group(0)
    if not word[:1].isupper():  # "Bargain Banners", "OffGrid CTV"
        return False
    if _STATE_AFTER.match(text, match.end()):
        return True  # a place's name, not a seller's: no channel either
    named = _NAME_AFTER.match(text, match.end())
    if named and channel_of(named.group(1)) is None and \
            _NEGATION.search(text[max(0, match.start() - 20):match.start()]):
        return True  # "No Billboard Bros please": a seller named with a channel's word
    return _NEGATED_NAME.search(text[max(0, match.start() - 60):match.start()]) is not None


def read_channels(text: str, reading: Reading) -> None:
    """Channel words, minus negated ones ('no display'); both at once is a contradiction."""
    hits: list[tuple[int, Channel]] = []
    older = reading.older_from
    if older is not None and not any(
            not _in_seller_name(text, m) for _, w in CHANNEL_WORDS
            for m in re.finditer(rf"\b(?:{w})\b", text[:older], re.IGNORECASE)):
        older = None  # the newest message names no channel: the older ones say which
    for channel, words in CHANNEL_WORDS:
        matches = [m for m in re.finditer(rf"\b(?:{words})\b", text, re.IGNORECASE)
                   if not _in_seller_name(text, m)]
        if older is not None:  # the newest message's channels supersede the older ones'
            for m in matches:
                if m.start() >= older:
                    reading.mark_match(m)
            matches = [m for m in matches if m.start() < older]
        if channel is Channel.PERFORMANCE:
            matches += _LISTED_PERFORMANCE.finditer(text)
        negated = [m for m in matches
                   if _NEGATION.search(text[max(0, m.start() - 20):m.start()])]
        matches = [m for m in matches  # "CTV, but no Hulu": the seller is left out
                   if m not in negated or not SERVICE_NAME.fullmatch(m.group(0))]
        negated = [m for m in negated if m in matches]
        matches = [m for m in matches
                   if m not in negated or not _NEGATED_SELLER.match(text, m.end())]
        wanted = [m for m in matches if m not in negated]
        for m in matches:
            reading.mark_match(m)
        if wanted and len(wanted) < len(matches):
            reading.issue("channels", GapKind.CONTRADICTORY,
                          f"{channel.value} is both asked for and excluded")
        elif wanted:
            hits.append((wanted[0].start(), channel))
        elif matches:
            reading.assume(f"{channel.value} left out: the brief excludes it")
    known = {channel for _, channel in hits}
    for start, channel in misspelt_channels(text, reading):
        if channel not in known:
            hits.append((start, channel))
            known.add(channel)
    social = read_social(text, reading)
    if not hits:
        if not reading.has_issue("channels"):
            reading.issue(
                "channels", GapKind.MISSING,
                "no channel found (ctv, online video, display, mobile app, performance, audio, "
                "dooh, linear tv)" + (f"; social ({', '.join(social)}) is not a channel this "
                                      "buyer buys" if social else ""),
            )
        return
    reading.facts["channels"] = [channel for _, channel in sorted(hits, key=lambda h: h[0])]
