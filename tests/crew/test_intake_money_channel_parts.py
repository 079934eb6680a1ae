"""Money given per channel or per seller (issue 19): amounts per channel are the budget
and the split; a seller's limit in money is a share.

Each family has several phrasings of its own; a case asserts the fields a planner means.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.money import from_micros

from .intake_reading import BRIEF_WITHOUT_MONEY as TAIL
from .intake_reading import read_brief


@pytest.mark.parametrize(("text", "share"), [
    ("$400k. No more than $50k per seller.", Decimal("12.50")),
    ("$300k; max $100k with any one publisher.", Decimal("33.33")),
    ("$200k, cap spend at $50k per vendor.", Decimal("25.00")),
])
def test_a_seller_limit_in_money_is_a_share(text: str, share: Decimal) -> None:
    brief = read_brief(text + TAIL)
    assert brief.max_seller_share_pct == share


@pytest.mark.parametrize(("text", "budget", "split"), [
    ("€150k each for CTV and online video.", 300_000, {"ctv": 50, "online_video": 50}),
    ("CTV and audio, $50k each.", 100_000, {"ctv": 50, "audio": 50}),
    ("$100k per channel across CTV, audio and display.", 300_000,
     {"ctv": Decimal("33.34"), "audio": Decimal("33.33"), "display": Decimal("33.33")}),
    ("CTV – 60% ($120k), audio – 40% ($80k).", 200_000, {"ctv": 60, "audio": 40}),
    ("CTV gets $200k and display gets $100k.", 300_000,
     {"ctv": Decimal("66.67"), "display": Decimal("33.33")}),
    ("Display $50K + Video $150K = $200K.", 200_000, {"display": 25, "online_video": 75}),
])
def test_amounts_per_channel(text: str, budget: int, split: dict[str, Decimal]) -> None:
    brief = read_brief(text + " Q2 2027, adults 25-54, US.")
    assert from_micros(brief.budget_micros) == Decimal(budget)
    assert {c.value: p for c, p in brief.channel_split.items()} == split


def test_a_total_with_one_channel_part() -> None:
    brief = read_brief("Total $300k, CTV $200k, rest to audio. Q2 2027, adults 25-54, US.")
    assert from_micros(brief.budget_micros) == Decimal(300_000)


@pytest.mark.parametrize(("text", "budget"), [
    # parts named by a label before them or a name after them, with no total
    ("Markets: Dallas $100k, Houston $80k, Austin $20k.", 200_000),
    ("$100k Texas / $50k Florida.", 150_000),
    ("April $50k, May $50k, June $50k.", 150_000),
    ("Flight 1 (April): $60k. Flight 2 (June): $40k.", 100_000),
    ("Texas: $100k; Florida: $50k; total $150k.", 150_000),
    # a restatement in a transcript is one amount
    ("Agency: and the budget?\nClient: Forty thousand.\nAgency: Forty K, got it.\n", 40_000),
])
def test_parts_named_by_labels(text: str, budget: int) -> None:
    brief = read_brief(text + TAIL)
    assert from_micros(brief.budget_micros) == Decimal(budget)


@pytest.mark.parametrize(("text", "budget", "split"), [
    # a total, then one channel's amount and "the rest"/"the remainder" on another
    ("£1.2m confirmed. Please allocate £800k to CTV with the rest on online video.",
     1_200_000, {"ctv": Decimal("66.67"), "online_video": Decimal("33.33")}),
    ("Investment: USD 0.6M. Linear TV and CTV; linear to receive $150,000, CTV the remainder.",
     600_000, {"linear_tv": Decimal("25"), "ctv": Decimal("75")}),
    ("We're putting 900K behind CTV and online video (CTV gets $600K of it).",
     900_000, {"ctv": Decimal("66.67"), "online_video": Decimal("33.33")}),
    ("$1M total: CTV gets $500k, online video $300k, and whatever is left goes to display.",
     1_000_000, {"ctv": Decimal("50"), "online_video": Decimal("30"), "display": Decimal("20")}),
])
def test_round3_a_total_with_channel_amounts(text: str, budget: int,
                                             split: dict[str, Decimal]) -> None:
    brief = read_brief(f"{text} Q2 2027, adults 25-54.")
    assert from_micros(brief.budget_micros) == budget
    assert {c.value: v for c, v in brief.channel_split.items()} == split
