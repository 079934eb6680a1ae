"""A correction that moves one end of the flight, the other end as stated.

"Correction: please start on April 12 instead, same end date", "P.S. the end moves to
July 15", "EDIT: push the start to April 15", "Update: end date is now June 15 2027",
"One change: the flight now starts Aug 2 instead of Jul 5". The moved end is taken out
of the text before the date readers run (a lone date there is no flight), and put on
the flight they read, with an assumption naming the change. A move that leaves the
flight ending before it starts is a contradiction, never a pick.
"""

from __future__ import annotations

import re
from datetime import date

from ad_buyer.intake.reading import Reading, blank
from ad_buyer.models.brief import GapKind

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_DATE = (rf"(?:(?P<m1>{_MONTH})\s+(?:the\s+)?(?P<d1>{_DAY})|(?:the\s+)?(?P<d2>{_DAY})\s+(?:of\s+)?"
         rf"(?P<m2>{_MONTH}))(?![\w/])(?:,?\s+(?P<y>20\d\d))?")
_BETWEEN = r"[^.;\n\d]{0,30}?"
_START = re.compile(rf"\b(?:start(?:s|ing)?(?:\s+date)?|begin(?:s|ning)?|launch(?:es|ing)?|"
                    rf"go(?:es)?[\s-]live|kick(?:s|ing)?\s+off){_BETWEEN}\b{_DATE}", re.IGNORECASE)
_END = re.compile(rf"\b(?:end(?:s|ing)?(?:\s+date)?|finish(?:es|ing)?|wrap(?:s|ping)?(?:\s+up)?|"
                  rf"run(?:s|ning)?\s+(?:until|through|to|till)){_BETWEEN}\b{_DATE}",
                  re.IGNORECASE)
# "a Jan 18 start", "a June 15 end date"
_START_AFTER = re.compile(rf"\b{_DATE}\s+(?:start|launch|go[\s-]live|kick-?off)(?:\s+date)?\b",
                          re.IGNORECASE)
_END_AFTER = re.compile(rf"\b{_DATE}\s+(?:end|finish|wrap)(?:\s+date)?\b", re.IGNORECASE)
_INSTEAD_OF = re.compile(rf"\s*,?\s*(?:instead\s+of|rather\s+than|not)\s+(?:the\s+)?{_DATE}",
                         re.IGNORECASE)


_KEPT = re.compile(r"\b(?:stays?|remains?|unchanged|same|as\s+(?:is|before|planned))\b",
                   re.IGNORECASE)
# what says an end moves: "instead", "now", "push the start", "the end moves to"
_CHANGE = re.compile(r"\b(?:instead|now|mov(?:e|es|ed|ing)|push(?:es|ed)?|pull(?:ed)?|"
                     r"shift(?:s|ed)?|chang(?:e|es|ed)|new|rather|revised|updated?|brought|bring|"
                     r"delay(?:s|ed)?|extend(?:s|ed)?|correction|edit)\b", re.IGNORECASE)


def _day(m: re.Match[str]) -> tuple[int, int, int | None]:
    month = (m.group("m1") or m.group("m2")).lower()[:3]
    day = int(re.sub(r"\D", "", m.group("d1") or m.group("d2")))
    return _MONTHS.index(month) + 1, day, int(m.group("y")) if m.group("y") else None


def read_moved_ends(text: str, start: int, end: int, reading: Reading) -> str:
    """``text`` with the moved ends in the correction at ``start:end`` taken out (and kept
    on ``reading`` for :func:`apply_moved_ends`)."""
    clause = text[start:end]
    found = {which: first.search(clause) or then.search(clause) for which, first, then in (
        ("start", _START, _START_AFTER), ("end", _END, _END_AFTER))}
    moved: dict[str, re.Match[str]] = {  # "the end date stays Sep 26": no move
        which: m for which, m in found.items() if m is not None and not _KEPT.search(m.group(0))}
    if not _CHANGE.search(clause) or len(moved) == 2:
        return text  # a clause that states a whole flight restates it (restated.py)
    for which, m in moved.items():
        stop = m.end()
        instead = _INSTEAD_OF.match(clause, stop)
        if instead:
            stop = instead.end()
        reading.moved_ends[which] = (*_day(m), clause[m.start():stop].strip())
        reading.mark(start + m.start(), start + stop)
        text = blank(text, start + m.start(), start + stop)
    return text


def _on(month: int, day: int, year: int | None, was: date) -> date | None:
    """The date, in its stated year or else in the year of the end it replaces."""
    try:
        return date(year or was.year, month, day)
    except ValueError:
        return None


def apply_moved_ends(reading: Reading) -> None:
    """Put the moved ends on the flight the date readers read."""
    start, end = reading.facts.get("flight_start"), reading.facts.get("flight_end")
    if not reading.moved_ends or start is None or end is None:
        return
    new_start, new_end = start, end
    if "end" in reading.moved_ends:
        month, day, year, said = reading.moved_ends["end"]
        new_end = _on(month, day, year, end) or end
    if "start" in reading.moved_ends:
        month, day, year, said = reading.moved_ends["start"]
        new_start = _on(month, day, year, start) or start
    if new_start >= new_end:
        reading.issue("flight_dates", GapKind.CONTRADICTORY,
                      f"the correction moves the flight to {new_start} - {new_end}, which "
                      "ends before it starts")
        return
    for which, old, new in (("start", start, new_start), ("end", end, new_end)):
        if old != new:
            said = reading.moved_ends[which][3]
            reading.assume(f"{said!r} moves the flight's {which} to {new} (the brief said "
                           f"{old})")
    reading.facts["flight_start"], reading.facts["flight_end"] = new_start, new_end
