"""The first or last stretch of a year or month ("The first three months of 2027", issue 19
batch 18), and the fifth week of a month."""

from __future__ import annotations

from datetime import date

import pytest

from .intake_reading import read_brief, refused_brief

BRIEF = "$410k, linear TV only, Minneapolis-St. Paul, women 35-64, {flight}."


@pytest.mark.parametrize(("flight", "start", "end"), [
    ("The first three months of 2027", date(2027, 1, 1), date(2027, 3, 31)),
    ("the first 3 months of next year", date(2027, 1, 1), date(2027, 3, 31)),
    ("the opening two months of 2027", date(2027, 1, 1), date(2027, 2, 28)),
    ("the last two months of 2027", date(2027, 11, 1), date(2027, 12, 31)),
    ("the first six months of 2027", date(2027, 1, 1), date(2027, 6, 30)),
    ("the last two weeks of November 2027", date(2027, 11, 17), date(2027, 11, 30)),
    ("the first 10 days of March 2027", date(2027, 3, 1), date(2027, 3, 10)),
    ("the final 3 weeks of 2027", date(2027, 12, 11), date(2027, 12, 31)),
    ("the first two weeks of the year", date(2027, 1, 1), date(2027, 1, 14)),
    ("the first 2 months of next year", date(2027, 1, 1), date(2027, 2, 28)),
])
def test_the_first_or_last_stretch_of_a_period(flight: str, start: date, end: date) -> None:
    brief = read_brief(BRIEF.format(flight=flight))
    assert (brief.flight_start, brief.flight_end) == (start, end)


def test_the_first_months_of_a_year_lead_the_brief() -> None:
    brief = read_brief("The first three months of 2027, $410k, linear TV only, "
                       "Minneapolis-St. Paul, women 35-64.")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 1, 1), date(2027, 3, 31))
    assert brief.budget_micros == 410_000 * 1_000_000


@pytest.mark.parametrize(("flight", "start", "end"), [
    ("the fifth week of May 2027", date(2027, 5, 29), date(2027, 5, 31)),
    ("the 5th week of March 2027", date(2027, 3, 29), date(2027, 3, 31)),
    ("the second week of March 2027 to the fifth week of May 2027", date(2027, 3, 8),
     date(2027, 5, 31)),
])
def test_the_fifth_week_of_a_month_is_its_days_after_the_28th(flight: str, start: date,
                                                            end: date) -> None:
    brief = read_brief(BRIEF.format(flight=flight))
    assert (brief.flight_start, brief.flight_end) == (start, end)


def test_a_fifth_week_a_month_does_not_have_is_asked_about() -> None:
    gap = refused_brief(BRIEF.format(flight="the fifth week of February 2027"))
    assert any(i.field == "flight_dates" for i in gap.issues)


@pytest.mark.parametrize("flight", ["CY2027", "CY 2027", "calendar year 2027", "the whole of 2027"])
def test_a_calendar_year(flight: str) -> None:
    brief = read_brief(BRIEF.format(flight=flight))
    assert (brief.flight_start, brief.flight_end) == (date(2027, 1, 1), date(2027, 12, 31))
