"""One end of a flight as written (a day, a month, a part of a month, a quarter) and
the date it stands for when read as the flight's start or its end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ad_buyer.intake.flight_text import last_day


@dataclass(frozen=True)
class Endpoint:
    """One end of a flight as written: what is known, and how to read it as a start or end."""

    month: int
    year: int | None
    day: int | None = None  # None: a whole month (or part of one)
    part: str | None = None
    end_month: int | None = None  # a quarter or half spans to this month
    ambiguous: tuple[int, int] | None = None  # numeric a/b, both could be the month
    source: str = ""
    last: date | None = None  # a named period ("next quarter", "the week of May 3") ends here



_PART_DAYS = {"early": (1, 10), "mid": (15, 15), "middle of": (15, 15), "late": (20, 0),
              "beginning of": (1, 1), "start of": (1, 1), "end of": (0, 0),
              "first half of": (1, 15), "second half of": (16, 0),
              "first fortnight of": (1, 14), "second fortnight of": (15, 0),
              "last fortnight of": (-13, 0)}  # below 0: days before the month's last


def as_start(p: Endpoint, year: int) -> date:
    if p.day is not None:
        return date(year, p.month, p.day)
    if p.part is not None:
        day = _PART_DAYS[p.part][0]
        return date(year, p.month, day if day > 0 else last_day(year, p.month) + day)
    return date(year, p.month, 1)


def as_end(p: Endpoint, year: int) -> date:
    if p.last is not None:
        return p.last
    month = p.end_month or p.month
    if p.day is not None:
        return date(year, month, p.day)
    if p.part is not None:
        day = _PART_DAYS[p.part][1]
        return date(year, month, day or last_day(year, month))
    return date(year, month, last_day(year, month))


def next_year(p: Endpoint, reference: date) -> int:
    """The year of the endpoint's next occurrence: its start on or after the reference."""
    year = reference.year
    while as_start(p, year) < reference:
        year += 1
    return year
