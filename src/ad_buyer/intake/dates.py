"""The flight from brief text: dates, ranges, months, quarters and durations.

Forms read: ISO (``2027-10-01``), spelled out in either order (``1 Oct 2027``,
``October 1st, 2027``, ``the 1st of October``), numeric (``13/04/2027`` is
day-first because 13 cannot be a month; ``03/04/2027`` is read in the order the
other end of its range shows, and asked about where nothing does, wherever the brief is
set; dotted ``01.10.2027`` is day-first), parts of months (``mid
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

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise

from ad_buyer.intake.bracketed_days import bracketed_days
from ad_buyer.intake.calendar_weeks import calendar_weeks, restated_weeks
from ad_buyer.intake.country_days import country_days
from ad_buyer.intake.date_atoms import DateAtom, date_atoms
from ad_buyer.intake.endpoints import Endpoint, as_end, as_start, next_year
from ad_buyer.intake.event_flight import around_day, around_event
from ad_buyer.intake.fiscal import fiscal_periods
from ad_buyer.intake.flight_roles import not_the_flight, said_of_other
from ad_buyer.intake.flight_text import (
    DARK_BEFORE,
    DURATION_ENDING,
    PINNED_END,
    SMALL,
    back_to_back,
    check_bracketed_length,
    check_flight,
    check_stated_length,
    duration_end,
    one_flight,
    ordinal_days,
    said_apart,
    start_and_end,
    stated_length,
    that_month,
    without_fiscal_year,
    without_restatements,
    written_as_end,
)
from ad_buyer.intake.foreign_dates import foreign_words, in_english
from ad_buyer.intake.holiday_countries import BRIEF_COUNTRY, brief_country
from ad_buyer.intake.launch_day import launch_day
from ad_buyer.intake.numeric_dates import (
    settle_ambiguous,
)
from ad_buyer.intake.period_parts import period_parts
from ad_buyer.intake.reading import Reading, blank
from ad_buyer.intake.when import Span, named_spans
from ad_buyer.models.brief import GapKind

_RANGE_SEP = re.compile(r"^\s*(?:--|-|–|—|~|〜|～|→|->|=>|(?:,?\s*and\s+|,\s*)?"
                        r"(?:(?:running|lasting|going|"
                        r"continuing|ending|run(?:s|\s+it)?|keep\s+(?:it\s+)?going|stay\s+(?:on|live))"
                        r"\s+)?(?:to|through(?:\s+to)?|thru|until|till)|and|into|up\s+to|"
                        r"(?:up\s+to|to|through|until|till)\s+and\s+including|"
                        # "del 12 de abril al Día de las Madres", "até o Dia dos Namorados"
                        r"(?:al|at[ée]|hasta(?:\s+el)?|bis(?:\s+zum)?|au|jusqu'au|til)"
                        r"(?:\s+(?:o|a|os|as))?|"
                        r",?\s*(?:and\s+)?(?:ending|end|finishing|finish|wrapping(?:\s+up)?)"
                        r"(?:\s+on)?)\s+"
                        r"(?:the\s+)?(?:(?:w/e|week\s+ending|wk\s+ending)\s+)?$|"
                        r"^\s*(?:-|–|—)\s*$|^/\s*$|"
                        r"^[ \t]*[;|\t][ \t]*$|^,$", re.IGNORECASE)  # cells: start;end
_DURATION_AFTER = re.compile(r"^(?:\s*\))?(?:\s*onwards?)?"
                             r"(?:\s+(?:next|this|the\s+following)\s+year)?"
                             r"\s*(?:,?\s*(?:and\s+)?(?:for|(?:run|running|runs|"
                             r"go|going|last|"
                             r"lasting|stay(?:s|ing)?(?:\s+(?:on|live|up|on\s+air))?|"
                             r"continu(?:e|es|ing)|keep\s+(?:it\s+)?(?:going|running|live|on)|"
                             r"(?:total\s+)?(?:length|duration)(?:\s+of)?)(?:\s+it)?(?:\s+for)?"
                             r"\s*:?)[\s,]+|\s*[,–—+(-]\s*)"
                             r"(?:(?:uh|um|er|like|about|around|roughly)[\s,]+)*(?:the\s+next\s+)?"
                             r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
                             r"eleven|twelve|\ban?\b)\s*(?P<unit>days?|w(?:ee)?ks?|months?|"
                             r"fortnights?)(?!\w)", re.I)
_DURATION_BEFORE = re.compile(r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
                              r"eleven|twelve|\ba(?=\s+fortnight))[\s-]*(?P<unit>days?|w(?:ee)?ks?|"
                              r"months?|"
                              r"fortnights?)\b[^.;\n]{0,30}?"
                              r"\b(?:starting|from|since|beginning|commencing)\s+(?:on\s+|in\s+|with\s+)?(?:the\s+)?"
                              r"(?:(?:launch|opening|premiere|release|go-live|debut)(?:\s+day|\s+date)?"
                              r"\s+(?:on\s+|of\s+)?(?:the\s+)?)?$",
                              re.IGNORECASE)

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


_APPOSITION = re.compile(r"^[\s,(:–—-]*(?:(?:i\.e\.|that's|that\s+is|namely|so|on|from|"
                         r"starting(?:\s+on)?|beginning)[\s,]*)?$", re.IGNORECASE)


def _restated(text: str, spans: list[Span], atoms: list[DateAtom],
              reading: Reading) -> tuple[list[Span], list[DateAtom]]:
    """"Start the week after Thanksgiving 2027, Monday the 29th of November": a day written
    right after a named period, and within it, restates it; the day is read instead."""
    for span in [s for s in spans if s.whole_flight]:
        at = next((i for i, a in enumerate(atoms) if a.start >= span.end), None)
        atom = atoms[at] if at is not None else None
        if at is None or atom is None or atom.point.day is None or atom.day2 is not None \
                or atom.until is not None or not _APPOSITION.match(text[span.end:atom.start]):
            continue
        year = atom.point.year or span.first.year
        try:
            day = date(year, atom.point.month, atom.point.day)
        except ValueError:
            continue
        if span.first <= day <= span.last:
            spans = [s for s in spans if s is not span]
            atoms[at] = replace(atom, point=replace(atom.point, year=year))
            reading.assume(f"{atom.point.source!r} restates {span.source!r}: read instead")
    return spans, atoms


def _flights(text: str, reading: Reading,
             fiscal: list[Span] | None = None) -> tuple[list[Flight], list[str]]:
    """Flights found, and single dates that are not a flight on their own."""
    spans: list[Span] = []  # where spans overlap, the one written out at more length reads
    for span in sorted([*(fiscal or []), *period_parts(text, reading),
                        *named_spans(text, reading), *country_days(text, reading)],
                       key=lambda s: s.start - s.end):
        if not any(f.start < span.end and span.start < f.end for f in spans):
            spans.append(span)
    spans.sort(key=lambda s: s.start)
    dark = [s for s in spans if DARK_BEFORE.search(text[max(0, s.start - 40):s.start])]
    for span in dark:  # "we go dark for the July 4th week": a pause, not the flight
        spans.remove(span)
        reading.mark(span.start, span.end)
        text = blank(text, span.start, span.end)
    for span in spans:
        reading.mark(span.start, span.end)
    atoms = date_atoms(text, reading, [s for s in spans if not s.whole_flight])
    atoms = [a for a in atoms if not any(s.whole_flight and s.start < a.end and a.start < s.end
                                          for s in spans)]
    spans, atoms = _restated(text, spans, atoms, reading)
    flights = [Flight(s.first, s.last, s.source) for s in spans if s.whole_flight]
    lone: list[str] = []
    lone_atoms: list[DateAtom] = []
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
                _RANGE_SEP.match(text[atom.end:nxt.start] + " ") and \
                not _dash_before_range(text, atoms[i:i + 3]):
            used |= {i, i + 1}
            reading.mark(atom.start, nxt.end)
            points = settle_ambiguous([atom.point, nxt.point], reading)
            if points is None:
                continue
            flight = _resolve(points[0], points[1], reading)
            if flight:
                flights.append(flight)
            continue
        used.add(i)
        point = atom.point
        after = _DURATION_AFTER.match(text[atom.end:])
        if after and "(" in after.group(0) and \
                not re.match(r"\s*\)", text[atom.end + after.end():]):
            after = None  # "Easter 2027 (2 weeks from March 22 2027)": the bracket restates
        duration = after or _DURATION_BEFORE.search(text[max(0, atom.start - 60):atom.start])
        if point.last is not None and duration is not None:  # "8 weeks starting the week of"
            point = replace(point, last=None)
        # "mid-March 2027 for 6 weeks", "starting May 2027, 8 weeks": a part of a month or
        # a month, with a length, starts on that part's first day.
        timed = point.day is not None or (duration is not None and point.end_month is None)
        ending = DURATION_ENDING.search(text[max(0, atom.start - 60):atom.start]) \
            if duration is None and point.day is not None and point.last is None else None
        if ending is not None:
            points = settle_ambiguous([point], reading)
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
            points = settle_ambiguous([point], reading)
            if points is None:
                continue
            reading.mark(atom.start, atom.end + (after.end() if after else 0))
            flight = _resolve(points[0], points[0], reading)
            if flight is None:
                continue
            count = duration.group("n").lower()
            n = int(count) if count.isdigit() else SMALL.get(count, 1)  # "for a month"
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
    stated = stated_length(text)
    if not flights and len(lone_atoms) == 1 and stated:  # "launching March 15 ... 8-week flight"
        points = settle_ambiguous([lone_atoms[0].point], reading)
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
    if len(lone_atoms) > 2:  # "Back in the office Tuesday the 12th" beside a start and end
        kept = [i for i, a in enumerate(lone_atoms) if not said_of_other(text, a.start)]
        lone_atoms, lone = [lone_atoms[i] for i in kept], [lone[i] for i in kept]
    lone_spans = [(a.start, a.end) for a in lone_atoms]
    # beside a span already over ("last year's ran May 4 - June 28") or a loose one ("Q2")
    past = all(f.end < reading.reference or f.loose for f in flights)
    if past and start_and_end(text, lone_spans):
        if written_as_end(text, lone_spans[0]):
            lone_atoms.reverse()  # "by end of March 2027, starting Feb 1"
            lone.reverse()
        points = settle_ambiguous([a.point for a in lone_atoms], reading)
        flight = _resolve(points[0], points[1], reading) if points else None
        if flight:
            reading.assume(f"{lone[0]!r} read as the flight's start and {lone[1]!r} as its end")
            return [*flights, flight], []
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
    if not flights and lone_atoms:  # "The Super Bowl is Feb 14 2027; the two weeks before"
        scratch = Reading(reference=reading.reference)
        days = {f.start for a in lone_atoms if a.point.last is None
                and (f := _resolve(a.point, a.point, scratch)) is not None}
        if len(days) == 1 and all(a.point.last is None for a in lone_atoms):
            day = days.pop()
            window = around_day(text, day, lone[0], reading)
            if window is not None:
                return [Flight(*window)], []
    return flights, lone


_SPACED_DASH = re.compile(r"^\s+[-–—]\s+$|^\s*[:(]\s*$")


def _dash_before_range(text: str, three: list[DateAtom]) -> bool:
    """"for the summer - Memorial Day through Labor Day 2027 -": a dash between spaces before
    a range written with a word is an aside's dash, not a range of its own."""
    if len(three) < 3 or not _SPACED_DASH.match(text[three[0].end:three[1].start]):
        return False
    between = text[three[1].end:three[2].start]
    return bool(_RANGE_SEP.match(between + " ")) and not _SPACED_DASH.match(between) and \
        re.search(r"[a-z]", between, re.IGNORECASE) is not None


def _pinned_end(text: str, atom: DateAtom, flights: list[Flight], reading: Reading) -> list[Flight]:
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


def _same_in_another_language(text: str, flights: list[Flight], reading: Reading,
                               fiscal: list[Span]) -> None:
    """"1 Nisan - 31 Mayıs 2027 (April 1 to May 31, 2027)": the flight written in the local
    language beside the English is read too, when it is the same flight."""
    foreign = in_english(text)
    if foreign == text:
        return
    scratch = Reading(reference=reading.reference)
    again, _ = _flights(foreign, scratch, fiscal)
    if {(f.start, f.end) for f in again} == {(f.start, f.end) for f in flights} and \
            not scratch.issues:
        reading.spans.extend(scratch.spans)


def read_flight(text: str, reading: Reading) -> None:
    """Flight from the text; several different flights are a contradiction, never a pick."""
    country = str(reading.facts.get("currency") or "") or None
    settled = BRIEF_COUNTRY.set(brief_country(text, country))  # "Independence Day": whose
    try:
        _read_flight(text, reading)
    finally:
        BRIEF_COUNTRY.reset(settled)


def _read_flight(text: str, reading: Reading) -> None:
    fiscal = fiscal_periods(text, reading)
    text = launch_day(that_month(ordinal_days(text)), reading)
    text = without_fiscal_year(without_restatements(text, reading), reading)
    text = bracketed_days(text, reading)  # "until Dia dos Namorados (12/06/2027)"
    if foreign_words(text):  # "März bis April 2027": read in English from the start
        text = in_english(text)
    flights, lone = _flights(text, reading, fiscal.spans)
    # "du 1er mars au 30 avril 2027": only with a year and no English date (no dateparser)
    if not flights and not reading.has_issue("flight_dates") and re.search(r"\b20\d\d\b", text):
        foreign = in_english(text)
        if foreign != text:
            text = foreign
            flights, lone = _flights(text, reading, fiscal.spans)
    elif flights and re.search(r"\b20\d\d\b", text):
        _same_in_another_language(text, flights, reading, fiscal.spans)
    distinct = sorted({(f.start, f.end) for f in flights}) or calendar_weeks(text, reading)
    if len(distinct) == 1 and flights:
        restated_weeks(text, distinct[0], reading)
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
        dated = [(f.start, f.end, f.source) for f in flights]
        aside = not_the_flight(text, dated, reading) or said_apart(text, dated, loose, reading)
        kept = [d for d in dated if (d[0], d[1]) not in aside]
        joined = back_to_back(text, kept, reading)
        distinct = [joined] if joined else \
            one_flight([d for d in distinct if d not in aside], loose - aside, reading)
    if len(distinct) > 1:
        spans = "; ".join(f"{s.isoformat()}..{e.isoformat()}" for s, e in distinct)
        ordered = sorted(distinct)
        gaps = all(nxt[0] > prev[1] for prev, nxt in pairwise(ordered))
        why = (" (phases with a gap between them: the buyer runs one unbroken flight, so give "
               "one flight, or brief each phase on its own)") if gaps else ""
        reading.issue("flight_dates", GapKind.CONTRADICTORY,
                      f"several flights stated: {spans}{why}")
        return
    start, end = distinct[0]
    source = next((f.source for f in flights if (f.start, f.end) == (start, end)), None)
    if source is not None:
        start, end = around_event(text, (start, end), source, reading)
    for written, first, last in fiscal.unknown:
        if (first, last) == (start, end) or (source is not None and source in written):
            reading.issue("flight_dates", GapKind.AMBIGUOUS,
                          f"{written!r} is a fiscal period, but the brief does not say when "
                          "the fiscal year starts; say so (e.g. 'our FY starts July 1') or "
                          "give the dates")
            return
    if not check_stated_length(text, start, end, reading) or \
            not check_bracketed_length(text, start, end, reading):
        return
    if check_flight(start, end, reading):
        reading.facts["flight_start"], reading.facts["flight_end"] = start, end
