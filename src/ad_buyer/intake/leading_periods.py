"""The first or last stretch of a year or a month: "the first three months of 2027", "the
last two weeks of November 2027", "the first 10 days of next year". Months count whole
calendar months; weeks and days count from the period's first day (or back from its last).
Used by :mod:`ad_buyer.intake.period_parts`."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ad_buyer.intake.flight_text import SMALL
from ad_buyer.intake.reading import Reading
from ad_buyer.intake.when import Span

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_LEADING = re.compile(
    r"\b(?:the\s+)?(?P<which>first|opening|initial|last|final|closing)\s+"
    r"(?P<n>\d{1,2}|" + "|".join(SMALL) + r")\s+(?P<unit>months?|weeks?|wks?|days?)\s+"
    r"(?:of|in)\s+(?:(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+)?"
    r"(?:(?P<y>20\d\d)\b|(?P<rel>next|this|the)\s+year\b)",
    re.IGNORECASE)


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def leading_periods(text: str, reading: Reading) -> list[Span]:
    """The stretches of a year or month ``text`` names by their first or last N units."""
    out: list[Span] = []
    for m in _LEADING.finditer(text):
        rel = (m.group("rel") or "").lower()
        year = int(m.group("y")) if m.group("y") else \
            reading.reference.year + (1 if rel == "next" else 0)
        span = _span(m, year)
        if span is not None and rel == "the" and span[1] < reading.reference:
            span = _span(m, year + 1)  # "the first two weeks of the year": its next occurrence
        if span is None:
            continue
        source = m.group(0).strip()
        reading.assume(f"{source!r} read as {span[0].isoformat()} to {span[1].isoformat()}")
        out.append(Span(m.start(), m.end(), span[0], span[1], source))
    return out


def _span(m: re.Match[str], year: int) -> tuple[date, date] | None:
    raw = m.group("n").lower()
    n = int(raw) if raw.isdigit() else SMALL[raw]
    unit = m.group("unit").lower()[0]  # m(onths), w(eeks), d(ays)
    if m.group("m"):
        month = _MONTHS.index(m.group("m")[:3].lower()) + 1
        first, months = date(year, month, 1), 1
    else:
        first, months = date(year, 1, 1), 12
    last = _month_start(first.year, first.month + months) - timedelta(days=1)
    if n == 0 or (unit == "m" and n >= months):
        return None  # "the first 12 months of 2027" is the year: read as written elsewhere
    leading = m.group("which").lower() in ("first", "opening", "initial")
    if unit == "m":
        return (first, _month_start(year, first.month + n) - timedelta(days=1)) if leading \
            else (_month_start(year, last.month + 1 - n), last)
    days = n * (7 if unit == "w" else 1)
    if days >= (last - first).days + 1:
        return None
    return (first, first + timedelta(days=days - 1)) if leading else \
        (last - timedelta(days=days - 1), last)
