"""The flight from brief text: dates, ranges, months, quarters and durations.

Forms read: ISO (``2027-10-01``), spelled out in either order (``1 Oct 2027``,
``October 1st, 2027``, ``the 1st of October``), numeric (``13/04/2027`` is
day-first because 13 cannot be a month; ``03/04/2027`` is ambiguous and never
guessed; dotted ``01.10.2027`` is day-first), parts of months (``mid
November``, ``end of December``: early 1st/10th, mid 15th, late 20th/last day,
start 1st, end last day, first half 1st/15th, second half 16th/last day), whole
months and month ranges (``July-September``), quarters and halves (``Q3 2027``,
``H1``, ``back half of 2027``) and durations (``6 weeks from March 1 2027``).
A date without a year takes its range partner's year; with no year anywhere,
its next occurrence: the first one starting on or after the reference date.
Every such step is an assumption the planner sees.

A flight must end after the reference date, and may not start before it unless
the run allows past starts (``--allow-past``, for the sandbox).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ad_buyer.intake.calendar_weeks import calendar_weeks
from ad_buyer.intake.endpoints import Endpoint, as_end, as_start, next_year
from ad_buyer.intake.flight_text import (
    DARK_BEFORE,
    DURATION_ENDING,
    PINNED_END,
    SMALL,
    STATED_LENGTH,
    check_flight,
    check_stated_length,
    duration_end,
    one_flight,
    ordinal_days,
    said_apart,
    start_and_end,
    without_fiscal_year,
    without_restatements,
    written_as_end,
)
from ad_buyer.intake.foreign_dates import in_english
from ad_buyer.intake.reading import Reading, blank
from ad_buyer.intake.when import Span, named_spans
from ad_buyer.models.brief import GapKind

MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
          "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH = (r"(?P<{name}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
          r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<{name}>3[01]|[12]\d|0?[1-9])(?!\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(?P<{name}>\d{{4}}|'\d{{2}}))?"
_PART = (r"(?P<part>early|mid|late|the\s+middle\s+of|middle\s+of|the\s+beginning\s+of|"
         r"beginning\s+of|the\s+start\s+of|start\s+of|the\s+end\s+of|end\s+of|"
         r"(?:the\s+)?(?:first|front|second|back)\s+half\s+of)[\s-]*")


def _p(template: str, **names: str) -> str:
    return template.format(**names)


_ATOMS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})(?P<s>[-/])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})\b")),
    ("numeric", re.compile(r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})"
                           r"(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/]|\.\d)")),
    # "2/1-2/28 next year", "3/15 to 4/30": numeric days with no year, in a range only
    ("numeric_pair", re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})\s*(?:-|–|to|through|"
                                r"thru)\s*(?P<a2>\d{1,2})/(?P<b2>\d{1,2})"
                                r"(?:/(?P<y2>\d{4}|\d{2}))?(?![\d/%])")),
    ("same_month_md", re.compile(r"\b" + _p(_MONTH, name="m") + r"\s+" + _p(_DAY, name="d")
                                 + r"\s*(?:-|–|—|to|through|thru|until)\s*"
                                 + _p(_DAY, name="d2") + r"\b" + _p(_YEAR, name="y"),
                                 re.IGNORECASE)),
    ("same_month_dm", re.compile(r"\b(?:the\s+)?" + _p(_DAY, name="d") + r"\s*(?:-|–|—|to|"
                                 r"through|thru|until)\s*(?:the\s+)?" + _p(_DAY, name="d2")
                                 + r"\s+(?:of\s+)?"
                                 + _p(_MONTH, name="m") + r"\b" + _p(_YEAR, name="y"),
                                 re.IGNORECASE)),
    ("dm", re.compile(r"\b(?:the\s+)?" + _p(_DAY, name="d") + r"\s+(?:of\s+)?"
                      + _p(_MONTH, name="m") + r"\b" + _p(_YEAR, name="y"), re.IGNORECASE)),
    ("md", re.compile(r"\b" + _p(_MONTH, name="m") + r"\s+(?:the\s+)?" + _p(_DAY, name="d")
                      + r"\b(?!\s*(?:%|k\b|m\b|,\d))" + _p(_YEAR, name="y"), re.IGNORECASE)),
    ("part", re.compile(r"\b" + _PART + _p(_MONTH, name="m") + r"\b" + _p(_YEAR, name="y"),
                        re.IGNORECASE)),
    ("month", re.compile(r"\b" + _p(_MONTH, name="m") + r"\b" + _p(_YEAR, name="y"),
                         re.IGNORECASE)),
    ("half_year", re.compile(r"\b(?:the\s+)?(?P<h>first|front|second|back)\s+half\s+of\s+"
                             r"(?P<y>\d{4})\b", re.IGNORECASE)),
    ("quarter", re.compile(r"\b(?P<q>[QH][1-4])(?:\s*(?:'|FY)?\s*(?P<y>\d{4}|\d{2}))?\b",
                           re.IGNORECASE)),
    # "1H27", "2H 2027", "3Q27": the number first
    ("quarter", re.compile(r"\b(?P<n>[1-4])(?P<qh>[QH])\s*'?(?P<y>\d{4}|\d{2})\b",
                           re.IGNORECASE)),
]
_RANGE_SEP = re.compile(r"^\s*(?:-|–|—|→|->|=>|(?:,?\s*and\s+)?(?:(?:running|lasting|going|"
                        r"continuing|ending|run(?:s|\s+it)?|keep\s+(?:it\s+)?going|stay\s+(?:on|live))"
                        r"\s+)?(?:to|through(?:\s+to)?|thru|until|till)|and|into|up\s+to|"
                        r",?\s*(?:and\s+)?(?:ending|finishing|wrapping(?:\s+up)?)(?:\s+on)?)\s+"
                        r"(?:the\s+)?$|^\s*(?:-|–|—)\s*$", re.IGNORECASE)
_DURATION_AFTER = re.compile(r"^\s*(?:,?\s*(?:and\s+)?(?:for|(?:run|running|runs|go|going|last|"
                             r"lasting|stay(?:s|ing)?(?:\s+(?:on|live|up|on\s+air))?|"
                             r"continu(?:e|es|ing)|keep\s+going)(?:\s+for)?)\s+|\s*[,–—-]\s*)(?:the\s+next\s+)?"
                             r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
                             r"eleven|twelve)\s*(?P<unit>days?|w(?:ee)?ks?|months?)(?!\w)", re.I)
_DURATION_BEFORE = re.compile(r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
                              r"eleven|twelve)[\s-]+(?P<unit>days?|weeks?|months?)\b[^.;\n]{0,30}?"
                              r"\b(?:starting|from|since|beginning|commencing)\s+(?:on\s+)?$",
                              re.IGNORECASE)

@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    point: Endpoint
    kind: str
    day2: int | None = None  # same-month ranges: the end day
    until: Endpoint | None = None  # a range in one atom ("2/1-2/28")


def _month(name: str) -> int:
    return MONTHS[name[:3].lower()]


def _year(raw: str | None, reading: Reading) -> int | None:
    if not raw:
        return None
    if raw.startswith("'") or len(raw) == 2:
        year = 2000 + int(raw.lstrip("'"))
        reading.assume(f"year {raw!r} read as {year}")
        return year
    return int(raw)


def _atoms(text: str, reading: Reading, named: list[Span] | None = None) -> list[_Atom]:
    found: list[tuple[int, int, int, str, re.Match[str]]] = []
    for priority, (kind, pattern) in enumerate(_ATOMS):
        for m in pattern.finditer(text):
            if any(s.start < m.end() and m.start() < s.end for s in named or []):
                continue
            found.append((m.start(), -(m.end() - m.start()), priority, kind, m))
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    atoms: list[_Atom] = []
    last_end = -1
    for start, _, _, kind, m in found:
        if start < last_end:
            continue
        atom = _atom(kind, m, reading)
        if atom is None:
            continue
        atoms.append(atom)
        last_end = m.end()
    for span in named or []:
        point = Endpoint(month=span.first.month, year=span.first.year, day=span.first.day,
                         source=span.source, last=span.last if span.last != span.first else None)
        atoms.append(_Atom(span.start, span.end, point, "named"))
    return sorted(atoms, key=lambda a: a.start)


def _atom(kind: str, m: re.Match[str], reading: Reading) -> _Atom | None:
    g = m.groupdict()
    source = m.group(0).strip()
    if kind == "iso":
        point = Endpoint(month=int(g["m"]), year=int(g["y"]), day=int(g["d"]), source=source)
    elif kind == "numeric":
        a, b = int(g["a"]), int(g["b"])
        if min(a, b) > 12 or max(a, b) > 31 or min(a, b) == 0:
            return None  # neither can be a month: "50/30/20" is a split, not a date
        year = _year(g["y"], reading)
        if g["sep"] == ".":  # dotted dates are day-first wherever they are written
            point = Endpoint(month=b, year=year, day=a, source=source)
            if a <= 12 and b <= 12 and a != b:
                reading.assume(f"{source!r} read day-first ({a} {calendar.month_name[b]}), "
                               "as dotted dates are written")
        elif a > 12 and b <= 12:
            point = Endpoint(month=b, year=year, day=a, source=source)
        elif (b > 12 and a <= 12) or a == b:
            point = Endpoint(month=a, year=year, day=b, source=source)
        else:
            point = Endpoint(month=a, year=year, day=b, ambiguous=(a, b), source=source)
    elif kind == "numeric_pair":
        a, b, a2, b2 = (int(g[k]) for k in ("a", "b", "a2", "b2"))
        if max(a, a2) > 12 and max(b, b2) <= 12:
            day_first = True
        elif max(b, b2) > 12 and max(a, a2) <= 12:
            day_first = False
        else:  # no day above 12 fixes the order
            if a != b or a2 != b2:
                reading.issue("flight_dates", GapKind.AMBIGUOUS,
                              f"{source!r} could be read day-first or month-first; write the "
                              "months' names, e.g. '3 April - 5 May 2027'")
            return None
        from_md, to_md = ((b, a), (b2, a2)) if day_first else ((a, b), (a2, b2))
        point = Endpoint(month=from_md[0], year=None, day=from_md[1], source=source)
        end = Endpoint(month=to_md[0], year=_year(g["y2"], reading), day=to_md[1],
                       source=source)
        return _Atom(m.start(), m.end(), point, kind, until=end)
    elif kind in ("same_month_md", "same_month_dm"):
        point = Endpoint(month=_month(g["m"]), year=_year(g["y"], reading), day=int(g["d"]),
                         source=source)
        return _Atom(m.start(), m.end(), point, kind, day2=int(g["d2"]))
    elif kind in ("dm", "md"):
        point = Endpoint(month=_month(g["m"]), year=_year(g["y"], reading), day=int(g["d"]),
                         source=source)
    elif kind == "half_year":
        first_half = g["h"].lower() in ("first", "front")
        point = Endpoint(month=1 if first_half else 7, end_month=6 if first_half else 12,
                         year=int(g["y"]), source=source)
    elif kind == "part":
        part = " ".join(g["part"].lower().replace("the ", "").split())
        part = re.sub(r"^(?:first|front) half of$", "first half of", part)
        part = re.sub(r"^(?:second|back) half of$", "second half of", part)
        point = Endpoint(month=_month(g["m"]), year=_year(g["y"], reading), part=part,
                         source=source)
    elif kind == "month":
        word = g["m"]
        # "may" and "march" are also verbs: a bare lower-case one is not a month.
        if word.lower() in {"may", "mar", "march"} and word[0].islower() and not g["y"]:
            return None
        point = Endpoint(month=_month(word), year=_year(g["y"], reading), source=source)
    else:  # quarter or half
        q = g["q"].upper() if g.get("q") else g["qh"].upper() + g["n"]
        number = int(q[1])
        if q[0] == "H" and number > 2:
            return None
        first, last = ((number - 1) * 3 + 1, number * 3) if q[0] == "Q" else \
            ((number - 1) * 6 + 1, number * 6)
        point = Endpoint(month=first, end_month=last, year=_year(g["y"], reading),
                         source=source)
    return _Atom(m.start(), m.end(), point, kind)


@dataclass(frozen=True)
class Flight:
    start: date
    end: date
    source: str
    loose: bool = False  # written with no year ("Q4", "the first half of February")


def _resolve(start: Endpoint, end: Endpoint, reading: Reading) -> Flight | None:
    source = start.source if start is end else f"{start.source} .. {end.source}"
    ref = reading.reference
    try:
        if start.year is None and end.year is None:
            year = next_year(start, ref)
            s = as_start(start, year)
            e_year = year if as_end(end, year) >= s else year + 1
            e = as_end(end, e_year)
            reading.assume(f"{source!r} has no year: read as {source} {year} ({s.isoformat()} "
                           f"to {e.isoformat()}), its next occurrence on or after the "
                           f"reference date {ref.isoformat()}")
        elif start.year is None:
            assert end.year is not None
            e = as_end(end, end.year)
            year = end.year if as_start(start, end.year) <= e else end.year - 1
            s = as_start(start, year)
            if start is not end:
                reading.assume(f"start {start.source!r} takes the year {year} from "
                               f"{end.source!r}")
        elif end.year is None:
            s = as_start(start, start.year)
            year = start.year if as_end(end, start.year) >= s else start.year + 1
            e = as_end(end, year)
            reading.assume(f"end {end.source!r} read as {e.isoformat()}")
        else:
            s, e = as_start(start, start.year), as_end(end, end.year)
    except ValueError:
        reading.issue("flight_dates", GapKind.INVALID, f"{source!r} is not a calendar date")
        return None
    for point, what in ((start, s), (end, e)):
        if point.part is not None:
            reading.assume(f"{point.source!r} read as {what.isoformat()}")
    return Flight(s, e, source, loose=start.year is None and end.year is None)


def _settle_ambiguous(points: list[Endpoint], reading: Reading) -> list[Endpoint] | None:
    """Numeric dates of one range read in one order; None when no end fixes the order."""
    ambiguous = [p for p in points if p.ambiguous]
    if not ambiguous:
        return points
    numeric = [p for p in points if re.fullmatch(r"\d{1,2}[/-]\d{1,2}[/-]\d{2,4}", p.source)]
    fixed = [p for p in numeric if not p.ambiguous and p.day != p.month]
    if fixed:
        first = re.match(r"\d+", fixed[0].source)
        day_first = bool(first) and int(first.group(0)) == fixed[0].day  # type: ignore[union-attr]
        out = []
        for p in points:
            if p.ambiguous:
                a, b = p.ambiguous
                p = replace(p, day=a, month=b, ambiguous=None) if day_first else \
                    replace(p, day=b, month=a, ambiguous=None)
                reading.assume(f"{p.source!r} read {'day' if day_first else 'month'}-first, "
                               f"like {fixed[0].source!r} in the same flight")
            out.append(p)
        return out
    p = ambiguous[0]
    a, b = p.ambiguous  # type: ignore[misc]
    year = p.year or "?"
    reading.issue("flight_dates", GapKind.AMBIGUOUS,
                  f"{p.source!r} could be {a} {calendar.month_name[b]} {year} (day first) or "
                  f"{calendar.month_name[a]} {b} {year} (month first); write the month's name, "
                  "e.g. '3 April 2027'")
    return None


def _flights(text: str, reading: Reading) -> tuple[list[Flight], list[str]]:
    """Flights found, and single dates that are not a flight on their own."""
    spans = named_spans(text, reading)
    dark = [s for s in spans if DARK_BEFORE.search(text[max(0, s.start - 40):s.start])]
    for span in dark:  # "we go dark for the July 4th week": a pause, not the flight
        spans.remove(span)
        reading.mark(span.start, span.end)
        text = blank(text, span.start, span.end)
    flights = [Flight(s.first, s.last, s.source) for s in spans if s.whole_flight]
    for span in spans:
        reading.mark(span.start, span.end)
    atoms = _atoms(text, reading, [s for s in spans if not s.whole_flight])
    atoms = [a for a in atoms if not any(s.whole_flight and s.start < a.end and a.start < s.end
                                          for s in spans)]
    lone: list[str] = []
    lone_atoms: list[_Atom] = []
    used: set[int] = set()
    for i, atom in enumerate(atoms):
        if i in used:
            continue
        if atom.day2 is not None or atom.until is not None:  # "Oct 1-15 2027", "2/1-2/28"
            used.add(i)
            reading.mark(atom.start, atom.end)
            end = atom.until or replace(atom.point, day=atom.day2)
            flight = _resolve(atom.point, end, reading)
            if flight:
                flights.append(flight)
            continue
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        if nxt is not None and nxt.day2 is None and \
                _RANGE_SEP.match(text[atom.end:nxt.start] + " "):
            used |= {i, i + 1}
            reading.mark(atom.start, nxt.end)
            points = _settle_ambiguous([atom.point, nxt.point], reading)
            if points is None:
                continue
            flight = _resolve(points[0], points[1], reading)
            if flight:
                flights.append(flight)
            continue
        used.add(i)
        point = atom.point
        after = _DURATION_AFTER.match(text[atom.end:])
        duration = after or _DURATION_BEFORE.search(text[max(0, atom.start - 60):atom.start])
        if point.last is not None and duration is not None:  # "8 weeks starting the week of"
            point = replace(point, last=None)
        # "mid-March 2027 for 6 weeks", "starting May 2027, 8 weeks": a part of a month or
        # a month, with a length, starts on that part's first day.
        timed = point.day is not None or (duration is not None and point.end_month is None)
        ending = DURATION_ENDING.search(text[max(0, atom.start - 60):atom.start]) \
            if duration is None and point.day is not None and point.last is None else None
        if ending is not None:
            points = _settle_ambiguous([point], reading)
            flight = _resolve(points[0], points[0], reading) if points else None
            if flight is None:
                continue
            reading.mark(atom.start - len(ending.group(0)), atom.end)
            count = ending.group("n").lower()
            n = int(count) if count.isdigit() else SMALL[count]
            first = flight.start - timedelta(days=n * (7 if ending.group("unit").lower()
                                                       .startswith("week") else 1) - 1)
            reading.assume(f"{ending.group(0).strip()} {point.source} read as "
                           f"{first.isoformat()} to {flight.start.isoformat()}")
            flights.append(Flight(first, flight.start, point.source))
            continue
        if timed and point.last is None:
            if duration is None:
                reading.mark(atom.start, atom.end)
                lone.append(point.source)
                lone_atoms.append(atom)
                continue
            points = _settle_ambiguous([point], reading)
            if points is None:
                continue
            reading.mark(atom.start, atom.end + (after.end() if after else 0))
            flight = _resolve(points[0], points[0], reading)
            if flight is None:
                continue
            count = duration.group("n").lower()
            n = int(count) if count.isdigit() else SMALL[count]
            last = duration_end(flight.start, n, duration.group("unit").lower())
            reading.assume(f"{n} {duration.group('unit')} from {flight.start.isoformat()} "
                           f"read as ending {last.isoformat()}")
            flights.append(Flight(flight.start, last, point.source))
            continue
        reading.mark(atom.start, atom.end)
        if point.part in ("end of", "start of", "beginning of") and point.last is None:
            lone.append(point.source)  # "by end of March 2027": one day, an end or a start
            lone_atoms.append(atom)
            continue
        flight = _resolve(point, point, reading)
        if flight:
            flights.append(flight)
    if not flights and len(lone_atoms) == 1 and lone_atoms[0].point.part is not None:
        flight = _resolve(lone_atoms[0].point, lone_atoms[0].point, reading)
        return ([flight] if flight else []), []
    stated = STATED_LENGTH.search(text)
    if not flights and len(lone_atoms) == 1 and stated:  # "launching March 15 ... 8-week flight"
        points = _settle_ambiguous([lone_atoms[0].point], reading)
        flight = _resolve(points[0], points[0], reading) if points else None
        if flight:
            count = stated.group("n").lower()
            n = int(count) if count.isdigit() else SMALL[count]
            last = duration_end(flight.start, n, stated.group("unit").lower())
            reading.mark_match(stated)
            if written_as_end(text, (lone_atoms[0].start, lone_atoms[0].end)):
                # "wrapping up on April 30 2027 after a four week run": the length ends there
                first = flight.start - (last - flight.start)
                if stated.group("unit").lower().startswith("month"):  # whole months back
                    from dateutil.relativedelta import relativedelta

                    first = flight.start + timedelta(days=1) - relativedelta(months=n)
                reading.assume(f"{stated.group(0).strip()!r} ending {flight.start.isoformat()}"
                               f" read as starting {first.isoformat()}")
                return [Flight(first, flight.start, lone[0])], []
            reading.assume(f"{stated.group(0).strip()!r} from {flight.start.isoformat()} read "
                           f"as ending {last.isoformat()}")
            return [Flight(flight.start, last, lone[0])], []
    lone_spans = [(a.start, a.end) for a in lone_atoms]
    if not flights and start_and_end(text, lone_spans):
        if written_as_end(text, lone_spans[0]):
            lone_atoms.reverse()  # "by end of March 2027, starting Feb 1"
            lone.reverse()
        points = _settle_ambiguous([a.point for a in lone_atoms], reading)
        flight = _resolve(points[0], points[1], reading) if points else None
        if flight:
            reading.assume(f"{lone[0]!r} read as the flight's start and {lone[1]!r} as its end")
            return [flight], []
    if len({(f.start, f.end) for f in flights}) == 1:
        for atom in lone_atoms:
            flights = _pinned_end(text, atom, flights, reading)
        for span in dark:
            if flights[0].start <= span.last and span.first <= flights[0].end:
                reading.issue("flight_dates", GapKind.AMBIGUOUS,
                              f"the flight pauses for {span.source!r}; the buyer cannot pause "
                              "a flight: give the dates it runs as separate flights")
            else:
                reading.assume(f"{span.source!r} is a pause outside the flight: noted only")
    return flights, lone


def _pinned_end(text: str, atom: _Atom, flights: list[Flight], reading: Reading) -> list[Flight]:
    """"through the end of June (June 27th is the last day)": a day named as the flight's
    first or last, within the month the flight starts or ends in, pins that end."""
    said = PINNED_END.match(text[atom.end:])
    day = _resolve(atom.point, atom.point, reading) if said else None
    flight = flights[0]
    if said is None or day is None or not flight.start <= day.start <= flight.end:
        return flights
    first = said.group("which").lower() in ("first", "start")
    if (flight.start if first else flight.end).replace(day=1) != day.start.replace(day=1):
        return flights
    pinned = Flight(day.start, flight.end, flight.source) if first else \
        Flight(flight.start, day.start, flight.source)
    reading.assume(f"{atom.point.source!r} is the flight's {said.group('which').lower()} day: "
                   f"{pinned.start.isoformat()} to {pinned.end.isoformat()}")
    return [pinned]


def read_flight(text: str, reading: Reading) -> None:
    """Flight from the text; several different flights are a contradiction, never a pick."""
    text = without_fiscal_year(without_restatements(ordinal_days(text), reading), reading)
    flights, lone = _flights(text, reading)
    # "du 1er mars au 30 avril 2027": only with a year and no English date (no dateparser)
    if not flights and not reading.has_issue("flight_dates") and re.search(r"\b20\d\d\b", text):
        foreign = in_english(text)
        if foreign != text:
            text = foreign
            flights, lone = _flights(text, reading)
    distinct = sorted({(f.start, f.end) for f in flights}) or calendar_weeks(text, reading)
    if not distinct and lone and not reading.has_issue("flight_dates"):
        reading.issue("flight_dates", GapKind.MISSING,
                      f"only a single date found ({'; '.join(repr(d) for d in lone)}); give "
                      "the flight's start and end (e.g. 'Oct 1 - Nov 30 2027' or '6 weeks "
                      "from Oct 1 2027')")
        return
    for single in lone:
        reading.assume(f"{single!r} is a single date, not read as the flight")
    if not distinct:
        if not reading.has_issue("flight_dates"):
            reading.issue("flight_dates", GapKind.MISSING,
                          "no flight dates found (e.g. 'July 1 - Sept 30 2027', "
                          "'1 Oct - 30 Nov 2027' or 'Q3 2027')")
        return
    if reading.has_issue("flight_dates"):
        return
    if len(distinct) > 1:
        loose = {(f.start, f.end) for f in flights} - {(f.start, f.end) for f in flights
                                                       if not f.loose}
        aside = said_apart(text, [(f.start, f.end, f.source) for f in flights], loose, reading)
        distinct = one_flight([d for d in distinct if d not in aside], loose - aside, reading)
    if len(distinct) > 1:
        spans = "; ".join(f"{s.isoformat()}..{e.isoformat()}" for s, e in distinct)
        reading.issue("flight_dates", GapKind.CONTRADICTORY, f"several flights stated: {spans}")
        return
    start, end = distinct[0]
    if not check_stated_length(text, start, end, reading):
        return
    if check_flight(start, end, reading):
        reading.facts["flight_start"], reading.facts["flight_end"] = start, end
