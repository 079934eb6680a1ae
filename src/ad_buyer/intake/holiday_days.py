"""Named days as planners write them, and the day each falls on in a given year.

Holidays come from the ``holidays`` package (US federal holidays: Labor Day,
Memorial Day, Thanksgiving, Christmas...) and ``dateutil`` (Easter); a few
observances it does not carry (Halloween, Valentine's Day, New Year's Eve,
Black Friday, Mother's Day...) are computed here. The package loads on first use.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from contextvars import ContextVar
from datetime import date, timedelta

from ad_buyer.intake.holiday_countries import (
    BRIEF_COUNTRY,
    KEPT_BY_COUNTRY,
    country_day,
    holiday_names,
)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_monday(year: int, month: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=last.weekday())


def _us_holiday(name: str) -> Callable[[int], date]:
    def on(year: int) -> date:
        import holidays

        days = [d for d, n in holidays.country_holidays("US", years=year).items() if n == name]
        return min(days)
    return on


def _victoria_day(year: int) -> date:
    """Canada's Victoria Day: the Monday on or before May 24 (a provincial holiday, so the
    ``holidays`` package lists it only per province)."""
    may_24 = date(year, 5, 24)
    return may_24 - timedelta(days=may_24.weekday())


# The Super Bowl's date as the NFL announced it (nfl.com: Super Bowl LX, Levi's Stadium,
# Feb 8 2026; Super Bowl LXI, SoFi Stadium, Feb 14 2027). A year the NFL has not fixed is
# asked about, never guessed.
SUPER_BOWLS = {2026: date(2026, 2, 8), 2027: date(2027, 2, 14)}


def _super_bowl(year: int) -> date:
    if year not in SUPER_BOWLS:
        raise LookupError(f"the Super Bowl's date in {year} is not fixed here; give the dates")
    return SUPER_BOWLS[year]


def _easter(year: int) -> date:
    from dateutil.easter import easter

    day: date = easter(year)
    return day


def _thanksgiving(year: int) -> date:
    return _us_holiday("Thanksgiving Day")(year)


def _mothering_sunday(year: int) -> date:
    """Mother's Day in the UK and Ireland: the fourth Sunday of Lent, three weeks before
    Easter."""
    return _easter(year) - timedelta(days=21)


def _from_calendar(country: str, name: str) -> Callable[[int], date]:
    """A day the ``holidays`` package dates (lunar and lunisolar ones included; Islamic
    days there are estimates, as they depend on the moon's sighting), in the brief's
    country's calendar where it keeps the day, else in ``country``'s."""
    def on(year: int) -> date:
        # the brief's country's calendar first: Diwali is a day apart in Singapore and India
        for where in dict.fromkeys(c for c in (BRIEF_COUNTRY.get(), country) if c):
            days = (holiday_names(where, year, None) or {}).get(name)
            if days:
                return days[0]
        raise LookupError(f"the date of {name} in {year} is not known here; give the dates")
    return on


class _Festival:
    """A festival of several days the ``holidays`` package dates ("Songkran": April 13-15):
    its first day, and its last (``last``)."""

    def __init__(self, country: str, name: str) -> None:
        self.country, self.name = country, name

    def _days(self, year: int) -> tuple[date, ...]:
        days = (holiday_names(self.country, year, None) or {}).get(self.name, ())
        if not days:
            raise LookupError(f"the date of {self.name} in {year} is not known here; give "
                              "the dates")
        return days

    def __call__(self, year: int) -> date:
        return self._days(year)[0]

    def last(self, year: int) -> date:
        return self._days(year)[-1]


def festival_last(on: Callable[[int], date], first: date) -> date:
    """The last day of the festival ``on`` that starts on ``first`` (``first`` for a day)."""
    return on.last(first.year) if isinstance(on, _Festival) else first


def _moon_sighted(name: str) -> Callable[[int], date]:
    def on(year: int) -> date:
        raise LookupError(f"{name}'s dates depend on the moon's sighting and are not fixed "
                          f"here; give the flight's dates (e.g. '{name} 2027, Feb 8 - Mar 9')")
    return on


# Mother's Day where the brief's country is settled (Mexico and Central America on May 10;
# Spain and Portugal the first Sunday of May; Argentina the third Sunday of October; Brazil,
# Chile, Peru and the US the second Sunday of May).
_MOTHERS_DAYS: dict[str, Callable[[int], date]] = {
    **dict.fromkeys(("MX", "GT", "SV"), lambda y: date(y, 5, 10)),
    **dict.fromkeys(("ES", "PT"), lambda y: _nth_weekday(y, 5, calendar.SUNDAY, 1)),
    "AR": lambda y: _nth_weekday(y, 10, calendar.SUNDAY, 3),
    **dict.fromkeys(("BR", "CL", "PE", "US"), lambda y: _nth_weekday(y, 5, calendar.SUNDAY, 2)),
}


def _mothers_day(year: int) -> date:
    on = _MOTHERS_DAYS.get(BRIEF_COUNTRY.get() or "")
    if on is None:
        raise LookupError("Mother's Day falls on different days in different countries and "
                          "the brief does not settle its country; give the dates")
    return on(year)


def _double_day(n: int) -> Callable[[int], date]:
    return lambda year: date(year, n, n)


def _not_settled() -> Callable[[int], date]:
    def on(year: int) -> date:
        raise LookupError("a national holiday falls on different days in different countries "
                          "and the brief does not settle its country; give the dates")
    return on


# Holiday names as planners write them -> the day in a given year.
HOLIDAYS: list[tuple[str, Callable[[int], date]]] = [
    (r"labou?r\s+day", _us_holiday("Labor Day")),
    (r"memorial\s+day", _us_holiday("Memorial Day")),
    (r"canadian\s+thanksgiving|thanksgiving\s+\(?canada\)?",
     lambda y: _nth_weekday(y, 10, calendar.MONDAY, 2)),
    (r"thanksgiving(?:\s+day)?", _thanksgiving),
    (r"christmas\s+eve", lambda y: date(y, 12, 24)),
    (r"christmas(?:\s+day)?|xmas", lambda y: date(y, 12, 25)),
    (r"boxing\s+day", lambda y: date(y, 12, 26)),
    (r"new\s+year'?s\s+eve|nye", lambda y: date(y, 12, 31)),
    (r"new\s+year'?s(?:\s+day)?", lambda y: date(y, 1, 1)),
    (r"independence\s+day|(?:the\s+)?(?:fourth|4th)\s+of\s+july|july\s+4(?:th)?",
     lambda y: date(y, 7, 4)),
    (r"(?:martin\s+luther\s+king(?:\s+jr\.?)?|mlk)\s+day",
     _us_holiday("Martin Luther King Jr. Day")),
    (r"presidents'?\s+day", _us_holiday("Washington's Birthday")),
    (r"columbus\s+day", _us_holiday("Columbus Day")),
    (r"veterans'?\s+day", lambda y: date(y, 11, 11)),
    (r"juneteenth", lambda y: date(y, 6, 19)),
    (r"victoria\s+day", _victoria_day),
    (r"canada\s+day", lambda y: date(y, 7, 1)),
    (r"halloween", lambda y: date(y, 10, 31)),
    (r"valentine'?s(?:\s+day)?", lambda y: date(y, 2, 14)),
    (r"st\.?\s+patrick'?s\s+day|saint\s+patrick'?s\s+day", lambda y: date(y, 3, 17)),
    (r"cinco\s+de\s+mayo", lambda y: date(y, 5, 5)),
    (r"black\s+friday", lambda y: _thanksgiving(y) + timedelta(days=1)),
    (r"cyber\s+monday", lambda y: _thanksgiving(y) + timedelta(days=4)),
    (r"good\s+friday", lambda y: _easter(y) - timedelta(days=2)),
    (r"easter\s+monday", lambda y: _easter(y) + timedelta(days=1)),
    (r"easter(?:\s+sunday)?", _easter),
    # England and Wales's bank holidays (gov.uk/bank-holidays): first and last Mondays
    (r"(?:the\s+)?early\s+may\s+bank\s+holiday", lambda y: _nth_weekday(y, 5, calendar.MONDAY, 1)),
    (r"(?:the\s+)?(?:late\s+may|spring)\s+bank\s+holiday", lambda y: _last_monday(y, 5)),
    (r"(?:the\s+)?(?:august|summer)\s+bank\s+holiday", lambda y: _last_monday(y, 8)),
    (r"(?:the\s+)?super\s*bowl(?:\s+sunday)?|the\s+big\s+game", _super_bowl),
    (r"mothering\s+sunday|(?:uk|british)\s+mother'?s\s+day|mother'?s\s+day\s+\(?uk\)?",
     _mothering_sunday),
    (r"mother'?s\s+day", lambda y: _nth_weekday(y, 5, calendar.SUNDAY, 2)),
    (r"father'?s\s+day", lambda y: _nth_weekday(y, 6, calendar.SUNDAY, 3)),
    # a US general election day: the Tuesday after the first Monday in November
    (r"election\s+day", lambda y: _nth_weekday(y, 11, calendar.MONDAY, 1) + timedelta(days=1)),
    (r"diwali|deepavali", _from_calendar("IN", "Diwali")),
    (r"holi", _from_calendar("IN", "Holi")),
    (r"(?:chinese|lunar)\s+new\s+year|spring\s+festival",
     _from_calendar("CN", "Chinese New Year (Spring Festival)")),
    (r"singles'?\s+day|double\s+(?:11|eleven)", lambda y: date(y, 11, 11)),
    (r"mid[\s-]autumn\s+festival|moon\s+festival", _from_calendar("CN", "Mid-Autumn Festival")),
    (r"dragon\s+boat\s+festival", _from_calendar("CN", "Dragon Boat Festival")),
    (r"chuseok", _from_calendar("KR", "Chuseok")),
    (r"rosh\s+hashanah", _from_calendar("IL", "Rosh Hashanah")),
    (r"yom\s+kippur", _from_calendar("IL", "Yom Kippur")),
    (r"passover|pesach", _from_calendar("IL", "Pesach")),
    (r"pentecost|whit\s+monday", _from_calendar("DE", "Pentecost Monday")),
    (r"eid\s+(?:al|ul)[\s-]?adha", _from_calendar("AE", "Eid al-Adha (estimated)")),
    (r"eid(?:\s+(?:al|ul)[\s-]?fitr)?", _from_calendar("AE", "Eid al-Fitr (estimated)")),
    (r"ramadan", _moon_sighted("Ramadan")),
    (r"australia\s+day", lambda y: date(y, 1, 26)),
    (r"anzac\s+day", lambda y: date(y, 4, 25)),
    (r"waitangi\s+day", lambda y: date(y, 2, 6)),
    (r"bastille\s+day", lambda y: date(y, 7, 14)),
    # its first day, as an anchor ("the two weeks before Golden Week"); Japan's unless the
    # brief is about China
    (r"golden\s+week", lambda y: date(y, 4, 29)),
    (r"songkran(?:\s+festival)?", _Festival("TH", "Songkran Festival")),
    (r"tết(?:\s+nguyên\s+đán)?|tet\s+(?:holiday|nguyen\s+dan)",
     _from_calendar("VN", "Lunar New Year")),
    (r"cny\s*\(first\s+day", _from_calendar("CN", "Chinese New Year (Spring Festival)")),
    # the last day of carnival, 47 days before Easter
    (r"carn[ai]val\s+tuesday|fat\s+tuesday|mardi\s+gras|shrove\s+tuesday|pancake\s+day",
     lambda y: _easter(y) - timedelta(days=47)),
    *[(words, _not_settled()) for words, _ in KEPT_BY_COUNTRY[1:]],
    # Mother's Day in Spanish and Portuguese: its day is the brief's country's
    (r"d[ií]a\s+(?:de\s+)?(?:las\s+madres|la\s+madre)|dia\s+das\s+m[ãa]es", _mothers_day),
    # the "double day" sales of Southeast and East Asia: 9.9, 10.10, 11.11, 12.12 (a price
    # or an amount is none: "$11.11", "9.9 million", "12.12%")
    *[(rf"(?<![$€£¥₹\d.,]){n}\.{n}(?![\d%]|[.,]\d|\s*(?:[xkmb]\b|mil|mn|bn|bil|jt|juta|"
       rf"miliar|million|billion|thousand|lakh|crore))", _double_day(n)) for n in (9, 10, 11, 12)],
]
# A named day whose date differs by country: (words, the brief's words for that country,
# the day there).
_BY_COUNTRY: list[tuple[str, re.Pattern[str], Callable[[int], date]]] = [
    (r"mother'?s\s+day", re.compile(r"£|\bGBP\b|\bUK\b|United\s+Kingdom|Britain|England|"
                                   r"Scotland|Wales|Ireland|\bIE\b", re.IGNORECASE),
     _mothering_sunday),
    (r"golden\s+week", re.compile(r"China|Chinese|\bCNY\b|\bRMB\b"), lambda y: date(y, 10, 1)),
]


# The whole brief being read: a named day's country is said anywhere in it ("£200k ... the
# three weeks before Mother's Day"), while a day is read from the text around it.
BRIEF_TEXT: ContextVar[str] = ContextVar("brief_text", default="")


def holiday_on(name: str, text: str) -> Callable[[int], date]:
    """How to find the day ``name`` (as written in ``text``, part of the brief
    ``BRIEF_TEXT``) falls on in a year."""
    settled = BRIEF_COUNTRY.get()
    if settled is not None and settled != "US" and any(
            re.fullmatch(words, name, re.IGNORECASE) for words, _ in KEPT_BY_COUNTRY):
        def kept(year: int) -> date:
            day = country_day(name, settled, year)
            assert day is not None
            return day
        return kept
    for words, country, on in _BY_COUNTRY:
        if re.fullmatch(words, name, re.IGNORECASE) and (country.search(text)
                                                         or country.search(BRIEF_TEXT.get())):
            return on
    return next(fn for words, fn in HOLIDAYS if re.fullmatch(words, name, re.IGNORECASE))
