"""The flight among the other dates a brief gives (issue 19): a sale, an event, a
deadline, the writer's own days, 'this year', back-to-back phases; two flights said
alike stay a contradiction.

Every case asserts the flight a planner means; the corpus (test_brief_corpus.py)
scores whole briefs, these pin each family down by name.
"""

from __future__ import annotations

from datetime import date

import pytest

from .intake_reading import US_BRIEF_WITHOUT_FLIGHT as US
from .intake_reading import flight_refusal, read_flight


# The flight among the other dates a brief gives: a sale, an event, a deadline, a call,
# a report, last year's campaign. The span said with "flight", "live", "in-market",
# "campaign dates" is the flight; the others are noted as assumptions.
@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "The sale is Nov 20-30 2027. Live dates: Nov 13 - Nov 30 2027.",
     date(2027, 11, 13), date(2027, 11, 30)),
    (US + "Last year we ran Oct 1 - Nov 30 2026; this year the flight is Oct 4 - Nov 28 2027.",
     date(2027, 10, 4), date(2027, 11, 28)),
    (US + "Flight Feb 1 - Mar 31 2027. Creative deadline: January 15-20 2027.",
     date(2027, 2, 1), date(2027, 3, 31)),
    (US + "Kick-off call on Jan 12 2027. In-market Feb 1 - Mar 15 2027.",
     date(2027, 2, 1), date(2027, 3, 15)),
    (US + "Product launch April 1-3, 2027. Campaign dates: March 15 - April 30, 2027.",
     date(2027, 3, 15), date(2027, 4, 30)),
    (US + "Flight Feb 1 - Mar 31 2027, with the wrap-up report due April 12-16 2027.",
     date(2027, 2, 1), date(2027, 3, 31)),
    (US + "Our festival is 14-16 May 2027 and we'd like to run the campaign 1-16 May 2027.",
     date(2027, 5, 1), date(2027, 5, 16)),
    (US + "The event is July 12-16 2027. We want to run for two weeks before it and through "
     "it, so June 28 - July 16.", date(2027, 6, 28), date(2027, 7, 16)),
    (US + "Tickets go on sale March 1 2027, the tour runs April 10 - May 30 2027, and we want "
     "to be in market March 1 - April 30 2027.", date(2027, 3, 1), date(2027, 4, 30)),
    (US + "Please send the plan by Jan 8 2027 and IOs by Jan 15 2027. Flight Feb 1 - Mar 31 "
     "2027.", date(2027, 2, 1), date(2027, 3, 31)),
    (US + "Flight: 1 Mar - 30 Apr 2027. Last year's flight was 1 Mar - 30 Apr 2026.",
     date(2027, 3, 1), date(2027, 4, 30)),
    (US + "The sale starts June 1 and runs through June 14 2027. Flight May 25 - June 14 2027.",
     date(2027, 5, 25), date(2027, 6, 14)),
    (US + "The festival begins July 9 2027 and ends July 11 2027; we want to be live from July 1"
     " 2027 to July 11 2027.", date(2027, 7, 1), date(2027, 7, 11)),
    (US + "We start March 1 2027 and run to April 30 2027; the sale is March 20-27 2027.",
     date(2027, 3, 1), date(2027, 4, 30)),
    ("Hello! $150k audio, US adults 18-34. We'd like to start on 3 May 2027 and end 27 June "
     "2027. Last year's campaign ran 4 May - 28 June 2026.", date(2027, 5, 3), date(2027, 6, 27)),
    ("Hi team,\n\nFor the Q2 push we have $300k for CTV, adults 25-54 in the US. Flight April 5"
     " - June 27, 2027. Our product launch event is April 20 and the summer sale starts June 1."
     "\n\nThanks,\nSam", date(2027, 4, 5), date(2027, 6, 27)),
])
def test_the_flight_among_other_dates(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


@pytest.mark.parametrize("text", [
    US + "Flight: March 1 - March 31 2027. Flight: May 1 - May 31 2027.",
    US + "We want to be live April 1-30 2027, or in-market June 1-30 2027.",
    US + "July 1 - July 31 2027, and Sept 1 - Sept 30 2027.",
])
def test_two_flights_said_alike_stay_a_contradiction(text: str) -> None:
    assert "several flights" in flight_refusal(text)


# "This year" beside the flight's own dates is the year, not a flight.
@pytest.mark.parametrize(("text", "start", "end"), [
    ("Our annual conference is April 22 in Vancouver, so timing matters. This year: CAD 600K "
     "total, CTV. Start March 15, 2027 and run for 6 weeks. Quebec only, adults 25-54.",
     date(2027, 3, 15), date(2027, 4, 25)),
    (US + "This year we want more reach: flight May 3 - June 27 2027.", date(2027, 5, 3),
     date(2027, 6, 27)),
    (US + "Unlike last year, this year we start on 1 March 2027 and run to 30 April 2027.",
     date(2027, 3, 1), date(2027, 4, 30)),
])
def test_this_year_beside_the_flight(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


# Words near dates that are not a flight: a deadline at the end of a quarter, "now" in a
# sentence, a season the brief looks back on, a fraction.
@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "Jan 11 - Mar 15 2027; we need results by the end of Q1", date(2027, 1, 11),
     date(2027, 3, 15)),
    (US + "We need to move now to secure inventory. Flight Mar 1 - 31 2027.", date(2027, 3, 1),
     date(2027, 3, 31)),
    (US + "Over the summer we tested audio. Now CTV for Q4 2027.", date(2027, 10, 1),
     date(2027, 12, 31)),
    (US + "Flight Mar 1 - Apr 30 2027; sales always peak in the spring.", date(2027, 3, 1),
     date(2027, 4, 30)),
])
def test_words_near_dates_that_are_not_the_flight(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


# Dated phases back to back are one flight; offered as alternatives, or with a gap, they
# stay a contradiction (the buyer cannot pause a flight).
@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "Phase 1: March 1-31 2027; phase 2: April 1-30 2027.", date(2027, 3, 1),
     date(2027, 4, 30)),
    (US + "Wave 1 1 Mar - 28 Mar 2027, wave 2 29 Mar - 25 Apr 2027.", date(2027, 3, 1),
     date(2027, 4, 25)),
    (US + "Teaser Feb 15-28 2027, then main flight Mar 1 - Apr 30 2027.", date(2027, 2, 15),
     date(2027, 4, 30)),
    (US + "January 2027, February 2027 and March 2027.", date(2027, 1, 1), date(2027, 3, 31)),
    (US + "Launch burst Q1 2027 followed by sustain in Q2 2027.", date(2027, 1, 1),
     date(2027, 6, 30)),
])
def test_back_to_back_phases_are_one_flight(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


@pytest.mark.parametrize("text", [
    US + "Q3 2027 or Q4 2027, whichever has better rates.",
    US + "Burst 1: Mar 1-14 2027; burst 2: Apr 1-14 2027.",
    US + "Either March 1-31 2027 or April 1-30 2027.",
])
def test_alternatives_or_gaps_stay_a_contradiction(text: str) -> None:
    assert "several flights" in flight_refusal(text)


# The writer's own days (out of office, on leave, at a conference, holiday hours) beside a
# flight are not the flight.
@pytest.mark.parametrize("aside", [
    "Away 23/12 - 02/01, back in the office on the 4th.",
    "I'm at Cannes Lions 14-18 June.",
    "Holiday hours: closed Dec 24 - Jan 1.",
    "I'll be on annual leave 20-31 December.",
    "OOO Dec 21 - Jan 3, reachable by phone.",
])
def test_the_writers_own_days_are_not_the_flight(aside: str) -> None:
    text = US + "flight April 12 - May 9.\n\n" + aside
    assert read_flight(text) == (date(2027, 4, 12), date(2027, 5, 9))


def test_a_return_day_beside_a_start_and_an_end() -> None:
    text = US + "start April 12 2027, end May 9 2027.\n\nBack in the office Tuesday the 12th."
    assert read_flight(text) == (date(2027, 4, 12), date(2027, 5, 9))
