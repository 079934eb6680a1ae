"""Every currency's marks (issue 19): an amount beside a symbol the world uses ('₱12M',
'NT$6,000,000', '₪1.2M', 'NIS 400K', '₦80 million', 'KSh 5M', 'R2.5m', 'Rp 2,5 miliar',
'1,5 mil. Kč', '1 200 000 kr') is read in that currency, never as US dollars; a mark several
currencies share ('$', 'kr') is settled by the brief's code, country or cities; a currency
sign no currency has is refused, never defaulted to dollars."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.money import from_micros

from .intake_reading import read_brief, refused_brief

TAIL = " for display, 1 Feb - 28 Feb 2027, adults 25-54."


@pytest.mark.parametrize(("text", "budget", "currency"), [
    # a sign of its own, glued or spaced, with a scale in any case
    ("Hi po! ₱12M", 12_000_000, "PHP"),
    ("Budget ₱ 4,500,000", 4_500_000, "PHP"),
    ("Shalom, ₪1.2M", 1_200_000, "ILS"),
    ("Naija brief: ₦80 million", 80_000_000, "NGN"),
    ("₦150m budget", 150_000_000, "NGN"),
    ("Merhaba, bütçe ₺15 milyon", 15_000_000, "TRY"),
    ("Budget ₫2 tỷ", 2_000_000_000, "VND"),
    ("Бюджет ₴3 млн", 3_000_000, "UAH"),
    ("Budget ৳50 lakh", 5_000_000, "BDT"),
    # a lettered dollar: Taiwan's, Singapore's, the Dominican peso, Argentina's US dollar
    ("NT$6,000,000", 6_000_000, "TWD"),
    ("Hi all, S$400k", 400_000, "SGD"),
    ("RD$ 12,000,000", 12_000_000, "DOP"),
    ("Hola, u$s 150.000", 150_000, "USD"),
    # letters of a currency before the amount
    ("Team, NIS 400K", 400_000, "ILS"),
    ("Habari! KSh 5M", 5_000_000, "KES"),
    ("Budget - KES 12 million", 12_000_000, "KES"),
    ("Howzit! R2.5m", 2_500_000, "ZAR"),
    ("We plan Rp 2,5 miliar", 2_500_000_000, "IDR"),
    ("Budget Rp 800 juta", 800_000_000, "IDR"),
    ("RM 450k", 450_000, "MYR"),
    ("Budget TRY 5M", 5_000_000, "TRY"),
    # the mark after the amount
    ("Ahoj, brief: 1,5 mil. Kč", 1_500_000, "CZK"),
    ("Költségvetés 20 millió Ft", 20_000_000, "HUF"),
    ("NOK 2,5 mill.", 2_500_000, "NOK"),
])
def test_an_amount_is_read_in_the_currency_its_mark_names(text: str, budget: int,
                                                          currency: str) -> None:
    brief = read_brief(text + TAIL)
    assert from_micros(brief.budget_micros) == Decimal(budget)
    assert brief.currency == currency


@pytest.mark.parametrize(("text", "budget", "currency"), [
    # 'kr' is the krona or the krone: the brief's country or code says which
    ("Hej! Vi har 1 200 000 kr för CTV across Sweden", 1_200_000, "SEK"),
    ("Budsjett 900 000 kr, hele Norge", 900_000, "NOK"),
    ("DKK 900.000 til video, max CPM 180 kr, hele Danmark", 900_000, "DKK"),
    # '$' in a brief whose code or country is another dollar or peso is that currency
    ("ARS 80 millones (video $50M, app $30M)", 80_000_000, "ARS"),
    ("Budget $180K (Canadian)", 180_000, "CAD"),
    ("$1.5m, home owners in Perth and Adelaide", 1_500_000, "AUD"),
    ("$250,000 across Canada", 250_000, "CAD"),
])
def test_a_shared_mark_is_settled_by_the_brief(text: str, budget: int, currency: str) -> None:
    brief = read_brief(text + TAIL)
    assert from_micros(brief.budget_micros) == Decimal(budget)
    assert brief.currency == currency


@pytest.mark.parametrize("text", [
    "$300k, New York and Toronto",  # a US city beside a foreign one: '$' stays US dollars
    "$300k, US and Canada",
    "$300k across Texas and Mexico",
    "$300k",
])
def test_a_dollar_the_brief_does_not_settle_stays_us_dollars(text: str) -> None:
    brief = read_brief(text + TAIL)
    assert brief.currency == "USD"
    assert any("USD" in a for a in brief.assumptions)


@pytest.mark.parametrize("text", [
    "Budget ₿5M",
    "Budget 400k ₿",
    "Budget ₯ 2,000,000",
])
def test_a_currency_sign_no_currency_has_is_refused_not_read_as_dollars(text: str) -> None:
    gap = refused_brief(text + TAIL)
    issues = [i for i in gap.issues if i.field == "currency"]
    assert issues, gap.describe()
    assert issues[0].kind.value == "invalid"


@pytest.mark.parametrize("text", [
    "Budget 1 200 000 kr",  # no country, no code: the krona, the krone or the Danish krone
    "Budget 500 000 kr, Sweden and Norway",
])
def test_a_shared_mark_the_brief_does_not_settle_is_asked_about(text: str) -> None:
    gap = refused_brief(text + TAIL)
    assert any(i.field == "currency" for i in gap.issues), gap.describe()
