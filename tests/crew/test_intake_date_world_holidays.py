"""Holidays around the world as a flight's end or start (issue 19, batches 19 and 20): a day
many countries keep on their own dates is the brief's country's (by its currency, else the
one country it names), from the ``holidays`` package's calendar; a country whose calendar
does not keep it, or a brief that settles no country, is asked about."""

from __future__ import annotations

from datetime import date

import pytest

from .intake_reading import read_brief, refused_brief


@pytest.mark.parametrize(("brief", "end"), [
    ("₹75,00,000 on display, adults 21-45, India, 1 Aug 2027 up to Independence Day 2027.",
     date(2027, 8, 15)),
    ("INR 7.5 million on display, adults 21-45, 1 Aug 2027 till Independence Day 2027.",
     date(2027, 8, 15)),
    ("R$ 2M on display, adults 21-45, Brasil, 1 Aug 2027 through Independence Day 2027.",
     date(2027, 9, 7)),
    ("MXN 3.5 millones, display, mujeres 25-54, 1 August 2027 through Independence Day 2027.",
     date(2027, 9, 16)),
    ("S$400k on CTV, adults 30-50, Singapore, 1 July 2027 up to National Day 2027.",
     date(2027, 8, 9)),
    ("$200k on display, adults 21-45, US, 1 June 2027 up to Independence Day 2027.",
     date(2027, 7, 4)),
])
def test_the_briefs_country_picks_the_day(brief: str, end: date) -> None:
    read = read_brief(brief)
    assert read.flight_end == end
    assert read.not_understood == []


@pytest.mark.parametrize("brief", [
    # Nigeria's is "National Day" (Oct 1) in the calendar: asked, never the US July 4
    "₦150m on display, adults 21-45, Nigeria, 1 Aug 2027 up to Independence Day 2027.",
    "$400k on CTV, adults 30-50, 1 July 2027 up to National Day 2027.",
    "$400k on CTV, adults 30-50, 1 July 2027 up to Republic Day 2027.",
])
def test_a_national_day_the_brief_does_not_settle_is_asked(brief: str) -> None:
    gap = refused_brief(brief)
    assert any(i.field == "flight_dates" and i.kind.value == "ambiguous" for i in gap.issues)


@pytest.mark.parametrize(("brief", "flight"), [
    ("$200k on CTV, Brazil, adults 18-34, from 18/01/2027 through Carnival Tuesday 2027.",
     (date(2027, 1, 18), date(2027, 2, 9))),
    ("£50k on display, UK, adults 18-34, from 4 Jan 2027 to Shrove Tuesday 2027.",
     (date(2027, 1, 4), date(2027, 2, 9))),
    ("$90k on audio, US, adults 18-34, New Orleans, Jan 11 2027 through Mardi Gras 2027.",
     (date(2027, 1, 11), date(2027, 2, 9))),
    ("THB 4.5M on DOOH, Thailand, adults 18-30, the two weeks before Songkran 2027.",
     (date(2027, 3, 30), date(2027, 4, 12))),
    ("5 billion VND on CTV, Vietnam, adults 20-45, the four weeks before Tết 2027.",
     (date(2027, 1, 9), date(2027, 2, 5))),
    ("S$400k on CTV, Singapore, adults 30-50, from 4 Jan 2027 till CNY (first day).",
     (date(2027, 1, 4), date(2027, 2, 6))),
])
def test_festivals_known_by_their_calendars(brief: str, flight: tuple[date, date]) -> None:
    read = read_brief(brief)
    assert (read.flight_start, read.flight_end) == flight


@pytest.mark.parametrize("joined", ["up to and including", "through and including",
                                    "to and including"])
def test_an_end_written_as_included(joined: str) -> None:
    read = read_brief("Olive & Thyme need a plan for Mothering Sunday: £80k on display, women "
                      f"30-55, UK-wide, running from 15 Feb {joined} Mothering Sunday 2027.")
    assert (read.flight_start, read.flight_end) == (date(2027, 2, 15), date(2027, 3, 7))


@pytest.mark.parametrize(("flight", "start", "end"), [
    ("Songkran 2027", date(2027, 4, 13), date(2027, 4, 15)),
    ("Songkran 2027 plus the two weeks before it", date(2027, 3, 30), date(2027, 4, 15)),
    ("Songkran 2027 (13-15 April) plus the two weeks before it", date(2027, 3, 30),
     date(2027, 4, 15)),
    ("Songkran 2027 (13-15 April) plus the two weeks before it, i.e. 30 March - 15 April 2027",
     date(2027, 3, 30), date(2027, 4, 15)),
    ("from 1 March 2027 through Songkran 2027", date(2027, 3, 1), date(2027, 4, 15)),
    ("the two weeks before Songkran 2027", date(2027, 3, 30), date(2027, 4, 12)),
])
def test_a_festival_of_several_days(flight: str, start: date, end: date) -> None:
    brief = read_brief(f"THB 4.5M on DOOH, Thailand, adults 18-30, {flight}.")
    assert (brief.flight_start, brief.flight_end) == (start, end)


def test_a_festival_bracket_that_disagrees_is_asked() -> None:
    gap = refused_brief("THB 4.5M on DOOH, Thailand, adults 18-30, Songkran 2027 (13-16 April) "
                        "plus the two weeks before it.")
    assert any(i.field == "flight_dates" and i.kind.value == "ambiguous" for i in gap.issues)


@pytest.mark.parametrize(("brief", "flight"), [
    ("MXN 3.5 millones, display, México, mujeres 25-54, del 12 de abril al Día de las Madres "
     "2027.", (date(2027, 4, 12), date(2027, 5, 10))),
    ("ARS 80 millones, display, Argentina, mujeres 25-54, del 1 de septiembre al Día de la "
     "Madre 2027.", (date(2027, 9, 1), date(2027, 10, 17))),
    ("R$ 800 mil, display, Brasil, mulheres 25-54, de 13/04/2027 até o Dia das Mães 2027.",
     (date(2027, 4, 13), date(2027, 5, 9))),
    ("€100k, display, España, mujeres 25-54, del 1 de abril hasta el Día de la Madre 2027.",
     (date(2027, 4, 1), date(2027, 5, 2))),
])
def test_mothers_day_in_spanish_and_portuguese_is_the_countrys(
        brief: str, flight: tuple[date, date]) -> None:
    read = read_brief(brief)
    assert (read.flight_start, read.flight_end) == flight


def test_a_campaign_named_for_the_day_beside_dated_flight_is_read() -> None:
    read = read_brief('Hola equipo: presupuesto MXN 3.5 millones, campaña "Día de las Madres '
                      '2027", del 19 de abril al 10 de mayo de 2027. Display. Mujeres 25-54, '
                      "México.")
    assert (read.flight_start, read.flight_end) == (date(2027, 4, 19), date(2027, 5, 10))


def test_mothers_day_of_no_settled_country_is_asked() -> None:
    gap = refused_brief("€100k, display, mujeres 25-54, del 1 de abril al Día de la Madre 2027.")
    assert any(i.field == "flight_dates" and i.kind.value == "ambiguous" for i in gap.issues)


@pytest.mark.parametrize(("brief", "end"), [
    ("S$400k on CTV, Singapore, adults 30-50, from 1 Oct 2027 till Diwali.", date(2027, 10, 28)),
    ("SGD 400k on CTV, adults 30-50, from 1 Oct 2027 till Deepavali.", date(2027, 10, 28)),
    ("₹2.5 crore on display, India, women 25-45, running 1 Oct 2027 till Diwali.",
     date(2027, 10, 29)),
    ("$200k on display, US, adults 25-54, from 1 Oct 2027 till Diwali.", date(2027, 10, 29)),
])
def test_a_calendar_day_is_the_briefs_countrys_where_it_keeps_it(brief: str, end: date) -> None:
    assert read_brief(brief).flight_end == end


@pytest.mark.parametrize(("brief", "flight"), [
    ("R$ 2M on display, Brasil, adults 21-45, from 1 March 2027 through Tiradentes' Day.",
     (date(2027, 3, 1), date(2027, 4, 21))),
    ("KES 12 million on display, Kenya, adults 25+, from 1 Nov 2027 until Jamhuri Day 2027.",
     (date(2027, 11, 1), date(2027, 12, 12))),
    ("ZAR 2.5 million on CTV, South Africa, adults 25-54, 1 March 2027 to Freedom Day 2027.",
     (date(2027, 3, 1), date(2027, 4, 27))),
    ("PHP 12M on display, Philippines, adults 25-54, Day of Valor 2027 through Independence "
     "Day 2027.", (date(2027, 4, 9), date(2027, 6, 12))),
])
def test_any_holiday_of_the_briefs_country_by_its_calendar_name(
        brief: str, flight: tuple[date, date]) -> None:
    read = read_brief(brief)
    assert (read.flight_start, read.flight_end) == flight
    assert read.not_understood == []


def test_a_holiday_of_another_country_is_not_looked_up() -> None:
    gap = refused_brief("$200k on display, US, adults 25-54, from 1 Nov 2027 until Jamhuri "
                        "Day 2027.")
    assert any(i.field == "flight_dates" for i in gap.issues)
