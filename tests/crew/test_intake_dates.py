"""Families of flight-date forms the offline reader reads (issue 19), several planners'
ways of writing each. Every case asserts the flight a planner means; the corpus
(test_brief_corpus.py) scores whole briefs, these pin each family down by name."""

from __future__ import annotations

from datetime import date

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap, CampaignBrief

TODAY = date(2026, 12, 7)
US = "$200k CTV, US adults 25-54. "


def _flight(text: str) -> tuple[date, date]:
    brief = extract_brief(text, reference_date=TODAY)
    assert isinstance(brief, CampaignBrief), brief.describe()
    return brief.flight_start, brief.flight_end


def _refused(text: str) -> str:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap), gap
    return " ".join(i.message for i in gap.issues if i.field == "flight_dates")


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
    assert _flight(text) == (start, end)


@pytest.mark.parametrize("text", [
    US + "Flight: March 1 - March 31 2027. Flight: May 1 - May 31 2027.",
    US + "We want to be live April 1-30 2027, or in-market June 1-30 2027.",
    US + "July 1 - July 31 2027, and Sept 1 - Sept 30 2027.",
])
def test_two_flights_said_alike_stay_a_contradiction(text: str) -> None:
    assert "several flights" in _refused(text)


# Ranges in every form and connector.
@pytest.mark.parametrize(("text", "start", "end"), [
    ("€200k CTV, Germany, adults 25-54, 02.03.-15.04.2027", date(2027, 3, 2), date(2027, 4, 15)),
    ("€200k CTV, Germany, adults 25-54, 1.3. bis 30.4.2027", date(2027, 3, 1), date(2027, 4, 30)),
    ("€200k CTV, Austria, adults 25-54, vom 01.03. - 30.04.27", date(2027, 3, 1),
     date(2027, 4, 30)),
    ("€200k CTV, France, adults 25-54, 01.03 au 30.04.2027", date(2027, 3, 1), date(2027, 4, 30)),
    (US + "flight 3/1-4/25/27", date(2027, 3, 1), date(2027, 4, 25)),
    (US + "wk of 3/1/27 thru 4/25/27", date(2027, 3, 1), date(2027, 4, 25)),
    (US + "from the 3rd of May to end of June 2027", date(2027, 5, 3), date(2027, 6, 30)),
    (US + "May 3rd until the 27th of June 2027", date(2027, 5, 3), date(2027, 6, 27)),
    (US + "2027-03-01 → 2027-04-30", date(2027, 3, 1), date(2027, 4, 30)),
    (US + "2027/03/01 – 2027/04/30", date(2027, 3, 1), date(2027, 4, 30)),
    (US + "Mar. 1 thru Apr. 30 '27", date(2027, 3, 1), date(2027, 4, 30)),
    (US + "between March 1 and April 30, 2027", date(2027, 3, 1), date(2027, 4, 30)),
    (US + "Media to run w/c 1 March 2027 - w/e 30 April 2027", date(2027, 3, 1),
     date(2027, 4, 30)),
    (US + "\nLive: 1 March 2027\nOff: 30 April 2027", date(2027, 3, 1), date(2027, 4, 30)),
    (US + "Flight window opens March 1 2027 and closes April 30 2027.", date(2027, 3, 1),
     date(2027, 4, 30)),
    (US + "On air from 1st of March 2027 till the 30th of April.", date(2027, 3, 1),
     date(2027, 4, 30)),
    ("£200k CTV, UK adults 25-54, w/c 6th September 2027 for 8 weeks", date(2027, 9, 6),
     date(2027, 10, 31)),
    (US + "mid-March 2027 for 6 wks", date(2027, 3, 15), date(2027, 4, 25)),
    (US + "starting Jan 11 2027, running 10 weeks", date(2027, 1, 11), date(2027, 3, 21)),
    (US + "from Aug 2 2027 through Labor Day", date(2027, 8, 2), date(2027, 9, 6)),
    (US + "Nov 1 2027 until Christmas", date(2027, 11, 1), date(2027, 12, 25)),
    (US + "three weeks ending Feb 13 2027", date(2027, 1, 24), date(2027, 2, 13)),
])
def test_ranges_in_every_form(text: str, start: date, end: date) -> None:
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


@pytest.mark.parametrize("text", [US + "FY27 Q3", US + "Q2 FY28, national",
                                  "€200k display, Netherlands, adults, FY28 H1"])
def test_a_fiscal_period_with_no_year_start_is_asked(text: str) -> None:
    assert "fiscal year starts" in _refused(text)


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
    assert _flight(text) == (start, end)


def test_ramadan_is_asked_about_not_guessed() -> None:
    assert "moon" in _refused("$200k CTV, UAE, adults 25-54, Ramadan 2027")


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
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


# More range forms: ISO intervals, day-month-year with dashes, "end-Feb", open starts
# ("now", "ASAP", "today"), a coming weekday, "onwards", "starting in".
@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "2027-01-11/2027-03-28", date(2027, 1, 11), date(2027, 3, 28)),
    (US + "11-Jan-2027 to 28-Mar-2027", date(2027, 1, 11), date(2027, 3, 28)),
    (US + "mid-Jan to end-Feb 2027", date(2027, 1, 15), date(2027, 2, 28)),
    (US + "from Jan 11 2027 through the end of Q1", date(2027, 1, 11), date(2027, 3, 31)),
    (US + "between now and Christmas 2027", TODAY, date(2027, 12, 25)),
    (US + "ASAP through end of Feb 2027", TODAY, date(2027, 2, 28)),
    (US + "from today until Jan 31 2027", TODAY, date(2027, 1, 31)),
    (US + "starting next Monday for 4 weeks", date(2026, 12, 14), date(2027, 1, 10)),
    (US + "March 1 2027 onwards for two months", date(2027, 3, 1), date(2027, 4, 30)),
    (US + "3 months starting in March 2027", date(2027, 3, 1), date(2027, 5, 31)),
    ("1.5MM / CTV+OLV+display 50/30/20 / Jan-Jun 2027 / A25-54", date(2027, 1, 1),
     date(2027, 6, 30)),
])
def test_more_range_forms(text: str, start: date, end: date) -> None:
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


def test_golden_week_with_no_country_is_asked() -> None:
    assert "Japan" in _refused("$200k CTV, adults 25-54, Golden Week 2027")


# Flights written in other languages: months, range words, lengths and quarters.
@pytest.mark.parametrize(("text", "start", "end"), [
    ("€200k CTV, Germany, adults 25-54, vom 1. März bis 30. April 2027", date(2027, 3, 1),
     date(2027, 4, 30)),
    ("€200k CTV, Germany, adults 25-54, März bis April 2027", date(2027, 3, 1),
     date(2027, 4, 30)),
    ("€200k CTV, Germany, adults 25-54, 2. Quartal 2027", date(2027, 4, 1), date(2027, 6, 30)),
    ("€200k CTV, France, adults 25-54, 3e trimestre 2027", date(2027, 7, 1), date(2027, 9, 30)),
    ("€200k CTV, Spain, adults 25-54, primer trimestre de 2027", date(2027, 1, 1),
     date(2027, 3, 31)),
    ("€200k CTV, Germany, adults 25-54, ab 1. März 2027 für 6 Wochen", date(2027, 3, 1),
     date(2027, 4, 11)),
    ("€200k CTV, France, adults 25-54, à partir du 1er mars 2027 pendant 6 semaines",
     date(2027, 3, 1), date(2027, 4, 11)),
    ("€200k CTV, Spain, adults 25-54, del 1 de marzo al 30 de abril de 2027", date(2027, 3, 1),
     date(2027, 4, 30)),
    ("€200k CTV, Netherlands, adults 25-54, van 1 maart t/m 30 april 2027", date(2027, 3, 1),
     date(2027, 4, 30)),
])
def test_flights_in_other_languages(text: str, start: date, end: date) -> None:
    assert _flight(text) == (start, end)


# Numeric dates no day above 12 settles: by the other end of the range (a dotted one is
# day-first unless its partner cannot be), else asked, wherever the brief is set.
@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "flight: 3.1.27-4.30.27", date(2027, 3, 1), date(2027, 4, 30)),
    ("€200k CTV, Germany, adults, 01.03.2027 - 01.04.2027", date(2027, 3, 1), date(2027, 4, 1)),
    ("€200k CTV, Ireland, adults, 01/03/2027 - 13/04/2027", date(2027, 3, 1), date(2027, 4, 13)),
    (US + "03/01/2027 - 04/13/2027", date(2027, 3, 1), date(2027, 4, 13)),
])
def test_numeric_dates_settled_by_their_partner(text: str, start: date, end: date) -> None:
    assert _flight(text) == (start, end)


@pytest.mark.parametrize("text", [
    "$90k CTV, adults 25-54, 03/01/2027 - 04/11/2027",
    "£200k CTV, UK adults. Start: 01/03/2027 End: 01/04/2027",
    "$80k display, 02/03/2027 to 04/03/2027, US",
    "A$200k CTV, Australia, adults, 2/3 - 4/5/2027",
])
def test_numeric_dates_with_nothing_to_settle_them_are_asked(text: str) -> None:
    assert "day" in _refused(text)


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
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


def test_a_start_day_no_day_above_12_settles_is_asked() -> None:
    assert "could be" in _refused(US + "from 3/1 for 8 weeks")


def test_a_bracketed_length_that_disagrees_is_a_contradiction() -> None:
    assert "does not match" in _refused(US + "Mar 1 - Apr 25 2027 (12 weeks)")


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
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


@pytest.mark.parametrize("text", [
    US + "Q3 2027 or Q4 2027, whichever has better rates.",
    US + "Burst 1: Mar 1-14 2027; burst 2: Apr 1-14 2027.",
    US + "Either March 1-31 2027 or April 1-30 2027.",
])
def test_alternatives_or_gaps_stay_a_contradiction(text: str) -> None:
    assert "several flights" in _refused(text)


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
    assert _flight(text) == (start, end)


# Forms from blind batches 14-15, each with variants: dotted ordinal days with English
# months, a part of a month "next year" with a length, abbreviated weeks before a holiday,
# a start and end beside a quarter in a campaign name, lower-case month ranges, a split's
# last figure on the line before a date.
@pytest.mark.parametrize(("text", "start", "end"), [
    ("€120.000 EUR video, Germany, women 30-55. Period is from 1. March until 30. April 2027.",
     date(2027, 3, 1), date(2027, 4, 30)),
    ("€120k video, Austria, adults. Flight 3. May to 27. June 2027.", date(2027, 5, 3),
     date(2027, 6, 27)),
    (US + "Start mid-March next year, run six weeks.", date(2027, 3, 15), date(2027, 4, 25)),
    (US + "streaming audio from mid-April next year for ten weeks", date(2027, 4, 15),
     date(2027, 6, 23)),
    (US + "early May next year for 4 weeks", date(2027, 5, 1), date(2027, 5, 28)),
    ("need 75k on dooh in atlanta, adults 21+, for the 4 wks before thanksgiving 2027",
     date(2027, 10, 28), date(2027, 11, 24)),
    (US + "3 wks after labor day 2027", date(2027, 9, 6), date(2027, 9, 26)),
    ("Campaign Name: Keystone Q2 Protect\nBudget: $935,000\nMedia: CTV\nDemo: A35-64, US\n"
     "Start: April 5, 2027 | End: June 27, 2027", date(2027, 4, 5), date(2027, 6, 27)),
    ("hey, thinkin $1.5M for ctv, jan-mar, adults 25-54, nationwide (US)", date(2027, 1, 1),
     date(2027, 3, 31)),
    (US + "mar-may 2027", date(2027, 3, 1), date(2027, 5, 31)),
    ("Parameters:\n- $650k\n- CTV + OLV + mobile app, weighted 50/30/20\n- 1 Jan - 31 Mar 2027"
     "\n- US adults 22-38", date(2027, 1, 1), date(2027, 3, 31)),
])
def test_forms_from_blind_batches(text: str, start: date, end: date) -> None:
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (date(2027, 4, 12), date(2027, 5, 9))


def test_a_return_day_beside_a_start_and_an_end() -> None:
    text = US + "start April 12 2027, end May 9 2027.\n\nBack in the office Tuesday the 12th."
    assert _flight(text) == (date(2027, 4, 12), date(2027, 5, 9))


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
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "Flight: week 14 up to and including week 19 of 2027.",
     date(2027, 4, 5), date(2027, 5, 16)),
    (US + "Runs from week 10 up to week 12 of 2027.", date(2027, 3, 8), date(2027, 3, 28)),
    (US + "CW 20 to and including CW 22 2027.", date(2027, 5, 17), date(2027, 6, 6)),
    (US + "KW 5 bis einschließlich KW 8 2027.", date(2027, 2, 1), date(2027, 2, 28)),
    (US + "wk 30 till wk 33 2027.", date(2027, 7, 26), date(2027, 8, 22)),
])
def test_calendar_weeks_with_inclusive_words(text: str, start: date, end: date) -> None:
    assert _flight(text) == (start, end)


# A start and an end in neighbouring cells of a table or a CSV row.
@pytest.mark.parametrize(("text", "start", "end"), [
    ("name;budget;start;end;channel\nSpring;200000 USD;01.03.2027;30.04.2027;CTV\n"
     "US adults 25-54", date(2027, 3, 1), date(2027, 4, 30)),
    ("campaign,budget,start,end\nSpring,$200k,2027-03-01,2027-04-30\nCTV, US adults 25-54",
     date(2027, 3, 1), date(2027, 4, 30)),
    (US + "\n| Start | End |\n| Mar 1 2027 | Apr 30 2027 |", date(2027, 3, 1), date(2027, 4, 30)),
    (US + "\nstart\tend\n2027-05-03\t2027-06-27", date(2027, 5, 3), date(2027, 6, 27)),
])
def test_a_start_and_an_end_in_neighbouring_cells(text: str, start: date, end: date) -> None:
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


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
    assert _flight(text) == (start, end)


def test_from_launch_day_with_the_launch_undated_is_asked() -> None:
    assert _refused(US + "From launch day through end of March 2027.")
