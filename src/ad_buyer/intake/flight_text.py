"""Flight text before and after the date reader: ordinal days in words, weekday names
and bracketed restatements read past, a stated length checked against the dates, and
periods that make one flight. Used by :mod:`ad_buyer.intake.dates`."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from itertools import pairwise

from ad_buyer.intake.reading import Reading, blank
from ad_buyer.models.brief import GapKind

_MONTH = (r"(?P<{name}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
          r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
SMALL = {w: i for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six",
                                     "seven", "eight", "nine", "ten", "eleven", "twelve"])}


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# "June 27th is the last day", "May 3 is our first day": a day named as one end of the flight
PINNED_END = re.compile(r"\s*(?:is|will\s+be|=)\s+(?:the|our)\s+(?P<which>last|final|first|start)"
                        r"\s+(?:day|date)\b", re.IGNORECASE)


# "we go dark for the July 4th week", "pause over Christmas": a period off, not the flight
DARK_BEFORE = re.compile(r"\b(?:go(?:es|ing)?\s+dark|(?:be\s+)?dark|paus(?:e|ed|ing)|"
                         r"black(?:\s*out)?|off\s+air)\s+(?:for|during|over|around|on|across)\s+(?:the\s+)?$",
                         re.IGNORECASE)


def duration_end(start: date, count: int, unit: str) -> date:
    if unit.startswith("day"):
        return start + timedelta(days=count - 1)
    if unit.startswith(("week", "wk", "fortnight")):  # "6wks", "a fortnight"
        weeks = count * (2 if unit.startswith("fortnight") else 1)
        return start + timedelta(weeks=weeks) - timedelta(days=1)
    month_index = start.month - 1 + count
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, last_day(year, month))) - timedelta(days=1)


def one_flight(flights: list[tuple[date, date]], loose: set[tuple[date, date]],
                reading: Reading) -> list[tuple[date, date]]:
    """Periods that make one flight, when all but one were written with no year (``loose``):
    back-to-back ones ("Jan, Feb and March 2027") join; nested ones ("the Q4 sales event ...
    October 15 - December 31, 2027", "the first half of February (Feb 1-14, 2027)") are a
    period named loosely and the dates within it: the innermost is the flight. "Q3 2027 or
    Q4 2027" and "Q3 2027, July 1 - Aug 31 2027" stay contradictions."""
    if sum(1 for f in flights if f not in loose) > 1:
        return flights
    ordered = sorted(flights)
    if all(nxt[0] == prev[1] + timedelta(days=1) for prev, nxt in pairwise(ordered)):
        joined = (ordered[0][0], ordered[-1][1])
        reading.assume("back-to-back periods read as one flight: "
                       f"{joined[0].isoformat()} to {joined[1].isoformat()}")
        return [joined]
    by_length = sorted(flights, key=lambda f: f[1] - f[0], reverse=True)
    if all(outer[0] <= inner[0] and inner[1] <= outer[1]
           for outer, inner in pairwise(by_length)):
        inner = by_length[-1]
        reading.assume(f"the flight is {inner[0].isoformat()} to {inner[1].isoformat()}, "
                       "the dates stated within the wider period the brief also names")
        return [inner]
    return flights


_ALTERNATIVE = re.compile(r"\bor\b|\beither\b|\binstead\b|\balternatively\b|\bvs\.?|\bversus\b|"
                          r"\bnot\b|\brather\b", re.IGNORECASE)


def back_to_back(text: str, flights: list[tuple[date, date, str]],
                 reading: Reading) -> tuple[date, date] | None:
    """Dated phases that run back to back ("Phase 1: March 1-31 2027; phase 2: April 1-30
    2027", "teaser Feb 15-28, then main flight Mar 1 - Apr 30") are one flight, the budget
    running over all of them; offered as alternatives ("Q3 2027 or Q4 2027") they are not."""
    spans = sorted({(start, end) for start, end, _ in flights})
    if len(spans) < 2 or not all(nxt[0] == prev[1] + timedelta(days=1)
                                 for prev, nxt in pairwise(spans)):
        return None
    at = [text.find(source.split(" .. ")[0]) for _, _, source in flights]
    if min(at) < 0:
        return None
    last = max(range(len(flights)), key=lambda i: at[i])
    between = text[min(at):at[last] + len(flights[last][2].split(" .. ")[0])]
    if _ALTERNATIVE.search(between):
        return None
    reading.assume("back-to-back periods read as one flight: "
                   f"{spans[0][0].isoformat()} to {spans[-1][1].isoformat()}")
    return spans[0][0], spans[-1][1]


_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
             "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"]
_ORDINAL_WORDS = {w: i + 1 for i, w in enumerate(_ORDINALS)}
_ORDINAL_WORDS |= {rf"twenty[\s-]?{w}": 21 + i for i, w in enumerate(_ORDINALS[:9])}
_ORDINAL_WORDS |= {"thirtieth": 30, r"thirty[\s-]?first": 31}
_ORDINAL = "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
_ORDINAL_DAY = re.compile(rf"\b(?P<w>{_ORDINAL})(?=\s+of\s+{_MONTH.format(name='m')})"
                          rf"|\b{_MONTH.format(name='m2')}\s+(?:the\s+)?(?P<w2>{_ORDINAL})\b"
                          r"(?![\s-]+(?:half|quarter|party|week|time|wave|phase|flight))",
                          re.IGNORECASE)


def ordinal_days(text: str) -> str:
    """"the fifteenth of November" as "the 15th      of November" (same length, so every
    index the readers mark stays valid)."""
    def digits(m: re.Match[str]) -> str:
        word = m.group("w") or m.group("w2")
        day = next(n for w, n in _ORDINAL_WORDS.items() if re.fullmatch(w, word, re.IGNORECASE))
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(day % 10 if day not in (11, 12, 13) else 0,
                                                   "th")
        start = m.group(0)[:len(m.group(0)) - len(word)]
        return (start + f"{day}{suffix}").ljust(len(m.group(0)))
    return _ORDINAL_DAY.sub(digits, text)


_THAT_MONTH = re.compile(r"\b(?P<to>(?:to|till|thru|until|through)\s+)"
                         r"(?P<end>(?:the\s+)?end\s+of\s+(?:that|the(?:\s+same)?)\s+month)\b",
                         re.IGNORECASE)
_MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?=[\s\d,])",
                         re.IGNORECASE)


def that_month(text: str) -> str:
    """"from Feb 1 2027 through the end of that month" as "... through end of Feb" (same
    length): the month is the last one named before it, within the sentence."""
    def named(m: re.Match[str]) -> str:
        before = re.split(r"[.;\n]", text[max(0, m.start() - 80):m.start()])[-1]
        months = _MONTH_NAME.findall(before)
        if not months:
            return m.group(0)
        return m.group("to") + f"end of {months[-1].title()}".ljust(len(m.group("end")))
    return _THAT_MONTH.sub(named, text)


# "An 8-week flight", "a six-week campaign": a length stated beside the dates must agree.
STATED_LENGTH = re.compile(r"\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|"
                            r"eleven|twelve)[\s-](?P<unit>day|week|month)s?[\s-](?:long\s+)?"
                            r"(?:[\w+/&-]+\s+){0,4}(?:flight|campaign|run|burst|schedule|push)\b",
                            re.IGNORECASE)


# "the campaign runs 6 weeks from launch", "Timing: 8 weeks, kicking off 1 March 2027"
_LENGTH_AFTER = re.compile(r"\b(?:(?:flight|campaign|media|burst)\s+(?:runs?|running|lasts?|"
                           r"lasting|will\s+(?:run|last)|is)\s+(?:for\s+)?|(?:timing|duration|length|"
                           r"flight\s+length|run\s+time)\s*[:=-]\s*)(?P<n>\d{1,2}|one|two|three|four|"
                           r"five|six|seven|eight|nine|ten|eleven|twelve)[\s-]*(?P<unit>day|week|"
                           r"month)s?\b", re.IGNORECASE)


def stated_length(text: str) -> re.Match[str] | None:
    """The flight's length, where the brief states one apart from its dates."""
    return STATED_LENGTH.search(text) or _LENGTH_AFTER.search(text)


# "Mar 1 through Apr 30, 2027 (8.5 weeks)": a length in brackets restating the dates
_BRACKETED_LENGTH = re.compile(r"\(\s*(?:~|about\s+|approx\.?\s*|c\.\s*)?(?P<n>\d{1,3}(?:\.\d+)?)"
                               r"\s*(?P<unit>days?|w(?:ee)?ks?|months?)\s*\)", re.IGNORECASE)


def check_bracketed_length(text: str, start: date, end: date, reading: Reading) -> bool:
    """A bracketed length must agree with the dates (within a week, three days or half a
    month); it is then read past."""
    for m in _BRACKETED_LENGTH.finditer(text):
        days = (end - start).days + 1
        unit = m.group("unit").lower()
        size, slack = (7, 1.0) if unit.startswith("w") else (30.44, 0.5) \
            if unit.startswith("month") else (1, 3.0)
        if abs(days / size - float(m.group("n"))) > slack:
            reading.issue("flight_dates", GapKind.CONTRADICTORY,
                          f"{m.group(0)!r} does not match the dates {start.isoformat()} to "
                          f"{end.isoformat()} ({days} days)")
            return False
        reading.mark_match(m)
    return True


def check_stated_length(text: str, start: date, end: date, reading: Reading) -> bool:
    m = stated_length(text)
    if m is None:
        return True
    reading.mark_match(m)
    count = m.group("n").lower()
    n = int(count) if count.isdigit() else SMALL[count]
    unit = m.group("unit").lower()
    expected = duration_end(start, n, unit)
    if abs((expected - end).days) <= (3 if unit == "month" else 1):
        return True
    reading.issue("flight_dates", GapKind.CONTRADICTORY,
                  f"{m.group(0).strip()!r} does not match the dates {start.isoformat()} to "
                  f"{end.isoformat()} ({(end - start).days + 1} days)")
    return False


# "9/6/2027 (Labor Day) through 10/31/2027 (Halloween)": a name in brackets after a date
# restates it; the date stands.
_RESTATED = re.compile(r"(?<=\d)[ \t]*\((?:[A-Za-z][A-Za-z'’.]*[ \t]?){1,4}\)")


# "Monday, February 1, 2027 – Sunday, March 28, 2027": the weekday adds nothing to the date.
_WEEKDAY = re.compile(r"(?<![A-Za-z][ \t])(?<![A-Za-z])(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|"
                      r"sat(?:ur)?|sun)(?:day)?\.?,?[ \t]+(?=(?:the[ \t]+)?\d{1,2}(?!\d)|"
                      + _MONTH.format(name="wm") + r")", re.IGNORECASE)


# "from Monday 1st March to Sunday 28th March": a weekday after a range word, before a
# date with its month ("From Monday the 14th" is read by its weekday)
_RANGE_WEEKDAY = re.compile(r"\b(?:from|to|through|thru|until|till|and|between|starting|start|"
                            r"ending|end|on)[ \t]+(?P<wd>(?:mon|tues|wednes|thurs|fri|satur|sun)"
                            r"day,?[ \t]+)(?=(?:the[ \t]+)?\d{1,2}(?:st|nd|rd|th)?[ \t]+"
                            r"(?:of[ \t]+)?" + _MONTH.format(name="rm") + "|"
                            + _MONTH.format(name="rm2") + r")",
                            re.IGNORECASE)


def without_restatements(text: str, reading: Reading) -> str:
    for m in _RANGE_WEEKDAY.finditer(text):
        reading.mark_match(m, "wd")
        text = blank(text, m.start("wd"), m.end("wd"))
    for m in _WEEKDAY.finditer(text):
        if m.group(0)[0].isupper() or m.group(0).lower().startswith(
                ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")):
            reading.mark_match(m)
            text = blank(text, m.start(), m.end())
    for m in _RESTATED.finditer(text):
        reading.mark_match(m)
        text = blank(text, m.start(), m.end())
    return text


_START_CUE = re.compile(r"\b(?:start(?:s|ing)?|begin(?:s|ning)?|launch(?:es|ing)?|live|"
                        r"kick(?:s|ing)?[\s-]*off|commenc\w*|from|in[\s-]market|first\s+day)"
                        r"(?:\s+date)?\s*(?:on|:|-|=|is)?\s*(?:the\s+)?$", re.IGNORECASE)
_END_CUE = re.compile(r"\b(?:end(?:s|ing)?|through|thru|until|till|to|by|wrap(?:s|ping)?(?:\s+up)?|"
                      r"finish(?:es|ing)?|conclud\w*|stop(?:s|ping)?|last\s+day|close\w*|"
                      r"run(?:s|ning)?\s+(?:through|until|to))"
                      r"(?:\s+date)?\s*(?:on|:|-|=|is|by)?\s*(?:the\s+)?$", re.IGNORECASE)
_DEADLINE_CUE = re.compile(r"\b(?:due|deadline|respon[sd]\w*|proposals?|rfp|submit\w*|"
                           r"reply)\b[^.\n]{0,20}$", re.IGNORECASE)


def written_as_end(text: str, span: tuple[int, int]) -> bool:
    """The date at ``span`` is written as an end ("by end of March 2027")."""
    return _END_CUE.search(text[max(0, span[0] - 40):span[0]]) is not None


def start_and_end(text: str, lone: list[tuple[int, int]]) -> bool:
    """Two single dates (their spans), the first written as a start ("go live the 3rd of
    May") or the second as an end ("end 8/31/27", "run through the 30th of June"), or the
    other way round ("by end of March 2027, starting Feb 1"), are the flight."""
    if len(lone) != 2:
        return False
    first, second = lone
    before_first = text[max(0, first[0] - 40):first[0]]
    before_second = text[max(first[1], second[0] - 40):second[0]]
    if _DEADLINE_CUE.search(before_first) or _DEADLINE_CUE.search(before_second):
        return False
    return bool(_START_CUE.search(before_first) or _END_CUE.search(before_second)
                or (_END_CUE.search(before_first) and _START_CUE.search(before_second)))


# "three weeks ending Feb 13": a length that ends on the date.
DURATION_ENDING = re.compile(r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
                              r"eleven|twelve)[\s-]+(?P<unit>days?|weeks?)\b[^.;\n\d]{0,20}?"
                              r"\b(?:ending|finishing|wrapping(?:\s+up)?|up\s+to)\s+(?:on\s+)?"
                              r"(?:the\s+)?$", re.IGNORECASE)


def check_flight(start: date, end: date, reading: Reading) -> bool:
    """A flight must end after the reference date and (unless allowed) not start before it."""
    ref = reading.reference
    if end <= start:
        reading.issue("flight_dates", GapKind.CONTRADICTORY,
                      f"flight end {end.isoformat()} is not after its start {start.isoformat()}")
        return False
    if end <= ref:
        reading.issue("flight_dates", GapKind.INVALID,
                      f"the flight {start.isoformat()} to {end.isoformat()} ends on or before "
                      f"today ({ref.isoformat()}); a flight must end in the future")
        return False
    if start < ref and not reading.allow_past:
        reading.issue("flight_dates", GapKind.INVALID,
                      f"the flight starts {start.isoformat()}, before today "
                      f"({ref.isoformat()}); a past start is refused (--allow-past runs it, "
                      "for the sandbox)")
        return False
    if start < ref:
        reading.assume(f"the flight starts {start.isoformat()}, before today "
                       f"({ref.isoformat()}): allowed by --allow-past")
    return True


# "the client's fiscal year starts in July": the client's calendar, not the flight
_FISCAL = re.compile(r"\b(?:fiscal|financial)\s+year\s+(?:starts|begins|ends|runs|closes)\b"
                     r"[^.;\n]{0,40}|\bFY\s*'?\d{0,4}\s+(?:starts|begins|ends|closes)\b[^.;\n]{0,40}",
                     re.IGNORECASE)


def without_fiscal_year(text: str, reading: Reading) -> str:
    """``text`` without where the client's fiscal year starts or ends (said, not read)."""
    for m in _FISCAL.finditer(text):
        reading.mark_match(m)
        reading.assume(f"{m.group(0).strip()!r} is the client's fiscal year, not the flight")
        text = blank(text, m.start(), m.end())
    return text


def said_apart(text: str, flights: list[tuple[date, date, str]],
               loose: set[tuple[date, date]], reading: Reading) -> set[tuple[date, date]]:
    """Months with no year said in a sentence of their own, beside a flight that has one
    ("$120k CTV, Q2 2027. Creative should land in March."): about something else."""
    sentences = [m.group(0) for m in re.finditer(r"[^.!?\n]+", text)]
    stated = [source for start, end, source in flights if (start, end) not in loose]
    aside: set[tuple[date, date]] = set()
    for start, end, source in flights:
        if (start, end) not in loose or not stated:
            continue
        own = [s for s in sentences if source.split(" .. ")[0] in s]
        if own and not any(src.split(" .. ")[0] in s for s in own for src in stated):
            aside.add((start, end))
            reading.assume(f"{source!r} is said apart from the flight's dates: not read as "
                           "the flight")
    return aside | _fiscal_restated(text, flights, reading)


_FISCAL_WORD = re.compile(r"\b(?:FY\s?'?\d{2,4}|fiscal)\b", re.IGNORECASE)


def _fiscal_restated(text: str, flights: list[tuple[date, date, str]],
                     reading: Reading) -> set[tuple[date, date]]:
    """"FY28 Q1 ... That's the July-Sept quarter", "fiscal Q1 (we run Nov-Oct, so Nov 1
    2027 to Jan 31 2028)": a client's fiscal quarter is not the calendar one, so where the
    brief restates it in months, the bare quarter and the fiscal year's own span are aside."""
    if not _FISCAL_WORD.search(text) or len(flights) < 2:
        return set()
    aside: set[tuple[date, date]] = set()
    for start, end, source in flights:
        first, _, last = source.partition(" .. ")
        year_span = last and re.search(
            rf"\b(?:we|year|FY|fiscal)\s+(?:runs?|is|goes)\s+{re.escape(first[:3])}\w*\.?\s*"
            rf"(?:-|–|to|through)\s*{re.escape(last[:3])}", text, re.IGNORECASE)
        if re.fullmatch(r"[QH][1-4]", source) or year_span:
            aside.add((start, end))
            reading.assume(f"{source!r} is the client's fiscal calendar, restated in months "
                           "by the brief: not read as the flight")
    return aside if len(aside) < len({(s, e) for s, e, _ in flights}) else set()
