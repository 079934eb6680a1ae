"""CPM caps in the world's currencies and a floor beside its cap (issue 19): a cap written
with any currency's mark ('₦2,500', 'NT$400', '₹180') or thousands grouped ('COP 45.000')
is the cap, never its first digits; a floor stated before the cap ('floors of $20 are
fine — but hard cap at a $45 CPM') is noted, not a second cap; a past test's amount
('the Q4 test ($80k on display) underperformed') is no second budget."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.money import from_micros

from .intake_reading import read_brief, refused_brief

DATES = " 1 Feb - 28 Feb 2027, adults 25-54."


@pytest.mark.parametrize(("text", "cap"), [
    ("COP 350 millones para CTV. CPM máximo COP 45.000.", 45_000),
    ("₦150m for display, cap cpm at ₦2,500 pls.", 2_500),
    ("NT$6,000,000 / display / max CPM NT$400.", 400),
    ("₹2.5 crore for display. Max CPM ₹180.", 180),
    ("IDR 2,5 miliar for display, max CPM IDR 35.000.", 35_000),
    ("KRW 500,000,000 for display, CPM cap KRW 12,000.", 12_000),
    ("₱12M for display, CPM no more than ₱350.", 350),
])
def test_a_cap_in_any_currency_is_read_whole(text: str, cap: int) -> None:
    brief = read_brief(text + DATES)
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == Decimal(cap)


@pytest.mark.parametrize("text", [
    "$900K on CTV. We don't mind paying up — floors of $20 are fine — but hard cap at a $45 "
    "CPM.",
    "$900K on CTV. Floors at $20 are ok, max CPM $45.",
    "$900K on CTV. Floors from $20 fine; CPM cap $45.",
    "$900K on CTV. Publisher floors of $20 acceptable. Max CPM $45.",
])
def test_a_floor_beside_the_cap_is_no_second_cap(text: str) -> None:
    brief = read_brief(text + DATES)
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == Decimal(45)
    assert from_micros(brief.budget_micros) == Decimal(900_000)


@pytest.mark.parametrize("text", [
    "The Q4 test ($80k on display) underperformed on viewability. Approved: $1.1M on CTV,",
    "Our $80k pilot last quarter overdelivered. Approved: $1.1M on CTV,",
    "The $80k display test outperformed. Approved: $1.1M on CTV,",
    "Q3's $80k burst did well on reach. Approved: $1.1M on CTV,",
])
def test_a_past_tests_amount_is_no_second_budget(text: str) -> None:
    brief = read_brief(text + DATES)
    assert from_micros(brief.budget_micros) == Decimal(1_100_000)


def test_a_cap_behind_a_lettered_mark_not_read_is_asked_about_never_misread() -> None:
    gap = refused_brief("IDR 2,5 miliar for display, max CPM Rp 35.000." + DATES)
    assert any(i.field == "unread" and "CPM" in i.message for i in gap.issues), gap.describe()
