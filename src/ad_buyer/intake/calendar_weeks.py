"""Flights written in ISO calendar weeks: "KW 2 - KW 13 2027" (German Kalenderwoche),
"CW 10 to CW 17 2027", "weeks 10-17 2027", "week 14 up to and including week 19 of 2027",
"Vecka 10-17 2027", "uge 10-17 2027", "semanas 10 a 17 de 2027".
A flight runs from the Monday of its first week to the Sunday of its last."""

from __future__ import annotations

import re
from datetime import date

from ad_buyer.intake.reading import Reading
from ad_buyer.models.brief import GapKind

# and in other languages: Swedish, Danish, Norwegian, Finnish, Dutch, Spanish/Portuguese,
# French, Italian, Polish, Czech, German
_WEEK = (r"(?:KW|CW|calendar\s+weeks?|weeks?|wks?|vecka|veckor(?:na)?|uge|uger|uke|uker|"
         r"viikot?|viikko|weken|semanas?|semaines?|settiman[ae]|tydzie[nń]|tygodnie|t[ýy]dn[y]?|"
         r"t[ýy]den|Wochen?)")
_WEEKS = re.compile(rf"\b{_WEEK}\.?\s*(\d{{1,2}})(?:\s*[/']\s*(20\d\d))?\s*(?:-|–|to|bis|through|"
                    rf"thru|until|till|up\s+to(?:\s+and\s+including)?|"
                    rf"(?:to|through)\s+and\s+including|bis\s+einschlie(?:ß|ss)lich)\s*(?:{_WEEK}\.?\s*)?(\d{{1,2}})(?:\s*(?:[/,']\s*|\s+(?:of\s+|in\s+)?)"
                    rf"(20\d\d))?\b(?!\s*(?:%|k\b|m\b|[-–]\d|years?|yo\b|y/o))",
                    re.IGNORECASE)


def calendar_weeks(text: str, reading: Reading) -> list[tuple[date, date]]:
    """The flight a span of calendar weeks names, or nothing."""
    m = _WEEKS.search(text)
    if m is None:
        return []
    first, last = int(m.group(1)), int(m.group(3))
    written = m.group(4) or m.group(2)
    end_year = int(written) if written else reading.reference.year
    try:
        if not written and date.fromisocalendar(end_year, first, 1) < reading.reference:
            end_year += 1  # "weeks 14-20": their next occurrence
        start_year = int(m.group(2) or end_year)
        start = date.fromisocalendar(start_year, first, 1)
        end = date.fromisocalendar(end_year, last, 7)
    except ValueError:
        return []
    if not written:
        reading.assume(f"{m.group(0)!r} has no year: read as the weeks of {end_year}, their "
                       "next occurrence")
    if end <= start:
        return []
    reading.mark_match(m)
    reading.assume(f"{m.group(0)!r} read as ISO calendar weeks: {start.isoformat()} (a "
                   f"Monday) to {end.isoformat()} (a Sunday)")
    return [(start, end)]


def restated_weeks(text: str, flight: tuple[date, date], reading: Reading) -> None:
    """"8 March 2027 t/m 4 April 2027 (week 10-13)": calendar weeks that are the flight's own
    days restate it, and are read; weeks reaching outside the flight contradict it; weeks
    within it (a phase) are left as they are."""
    scratch = Reading(reference=reading.reference)
    weeks = calendar_weeks(text, scratch)
    if not weeks:
        return
    written = text[scratch.spans[0][0]:scratch.spans[0][1]]
    first, last = weeks[0]
    if (first, last) == flight:
        reading.mark(*scratch.spans[0])
        reading.assume(f"{written!r} restates the flight {first.isoformat()} to "
                       f"{last.isoformat()} in ISO weeks")
    elif first < flight[0] or last > flight[1]:
        reading.mark(*scratch.spans[0])
        reading.issue("flight_dates", GapKind.CONTRADICTORY,
                      f"{written!r} is {first.isoformat()} to {last.isoformat()} in ISO weeks, "
                      f"but the flight's dates are {flight[0].isoformat()} to "
                      f"{flight[1].isoformat()}; which is it?")
