"""Flights in local written forms (issue 19, batch 20): calendar weeks named in other
languages ("Vecka 10-17 2027"), day-first dates with a space after each point ("15. 3. 2027",
as written in Czech, Slovak and Polish), and the "double day" sales of Southeast and East
Asia ("11.11 to 12.12 sale season 2027")."""

from __future__ import annotations

from datetime import date

import pytest

from .intake_reading import read_brief, refused_brief

WEEKS_10_TO_17 = (date(2027, 3, 8), date(2027, 5, 2))


@pytest.mark.parametrize("weeks", [
    "Vecka 10-17 2027",
    "vecka 10-17 2027 (8 mars - 2 maj)",
    "uge 10-17 2027",
    "uke 10 - 17 2027",
    "KW 10 bis KW 17 2027",
    "semanas 10 a 17 2027",
])
def test_calendar_weeks_in_other_languages(weeks: str) -> None:
    brief = read_brief(f"SEK 1 200 000 on CTV, Sweden, adults 30-59, {weeks}.")
    assert (brief.flight_start, brief.flight_end) == WEEKS_10_TO_17


@pytest.mark.parametrize(("flight", "start", "end"), [
    ("from 15. 3. 2027 for 6 weeks", date(2027, 3, 15), date(2027, 4, 25)),
    ("15. 3. 2027 - 30. 4. 2027", date(2027, 3, 15), date(2027, 4, 30)),
    ("1. 3. 2027 – 2. 4. 2027", date(2027, 3, 1), date(2027, 4, 2)),
    ("1. 3. 2027, 8 weeks", date(2027, 3, 1), date(2027, 4, 25)),
])
def test_dates_with_a_space_after_each_point_are_day_first(flight: str, start: date,
                                                            end: date) -> None:
    brief = read_brief(f"CZK 1.5 million on display, Czech Republic, men 25-44, {flight}.")
    assert (brief.flight_start, brief.flight_end) == (start, end)


@pytest.mark.parametrize(("flight", "start", "end"), [
    ("for the 11.11 to 12.12 sale season 2027", date(2027, 11, 11), date(2027, 12, 12)),
    ("11.11 - 12.12 (sale season 2027)", date(2027, 11, 11), date(2027, 12, 12)),
    ("from the 9.9 sale through 12.12 2027", date(2027, 9, 9), date(2027, 12, 12)),
    ("10.10 to 11.11 2027", date(2027, 10, 10), date(2027, 11, 11)),
])
def test_double_day_sales(flight: str, start: date, end: date) -> None:
    brief = read_brief(f"IDR 2.5 billion on display, Indonesia, adults 18-35, {flight}.")
    assert (brief.flight_start, brief.flight_end) == (start, end)
    assert brief.not_understood == []


@pytest.mark.parametrize("aside", ["max CPM $11.11", "rated 9.9 out of 10",
                                   "a CTR of 12.12%"])
def test_a_price_or_amount_is_no_double_day(aside: str) -> None:
    brief = read_brief(f"$100k on display, US, adults 18-35, Sep 1 - Sep 30 2027, {aside}.")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 9, 1), date(2027, 9, 30))


@pytest.mark.parametrize("flight", [
    "fra 5. april til 16. maj 2027",
    "fra 5. april til 16. mai 2027",
    "från 5 april till 16 maj 2027",
    "5. april - 16. maj 2027",
])
def test_nordic_range_words_and_may_in_three_letters(flight: str) -> None:
    brief = read_brief(f"DKK 900.000 on online video, Danmark, adults 25-49, {flight}.")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 4, 5), date(2027, 5, 16))


def test_a_three_letter_may_alone_is_a_name() -> None:
    brief = read_brief("NOK 2 mill. on display, Norge, adults 25-49, 5 April - 16 May 2027.\n"
                       "Thanks, Mai")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 4, 5), date(2027, 5, 16))


@pytest.mark.parametrize("flight", [
    "1 Nisan - 31 Mayıs 2027 (April 1 to May 31, 2027)",
    "del 1 de abril al 31 de mayo de 2027 (April 1 to May 31, 2027)",
    "1 avril - 31 mai 2027 (1 April - 31 May 2027)",
    "April 1 - May 31 2027 (1 abril - 31 mayo 2027)",
])
def test_the_flight_in_the_local_language_beside_the_english(flight: str) -> None:
    brief = read_brief(f"TRY 15 million on display, Türkiye, adults 18-34, {flight}.")
    assert (brief.flight_start, brief.flight_end) == (date(2027, 4, 1), date(2027, 5, 31))
    assert brief.not_understood == []


def test_a_local_flight_that_differs_from_the_english_is_not_read_past() -> None:
    gap = refused_brief("PLN 400k on display, Poland, adults 18-34, 1-28 lutego 2027 "
                        "(1-28 March 2027).")
    assert gap.issues
