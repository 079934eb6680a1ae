"""A named day with its date in brackets after it, as a flight's end or start (issue 19,
batches 19 and 20): the bracket says which day the name means and is read in its place."""

from __future__ import annotations

from datetime import date

import pytest

from .intake_reading import read_brief, refused_brief


@pytest.mark.parametrize(("flight", "start", "end"), [
    ("de 24/05/2027 até o Dia dos Namorados (12/06/2027)", date(2027, 5, 24), date(2027, 6, 12)),
    ("from 24/05/2027 until Valentine's Day (12/06/2027)", date(2027, 5, 24), date(2027, 6, 12)),
    ("Memorial Day weekend (Saturday May 29) through July 31, 2027", date(2027, 5, 29),
     date(2027, 7, 31)),
    ("Memorial Day (May 31) through July 31, 2027", date(2027, 5, 31), date(2027, 7, 31)),
    ("from the Monday of Thanksgiving week (Nov 22) through Cyber Monday 2027",
     date(2027, 11, 22), date(2027, 11, 29)),
    ("from 18/01/2027 through Fat Tuesday 2027 (9/2)", date(2027, 1, 18), date(2027, 2, 9)),
    ("from the Spring Fair Opening (3 March 2027) to 30 April 2027", date(2027, 3, 3),
     date(2027, 4, 30)),
])
def test_the_date_in_brackets_is_the_named_day(flight: str, start: date, end: date) -> None:
    brief = read_brief(f"$200k on display, adults 18-34, US, {flight}.")
    assert (brief.flight_start, brief.flight_end) == (start, end)
    assert brief.not_understood == []
    assert any("the date in brackets after it" in a for a in brief.assumptions)


def test_a_bracket_that_is_not_one_day_is_no_restatement() -> None:
    brief = read_brief("$200k on display, adults 18-34, US, Easter 2027 (2 weeks from "
                       "March 22 2027).")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 3, 22), date(2027, 4, 4))


def test_a_labelled_single_day_in_brackets_is_still_one_day() -> None:
    gap = refused_brief("$200k on display, adults 18-34, US. Launch day (March 1 2027).")
    assert any(i.field == "flight_dates" for i in gap.issues)
