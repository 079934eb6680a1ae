"""Day ranges with a month named in another language ("1-28 lutego 2027", "1er-31 mars
2027"), as briefs from Poland, France, Czechia, Romania and Scandinavia write them."""

from __future__ import annotations

from datetime import date

import pytest

from .intake_reading import read_brief


@pytest.mark.parametrize(("flight", "start", "end"), [
    ("1er-31 mars 2027", date(2027, 3, 1), date(2027, 3, 31)),
    ("1-31 marca 2027", date(2027, 3, 1), date(2027, 3, 31)),
    ("1-28 lutego 2027", date(2027, 2, 1), date(2027, 2, 28)),
    ("1. března - 30. dubna 2027", date(2027, 3, 1), date(2027, 4, 30)),
    ("1 martie - 30 aprilie 2027", date(2027, 3, 1), date(2027, 4, 30)),
    ("1.-28. februar 2027", date(2027, 2, 1), date(2027, 2, 28)),
])
def test_a_month_named_in_another_language(flight: str, start: date, end: date) -> None:
    brief = read_brief(f"400 000 USD for online video, adults 18-34, {flight}.")
    assert (brief.flight_start, brief.flight_end) == (start, end)


def test_a_given_name_like_a_month_is_no_month() -> None:
    brief = read_brief("$100k CTV, US adults, March 1 - April 30 2027.\nThanks,\nMaja")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 3, 1), date(2027, 4, 30))
