"""Any holiday of the brief's country, by the name the ``holidays`` package gives it in
English ("from 1 March 2027 through Tiradentes' Day" in a Brazilian brief, "until Jamhuri
Day 2027" in a Kenyan one, "Family Day 2027" in a South African one): the day, or the
days of a festival kept several days running. Only the country the brief settles
(:mod:`ad_buyer.intake.holiday_countries`) is looked up; names the planners' list in
:mod:`ad_buyer.intake.holiday_days` knows are read there first."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from ad_buyer.intake.holiday_countries import BRIEF_COUNTRY, holiday_names
from ad_buyer.intake.holiday_days import HOLIDAYS
from ad_buyer.intake.reading import Reading
from ad_buyer.intake.when import Span

_YEAR_AFTER = re.compile(r"^,?\s+(20\d\d)\b")
_YEAR_AHEAD = re.compile(r"^[^.;\n!?]{0,60}?\b(20\d\d)\b")


@cache
def _days(country: str, year: int) -> dict[str, tuple[date, ...]]:
    """The country's holidays this reader looks up: not "(observed)" or "(in lieu)" days,
    nor those the planners' list reads first."""
    return {name: days for name, days in (holiday_names(country, year) or {}).items()
            if "(" not in name and len(name) >= 6 and not any(
                re.fullmatch(words, name, re.IGNORECASE) for words, _ in HOLIDAYS)}


@cache
def _pattern(country: str, year: int) -> re.Pattern[str] | None:
    names = sorted(_days(country, year), key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w'’])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w'’])")


def _span_of(days: tuple[date, ...]) -> tuple[date, date]:
    """A festival's first and last day where its days run on, else the first."""
    last = days[0]
    for day in days[1:]:
        if day - last != timedelta(days=1):
            break
        last = day
    return days[0], last


def country_days(text: str, reading: Reading) -> list[Span]:
    """Holidays of the brief's country named in ``text``, each a span of its day(s)."""
    country = BRIEF_COUNTRY.get()
    if country is None or country == "US":
        return []
    out: list[Span] = []
    this_year = reading.reference.year
    pattern = _pattern(country, this_year + 1)
    if pattern is None:
        return []
    for m in pattern.finditer(text):
        written = _YEAR_AFTER.match(text[m.end():])
        ahead = written or _YEAR_AHEAD.match(text[m.end():])
        end = m.end() + (written.end() if written else 0)
        years = [int(ahead.group(1))] if ahead else [this_year, this_year + 1]
        for year in years:
            days = _days(country, year).get(m.group(0))
            if not days:
                continue
            first, last = _span_of(days)
            if ahead or last >= reading.reference:
                break
        else:
            continue
        reading.assume(f"{text[m.start():end].strip()!r} read as {first.isoformat()}"
                       + (f" to {last.isoformat()}" if last != first else "")
                       + f", from {country}'s calendar")
        out.append(Span(m.start(), end, first, last, text[m.start():end].strip()))
    return out
