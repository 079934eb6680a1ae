"""A quarter said of the business, not of the campaign ("Budget is either $200k or $250k
(depends how Q4 closes), CTV, Q2 2027", issue 19 batch 17), is not a second flight."""

from __future__ import annotations

from datetime import date

import pytest

from .intake_reading import read_brief, refused_brief

Q2 = (date(2027, 4, 1), date(2027, 6, 30))


@pytest.mark.parametrize("text", [
    "Budget $200k (final after Q4 results), CTV, Q2 2027, adults 18+.",
    "Budget $200k, CTV, Q2 2027, adults 18+. We may add more depending on how Q1 lands.",
    "Budget $200k, CTV, Q2 2027, adults 18+, pending Q4 earnings.",
    "Budget $200k, CTV, Q2 2027, adults 18+ (could grow once Q1 numbers are in).",
    "Budget $200k -- could change depending on how Q4 closes -- CTV, Q2 2027, adults 18+.",
])
def test_a_quarter_of_the_business_is_not_a_flight(text: str) -> None:
    brief = read_brief(text)
    assert (brief.flight_start, brief.flight_end) == Q2


def test_two_budgets_hanging_on_a_quarter_are_asked_about_only_as_budgets() -> None:
    gap = refused_brief("Budget is either $200k or $250k (depends how Q4 closes), CTV, "
                        "Q2 2027, adults 18+.")
    assert [i.field for i in gap.issues] == ["budget"], gap.describe()


@pytest.mark.parametrize("text", [
    "Budget $200k, CTV, Q2 2027, plus a second burst in Q4 2027, adults 18+.",
    "Budget $200k, CTV, flights: Q2 2027. Q4 2027 too, adults 18+.",
])
def test_a_second_quarter_for_the_campaign_is_still_a_second_flight(text: str) -> None:
    gap = refused_brief(text)
    assert any(i.field == "flight_dates" for i in gap.issues), gap.describe()
