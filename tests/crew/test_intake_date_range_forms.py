"""Flight ranges in every written form (issue 19): connectors, ISO and numeric dates,
other languages, forms from blind batches, the start and end in a table's cells.

Every case asserts the flight a planner means; the corpus (test_brief_corpus.py)
scores whole briefs, these pin each family down by name.
"""

from __future__ import annotations

from datetime import date

import pytest

from .intake_reading import TODAY, flight_refusal, read_flight
from .intake_reading import US_BRIEF_WITHOUT_FLIGHT as US


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
    assert read_flight(text) == (start, end)


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
    assert read_flight(text) == (start, end)


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
    assert read_flight(text) == (start, end)


# Numeric dates no day above 12 settles: by the other end of the range (a dotted one is
# day-first unless its partner cannot be), else asked, wherever the brief is set.
@pytest.mark.parametrize(("text", "start", "end"), [
    (US + "flight: 3.1.27-4.30.27", date(2027, 3, 1), date(2027, 4, 30)),
    ("€200k CTV, Germany, adults, 01.03.2027 - 01.04.2027", date(2027, 3, 1), date(2027, 4, 1)),
    ("€200k CTV, Ireland, adults, 01/03/2027 - 13/04/2027", date(2027, 3, 1), date(2027, 4, 13)),
    (US + "03/01/2027 - 04/13/2027", date(2027, 3, 1), date(2027, 4, 13)),
])
def test_numeric_dates_settled_by_their_partner(text: str, start: date, end: date) -> None:
    assert read_flight(text) == (start, end)


@pytest.mark.parametrize("text", [
    "$90k CTV, adults 25-54, 03/01/2027 - 04/11/2027",
    "£200k CTV, UK adults. Start: 01/03/2027 End: 01/04/2027",
    "$80k display, 02/03/2027 to 04/03/2027, US",
    "A$200k CTV, Australia, adults, 2/3 - 4/5/2027",
])
def test_numeric_dates_with_nothing_to_settle_them_are_asked(text: str) -> None:
    assert "day" in flight_refusal(text)


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
    assert read_flight(text) == (start, end)


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
    assert read_flight(text) == (start, end)
