"""Per-channel money in a pasted table whose money column names its currency in the
header (issue 19): 'Channel | Budget (USD) | Share' with a row per channel and a total
(the brief was refused: no budget found). The amounts are the budget and the split;
the header's currency is the budget's."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.money import from_micros

from .intake_reading import read_brief

TAIL = "\n\nFlight: 05-Apr-2027 to 27-Jun-2027. Geo: Chicago. Audience: adults 30-54."


@pytest.mark.parametrize(("table", "budget", "currency", "split"), [
    ("Channel    | Budget (USD) | Share\nCTV        | 180,000      | 60%\n"
     "OLV        |  90,000      | 30%\nAudio      |  30,000      | 10%\n"
     "Total      | 300,000      | 100%", 300000, "USD",
     {"ctv": 60, "online_video": 30, "audio": 10}),
    ("Channel\tSpend (EUR)\nCTV\t180.000\nOLV\t120.000", 300000, "EUR",
     {"ctv": 60, "online_video": 40}),
    ("Channel | Budget (GBP)\nCTV | 100,000\nAudio | 100,000", 200000, "GBP",
     {"ctv": 50, "audio": 50}),
    ("| Channel | Budget ($) |\n| Display | 40,000 |\n| Mobile | 60,000 |", 100000, "USD",
     {"display": 40, "mobile_app": 60}),
])
def test_a_table_of_channel_amounts_is_the_budget_and_split(
        table: str, budget: int, currency: str, split: dict[str, int]) -> None:
    brief = read_brief("Plan below:\n\n" + table + TAIL)
    assert from_micros(brief.budget_micros) == Decimal(budget)
    assert brief.currency == currency
    assert {c.value: p for c, p in brief.channel_split.items()} == {
        c: Decimal(p) for c, p in split.items()}


@pytest.mark.parametrize("text", [
    "CTV $100,000, audio $100,000, Apr 5 - Jun 27 2027, US",
    "CTV gets $100k and audio gets $100k, Apr 5 - Jun 27 2027, US",
    "Display: $50,000\nMobile: $50,000\nApril 5 - June 27 2027, US",
])
def test_equal_channel_amounts_are_summed_not_read_as_one(text: str) -> None:
    brief = read_brief(text)
    assert from_micros(brief.budget_micros) == Decimal(2 * (50000 if "50,000" in text
                                                            else 100000))
    assert set(brief.channel_split.values()) == {Decimal(50)}


@pytest.mark.parametrize(("text", "budget", "currency"), [
    ("NOK 2,5 mill., display, 01.02.2027–31.03.2027, Norge, alle 18+.", 2500000, "NOK"),
    ("DKK 3 mill. til CTV, 1 March - 30 April 2027, Danmark.", 3000000, "DKK"),
    ("$2 mill for CTV, 1 March - 30 April 2027, US.", 2000000, "USD"),
])
def test_the_nordic_million_is_a_million_not_the_bare_number(
        text: str, budget: int, currency: str) -> None:
    brief = read_brief(text)
    assert (from_micros(brief.budget_micros), brief.currency) == (Decimal(budget), currency)
