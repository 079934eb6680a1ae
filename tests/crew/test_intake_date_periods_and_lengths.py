"""Flights as periods and lengths (issue 19): fiscal quarters, parts of quarters and
seasons, relative periods, weeks and fortnights, a length before or apart from its
start, the rest of a period.

Every case asserts the flight a planner means; the corpus (test_brief_corpus.py)
scores whole briefs, these pin each family down by name.
"""

from __future__ import annotations

from datetime import date

import pytest

from .intake_reading import TODAY, flight_refusal, read_flight
from .intake_reading import US_BRIEF_WITHOUT_FLIGHT as US


# Fiscal quarters and halves: by the start the brief states, else the country's own.
@pytest.mark.parametrize(("text", "start", "end"), [
    ("A$200k CTV, Australia, adults 25-54, FY27 Q3", date(2027, 1, 1), date(2027, 3, 31)),
    ("AUD 200k CTV, Sydney, adults 25-54, Q1 FY28", date(2027, 7, 1), date(2027, 9, 30)),
    ("A$200k online video, adults 25-54, H2 of FY27", date(2027, 1, 1), date(2027, 6, 30)),
    (US + "Q1 FY28 (our fiscal year starts October 1)", date(2027, 10, 1), date(2027, 12, 31)),
    (US + "FY2027 Q4 -- FY begins in July", date(2027, 4, 1), date(2027, 6, 30)),
    (US + "fiscal Q2 2027; our fiscal year runs April to March", date(2026, 7, 1),
     date(2026, 9, 30)),
    ("INR 20,000,000 CTV, India, adults 25-54, Q1 FY28", date(2027, 4, 1), date(2027, 6, 30)),
])
def test_fiscal_periods(text: str, start: date, end: date) -> None:
    if start < TODAY:
        text = text.replace("fiscal Q2 2027", "fiscal Q2 2028")
        start, end = start.replace(year=start.year + 1), end.replace(year=end.year + 1)
    assert read_flight(text) == (start, end)


@pytest.mark.parametrize("text", [US + "FY27 Q3", US + "Q2 FY28, national",
                                  "€200k display, Netherlands, adults, FY28 H1"])
def test_a_fiscal_period_with_no_year_start_is_asked(text: str) -> None:
    assert "fiscal year starts" in flight_refusal(text)


# A length written before its start: "4 wks from 1st Feb", "six weeks starting 8 March".
@pytest.mark.parametrize(("text", "start", "end"), [
    ("£80k, audio, London only, 4 wks from 1st Feb", date(2027, 2, 1), date(2027, 2, 28)),
    ("£80k, audio, London only, 6 weeks from the 8th of March 2027", date(2027, 3, 8),
     date(2027, 4, 18)),
    ("£80k, audio, London only, 10 days from 1 March 2027", date(2027, 3, 1),
     date(2027, 3, 10)),
    (US + "six weeks starting March 8, 2027", date(2027, 3, 8), date(2027, 4, 18)),
    (US + "an 8wk flight beginning on 5 April 2027", date(2027, 4, 5), date(2027, 5, 30)),
])
def test_a_length_before_its_start(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


# Weeks listed by their first days: the flight runs from the first to the last week's end.
@pytest.mark.parametrize(("text", "start", "end"), [
    ("EUR 65,000 for digital audio in Ireland, weeks commencing 5 April, 12 April and 19 April"
     " 2027. Adults 25-54.", date(2027, 4, 5), date(2027, 4, 25)),
    (US + "weeks of March 1, March 8, and March 15 2027", date(2027, 3, 1), date(2027, 3, 21)),
    (US + "the week of March 1 2027 through the week of March 22", date(2027, 3, 1),
     date(2027, 3, 28)),
    ("£200k CTV, UK adults 25-54, weeks beginning 7 June and 14 June 2027", date(2027, 6, 7),
     date(2027, 6, 20)),
    (US + "week of Feb 1 2027 through Mar 14 2027", date(2027, 2, 1), date(2027, 3, 14)),
])
def test_weeks_listed_by_their_first_days(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


# Parts of quarters, seasons and calendar weeks, with or without a year.
@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "the back half of Q3 2027", date(2027, 8, 15), date(2027, 9, 30)),
    (US + "the second half of Q1 2027", date(2027, 2, 15), date(2027, 3, 31)),
    (US + "late Q2 2027", date(2027, 6, 1), date(2027, 6, 30)),
    (US + "mid-Q1", date(2027, 2, 1), date(2027, 2, 28)),
    (US + "first half of Q2", date(2027, 4, 1), date(2027, 5, 14)),
    (US + "early Q3 through mid Q4 2027", date(2027, 7, 1), date(2027, 11, 30)),
    (US + "over the summer", date(2027, 6, 1), date(2027, 8, 31)),
    (US + "this summer", date(2027, 6, 1), date(2027, 8, 31)),
    (US + "next spring", date(2027, 3, 1), date(2027, 5, 31)),
    (US + "during the fall", date(2027, 9, 1), date(2027, 11, 30)),
    ("A$200k CTV, Australia, adults 25-54, over summer", TODAY, date(2027, 2, 28)),
    (US + "we'd like to keep going through summer: July 1 - Sept 30 2027", date(2027, 7, 1),
     date(2027, 9, 30)),
    ("For Winter Warmers: £600,000 CTV, 4 January to 28 February 2027, adults 35+, UK",
     date(2027, 1, 4), date(2027, 2, 28)),
    (US + "weeks 14 through 20 of 2027", date(2027, 4, 5), date(2027, 5, 23)),
    ("€200k CTV, Germany, adults 25-54, KW 14-20", date(2027, 4, 5), date(2027, 5, 23)),
    (US + "CW 14 to CW 20 in 2027", date(2027, 4, 5), date(2027, 5, 23)),
    (US + "next quarter", date(2027, 1, 1), date(2027, 3, 31)),
    (US + "Q1 next year", date(2027, 1, 1), date(2027, 3, 31)),
    (US + "early April 2027", date(2027, 4, 1), date(2027, 4, 10)),
])
def test_relative_periods(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


# A length stated apart from the one date it runs from.
@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "Launch date April 12 2027; campaign runs 6 weeks from launch.", date(2027, 4, 12),
     date(2027, 5, 23)),
    (US + "Timing: 8 weeks, kicking off 1 March 2027.", date(2027, 3, 1), date(2027, 4, 25)),
    (US + "Duration - 4 weeks. Go-live 7 June 2027.", date(2027, 6, 7), date(2027, 7, 4)),
    (US + "We're launching on March 15, 2027 and want an 8-week flight.", date(2027, 3, 15),
     date(2027, 5, 9)),
    (US + "The flight will run for 10 days, starting on 3 May 2027.", date(2027, 5, 3),
     date(2027, 5, 12)),
])
def test_a_length_stated_apart(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


# Weekdays said with the dates, a week of a month, and lengths added to a day.
@pytest.mark.parametrize(("text", "start", "end"), [
    ("£200k CTV, UK adults, from Monday 1st March to Sunday 28th March 2027", date(2027, 3, 1),
     date(2027, 3, 28)),
    (US + "Monday March 1 through Sunday April 25, 2027", date(2027, 3, 1), date(2027, 4, 25)),
    (US + "A 6-week flight starting the first week of March 2027.", date(2027, 3, 1),
     date(2027, 4, 11)),
    (US + "the last week of June 2027", date(2027, 6, 24), date(2027, 6, 30)),
    (US + "the second week of May 2027 through the end of June", date(2027, 5, 8),
     date(2027, 6, 30)),
    (US + "1 March 2027 + 8 weeks", date(2027, 3, 1), date(2027, 4, 25)),
    (US + "Feb 1st thru the 28th, 2027", date(2027, 2, 1), date(2027, 2, 28)),
    (US + "May 3 to the 27th of June 2027", date(2027, 5, 3), date(2027, 6, 27)),
])
def test_weekdays_weeks_of_months_and_added_lengths(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


# The rest of a period, a start day written a/b with a length, a bracketed length, a
# holiday's week.
@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "the rest of the year", TODAY, date(2026, 12, 31)),
    (US + "the remainder of this quarter", TODAY, date(2026, 12, 31)),
    (US + "the rest of Q1 2027", date(2027, 1, 1), date(2027, 3, 31)),
    (US + "from 3/15 for 8 weeks", date(2027, 3, 15), date(2027, 5, 9)),
    ("£200k CTV, UK adults, starting 15/3 for 6 weeks", date(2027, 3, 15), date(2027, 4, 25)),
    (US + "flight runs Mar 1 through Apr 30, 2027 (8.5 weeks)", date(2027, 3, 1),
     date(2027, 4, 30)),
    (US + "Mar 1 - Apr 25 2027 (8 weeks)", date(2027, 3, 1), date(2027, 4, 25)),
    (US + "the week of Thanksgiving 2027", date(2027, 11, 22), date(2027, 11, 28)),
])
def test_rest_of_periods_start_days_and_bracketed_lengths(text: str, start: date,
                                                          end: date) -> None:
    assert read_flight(text) == (start, end)


def test_a_start_day_no_day_above_12_settles_is_asked() -> None:
    assert "could be" in flight_refusal(US + "from 3/1 for 8 weeks")


def test_a_bracketed_length_that_disagrees_is_a_contradiction() -> None:
    assert "does not match" in flight_refusal(US + "Mar 1 - Apr 25 2027 (12 weeks)")


# Round 3 (batches 12, 13, 16): a start and its length with words between them (a bracket,
# "the launch on", filler in speech); a number ending a sentence before a month is no day;
# "the end of that month"; a fortnight of a month.
@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "Going live on opening day (March 8, 2027) for 21 days.",
     date(2027, 3, 8), date(2027, 3, 28)),
    (US + "Starting at the premiere (April 2 2027), for six weeks.",
     date(2027, 4, 2), date(2027, 5, 13)),
    (US + "For three weeks from the launch on June 1, 2027.",
     date(2027, 6, 1), date(2027, 6, 21)),
    (US + "Two weeks starting with the opening on 5 July 2027.",
     date(2027, 7, 5), date(2027, 7, 18)),
    (US + "so um starting March 1st 2027 for, uh, eight weeks.",
     date(2027, 3, 1), date(2027, 4, 25)),
    (US + "starting May 3rd 2027 for like four weeks",
     date(2027, 5, 3), date(2027, 5, 30)),
])
def test_a_start_and_its_length_with_words_between(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("$1M CTV/OLV = 60/40. Mar 1 -> Apr 30 2027. US adults 25-54.",
     date(2027, 3, 1), date(2027, 4, 30)),
    ("$1M, split 50/30/20. Aug 2 - Sep 26 2027. US adults 25-54, CTV, OLV and display.",
     date(2027, 8, 2), date(2027, 9, 26)),
    ("$1M CTV, US adults 25-54, capped at 15. June 7 to July 4 2027.",
     date(2027, 6, 7), date(2027, 7, 4)),
])
def test_a_number_ending_a_sentence_is_no_day_of_the_next_month(text: str, start: date,
                                                                end: date) -> None:
    assert read_flight(text) == (start, end)


@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "From Feb 1 2027 through the end of that month.", date(2027, 2, 1), date(2027, 2, 28)),
    (US + "Starting April 12 2027 until the end of the month.",
     date(2027, 4, 12), date(2027, 4, 30)),
    (US + "From 10 June 2027 to the end of the same month.",
     date(2027, 6, 10), date(2027, 6, 30)),
    (US + "Across the first fortnight of March 2027.", date(2027, 3, 1), date(2027, 3, 14)),
    (US + "The second fortnight of May 2027.", date(2027, 5, 15), date(2027, 5, 31)),
    (US + "In the last fortnight of October 2027.", date(2027, 10, 18), date(2027, 10, 31)),
])
def test_the_end_of_that_month_and_fortnights(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "Flight: week 14 up to and including week 19 of 2027.",
     date(2027, 4, 5), date(2027, 5, 16)),
    (US + "Runs from week 10 up to week 12 of 2027.", date(2027, 3, 8), date(2027, 3, 28)),
    (US + "CW 20 to and including CW 22 2027.", date(2027, 5, 17), date(2027, 6, 6)),
    (US + "KW 5 bis einschließlich KW 8 2027.", date(2027, 2, 1), date(2027, 2, 28)),
    (US + "wk 30 till wk 33 2027.", date(2027, 7, 26), date(2027, 8, 22)),
])
def test_calendar_weeks_with_inclusive_words(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)
