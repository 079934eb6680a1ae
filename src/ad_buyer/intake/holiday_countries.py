"""Holidays many countries keep on different days ("Independence Day" is July 4 in the US,
August 15 in India, September 7 in Brazil): the brief's country picks the day, from the
``holidays`` package's calendar of that country. The country is the one the brief's
currency belongs to (INR, NGN, BRL; US dollars and euros settle none), else the one
country it names. A brief of another country whose calendar does not keep the day is
asked about, never given the US day."""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import date
from functools import cache

# The brief's country while its flight is read (None: not settled, or the US).
BRIEF_COUNTRY: ContextVar[str | None] = ContextVar("brief_country", default=None)

# Named days kept by many countries on their own dates, as planners write them, and the
# English name the ``holidays`` package gives them.
KEPT_BY_COUNTRY: list[tuple[str, str]] = [
    (r"independence\s+day", "Independence Day"),
    (r"national\s+day", "National Day"),
    (r"republic\s+day", "Republic Day"),
    (r"constitution\s+day", "Constitution Day"),
    (r"children'?s\s+day", "Children's Day"),
]
_SHORT_NAMES = {"UK": "GB", "U.K.": "GB", "Britain": "GB", "England": "GB", "Scotland": "GB",
                "Wales": "GB", "USA": "US", "U.S.": "US", "Brasil": "BR", "KSA": "SA",
                "UAE": "AE", "Türkiye": "TR", "México": "MX", "Viet Nam": "VN", "Việt Nam": "VN",
                "España": "ES", "Perú": "PE", "Italia": "IT", "Deutschland": "DE",
                "Österreich": "AT", "Schweiz": "CH", "Polska": "PL", "Česko": "CZ",
                "Sverige": "SE", "Norge": "NO", "Danmark": "DK", "Suomi": "FI",
                "Nederland": "NL", "Magyarország": "HU", "România": "RO"}
_SHARED_CURRENCIES = {"USD", "EUR"}


@cache
def _country_names() -> dict[str, str]:
    import pycountry

    names = dict(_SHORT_NAMES)
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names.setdefault(value, country.alpha_2)
    return names


@cache
def _names_pattern() -> re.Pattern[str]:
    names = sorted(_country_names(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def brief_country(text: str, currency: str | None) -> str | None:
    """The one country the brief is set in, by its currency or the one country it names."""
    import pycountry

    if currency and len(currency) == 3 and currency not in _SHARED_CURRENCIES \
            and not currency.startswith("X") and pycountry.countries.get(alpha_2=currency[:2]):
        return currency[:2]
    named = {_country_names()[m.group(0)] for m in _names_pattern().finditer(text)}
    return named.pop() if len(named) == 1 else None


@cache
def holiday_names(country: str, year: int,
                  language: str | None = "en_US") -> Mapping[str, tuple[date, ...]] | None:
    """``country``'s holidays in ``year`` by name (the ``holidays`` package's calendar, in
    ``language``; None: its own), each with its days in order; None where the package has
    no calendar for ``country``."""
    import holidays

    try:
        calendar = holidays.country_holidays(country, years=year, language=language)
    except NotImplementedError:  # the package keeps no calendar for this country
        return None
    named: dict[str, list[date]] = {}
    for day, names in calendar.items():
        for name in names.split("; "):
            named.setdefault(name.strip(), []).append(day)
    return {name: tuple(sorted(days)) for name, days in named.items()}


def country_day(written: str, country: str, year: int) -> date | None:
    """The day ``written`` (a name in ``KEPT_BY_COUNTRY``) falls on in ``country`` in
    ``year``; None where the name is not one kept by country. Raises LookupError where
    that country's calendar does not keep it."""
    english = next((name for words, name in KEPT_BY_COUNTRY
                    if re.fullmatch(words, written, re.IGNORECASE)), None)
    if english is None:
        return None
    calendar = holiday_names(country, year)
    if calendar is None:
        raise LookupError(f"{written!r}: the calendar of {country} is not known here; "
                          "give the dates")
    days = calendar.get(english)
    if not days:
        raise LookupError(f"{written!r} is not a holiday of {country} known here (it falls on "
                          "different days in different countries); give the dates")
    return min(days)
