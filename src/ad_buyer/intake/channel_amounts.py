"""Budgets given per channel: "CTV $300,000 / Audio $120,000", "€300k on CTV and €150k
on online video", "Total: $4,000,000 / CTV: $2,000,000 / ...".

Amounts that each sit next to a different channel are the channel's share of the
budget. With no other amount, the budget is their sum; with a total that equals
their sum, the total. The split is their shares, in percent (largest remainder to
two decimals). A total that is not their sum stays a contradiction for the money
reader to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ad_buyer.intake.channel_words import CHANNEL_WORDS, channel_of
from ad_buyer.intake.split_cues import percentages
from ad_buyer.models.brief import Channel

# "$160k performance, $60k display": beside other channels' amounts, a bare "performance"
# is the channel (named as the goal, it is followed by the goal's word)
_CHANNEL = "|".join(w for _, w in CHANNEL_WORDS) + (
    r"|performance(?!\s+(?:goal|objective|kpis?|campaign|focus|metrics?|target|marketing))")
# The channel just before the amount ("CTV: $2,000,000", "Audio   $120,000", "CTV (€300k)")
# or just after it ("€300k on CTV", "$300k CTV", "$300k for online video").
# A table's cell ("| CTV | $240,000 |") too.
# A form's line ("a) Display ...... $30,000", "Line 1  CTV   USD 120,000.00") too.
# ("CTV – 60% ($120k)": a share between; "CTV gets $200k": a verb;
# "linear gets $200,000, CTV the other $120,000": "the other/rest" between)
_BEFORE = re.compile(rf"\b({_CHANNEL})\s*(?:[-–:]?\s*\d{{1,3}}(?:\.\d+)?\s*%\s*)?"
                     r"(?P<sep>:|-|–|=|,|\(|\||at|\.{2,}|is|"
                     r"(?:(?:is\s+)?to\s+(?:get|take|receive)|gets|takes|receives|with)"
                     r"(?:\s+the\s+(?:other|rest|remaining))?|"
                     r"the\s+(?:other|rest|remaining))?\s*"
                     r"(?:(?:USD|EUR|GBP|CAD|AUD|NZD)\s*)?$", re.IGNORECASE)
_AFTER = re.compile(rf"^[ \t]*(?:(?:on|in|for|to|into|of|towards?)[ \t]+)?(?:the[ \t]+)?"
                    rf"({_CHANNEL})\b",
                    re.IGNORECASE)

# "$250,000 on CTV and audio": an amount for several channels is no one channel's part.
_MORE_CHANNELS = re.compile(rf"^\s*(?:,|&|\+|/|\band\b)\s*(?:the\s+)?(?:{_CHANNEL})\b",
                            re.IGNORECASE)


@dataclass(frozen=True)
class ChannelBudget:
    budget: Decimal
    split: dict[Channel, Decimal]
    parts: str  # "CTV $300,000, audio $120,000", for the assumption


def channel_budget(text: str, amounts: list[tuple[int, int, Decimal]]) -> ChannelBudget | None:
    """The budget and split when ``amounts`` (start, end, value) are per-channel parts,
    with at most one more amount, their total; else None."""
    parts: dict[Channel, Decimal] = {}
    others: list[Decimal] = []
    for start, end, value in amounts:
        line_start = text.rfind("\n", 0, start) + 1
        before = _BEFORE.search(text[max(line_start, start - 80):start])
        after = _AFTER.match(text[end:end + 30])
        if after and _MORE_CHANNELS.match(text[end + after.end():end + after.end() + 30]):
            after = None
        if before and after and before.group("sep") in ("(", ","):
            before = None  # "display and mobile ($320k display, ...)": the channel it names
        word = before.group(1) if before else after.group(1) if after else None
        channel = channel_of(word) if word else None
        if channel is None or channel in parts:
            others.append(value)
            continue
        parts[channel] = value
    if len(parts) < 2:
        return None
    total = sum(parts.values(), Decimal(0))
    if any(v != total for v in others):
        return None
    shares = percentages(list(parts.values()))
    listed = ", ".join(f"{c.value} {v:,}" for c, v in parts.items())
    return ChannelBudget(total, dict(zip(parts, shares, strict=True)), listed)


def names_channel(text: str, start: int, end: int) -> bool:
    """Whether one channel is named just before or after the amount at ``start:end`` (an
    amount for several, "$200,000 on CTV and audio", is no one channel's part)."""
    line_start = text.rfind("\n", 0, start) + 1
    if _BEFORE.search(text[max(line_start, start - 80):start]):
        return True
    return _AFTER.match(text[end:end + 30]) is not None and not for_several(text, end)


def for_several(text: str, end: int) -> bool:
    """Whether the amount ending at ``end`` is for several channels ("on CTV and audio")."""
    after = _AFTER.match(text[end:end + 30])
    return after is not None and _MORE_CHANNELS.match(text[end + after.end():]) is not None


_EACH = re.compile(r"^\s*(?:each|apiece|a\s+piece|per\s+channel|a\s+channel|for\s+each)\b",
                   re.IGNORECASE)
_CHANNEL_ANY = re.compile(rf"\b(?:{_CHANNEL})\b", re.IGNORECASE)


def channels_each(text: str, start: int, end: int) -> list[Channel] | None:
    """The channels an amount is for "each" of ("€150k each for CTV and online video"),
    when its sentence names two or more; else None."""
    if not _EACH.match(text[end:end + 20]):
        return None
    begin = max(text.rfind(c, 0, start) for c in ".;!?\n") + 1
    stops = [i for i in (text.find(c, end) for c in ".;!?\n") if i != -1]
    sentence = text[begin:min(stops, default=len(text))]
    found = [channel_of(m.group(0)) for m in _CHANNEL_ANY.finditer(sentence)]
    channels = list(dict.fromkeys(c for c in found if c is not None))
    return channels if len(channels) > 1 else None


# "£900k to CTV with the rest on online video", "CTV gets $500K of it", "whatever is left
# goes to display": the channels' amounts are parts of a larger total, another channel
# takes what remains
_REMAINDER = re.compile(r"\b(?:the\s+)?(?:rest|remainder|remaining|balance)\b|\bwhatever\s+"
                        r"(?:is|'s)\s+left\b|\bleft\s*over\b|\bof\s+(?:it|that|this)\b",
                        re.IGNORECASE)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    begin = max(text.rfind(c, 0, start) for c in ".;!?\n") + 1
    stops = [i for i in (re.search(r"[.;!?\n](?!\d)", text[end:]),) if i is not None]
    return begin, end + stops[0].start() if stops else len(text)


def _channel_at(text: str, start: int, end: int) -> Channel | None:
    line_start = text.rfind("\n", 0, start) + 1
    before = _BEFORE.search(text[max(line_start, start - 80):start])
    after = _AFTER.match(text[end:end + 30])
    word = before.group(1) if before else after.group(1) if after else None
    return channel_of(word) if word else None


def remainder_parts(text: str, parts: list[tuple[int, int, Decimal]]) -> bool:
    """Whether ``parts`` each name a different channel and their sentences leave the rest
    of the budget to another ("with the rest on online video", "CTV gets $500K of it")."""
    channels = [_channel_at(text, s, e) for s, e, _ in parts]
    if not parts or None in channels or len(set(channels)) != len(channels):
        return False
    return any(_REMAINDER.search(text[slice(*_sentence(text, s, e))]) for s, e, _ in parts)


def remainder_split(text: str, total: Decimal, total_at: int,
                    parts: list[tuple[int, int, Decimal]]) -> dict[Channel, Decimal] | None:
    """The split when channel ``parts`` of ``total`` leave the rest to one more channel
    named in their sentences or the total's; else None."""
    if not remainder_parts(text, parts):
        return None
    shares: dict[Channel, Decimal] = {}
    for s, e, v in parts:
        shares[_channel_at(text, s, e)] = v  # type: ignore[index]
    spans = [_sentence(text, s, e) for s, e, _ in parts]
    spans.append(_sentence(text, total_at, total_at + 1))
    named = [channel_of(m.group(0)) for b, e in spans for m in _CHANNEL_ANY.finditer(text[b:e])]
    others = list(dict.fromkeys(c for c in named if c is not None and c not in shares))
    left = total - sum(shares.values(), Decimal(0))
    if len(others) != 1 or left <= 0:
        return None
    shares[others[0]] = left
    return dict(zip(shares, percentages(list(shares.values())), strict=True))
