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
# ("CTV – 60% ($120k)": a share between; "CTV gets $200k": a verb)
_BEFORE = re.compile(rf"\b({_CHANNEL})\s*(?:[-–:]?\s*\d{{1,3}}(?:\.\d+)?\s*%\s*)?"
                     r"(?P<sep>:|-|–|=|,|\(|\||at|\.{2,}|gets|receives|takes|is)?\s*"
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
