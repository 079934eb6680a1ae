"""Named and relative dates in a brief: holidays, "next quarter", "the week of May 3",
"the four weeks before Christmas 2027", "the six weeks after our launch on 2027-03-15".

Holidays are named in :mod:`ad_buyer.intake.holiday_days`. An anchor date
that is not a holiday is read by ``dateparser``. Every resolution is an assumption the
planner sees; a holiday without a year takes the next year written after it in
the same sentence ("Labor Day through Halloween 2027"), else its next
occurrence on or after the reference date. Both libraries load on first use.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ad_buyer.intake.holiday_days import BRIEF_TEXT, HOLIDAYS, festival_last, holiday_on
from ad_buyer.intake.next_year import dated_next_year
from ad_buyer.intake.reading import Reading
from ad_buyer.models.brief import GapKind

_HOLIDAY = re.compile(r"\b(?P<name>" + "|".join(f"(?:{w})" for w, _ in HOLIDAYS) + r")\b"
                      r"(?:,?\s+(?P<y>20\d\d))?(?P<weekend>\s+weekend)?(?P<week>\s+week)?",
                      re.IGNORECASE)
_HOLIDAY_BEFORE = re.compile(_HOLIDAY.pattern.replace(r"(?P<name>", "(?:").replace(
    "(?P<y>", "(?:").replace("(?P<weekend>", "(?:").replace("(?P<week>", "(?:") + r"\s*,?\s*$",
    re.IGNORECASE)
# Months known by an observance: (words, month).
_NAMED_MONTHS = [(r"pride\s+month", 6), (r"black\s+history\s+month", 2),
                 (r"women'?s\s+history\s+month", 3), (r"hispanic\s+heritage\s+month", 9)]
_NAMED_MONTH = re.compile(r"\b(?P<name>" + "|".join(w for w, _ in _NAMED_MONTHS) + r")\b"
                          r"(?:,?\s+(?P<y>20\d\d))?", re.IGNORECASE)
_YEAR_AHEAD = re.compile(r"^[^.;\n!?]{0,60}?\b(20\d\d)\b")
_NEXT_YEAR_AHEAD = re.compile(r"^[^.;\n!?]{0,60}?\b(?:next|the\s+following)\s+year\b",
                              re.IGNORECASE)
_YEAR_BEHIND = re.compile(r"\b(20\d\d)\b[^.;\n!?\d]{0,40}$")
_SMALL = {w: i for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six",
                                      "seven", "eight", "nine", "ten", "eleven", "twelve"])}
_COUNT = r"(?P<n>\d{1,2}|" + "|".join(_SMALL) + r"|a|an)"


@dataclass(frozen=True)
class Span:
    """A stretch of the text read as dates: a day, a period, or a whole flight."""

    start: int
    end: int
    first: date
    last: date
    source: str
    whole_flight: bool = False


def _holiday_day(m: re.Match[str], text: str, reading: Reading) -> date | None:
    try:
        return _holiday_day_or_raise(m, text, reading)
    except LookupError as error:  # an event whose date is not fixed that year
        if not any(i.message == str(error) for i in reading.issues):
            reading.issue("flight_dates", GapKind.AMBIGUOUS, str(error))
        return None


def _holiday_day_or_raise(m: re.Match[str], text: str, reading: Reading) -> date:
    name = m.group("name")
    on = holiday_on(name, text)
    if m.group("y"):
        return on(int(m.group("y")))
    ahead = _YEAR_AHEAD.match(text[m.end():]) or _YEAR_BEHIND.search(text[:m.start()])
    next_year = _NEXT_YEAR_AHEAD.match(text[m.end():])
    if next_year and not ahead:  # "Black Friday through Christmas Eve next year"
        day = on(reading.reference.year + 1)
        reading.assume(f"{name!r} takes the year {day.year} from 'next year' written with it: "
                       f"{day.isoformat()}")
        return day
    if ahead:
        day = on(int(ahead.group(1)))
        if ahead.re is _YEAR_AHEAD:  # "11.11 to 12.12 sale season 2027": the year is read
            reading.mark(m.end() + ahead.start(1), m.end() + ahead.end(1))
        reading.assume(f"{name!r} takes the year {ahead.group(1)} written with it: "
                       f"{day.isoformat()}")
        return day
    year = reading.reference.year
    while on(year) < reading.reference:
        year += 1
    day = on(year)
    reading.assume(f"{name!r} has no year: read as {day.isoformat()}, its next occurrence")
    return day


def _count(raw: str) -> int:
    raw = raw.lower()
    return int(raw) if raw.isdigit() else 1 if raw in ("a", "an") else _SMALL[raw]


def _length(n: int, unit: str) -> timedelta:
    unit = unit.lower()
    return timedelta(days=n * (7 if unit.startswith(("week", "wk")) else
                               30 if unit.startswith("month") else 1))


def _add_months(day: date, n: int) -> date:
    index = day.month - 1 + n
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def anchor_date(text: str, reading: Reading) -> tuple[date, int] | None:
    """The date ``text`` starts with (a holiday or a date dateparser reads), and its length."""
    holiday = _HOLIDAY.match(text)
    if holiday:
        day = _holiday_day(holiday, text, reading)
        return None if day is None else (day, holiday.end())
    numeric = re.match(r"(\d{1,2})/(\d{1,2})/(\d{2,4})\b", text)
    if numeric and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12 \
            and numeric.group(1) != numeric.group(2):
        reading.issue("flight_dates", GapKind.AMBIGUOUS,
                      f"{numeric.group(0)!r} could be day-first or month-first; write the "
                      "month's name")
        return None
    import dateparser

    words = re.match(r"[^.;\n!?()]*", text)
    tokens = (words.group(0) if words else "").split()
    # a date ends at a comma, unless its year follows ("March 1, 2027"; "5 April, 12 April")
    cut = next((i + 1 for i, t in enumerate(tokens[:-1])
                if t.endswith(",") and not re.fullmatch(r"\d{4}\b.*", tokens[i + 1])), None)
    tokens = tokens[:cut]
    settings = {"PREFER_DATES_FROM": "future", "REQUIRE_PARTS": ["day", "month"],
                "RELATIVE_BASE": datetime.combine(reading.reference, datetime.min.time())}
    for size in range(min(len(tokens), 5), 0, -1):
        candidate = " ".join(tokens[:size]).rstrip(",")
        if not re.search(r"\d", candidate) or any(_CONNECTOR.fullmatch(t.rstrip(","))
                                                  for t in tokens[1:size]):
            continue  # "7 June and 14" is a date and the start of another
        parsed = dateparser.parse(candidate, languages=["en"], settings=settings)
        if parsed is not None and parsed.year <= reading.reference.year + 3:
            end = text.find(tokens[size - 1]) + len(tokens[size - 1].rstrip(","))
            return parsed.date(), end
    return None


_CONNECTOR = re.compile(r"(?:and|to|through|thru|until|or|the|from|for|-|–|—),?",
                        re.IGNORECASE)
_BEFORE_AFTER = re.compile(
    r"\b(?:the\s+|for\s+)?(?:(?:last|final|first)\s+)?"
    r"(?:(?P<n>\d{1,2}|" + "|".join(_SMALL) + r")\s+|(?P<one>a\s+)?)"
    r"(?P<unit>days?|weeks?|wks?|months?)\s+(?P<dir>before|leading\s+(?:up\s+to|into)|ahead\s+of|"
    r"(?:in\s+)?the\s+run[\s-]up\s+to|running\s+up\s+to|after|"
    r"following|around|surrounding|either\s+side\s+of|centred\s+on|centered\s+on)\s+(?:(?:our|the|its|product|campaign|store|brand)\s+)*"
    r"(?:(?:launch|opening|release|premiere|event)\s+)?(?:(?:on|of)\s+)?",
    re.IGNORECASE)
_BEFORE_WORDS = ("before", "leading up to", "leading into", "ahead of", "the run-up to",
                 "the run up to", "in the run-up to", "in the run up to", "running up to")
_WEEK_OF = re.compile(r"\b(?:the\s+)?weeks?\s+(?:of|starting|beginning|commencing)\s+",
                      re.IGNORECASE)
_AND_WEEK = re.compile(r"\s*(?:,?\s*and|,|through|thru|to|until|-|–)\s+(?:the\s+week\s+of\s+)?",
                       re.IGNORECASE)
_PART_OF_MONTH = re.compile(
    r"\b(?:the\s+)?(?P<which>first|last|final)\s+" + _COUNT + r"\s+(?P<unit>days|weeks)\s+of\s+"
    r"(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:,?\s+(?P<y>20\d\d))?",
    re.IGNORECASE)


def _windows(text: str, reading: Reading) -> list[Span]:
    """Whole flights written as a length around an anchor."""
    out: list[Span] = []
    for m in _BEFORE_AFTER.finditer(text):
        found = anchor_date(text[m.end():], reading)
        if found is None:
            continue
        anchor, length = found
        n = _count(m.group("n") or "1")
        unit = m.group("unit")
        direction = " ".join(m.group("dir").lower().split())
        before = direction in _BEFORE_WORDS
        if not before and direction not in ("after", "following"):
            # "2 weeks around Easter": the length centred on the anchor
            span = _length(n, unit) if not unit.lower().startswith("month") else \
                _add_months(anchor, n) - anchor
            first = anchor - timedelta(days=span.days // 2)
            last = first + span - timedelta(days=1)
        elif unit.lower().startswith("month"):
            first, last = ((_add_months(anchor, -n), anchor - timedelta(days=1)) if before
                           else (anchor, _add_months(anchor, n) - timedelta(days=1)))
        else:
            span = _length(n, unit)
            first, last = ((anchor - span, anchor - timedelta(days=1)) if before
                           else (anchor, anchor + span - timedelta(days=1)))
        source = text[m.start():m.end() + length].strip()
        reading.assume(f"{source!r} read as {first.isoformat()} to {last.isoformat()}")
        out.append(Span(m.start(), m.end() + length, first, last, source, whole_flight=True))
    for m in _PART_OF_MONTH.finditer(text):
        if any(s.start < m.end() and m.start() < s.end for s in out):
            continue
        month = next(i for i in range(1, 13) if calendar.month_name[i].lower().startswith(
            m.group("m")[:3].lower()))
        year = int(m.group("y")) if m.group("y") else (
            reading.reference.year + (1 if date(reading.reference.year, month, 1)
                                      < reading.reference.replace(day=1) else 0))
        days = _count(m.group("n")) * (7 if m.group("unit").lower() == "weeks" else 1)
        last_day = calendar.monthrange(year, month)[1]
        if m.group("which").lower() == "first":
            first, last = date(year, month, 1), date(year, month, min(days, last_day))
        else:
            first, last = date(year, month, max(1, last_day - days + 1)), date(year, month,
                                                                                last_day)
        source = m.group(0).strip()
        reading.assume(f"{source!r} read as {first.isoformat()} to {last.isoformat()}")
        out.append(Span(m.start(), m.end(), first, last, source, whole_flight=True))
    return out + _day_and_window(text, reading, out)


# "Easter Sunday 2027 and the three weeks before it": the day and the length beside it
# ..., or "Singles' Day 2027, the two weeks before": the length said after the day
_THEN_WINDOW = re.compile(r"\s*(?:,?\s*(?:and|plus)|,|:|\s-|\s–)\s+the\s+(?:last\s+|final\s+)?"
                          r"(?P<n>\d{1,2}|" + "|".join(_SMALL)
                          + r")\s+(?P<unit>days|weeks)\s+(?P<dir>before|after|leading\s+up\s+to|"
                          r"following)(?:\s+(?:it|that|then)\b|(?=\s*(?:[.;,)\n]|$)))",
                          re.IGNORECASE)


_ITS_DAYS = re.compile(r"\s*\(([^()\n]{1,30})\)")
_DAYS_OF = re.compile(r"^\s*(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?\s+([a-z]+)\.?\s*$|"
                      r"^\s*([a-z]+)\.?\s+(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?\s*$", re.IGNORECASE)


def _within(written: str, first: date, last: date) -> bool:
    """``written`` ("13-15 April", "Apr 13") names only days from ``first`` to ``last``."""
    m = _DAYS_OF.match(written)
    if m is None:
        return False
    month_word = (m.group(3) or m.group(4)).lower()[:3]
    months = [calendar.month_abbr[i].lower() for i in range(1, 13)]
    if month_word not in months:
        return False
    month = months.index(month_word) + 1
    days = [int(d) for d in (m.group(1), m.group(2), m.group(5), m.group(6)) if d]
    try:
        return all(first <= date(first.year, month, d) <= last for d in days)
    except ValueError:
        return False


def _day_and_window(text: str, reading: Reading, taken: list[Span]) -> list[Span]:
    out: list[Span] = []
    for holiday in _HOLIDAY.finditer(text):
        if any(s.start < holiday.end() and holiday.start() < s.end for s in taken):
            continue
        found = anchor_date(text[holiday.start():], reading)
        if found is None:
            continue
        anchor, length = found
        ends = festival_last(holiday_on(holiday.group("name"), text), anchor)
        # "Songkran 2027 (13-15 April) plus the two weeks before it": a bracket of its days
        aside = _ITS_DAYS.match(text, holiday.start() + length)
        if aside is not None and _DAYS_OF.match(aside.group(1)):
            if not _within(aside.group(1), anchor, ends):
                reading.issue("flight_dates", GapKind.AMBIGUOUS,
                              f"{holiday.group(0).strip()!r} is {anchor.isoformat()} to "
                              f"{ends.isoformat()}, not {aside.group(1)!r}; give the dates")
                continue
            length = aside.end() - holiday.start()
        m = _THEN_WINDOW.match(text, holiday.start() + length)
        if m is None:
            continue
        span = _length(_count(m.group("n")), m.group("unit"))
        before = m.group("dir").lower() in ("before", "leading up to")
        first, last = (anchor - span, ends) if before else (anchor, ends + span)
        source = text[holiday.start():m.end()].strip()
        reading.assume(f"{source!r} read as {first.isoformat()} to {last.isoformat()} "
                       "(the day itself included)")
        out.append(Span(holiday.start(), m.end(), first, last, source, whole_flight=True))
    return out


_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def _quarter_of(day: date) -> int:
    return (day.month - 1) // 3


def _periods(text: str, reading: Reading) -> list[Span]:
    """Relative periods: next quarter/month/year, the first half of next year, Q1 of 2027."""
    ref = reading.reference
    out: list[Span] = []
    pattern = re.compile(
        r"\b(?:the\s+)?(?:(?P<half>first|front|second|back)\s+half|"
        r"(?P<qn>first|second|third|fourth)\s+quarter|(?P<qc>[QH][1-4]))\s+(?:of\s+)?"
        r"(?:(?P<rel>next|this|the\s+coming|the\s+following)\s+year|(?P<y>20\d\d))\b"
        r"|\b(?P<rel2>next|this|the\s+coming|the\s+following)\s+(?P<unit>quarter|month|year)\b"
        r"|\b(?:the\s+)?(?:(?:full|whole|entire|calendar|all\s+of)\s+(?:year\s+|of\s+)?|CY\s?)"
        r"(?P<fy>20\d\d)\b"
        r"|\b(?:the\s+)?(?P<season>summer|winter|spring|fall|autumn)\s+(?:of\s+)?"
        r"(?P<sy>20\d\d)\b"
        r"|\b(?:the\s+)?(?:next|coming|following)\s+" + _COUNT.replace("(?P<n>", "(?P<count>")
        + r"\s+(?P<units>weeks|months)\b",
        re.IGNORECASE)
    for m in pattern.finditer(text):
        g = m.groupdict()
        source = m.group(0).strip()
        if g["units"]:  # "over the next two months": from the reference date
            first = ref
            last = (_add_months(ref, _count(g["count"])) if g["units"].lower() == "months"
                    else ref + timedelta(weeks=_count(g["count"]))) - timedelta(days=1)
        elif g["season"]:
            start_month = _SEASONS[g["season"].lower()]
            first = date(int(g["sy"]), start_month, 1)
            last = _add_months(first, 3) - timedelta(days=1)
            reading.assume(f"{source!r} read as {first.isoformat()} to {last.isoformat()} "
                           "(the season's three months)")
        elif g["fy"]:
            first, last = date(int(g["fy"]), 1, 1), date(int(g["fy"]), 12, 31)
        elif g["unit"]:
            unit, rel = g["unit"].lower(), g["rel2"].lower()
            step = 0 if rel == "this" else 1
            if unit == "quarter":
                q = _quarter_of(ref) + step
                year, q = ref.year + q // 4, q % 4
                first = date(year, q * 3 + 1, 1)
                last = _add_months(first, 3) - timedelta(days=1)
            elif unit == "month":
                first = _add_months(ref.replace(day=1), step)
                last = _add_months(first, 1) - timedelta(days=1)
            elif _HOLIDAY_BEFORE.search(text[:m.start()]):
                continue  # "Christmas Eve next year": the year of the holidays, no flight
            elif dated_next_year(text[:m.start()], rel, reading):
                continue  # "from mid-March for 6 weeks next year": the year of those dates
            else:
                first, last = date(ref.year + step, 1, 1), date(ref.year + step, 12, 31)
        else:
            year = int(g["y"]) if g["y"] else ref.year + (0 if g["rel"].lower() == "this"
                                                          else 1)
            if g["half"] or (g["qc"] and g["qc"][0].upper() == "H"):
                second = (g["half"] or "").lower() in ("second", "back") or g["qc"] == "H2"
                if g["qc"] and g["qc"][1] not in "12":
                    continue
                first = date(year, 7 if second else 1, 1)
            else:
                number = (["first", "second", "third", "fourth"].index(g["qn"].lower()) + 1
                          if g["qn"] else int(g["qc"][1]))
                first = date(year, (number - 1) * 3 + 1, 1)
            months = 6 if g["half"] or (g["qc"] or "Q")[0].upper() == "H" else 3
            last = _add_months(first, months) - timedelta(days=1)
        if not g["y"] and not g["fy"] and not g["season"]:
            reading.assume(f"{source!r} read as {first.isoformat()} to {last.isoformat()} "
                           f"(reference date {ref.isoformat()})")
        out.append(Span(m.start(), m.end(), first, last, source))
    return out


def _weekend(day: date) -> tuple[date, date]:
    """The long weekend a holiday falls in: Saturday to Monday, Thursday or Friday to Sunday."""
    if day.weekday() == calendar.MONDAY:
        return day - timedelta(days=2), day
    if day.weekday() in (calendar.THURSDAY, calendar.FRIDAY):
        return day, day + timedelta(days=calendar.SUNDAY - day.weekday())
    saturday = day - timedelta(days=(day.weekday() - calendar.SATURDAY) % 7)
    return saturday, saturday + timedelta(days=1)


# "From Monday the 14th through Christmas Eve": a weekday and a day of the month, no month
_WEEKDAY_DAY = re.compile(
    r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+(?:the\s+)?"
    r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)\b(?!,?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec)|\s*[/.-]\d)", re.IGNORECASE)


def _next_weekday_day(m: re.Match[str], reading: Reading) -> date | None:
    """The first day on or after the reference date with that weekday and day of month."""
    weekday = list(calendar.day_name).index(m.group("wd").capitalize())
    month = reading.reference.replace(day=1)
    for _ in range(14):
        if int(m.group("d")) <= calendar.monthrange(month.year, month.month)[1]:
            day = month.replace(day=int(m.group("d")))
            if day >= reading.reference and day.weekday() == weekday:
                return day
        month = _add_months(month, 1)
    return None


def _named(text: str, reading: Reading) -> list[Span]:
    out: list[Span] = []
    for m in _HOLIDAY.finditer(text):
        holiday_day = _holiday_day(m, text, reading)
        if holiday_day is None:
            continue
        day = holiday_day
        first, last = day, day
        if m.group("week"):  # "Black Friday week": Monday to Sunday around it
            first = day - timedelta(days=day.weekday())
            last = first + timedelta(days=6)
            reading.assume(f"{m.group(0).strip()!r} read as {first.isoformat()} to "
                           f"{last.isoformat()}")
        elif m.group("weekend"):
            first, last = _weekend(day)
            reading.assume(f"{m.group(0).strip()!r} read as {first.isoformat()} to "
                           f"{last.isoformat()}")
        elif (ends := festival_last(holiday_on(m.group("name"), text), day)) != day:
            last = ends  # "Songkran 2027": its three days
            reading.assume(f"{m.group(0).strip()!r} read as {first.isoformat()} to "
                           f"{last.isoformat()}")
        out.append(Span(m.start(), m.end(), first, last, m.group(0).strip()))
    for m in _NAMED_MONTH.finditer(text):
        month = next(n for words, n in _NAMED_MONTHS
                     if re.fullmatch(words, m.group("name"), re.IGNORECASE))
        year = int(m.group("y")) if m.group("y") else reading.reference.year + (
            1 if month < reading.reference.month else 0)
        first = date(year, month, 1)
        last = _add_months(first, 1) - timedelta(days=1)
        reading.assume(f"{m.group(0).strip()!r} read as {first.isoformat()} to "
                       f"{last.isoformat()}")
        out.append(Span(m.start(), m.end(), first, last, m.group(0).strip()))
    for m in _WEEKDAY_DAY.finditer(text):
        next_day = _next_weekday_day(m, reading)
        if next_day is not None:
            reading.assume(f"{m.group(0).strip()!r} has no month: read as "
                           f"{next_day.isoformat()}, the next such day")
            out.append(Span(m.start(), m.end(), next_day, next_day, m.group(0).strip()))
    for m in _WEEK_OF.finditer(text):
        if re.search(_COUNT + r"[\s-]*$", text[max(0, m.start() - 8):m.start()], re.IGNORECASE):
            continue  # "six weeks starting March 8": a length from a day
        found = anchor_date(text[m.end():], reading)
        if found is None:
            continue
        day, length = found
        if _HOLIDAY.match(text[m.end():]):  # "the week of Thanksgiving": its Monday to Sunday
            day -= timedelta(days=day.weekday())
        last = day + timedelta(days=6)
        while more := _AND_WEEK.match(text[m.end() + length:]):
            then = anchor_date(text[m.end() + length + more.end():], reading)
            if then is None or then[0] <= last - timedelta(days=6):
                break
            # "weeks of March 1 and March 8", "w/c 5 April, 12 April and 19 April"; "week of
            # Feb 1 through Mar 14" ends on a day, unless it is a week ("through the week of")
            whole_week = re.search(r"\band\b|,|\bweek\b", more.group(0), re.IGNORECASE)
            last = then[0] + timedelta(days=6 if whole_week else 0)
            length += more.end() + then[1]
        source = text[m.start():m.end() + length].strip()
        reading.assume(f"{source!r} read as {day.isoformat()} to {last.isoformat()}")
        out.append(Span(m.start(), m.end() + length, day, last, source))
    return out


def named_spans(text: str, reading: Reading) -> list[Span]:
    """Every stretch read as a named or relative date, earliest first, none overlapping."""
    spans: list[Span] = []
    brief = BRIEF_TEXT.set(text)
    try:
        found = _windows(text, reading) + _periods(text, reading) + _named(text, reading)
    finally:
        BRIEF_TEXT.reset(brief)
    for span in sorted(found, key=lambda s: s.start - s.end):  # the longest written first
        if not any(s.start < span.end and span.start < s.end for s in spans):
            spans.append(span)
    return sorted(spans, key=lambda s: s.start)
