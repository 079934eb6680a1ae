"""A flight written as its start and a length, in any wording (issue 19, batch 18:
'launch is jan 19, run it 4 weeks')."""

from __future__ import annotations

from datetime import date

import pytest

from .intake_reading import read_brief

SIX_WEEKS = (date(2027, 3, 1), date(2027, 4, 11))


@pytest.mark.parametrize("flight", [
    "launch is march 1, run it 6 weeks",
    "starts March 1 2027 and runs for six weeks",
    "kick off 1 March 2027; 6 week flight",
    "going live March 1st, 2027 for 6 weeks",
    "March 1 2027 + 6 weeks",
    "from 1 March 2027, duration: 6 weeks",
    "a 6-week flight starting 1 March 2027",
    "start 2027-03-01, run 6 wks",
    "launch on 1 March 2027, keep it running 6 weeks",
    "start date 1 March 2027, length 6 weeks",
])
def test_a_start_and_a_length(flight: str) -> None:
    brief = read_brief(f"$500k on mobile, US adults 18+. {flight}.")
    assert (brief.flight_start, brief.flight_end) == SIX_WEEKS


def test_the_batch_18_app_launch() -> None:
    brief = read_brief("hey can u set up ads for our app launch?? 0.5M USD total, mostly app "
                       "installs, like 80% mobile n 20% display. launch is jan 19, run it 4 "
                       "weeks. US only. thx\n\nSent from my iPhone")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 1, 19), date(2027, 2, 15))


@pytest.mark.parametrize(("flight", "end"), [
    ("launch is march 1, run it for a month", date(2027, 3, 31)),
    ("March 1 2027 for a month", date(2027, 3, 31)),
    ("from 1 March 2027 for a fortnight", date(2027, 3, 14)),
    ("a fortnight from 1 March 2027", date(2027, 3, 14)),
    ("starting March 1 2027, two fortnights", date(2027, 3, 28)),
    ("go live 1 March 2027 and run for one month", date(2027, 3, 31)),
])
def test_a_length_written_as_a_month_or_a_fortnight(flight: str, end: date) -> None:
    brief = read_brief(f"$500k on mobile, US adults 18+. {flight}.")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 3, 1), end)


def test_a_rate_a_week_is_no_length_before_the_flight_s_own() -> None:
    brief = read_brief("We're thinking $20k a week on DOOH for six weeks from June 7th 2027, "
                       "New York and Philadelphia.")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 6, 7), date(2027, 7, 18))
