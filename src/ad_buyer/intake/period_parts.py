"""Parts of quarters and seasons with no year: "the back half of Q3 2027", "late Q2",
"mid-Q4", "over the summer", "this winter", "next spring", "the second week of May"
(days 8-14; the last week is the month's last seven days).

A quarter's halves split at the 15th of its middle month (Q1: Jan 1 - Feb 14 and Feb 15 -
Mar 31); early, mid and late are its first, middle and last months. A season is its three
months (summer June - August), in the southern hemisphere where the brief is about
Australia, New Zealand, South Africa or Argentina (summer December - February). A period
with no year is its next occurrence; one already under way runs from the reference date.
A season's name in capitals ("Winter Warmers") is a name, not a period; dates stated
beside a season are the flight. Each reading is an assumption the planner sees.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ad_buyer.intake.leading_periods import leading_periods
from ad_buyer.intake.reading import Reading
from ad_buyer.intake.when import Span
from ad_buyer.models.brief import GapKind

_QUARTER_PART = re.compile(
    r"\b(?:the\s+)?(?:(?P<half>first|front|second|back)\s+half\s+of|(?P<part>early|mid|late|(?:the\s+)?(?:end|start|beginning)\s+of))"
    r"[\s-]*(?:the\s+)?(?P<q>Q[1-4])(?:\s*'?(?P<y>20\d\d|\d\d)\b)?", re.IGNORECASE)
_SEASON = re.compile(
    r"\b(?:(?P<rel>this|next|the\s+coming|the\s+upcoming)\s+|(?:over|during|in|across|for|"
    r"through(?:out)?)\s+(?:the\s+)?)(?P<season>(?-i:summer|winter|spring|fall|autumn))\b"
    r"(?!\s+(?:of\s+)?20\d\d|['’]s|\s+(?:sale|campaign|collection|range|menu|launch|refresh|"
    r"push|promo\w*|event|season|break|holidays?|term|schedule)\b)", re.IGNORECASE)
_NORTH = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_SOUTH_WORDS = re.compile(r"\bA\$|\bAUD\b|\bNZ\$|\bNZD\b|\bZAR\b|Australia|New\s+Zealand|"
                          r"South\s+Africa|Argentin|\bANZ\b", re.IGNORECASE)


_RANGE_WORD = re.compile(r"(?:through|thru|until|till|to|-|–)\s*$", re.IGNORECASE)


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _quarter_parts(text: str, reading: Reading) -> list[Span]:
    out: list[Span] = []
    for m in _QUARTER_PART.finditer(text):
        if re.match(r"(?:the\s+)?(?:end|start|beginning)", m.group("part") or "", re.IGNORECASE) \
                and not _RANGE_WORD.search(text[max(0, m.start() - 12):m.start()]):
            continue  # "by the end of Q1" is a deadline; "through the end of Q1" a flight's end
        q = int(m.group("q")[1])
        first_month = (q - 1) * 3 + 1
        raw = m.group("y")
        year = (int(raw) if len(raw) == 4 else 2000 + int(raw)) if raw else \
            reading.reference.year
        if raw is None and _month_start(year, first_month + 3) <= reading.reference:
            year += 1
        if m.group("half"):
            second = m.group("half").lower() in ("second", "back")
            middle = _month_start(year, first_month + 1)
            first = middle.replace(day=15) if second else _month_start(year, first_month)
            last = (_month_start(year, first_month + 3) if second else
                    middle.replace(day=15)) - timedelta(days=1)
        else:
            part = m.group("part").lower().split()[-2] if " " in m.group("part") else \
                m.group("part").lower()
            offset = {"early": 0, "start": 0, "beginning": 0, "mid": 1, "late": 2,
                      "end": 2}[part]
            first = _month_start(year, first_month + offset)
            last = _month_start(year, first_month + offset + 1) - timedelta(days=1)
        source = m.group(0).strip()
        reading.assume(f"{source!r} read as {first.isoformat()} to {last.isoformat()}")
        out.append(Span(m.start(), m.end(), first, last, source))
    return out


def _seasons(text: str, reading: Reading) -> list[Span]:
    out: list[Span] = []
    south = _SOUTH_WORDS.search(text) is not None
    ref = reading.reference
    for m in _SEASON.finditer(text):
        name = m.group("season").lower()
        month = _NORTH[name] + (6 if south else 0)
        rel = " ".join((m.group("rel") or "").lower().split())
        # the season starting in the reference year's calendar, or the one under way
        first = _month_start(ref.year - 1, month)
        while _month_start(first.year, first.month + 3) <= ref:
            first = _month_start(first.year + 1, first.month)
        if rel == "next" and first <= ref:
            first = _month_start(first.year + 1, first.month)
        last = _month_start(first.year, first.month + 3) - timedelta(days=1)
        if first < ref:
            first = ref
        source = m.group(0).strip()
        where = " (southern hemisphere)" if south else ""
        reading.assume(f"{source!r} read as {first.isoformat()} to {last.isoformat()}, the "
                       f"{name}'s months{where}")
        out.append(Span(m.start(), m.end(), first, last, source))
    return out


# "between now and Christmas", "ASAP through end of Feb", "from today until Jan 31": the
# reference date, where a range runs from it
_NOW = re.compile(r"\b(?:now|today|asap|immediately|right\s+away)\b(?=\s*(?:-|–|—|to|through|"
                  r"thru|until|till|and)\s)", re.IGNORECASE)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# "starting next Monday for 4 weeks", "this coming Tuesday"
_NEXT_WEEKDAY = re.compile(r"\b(?P<rel>next|this\s+coming|coming)\s+(?P<wd>" + "|".join(_WEEKDAYS)
                           + r")\b", re.IGNORECASE)


def _days(text: str, reading: Reading) -> list[Span]:
    ref = reading.reference
    out: list[Span] = []
    for m in _NOW.finditer(text):
        reading.assume(f"{m.group(0)!r} read as the reference date, {ref.isoformat()}")
        out.append(Span(m.start(), m.end(), ref, ref, m.group(0)))
    for m in _NEXT_WEEKDAY.finditer(text):
        # "next Monday" is read as the coming one (an assumption the planner sees)
        ahead = (_WEEKDAYS.index(m.group("wd").lower()) - ref.weekday()) % 7 or 7
        day = ref + timedelta(days=ahead)
        reading.assume(f"{m.group(0)!r} read as {day.isoformat()} (reference date "
                       f"{ref.isoformat()})")
        out.append(Span(m.start(), m.end(), day, day, m.group(0)))
    return out


_GOLDEN_WEEK = re.compile(r"\bgolden\s+week\b(?:,?\s+(?P<y>20\d\d))?", re.IGNORECASE)
_CHINA = re.compile(r"China|Chinese|\bCNY\b|\bRMB\b|Shanghai|Beijing|Shenzhen|Guangzhou")
_JAPAN = re.compile(r"Japan|Tokyo|Osaka|Kyoto|\bJPY\b|¥")


def _golden_week(text: str, reading: Reading) -> list[Span]:
    """Japan's Golden Week (April 29 - May 5) or China's (October 1-7), by the country the
    brief is about; asked about where it names neither."""
    out: list[Span] = []
    for m in _GOLDEN_WEEK.finditer(text):
        china, japan = _CHINA.search(text), _JAPAN.search(text)
        if bool(china) == bool(japan):
            reading.issue("flight_dates", GapKind.AMBIGUOUS,
                          "Golden Week is April 29 - May 5 in Japan and October 1-7 in China; "
                          "say which, or give the dates")
            continue
        days = ((10, 1), (10, 7)) if china else ((4, 29), (5, 5))
        year = int(m.group("y")) if m.group("y") else reading.reference.year
        if not m.group("y") and date(year, *days[1]) < reading.reference:
            year += 1
        first, last = date(year, *days[0]), date(year, *days[1])
        reading.assume(f"{m.group(0)!r} read as {'China' if china else 'Japan'}'s: "
                       f"{first.isoformat()} to {last.isoformat()}")
        out.append(Span(m.start(), m.end(), first, last, m.group(0)))
    return out


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# "the second week of May 2027", "the last week of June": days 8-14, the last seven days
_WEEK_OF_MONTH = re.compile(
    r"\b(?:the\s+)?(?P<which>first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|final)\s+week\s+of\s+"
    r"(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:,?\s+(?P<y>20\d\d))?",
    re.IGNORECASE)
_NTH = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
        "fifth": 5, "5th": 5}


def _weeks_of_months(text: str, reading: Reading) -> list[Span]:
    out: list[Span] = []
    for m in _WEEK_OF_MONTH.finditer(text):
        month = _MONTHS.index(m.group("m")[:3].lower()) + 1
        year = int(m.group("y")) if m.group("y") else reading.reference.year
        if not m.group("y") and _month_start(year, month + 1) <= reading.reference:
            year += 1
        last_day = _month_start(year, month + 1) - timedelta(days=1)
        which = m.group("which").lower()
        if which in ("last", "final"):
            first, last = last_day - timedelta(days=6), last_day
        elif 1 + 7 * (_NTH[which] - 1) > last_day.day:  # "the fifth week of February 2027"
            reading.issue("flight_dates", GapKind.INVALID,
                          f"{m.group(0).strip()!r} does not exist: that month has "
                          f"{last_day.day} days; give the dates")
            continue
        else:  # "the fifth week of May": the days left after the fourth, 29th to the end
            first = date(year, month, 1 + 7 * (_NTH[which] - 1))
            last = min(first + timedelta(days=6), last_day)
        source = m.group(0).strip()
        reading.assume(f"{source!r} read as {first.isoformat()} to {last.isoformat()}")
        out.append(Span(m.start(), m.end(), first, last, source))
    return out


_REST_OF = re.compile(r"\b(?:the\s+)?(?:rest|remainder|balance)\s+of\s+(?:(?:the|this)\s+)?"
                      r"(?:(?P<unit>year|quarter|month)\b|(?P<q>Q[1-4])(?:\s+(?P<y>20\d\d))?\b)",
                      re.IGNORECASE)


def _rest_of(text: str, reading: Reading) -> list[Span]:
    """"the rest of the year", "the remainder of Q1 2027": from the reference date on."""
    ref = reading.reference
    out: list[Span] = []
    for m in _REST_OF.finditer(text):
        unit = (m.group("unit") or "").lower()
        if unit == "year":
            start, months = date(ref.year, 1, 1), 12
        elif unit == "month":
            start, months = ref.replace(day=1), 1
        else:
            number = int(m.group("q")[1]) if m.group("q") else (ref.month - 1) // 3 + 1
            year = int(m.group("y")) if m.group("y") else ref.year
            start, months = date(year, (number - 1) * 3 + 1, 1), 3
            if not m.group("y") and m.group("q") and \
                    _month_start(start.year, start.month + 3) <= ref:
                start = date(year + 1, start.month, 1)
        last = _month_start(start.year, start.month + months) - timedelta(days=1)
        first = max(start, ref)
        source = m.group(0).strip()
        reading.assume(f"{source!r} read as {first.isoformat()} to {last.isoformat()}")
        out.append(Span(m.start(), m.end(), first, last, source))
    return out


def is_season(source: str) -> bool:
    """``source`` names a season with no year ("over the summer"): a setting, which dates
    stated beside it narrow."""
    return _SEASON.fullmatch(source) is not None


def period_parts(text: str, reading: Reading) -> list[Span]:
    """Parts of quarters and seasons written in ``text``, as spans of dates."""
    return (_quarter_parts(text, reading) + _seasons(text, reading) + _days(text, reading)
            + _golden_week(text, reading) + _weeks_of_months(text, reading)
            + _rest_of(text, reading) + leading_periods(text, reading))
