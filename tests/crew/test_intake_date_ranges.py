"""Day ranges written with their month and year once, range dashes, a day split across lines,
and a quarter named beside the flight's own dates (issue 19, batches 17 and 18)."""

from __future__ import annotations

from datetime import date

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import CampaignBrief

from .intake_reading import TODAY, read_brief

FEB = (date(2027, 2, 1), date(2027, 2, 28))


@pytest.mark.parametrize("flight", [
    "1-28.02.2027",  # Polish / German: the days, then the month and year once
    "1.-28.02.2027",
    "01–28.02.27",
    "1 - 28/02/2027",
    "1.-28. Feb 2027",
    "Feb 1-28, 2027",
    "1st to 28th February 2027",
    "1-28 Feb 2027",
])
def test_a_day_range_sharing_its_month_and_year(flight: str) -> None:
    brief = read_brief(f"Budget 400 000 USD for online video, {flight}, Poland, adults 18-34.")
    assert (brief.flight_start, brief.flight_end) == FEB


@pytest.mark.parametrize("flight", ["28-1.02.2027", "1-28.13.2027"])
def test_a_day_range_that_is_no_range_is_not_read_as_one(flight: str) -> None:
    brief = extract_brief(f"$40k CTV, {flight}, US adults.", reference_date=TODAY)
    assert not (isinstance(brief, CampaignBrief) and
                (brief.flight_start, brief.flight_end) == FEB)


@pytest.mark.parametrize("dash", ["--", " -- ", "—", " – ", " to "])
def test_a_range_with_a_double_dash(dash: str) -> None:
    brief = read_brief(f"$640K CTV in Houston, A35+, flight Jul 5{dash}Sep 26, 2027.")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 7, 5), date(2027, 9, 26))


@pytest.mark.parametrize("text", [
    "Brief -- Meridian Auto Q3\n* Budget: $640K\n* Channel: CTV\n* Flight: Jul 5 -- Sep 26, "
    "2027\n* A35+\n* Markets: Houston\n",
    "Campaign: Meridian Q3 2027 push\nBudget: $640k CTV\nDates: July 5 to September 26 2027\n"
    "Houston adults 35+",
    "Q3 flight: $640k CTV, 05/07/2027 - 26/09/2027, Houston, A35+",
    "Meridian Q3 -- $640k CTV, 2027-07-05 to 2027-09-26, Houston, A35+",
    "Q3 2027 push\n$640k CTV, Houston, A35+, live Jul 5th through Sep 26th 2027",
])
def test_explicit_dates_beat_a_quarter_named_as_a_label(text: str) -> None:
    brief = read_brief(text)
    assert (brief.flight_start, brief.flight_end) == (date(2027, 7, 5), date(2027, 9, 26))


@pytest.mark.parametrize("text", [
    "[10:02] Maya: budget for Fizzy Pop is 300k\n[10:03] Jon: channels?\n[10:04] Maya: ctv + "
    "audio, 80/20\n[10:05] Jon: dates?\n[10:05] Maya: march 1 - april 30 2027\n[10:06] Maya: "
    "audience adults 21-34 only",
    "Budget: $300k\nSplit: CTV / audio 80/20\nFlight: march 1 - april 30 2027\nAdults 21-34",
    "$300k, ctv + audio, split 60/40 then 20\nMarch 1 - April 30 2027, adults 21-34",
    "$300k on ctv + audio (80/20)\n\nmarch 1 to april 30 2027\nadults 21-34",
])
def test_a_figure_ending_a_line_is_no_day_of_the_month_on_the_next(text: str) -> None:
    brief = read_brief(text)
    assert (brief.flight_start, brief.flight_end) == (date(2027, 3, 1), date(2027, 4, 30))


@pytest.mark.parametrize("flight", ["19 Jan 27 - 15 Feb 27", "from 19 Jan 27 to 15 Feb 27",
                                    "19 January 27 until 15 February 27",
                                    "19-Jan-27 to 15-Feb-27", "19 Jan '27 - 15 Feb '27"])
def test_a_two_figure_year_after_day_and_month(flight: str) -> None:
    brief = read_brief(f"$100k on CTV, US adults 25-54, {flight}.")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 1, 19), date(2027, 2, 15))


def test_a_count_after_a_date_is_no_two_figure_year() -> None:
    brief = read_brief("$100k CTV, 1 March - 30 April 2027, adults 18-34, 27 DMAs.")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 3, 1), date(2027, 4, 30))


@pytest.mark.parametrize(("flight", "start", "end"), [
    ("1 Mar. 2027 – 30 Apr. 2027", date(2027, 3, 1), date(2027, 4, 30)),
    ("1 Mar. - 30 Apr. 2027", date(2027, 3, 1), date(2027, 4, 30)),
    ("Sept. 2027 - Oct. 2027", date(2027, 9, 1), date(2027, 10, 31)),
    ("1-30 Apr. 2027", date(2027, 4, 1), date(2027, 4, 30)),
    ("early Mar. to late Apr. 2027", date(2027, 3, 1), date(2027, 4, 30)),
])
def test_a_month_abbreviated_with_a_point_keeps_its_year(flight: str, start: date,
                                                         end: date) -> None:
    brief = read_brief(f"$100k on CTV, US adults 25-54, {flight}.")
    assert (brief.flight_start, brief.flight_end) == (start, end)
