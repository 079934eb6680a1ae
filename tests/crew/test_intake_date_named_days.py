"""Flights written against a named day or event (issue 19): holidays by country, a named
period restated as a day, a window around the one day dated, Golden Week, a season
then its dates, a launch day.

Every case asserts the flight a planner means; the corpus (test_brief_corpus.py)
scores whole briefs, these pin each family down by name.
"""

from __future__ import annotations

from datetime import date

import pytest

from .intake_reading import US_BRIEF_WITHOUT_FLIGHT as US
from .intake_reading import flight_refusal, read_flight


# A flight written against the one event the brief dates: a start day with no month,
# or a length before the event (and through it).
@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "The sale runs March 18-31 2027 and we want to be live from the 11th.",
     date(2027, 3, 11), date(2027, 3, 31)),
    (US + "Our sale runs May 10-23, 2027; please go live on the 3rd and stay on through the "
     "end of the sale.", date(2027, 5, 3), date(2027, 5, 23)),
    (US + "Our Easter sale is April 1-10 2027. Start on the 25th so we have a tease week.",
     date(2027, 3, 25), date(2027, 4, 10)),
    (US + "The launch event is June 14-20, 2027; we'd like to run the two weeks leading into "
     "it and through the event itself.", date(2027, 5, 31), date(2027, 6, 20)),
    (US + "Store opening event: 12-13 Sept 2027. Run for the 10 days before the opening.",
     date(2027, 9, 2), date(2027, 9, 11)),
    (US + "Our mega-sale is July 12-16 2027. We want display running for the 2 weeks leading "
     "into it and through the sale itself.", date(2027, 6, 28), date(2027, 7, 16)),
    (US + "The sale runs March 18-31 2027.", date(2027, 3, 18), date(2027, 3, 31)),
    (US + "The promo runs April 10-24 2027; media should start a week earlier and end with the "
     "promo.", date(2027, 4, 3), date(2027, 4, 24)),
    (US + "The conference is 14-16 Sept 2027. Please run the two weeks before.",
     date(2027, 8, 31), date(2027, 9, 13)),
    (US + "Our festival is 2-4 July 2027; go live 10 days before it.", date(2027, 6, 22),
     date(2027, 7, 4)),
])
def test_a_flight_written_against_the_event(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


# Named days in other countries (the holidays package where it dates them); a day whose
# date differs by country is read by the country the brief is about.
@pytest.mark.parametrize(("text", "start", "end"), [
    ("£200k CTV, UK adults 25-54, the three weeks before Mother's Day 2027",
     date(2027, 2, 14), date(2027, 3, 6)),
    ("€200k CTV, Ireland, adults 25-54, the three weeks before Mothering Sunday 2027",
     date(2027, 2, 14), date(2027, 3, 6)),
    (US + "the three weeks before Mother's Day 2027", date(2027, 4, 18), date(2027, 5, 8)),
    ("$200k CTV, China, adults 25-54, the two weeks before Singles' Day 2027",
     date(2027, 10, 28), date(2027, 11, 10)),
    ("$200k CTV, China, adults 25-54, 4 weeks leading up to Chinese New Year 2027",
     date(2027, 1, 9), date(2027, 2, 5)),
    ("INR 20,000,000 CTV, India, adults 25-54, two weeks around Diwali 2027",
     date(2027, 10, 22), date(2027, 11, 4)),
    ("$200k CTV, New Jersey adults, the last 10 days before Election Day (Nov 2 2027)",
     date(2027, 10, 23), date(2027, 11, 1)),
    ("$200k CTV, Ohio adults, from Labor Day 2027 through Election Day",
     date(2027, 9, 6), date(2027, 11, 2)),
    ("C$200k CTV, Canada, adults, two weeks before Canadian Thanksgiving 2027",
     date(2027, 9, 27), date(2027, 10, 10)),
    ("A$200k CTV, Australia, adults, Australia Day 2027 and the two weeks before it",
     date(2027, 1, 12), date(2027, 1, 26)),
    ("$200k CTV, China, adults, the 3 weeks before the Mid-Autumn Festival 2027",
     date(2027, 8, 25), date(2027, 9, 14)),
    ("$200k CTV, South Korea, adults, two weeks before Chuseok 2027", date(2027, 9, 1),
     date(2027, 9, 14)),
    ("$200k CTV, Israel, adults, the two weeks before Rosh Hashanah 2027", date(2027, 9, 18),
     date(2027, 10, 1)),
])
def test_named_days_in_other_countries(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


def test_ramadan_is_asked_about_not_guessed() -> None:
    assert "moon" in flight_refusal("$200k CTV, UAE, adults 25-54, Ramadan 2027")


# A period named by a holiday and restated as a day right after it: the day is read.
@pytest.mark.parametrize(("text", "start", "end"), [
    ("$1M CTV, US adults 35-64. Start the week after Thanksgiving 2027, Monday the 29th of "
     "November, run to the 19th of December.", date(2027, 11, 29), date(2027, 12, 19)),
    ("$1M CTV, US adults 35-64. Start two weeks before Christmas 2027, i.e. December 13, and "
     "run through January 2 2028.", date(2027, 12, 13), date(2028, 1, 2)),
    ("$1M CTV, US adults 35-64. Launch in the two weeks after Labor Day 2027, on September 8,"
     " and run to October 31 2027.", date(2027, 9, 8), date(2027, 10, 31)),
    ("$1M CTV, US adults 35-64. The 4 weeks before Halloween 2027, that's Oct 4, through "
     "Oct 31 2027.", date(2027, 10, 4), date(2027, 10, 31)),
])
def test_a_named_period_restated_as_a_day(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


# A named day, then the length before or after it (the day itself included).
@pytest.mark.parametrize(("text", "start", "end"), [
    ("$200k CTV, China, adults 25-54, Singles' Day 2027, the two weeks before",
     date(2027, 10, 28), date(2027, 11, 11)),
    ("£200k CTV, UK adults 25-54, Mother's Day UK 2027, the three weeks before",
     date(2027, 2, 14), date(2027, 3, 7)),
    (US + "Easter Sunday 2027 and the three weeks before it", date(2027, 3, 7),
     date(2027, 3, 28)),
    (US + "Black Friday 2027 - the 10 days after.", date(2027, 11, 26), date(2027, 12, 6)),
    (US + "Halloween 2027: the last 2 weeks before it", date(2027, 10, 17),
     date(2027, 10, 31)),
])
def test_a_named_day_then_its_window(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


# Two parts of one month, and Golden Week by the country the brief is about.
@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "mid to late April 2027", date(2027, 4, 15), date(2027, 4, 30)),
    (US + "early-to-mid March 2027", date(2027, 3, 1), date(2027, 3, 15)),
    (US + "early through late May", date(2027, 5, 1), date(2027, 5, 31)),
    (US + "mid-to-end of June 2027", date(2027, 6, 15), date(2027, 6, 30)),
    ("¥20,000,000 CTV, Japan, adults 25-54, Golden Week 2027", date(2027, 4, 29),
     date(2027, 5, 5)),
    ("$200k CTV, China, adults 25-54, Golden Week 2027", date(2027, 10, 1), date(2027, 10, 7)),
    ("$200k CTV, China, adults 25-54, the two weeks before Golden Week 2027",
     date(2027, 9, 17), date(2027, 9, 30)),
])
def test_month_parts_and_golden_week(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


def test_golden_week_with_no_country_is_asked() -> None:
    assert "Japan" in flight_refusal("$200k CTV, adults 25-54, Golden Week 2027")


# A window written against the one day a brief dates.
@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "The Super Bowl is Feb 14 2027; run the two weeks before and the week after.",
     date(2027, 1, 31), date(2027, 2, 21)),
    ("$200k CTV, adults 25-54, Election Day Nov 2 2027, the last 10 days before it, New Jersey",
     date(2027, 10, 23), date(2027, 11, 1)),
    (US + "Our store opens June 5 2027. Run the 3 weeks before the opening.", date(2027, 5, 15),
     date(2027, 6, 4)),
    (US + "Launch day is 2027-04-12; go live a week before it.", date(2027, 4, 5),
     date(2027, 4, 12)),
    (US + "The premiere is Oct 8 2027: 10 days before it and 3 days after.", date(2027, 9, 28),
     date(2027, 10, 11)),
])
def test_a_window_against_the_one_day_dated(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


# A season, then its dates in an aside: "the summer - Memorial Day through Labor Day 2027 -".
@pytest.mark.parametrize(("text", "start", "end"), [
    ("Quarter million on CTV for the summer - Memorial Day through Labor Day 2027 - US adults.",
     date(2027, 5, 31), date(2027, 9, 6)),
    (US + "Over the winter - Dec 1 2027 to Feb 28 2028 - all on CTV.",
     date(2027, 12, 1), date(2028, 2, 28)),
    (US + "This spring – March 15 through May 31 2027.", date(2027, 3, 15), date(2027, 5, 31)),
    (US + "The fall push - Sept 6 until Nov 21 2027.", date(2027, 9, 6), date(2027, 11, 21)),
])
def test_a_season_then_its_dates_in_an_aside(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


# "from launch day", the launch dated elsewhere in the brief.
@pytest.mark.parametrize(("text", "start", "end"), [
    ("yo - Gamex launches 2/18. 400k on CTV, US adults 18-34, from launch day through end of "
     "march.", date(2027, 2, 18), date(2027, 3, 31)),
    (US + "The app launches on March 3rd, 2027. Run from the launch to April 30 2027.",
     date(2027, 3, 3), date(2027, 4, 30)),
    (US + "Launch date: 5 May 2027. We go from launch day until June 27.",
     date(2027, 5, 5), date(2027, 6, 27)),
    (US + "Store launching June 14 2027; starting at launch through July 31 2027.",
     date(2027, 6, 14), date(2027, 7, 31)),
])
def test_from_launch_day_with_the_launch_dated(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


def test_from_launch_day_with_the_launch_undated_is_asked() -> None:
    assert flight_refusal(US + "From launch day through end of March 2027.")
