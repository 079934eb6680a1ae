"""CPM caps in words and numbers (issue 19): caps, floors that are no cap, caps in other
currencies, spoken caps, a cap beside the budget on one line.

Each family has several phrasings of its own; a case asserts the fields a planner means.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.money import from_micros

from .intake_reading import BRIEF_WITHOUT_MONEY as TAIL
from .intake_reading import read_brief


@pytest.mark.parametrize(("text", "cap"), [
    ("$300k, keep CPMs under 20.", 20),
    ("$300k; CPM ceiling 22.", 22),
    ("$300k, no more than twenty-five dollars per thousand.", 25),
    ("€300k, TKP max 18 €.", 18),
    ("€300k, TKP höchstens 18 €.", 18),
    ("€300k, CPM máximo 15 €.", 15),
    ("€300k, CPM max. 15 €.", 15),
    ("€300k, CPM massimo 15€.", 15),
    ("€300k, CPM plafond 15 €.", 15),
    ("$300k, don't pay more than $25 per thousand impressions.", 25),
    ("$300k, target CPM around $15.", 15),
    ("$300k, we can pay up to 30 USD per mille.", 30),
    ("$300k, keep the CPM below twenty bucks.", 20),
    ("$300k, CPM of no more than 20.", 20),
    ("$300k, CPM floor $8, cap $30.", 30),
    ("$300k. CPM ≤ $18.", 18),
    ("$300k. CPM < 20.", 20),
    ("$300k. Keep CPM under twenty.", 20),
    ("$300k. Max bid $25.", 25),
    ("$300k, max $12 on CTV.", 12),
    ("$300k. CPM cap USD 22.", 22),
    ("$300k. Hard cap on CPMs: $30.", 30),
    ("$300k. Nothing over 18 dollars a thousand.", 18),
    ("$300k. CPM: 18$ max.", 18),
    ("$300k, we pay at least $10 CPM and at most $28.", 28),
    ("$300k. CPMs no lower than eight dollars and no higher than twenty-eight dollars.", 28),
])
def test_cpm_caps(text: str, cap: int) -> None:
    brief = read_brief(text + TAIL)
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == Decimal(cap)
    assert from_micros(brief.budget_micros) == Decimal(300_000)


@pytest.mark.parametrize("text", [
    "$300k, minimum CPM of $6.",
    "$300k, CPM floor of $9.",
    "$300k, we won't buy below a $12 CPM.",
    "$300k, CPMs at least $7.",
    "$300k, no CPMs lower than $5.",
])
def test_a_floor_is_not_a_cap(text: str) -> None:
    brief = read_brief(text + TAIL)
    assert brief.max_cpm_micros is None
    assert from_micros(brief.budget_micros) == Decimal(300_000)


def test_a_cap_in_swiss_francs() -> None:
    brief = read_brief("CHF 300'000 CTV, Q2 2027, Erwachsene 25-54, Schweiz. TKP höchstens CHF 30.")
    assert (from_micros(brief.budget_micros), brief.currency) == (Decimal(300_000), "CHF")
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == 30


@pytest.mark.parametrize(("text", "cap"), [
    ("Max CPM is thirty-two fifty.", Decimal("32.50")),
    ("CPM max is nineteen ninety-nine.", Decimal("19.99")),
    ("Cap the CPM at twelve dollars.", Decimal(12)),
    ("CPMs should be twenty-two tops.", Decimal(22)),
    ("Keep the CPM below fourteen fifty.", Decimal("14.50")),
])
def test_spoken_cpm_caps(text: str, cap: Decimal) -> None:
    brief = read_brief("$300k." + TAIL + " " + text)
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == cap


@pytest.mark.parametrize(("text", "budget", "cap"), [
    # shorthand and table lines: the cap beside other money on one line
    ("250K USD / CTV / 2027-04-01 to 2027-06-30 / A25-54 / US / max 20 CPM", 250_000, 20),
    ("CTV | $250,000.00 | 04/01/2027-06/30/2027 | A25-54 | US | CPM ≤ 22.00", 250_000, 22),
    ("$250K // CTV // Q2 2027 // A25-54 // US // CPMs under 20 // excl. Bargain Banner",
     250_000, 20),
    ("BUDG: .25MM | CTV | Q2 2027 | A25-54 | US | max CPM 18", 250_000, 18),
    ("CTV, Q2 2027, A25-54, US, $250k budget and keep CPMs below $19", 250_000, 19),
])
def test_a_cap_beside_the_budget_on_one_line(text: str, budget: int, cap: int) -> None:
    brief = read_brief(text)
    assert from_micros(brief.budget_micros) == Decimal(budget)
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == Decimal(cap)


@pytest.mark.parametrize(("text", "budget", "cap"), [
    # a CPM range: a floor and a ceiling, the unit after the number
    ("400K EUR on display. We're fine paying above a 5€ floor but our ceiling is 11€ CPM.",
     400_000, 11),
    ("$300K on display. On CPMs, we'll accept anything from $4 but nothing above $15.",
     300_000, 15),
    ("$200K on display, a $3 CPM floor and a ceiling of $14 CPM.", 200_000, 14),
    ("€150K on display. As for CPMs, fine from €5 but nothing over €13.", 150_000, 13),
])
def test_round3_cpm_floor_and_ceiling(text: str, budget: int, cap: int) -> None:
    brief = read_brief(f"{text} Q2 2027, adults 25-54.")
    assert from_micros(brief.budget_micros) == budget
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == cap
