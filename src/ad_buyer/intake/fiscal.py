"""Fiscal quarters and halves: "FY27 Q3", "Q1 FY28", "H2 of FY27", "fiscal Q2 2027".

A fiscal year is named by the calendar year it ends in (FY27 starting July 1 runs July 1
2026 - June 30 2027), unless it starts in January (then it is the calendar year). Its
first month is the one the brief states ("our FY starts Jul 1", "fiscal year begins in
October"), else the country's own: Australia's financial year starts July 1, India's
April 1, the US federal one October 1 (each an assumption). With no start known, a
fiscal quarter read as the flight is asked about, never read as the calendar quarter.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ad_buyer.intake.reading import Reading
from ad_buyer.intake.when import Span

_MONTH = (r"(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
_PERIOD = re.compile(
    r"\bFY\s?'?(?P<y>\d{4}|\d{2})\s*[-/,]?\s*(?P<p>[QH][1-4])\b"
    r"|\b(?P<p2>[QH][1-4])\s*(?:of\s+)?(?:the\s+)?FY\s?'?(?P<y2>\d{4}|\d{2})\b"
    r"|\bfiscal\s+(?:year\s+)?(?P<p3>[QH][1-4])\s*(?:of\s+)?(?:FY\s?)?'?(?P<y3>20\d\d)\b",
    re.IGNORECASE)
_STATED = re.compile(
    r"(?:\b(?:fiscal|financial)\s+year|\bFY\s?'?\d{0,4})(?:\s*\(FY\))?\s+(?:starts|begins|"
    r"commences|runs\s+from|starting|beginning|is)\s+(?:on\s+|in\s+)?(?:the\s+)?"
    r"(?:(?:1st|first|1)\s+(?:of\s+)?)?" + _MONTH
    + r"|\b(?:fiscal|financial)\s+year\s+(?:runs\s+)?" + _MONTH.replace("?P<m>", "?P<m2>")
    + r"\s*(?:-|–|to|through)\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE)
# A country's own fiscal year, where the brief is about that country.
_BY_COUNTRY = [
    (re.compile(r"\bA\$|\bAUD\b|\bAustralia|\bEOFY\b", re.IGNORECASE), 7,
     "Australia's financial year (July 1 - June 30)"),
    (re.compile(r"₹|\bINR\b|\bIndia\b|\bcrore|\blakh", re.IGNORECASE), 4,
     "India's financial year (April 1 - March 31)"),
    (re.compile(r"\b(?:US\s+)?(?:federal|government)\s+fiscal\s+year", re.IGNORECASE), 10,
     "the US federal fiscal year (October 1 - September 30)"),
]


@dataclass(frozen=True)
class FiscalPeriods:
    """Fiscal periods read as dates, and those written with no start to read them by."""

    spans: list[Span]
    unknown: list[tuple[str, date, date]]  # as written, and its calendar reading


def _month(name: str) -> int:
    return next(i for i in range(1, 13)
                if calendar.month_name[i].lower().startswith(name[:3].lower()))


def _first_month(text: str, reading: Reading) -> int | None:
    stated = _STATED.search(text)
    if stated:
        return _month(stated.group("m") or stated.group("m2"))
    for pattern, month, name in _BY_COUNTRY:
        if pattern.search(text):
            reading.assume(f"the fiscal year is {name}")
            return month
    return None


def _add_months(day: date, n: int) -> date:
    index = day.month - 1 + n
    return date(day.year + index // 12, index % 12 + 1, 1)


def fiscal_periods(text: str, reading: Reading) -> FiscalPeriods:
    spans: list[Span] = []
    unknown: list[tuple[str, date, date]] = []
    found = list(_PERIOD.finditer(text))
    if not found:
        return FiscalPeriods(spans, unknown)
    first_month = _first_month(text, reading)
    for m in found:
        raw_year = m.group("y") or m.group("y2") or m.group("y3")
        period = (m.group("p") or m.group("p2") or m.group("p3")).upper()
        year = int(raw_year) if len(raw_year) == 4 else 2000 + int(raw_year)
        number = int(period[1])
        if period[0] == "H" and number > 2:
            continue
        months = 3 if period[0] == "Q" else 6
        source = m.group(0).strip()
        calendar_first = date(year, (number - 1) * months + 1, 1)
        if first_month is None:
            unknown.append((source, calendar_first,
                            _add_months(calendar_first, months) - timedelta(days=1)))
            continue
        year_start = date(year if first_month == 1 else year - 1, first_month, 1)
        first = _add_months(year_start, (number - 1) * months)
        last = _add_months(first, months) - timedelta(days=1)
        reading.assume(f"{source!r} read as {first.isoformat()} to {last.isoformat()} (the "
                       f"fiscal year starting in {calendar.month_name[first_month]}, named by "
                       "the year it ends in)")
        spans.append(Span(m.start(), m.end(), first, last, source, whole_flight=True))
    return FiscalPeriods(spans, unknown)
