"""Whole months written in figures with their year ("02/2027", "2027-02", "03.2027-04.2027"),
and a start with its length in brackets ("Feb 1 2027 (4 weeks)")."""

from __future__ import annotations

from datetime import date

import pytest

from .intake_reading import read_brief

BRIEF = "$100k on CTV, US adults 25-54, {flight}."


@pytest.mark.parametrize(("flight", "start", "end"), [
    ("02/2027", date(2027, 2, 1), date(2027, 2, 28)),
    ("flight: 2027-02", date(2027, 2, 1), date(2027, 2, 28)),
    ("03/2027 - 04/2027", date(2027, 3, 1), date(2027, 4, 30)),
    ("2027-03 to 2027-04", date(2027, 3, 1), date(2027, 4, 30)),
    ("03.2027-04.2027", date(2027, 3, 1), date(2027, 4, 30)),
    ("flight 3/2027-4/2027", date(2027, 3, 1), date(2027, 4, 30)),
])
def test_a_month_in_figures_with_its_year(flight: str, start: date, end: date) -> None:
    brief = read_brief(BRIEF.format(flight=flight))
    assert (brief.flight_start, brief.flight_end) == (start, end)


@pytest.mark.parametrize("numbered", ["IO #2027-04", "RFP No. 2027-11", "PO 2027-06"])
def test_a_numbered_document_is_no_month(numbered: str) -> None:
    brief = read_brief(f"{numbered}: $100k on CTV, US adults 25-54, March 1 - April 30 2027.")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 3, 1), date(2027, 4, 30))


@pytest.mark.parametrize("flight", ["Feb 1 2027 (4 weeks)", "Feb 1 2027 (4 wks)",
                                    "1 February 2027 (28 days)"])
def test_a_start_with_its_length_in_brackets(flight: str) -> None:
    brief = read_brief(BRIEF.format(flight=flight))
    assert (brief.flight_start, brief.flight_end) == (date(2027, 2, 1), date(2027, 2, 28))


def test_a_bracket_starting_with_a_length_and_going_on_restates_the_period() -> None:
    brief = read_brief("spend 40K pounds on display over Easter 2027 (2 weeks from March 22 2027)")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 3, 22), date(2027, 4, 4))
