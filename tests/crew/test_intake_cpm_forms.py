"""CPM caps as planners in several countries write them (issue 19): a span of prices (the
upper end is the cap, the lower a floor, noted), the CPM under its other names ("TKP (CPM)",
"coût pour mille", "CPT/CPM"), a floor with "no cap", and a cap in a pipe-separated order
line beside a budget written "$ 185,000.00". Each case asserts the cap and the budget."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.money import from_micros

from .intake_reading import read_brief, refused_brief

DATES = " 1 March - 30 April 2027"


def _assert_budget_and_cap(text: str, budget: int, cap: Decimal) -> None:
    brief = read_brief(text)
    assert brief.budget_micros is not None
    assert from_micros(brief.budget_micros) == budget
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == cap


@pytest.mark.parametrize(("text", "cap"), [
    (f"$95K, CTV,{DATES}, CPM range $12-$18.", Decimal(18)),
    (f"$95K, CTV,{DATES}, CPMs €8 to €12.", Decimal(12)),
    (f"€95K, CTV,{DATES}, CPM: 12-18 EUR", Decimal(18)),
    (f"$95K, CTV,{DATES}, $12–$18 CPM", Decimal(18)),
    (f"€95K, CTV,{DATES}, TKP 8-12 €", Decimal(12)),
    (f"$95K, CTV,{DATES}, CPM $12 - 18.50 band", Decimal("18.50")),
])
def test_a_span_of_prices_caps_at_its_upper_end(text: str, cap: Decimal) -> None:
    brief = read_brief(text)
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == cap
    assert brief.budget_micros is not None
    assert from_micros(brief.budget_micros) == 95_000
    assert any("floor" in a for a in brief.assumptions)


@pytest.mark.parametrize(("text", "budget", "cap"), [
    (f"budget of $1,2 Mio. CTV,{DATES}. Max. TKP (CPM) 22 USD.", 1_200_000, Decimal(22)),
    (f"Budget 80.000 EUR, display,{DATES}. Coût pour mille (CPM) maximum 9 EUR.", 80_000,
     Decimal(9)),
    (f"Budget 80.000 EUR, display,{DATES}. CPT/CPM max 9 EUR.", 80_000, Decimal(9)),
    (f"Presupuesto 80.000 EUR, display,{DATES}. Coste por mil máximo 9 EUR.", 80_000,
     Decimal(9)),
    (f"Budget 80.000 EUR, display,{DATES}, max. TKP 9 €.", 80_000, Decimal(9)),
    (f"Budget 80.000 EUR, display,{DATES}, costo per mille massimo 7,50 EUR.", 80_000,
     Decimal("7.50")),
])
def test_the_cpm_under_its_other_names_is_a_cap_not_a_budget(text: str, budget: int,
                                                              cap: Decimal) -> None:
    _assert_budget_and_cap(text, budget, cap)


@pytest.mark.parametrize("text", [
    "$90k on CTV, Apr 5 - May 2, 2027. Floor CPM is $18 -- no cap.",
    "$90k on CTV, Apr 5 - May 2, 2027. Floor CPM is $18, no cap.",
    "$90k on CTV, Apr 5 - May 2, 2027. CPM floor $18; no CPM cap.",
    "$90k on CTV, Apr 5 - May 2, 2027. No max CPM.",
    "$90k on CTV, Apr 5 - May 2, 2027, CPMs uncapped.",
    "$90k on CTV, Apr 5 - May 2, 2027. Min. CPM: $12, no ceiling on CPMs.",
])
def test_a_floor_or_no_cap_sets_no_cap(text: str) -> None:
    brief = read_brief(text)
    assert brief.max_cpm_micros is None
    assert brief.budget_micros is not None
    assert from_micros(brief.budget_micros) == 90_000


def test_a_floor_beside_a_cap_leaves_the_cap() -> None:
    brief = read_brief(f"$90k on CTV,{DATES}, min. CPM: $6, max CPM $20")
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == 20


@pytest.mark.parametrize(("text", "budget", "cap"), [
    ("Net budget: $ 185,000.00 | Start: 01/18/2027 | End: 03/14/2027 | Media: display | "
     "Max CPM: $11.00", 185_000, Decimal(11)),
    ("Budget $ 185,000 ; CTV ; 18 Jan - 14 Mar 2027 ; CPM max $11", 185_000, Decimal(11)),
    ("Amount: US$ 1,250,000.00 | Flight: Feb 1 - Mar 31 2027 | Channel: CTV | CPM cap: "
     "US$ 24.50", 1_250_000, Decimal("24.50")),
    ("Budget: € 90.000,00 | Zeitraum: 1 March - 30 April 2027 | Kanal: display | max CPM "
     "€ 9,50", 90_000, Decimal("9.50")),
])
def test_an_order_lines_budget_is_no_cpm(text: str, budget: int, cap: Decimal) -> None:
    _assert_budget_and_cap(text, budget, cap)


@pytest.mark.parametrize("text", [
    "$300k, CTV and display, 1 Feb - 30 Apr 2027. CPM caps: CTV $30, display $8.",
    "$300k, CTV and display, 1 Feb - 30 Apr 2027. Max CPM: CTV $30 / display $8",
    "€300k, CTV and display, 1 Feb - 30 Apr 2027. CPM max: CTV €30 and display €8",
])
def test_caps_per_channel_are_asked_about_never_a_budget(text: str) -> None:
    gap = refused_brief(text)
    assert [i.field for i in gap.issues] == ["max_cpm"], gap.describe()
    assert "per channel" in gap.describe()


def test_the_same_cap_for_every_channel_is_the_cap() -> None:
    brief = read_brief("$300k, CTV and display, 1 Feb - 30 Apr 2027. CPM caps: CTV $20, "
                       "display $20.")
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == 20


@pytest.mark.parametrize(("text", "cap"), [
    ("CPM no greater than 20 EUR", 20),
    ("CPM ne doit pas dépasser 9 €", 9),
    ("TKP nicht über 18 €", 18),
    ("CPM no más de 9 €", 9),
    ("CPM non oltre 9 €", 9),
    ("CPM non superiore a 9 €", 9),
])
def test_must_not_exceed_in_other_words_is_the_cap(text: str, cap: int) -> None:
    brief = read_brief(f"€200k, display,{DATES}, {text}")
    assert brief.max_cpm_micros is not None
    assert from_micros(brief.max_cpm_micros) == cap
    assert brief.budget_micros is not None
    assert from_micros(brief.budget_micros) == 200_000
