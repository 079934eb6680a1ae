"""ISO calendar weeks written beside the flight they restate ("8 March 2027 t/m 4 April 2027
(week 10-13)", issue 19 batch 18), in the ways planners write week numbers."""

from __future__ import annotations

from datetime import date

import pytest

from .intake_reading import read_brief, refused_brief

FLIGHT = (date(2027, 3, 8), date(2027, 4, 4))  # ISO weeks 10 to 13 of 2027


@pytest.mark.parametrize("weeks", [
    "(week 10-13)",
    "(KW 10-13)",
    "(wk10-13)",
    ", i.e. CW 10 to CW 13",
    "(weeks 10 to 13)",
    "= wk 10 - wk 13 2027",
])
def test_weeks_restating_the_flight_are_read_with_it(weeks: str) -> None:
    brief = read_brief(f"Budget EUR 60k, DOOH only, Belgium, adults 25-54, 8 March 2027 - "
                       f"4 April 2027 {weeks}.")
    assert (brief.flight_start, brief.flight_end) == FLIGHT
    assert brief.not_understood == []


def test_the_batch_18_benelux_brief() -> None:
    brief = read_brief("Budget EUR 60k, DOOH only, Belgium + Netherlands + Luxembourg, 8 March "
                       "2027 t/m 4 April 2027 (week 10-13).")
    assert (brief.flight_start, brief.flight_end) == FLIGHT


@pytest.mark.parametrize("weeks", ["(weeks 11-14)", "(KW 9-13)", "(wk 12-15)"])
def test_weeks_reaching_outside_the_flight_are_asked_about(weeks: str) -> None:
    gap = refused_brief(f"Budget EUR 60k, DOOH only, Belgium, adults 25-54, 8 March 2027 - "
                        f"4 April 2027 {weeks}.")
    assert any(i.field == "flight_dates" for i in gap.issues), gap.describe()


@pytest.mark.parametrize(("weeks", "start", "end"), [
    ("KW 10-13 2027", date(2027, 3, 8), date(2027, 4, 4)),
    ("weeks 10 to 13 of 2027", date(2027, 3, 8), date(2027, 4, 4)),
    ("wk 2 - wk 5, 2027", date(2027, 1, 11), date(2027, 2, 7)),
])
def test_weeks_alone_are_the_flight(weeks: str, start: date, end: date) -> None:
    brief = read_brief(f"Budget EUR 60k, DOOH only, Belgium, adults 25-54, {weeks}.")
    assert (brief.flight_start, brief.flight_end) == (start, end)
