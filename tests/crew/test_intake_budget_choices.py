"""Two amounts where a brief has one budget (issue 19): a choice the planner has not made
yet ("either $200k or $250k (depends how Q4 closes)") is asked about as ambiguous; a plain
"$100k or $200k" or "$200k, maybe $250k" stays a contradiction; and a line labelled as set
aside ("Draft (superseded, do not use): $500k") leaves the other amount the budget."""

from __future__ import annotations

import pytest

from ad_buyer.models.brief import GapKind
from ad_buyer.models.money import from_micros

from .intake_reading import read_brief, refused_brief

TAIL = ", CTV, June 14 - August 22, 2027, adults 25-54."


@pytest.mark.parametrize("text", [
    "Budget is either $200k or $250k (depends how Q4 closes)",
    "Budget $200k or $250k, TBC",
    "Budget €200k or €250k depending on sign-off",
    "We have either 200 or 250 grand, not decided yet",
])
def test_an_undecided_budget_is_asked_about(text: str) -> None:
    gap = refused_brief(text + TAIL)
    kinds = {i.kind for i in gap.issues if i.field == "budget"}
    assert kinds == {GapKind.AMBIGUOUS}, gap.describe()


@pytest.mark.parametrize("text", [
    "Budget $100k or $200k",
    "Budget $200k, maybe $250k",
    "Budget $200k or possibly $250k",
])
def test_two_budgets_offered_plainly_are_a_contradiction(text: str) -> None:
    gap = refused_brief(text + TAIL)
    assert {i.kind for i in gap.issues if i.field == "budget"} == {GapKind.CONTRADICTORY}


@pytest.mark.parametrize(("text", "budget"), [
    ("Budget: $600k" + TAIL + "\n\nDraft (superseded, do not use): $500k, CTV only.",
     600_000),
    ("Budget: $600k" + TAIL + "\nOld budget (ignore): $500k", 600_000),
    ("Budget: $600k" + TAIL + "\nPrevious draft - do not use: $500k", 600_000),
    ("Budget: €600k" + TAIL + "\nOutdated figure: €500k", 600_000),
    ("Budget: $600k" + TAIL + "\nEarlier version (obsolete): $500k", 600_000),
])
def test_an_amount_under_a_set_aside_label_is_not_the_budget(text: str, budget: int) -> None:
    brief = read_brief(text)
    assert brief.budget_micros is not None
    assert from_micros(brief.budget_micros) == budget


@pytest.mark.parametrize(("text", "budget"), [
    ("Test $20k then scale to $200k", 200_000),
    ("Start with a $20k test, scaling up to $200k if it works", 200_000),
    ("Pilot at €10k, ramping to €100k", 100_000),
    ("We want to test with $50k and then grow spend to $500k", 500_000),
    ("Start small at $30k, then scale it to $300k", 300_000),
])
def test_a_test_that_scales_up_is_read_as_the_amount_it_scales_to(text: str,
                                                                  budget: int) -> None:
    brief = read_brief(text + TAIL)
    assert brief.budget_micros is not None
    assert from_micros(brief.budget_micros) == budget
    assert any("scales to" in a for a in brief.assumptions)
