"""Budgets written with another language's scale words and currency marks (issue 19): Polish
"tys."/"mln"/"mld", German "Mrd.", Japanese 万/億 with 円, Korean 만/억 with 원 or ₩, Chinese
万/亿 with 元, and an amount whose currency code follows in brackets ("400 tys. zł (PLN)",
"R1.2 million (ZAR)"). Each case asserts the budget and currency a planner means."""

from __future__ import annotations

import pytest

from ad_buyer.models.money import from_micros

from .intake_reading import read_brief, refused_brief

TAIL = " for display, 1 Feb - 28 Feb 2027, adults 25-54."


@pytest.mark.parametrize(("text", "budget", "currency"), [
    # thousand / million / billion in Polish, German and Dutch shorthand
    ("Brief: 400 tys. zł (PLN)", 400_000, "PLN"),
    ("Budżet 250 tys. zł", 250_000, "PLN"),
    ("1,5 mln zł", 1_500_000, "PLN"),
    ("Budżet: 300 000 zł", 300_000, "PLN"),
    ("PLN 2 mln", 2_000_000, "PLN"),
    ("Budget 2 Mrd. KRW", 2_000_000_000, "KRW"),
    ("KRW 1.5 mld", 1_500_000_000, "KRW"),
    # a million and a billion in other languages, with the word between ("de", "di", "d'")
    ("Presupuesto 1,5 millones de euros", 1_500_000, "EUR"),
    ("Budget 2 miljoen euro", 2_000_000, "EUR"),
    ("1.5 milioni di euro", 1_500_000, "EUR"),
    ("Budget 2 millions d'euros", 2_000_000, "EUR"),
    ("Budget: 1,2 milliard KRW", 1_200_000_000, "KRW"),
    ("Budget 1 miljon kronor", 1_000_000, "SEK"),
    ("Budget 2 mia. DKK", 2_000_000_000, "DKK"),
    # the thousand in Italian, Spanish ("mil" of 100 or more is no million) and Russian
    ("Budget 800 mila euro", 800_000, "EUR"),
    ("Presupuesto: 500 mil euros", 500_000, "EUR"),
    ("Budget: 600 тыс. руб", 600_000, "RUB"),
    ("R$ 800 mil (BRL)", 800_000, "BRL"),
    # Japanese myriads: 万 is ten thousand, 億 a hundred million
    ("予算 5000万円", 50_000_000, "JPY"),
    ("¥5000万", 50_000_000, "JPY"),
    ("1.2億円", 120_000_000, "JPY"),
    ("JPY 3000万", 30_000_000, "JPY"),
    # Korean 만/억 with 원 or ₩, Chinese 万/亿 with 元
    ("예산 5억 원", 500_000_000, "KRW"),
    ("₩5억", 500_000_000, "KRW"),
    ("KRW 5억", 500_000_000, "KRW"),
    ("₩500,000,000", 500_000_000, "KRW"),
    ("预算 300万元", 3_000_000, "CNY"),
    ("Budget 1.5亿元", 150_000_000, "CNY"),
    # the currency's code in brackets after the amount explains its symbol
    ("R1.2 million (ZAR)", 1_200_000, "ZAR"),
    ("R 750 000 (ZAR)", 750_000, "ZAR"),
    ("1.2 million (ZAR)", 1_200_000, "ZAR"),
    ("$500k (USD)", 500_000, "USD"),
    ("2,5 mln Kč (CZK)", 2_500_000, "CZK"),
])
def test_scale_words_and_bracketed_codes(text: str, budget: int, currency: str) -> None:
    brief = read_brief(text + TAIL)
    assert brief.budget_micros is not None
    assert from_micros(brief.budget_micros) == budget, brief.assumptions
    assert brief.currency == currency


def test_polish_cap_in_zloty_is_the_cpm_cap_not_a_budget() -> None:
    brief = read_brief("Brief: 400 tys. zł (PLN) for online video, 1 Feb - 28 Feb 2027, "
                       "adults 18-34, max CPM 35 zł.")
    assert brief.budget_micros is not None
    assert from_micros(brief.budget_micros) == 400_000
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == 35


@pytest.mark.parametrize("text", [
    "Budget 2 zillion EUR",
    "Budget: 1,2 trilliard KRW",
])
def test_a_scale_word_not_known_is_asked_about_never_dropped(text: str) -> None:
    gap = refused_brief(text + TAIL)
    assert any(i.field in ("budget", "unread") for i in gap.issues), gap.describe()
