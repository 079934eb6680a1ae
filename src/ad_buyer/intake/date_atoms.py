"""Dates as written in a brief, one atom each: ISO and numeric dates, days with months in
either order, same-month ranges (``Oct 1-15 2027``), parts of months (``mid November``),
whole months, halves and quarters, each an :class:`Endpoint` of a flight. Named and
relative periods (:mod:`ad_buyer.intake.when`) come in as atoms too. Used by
:mod:`ad_buyer.intake.dates`, which pairs atoms into flights."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ad_buyer.intake.endpoints import Endpoint
from ad_buyer.intake.numeric_dates import (
    CJK,
    DOTTED_PAIR,
    ISO,
    NUMERIC,
    NUMERIC_DAYS,
    NUMERIC_MONTH,
    NUMERIC_PAIR,
    START_MD,
    iso_point,
    numeric_pair,
    numeric_point,
    start_md,
    written_year,
)
from ad_buyer.intake.reading import Reading
from ad_buyer.intake.when import Span

MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
          "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH = (r"(?P<{name}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
          r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_MONTH_END = r"(?:(?<=\.)|\b)"  # "1 Mar. 2027": the abbreviation's point ends the word
_DAY = r"(?P<{name}>3[01]|[12]\d|0?[1-9])(?!\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(?P<{name}>\d{{4}}|'\d{{2}}))?"
_PART = (r"(?P<part>early|mid|late|the\s+middle\s+of|middle\s+of|the\s+beginning\s+of|"
         r"beginning\s+of|the\s+start\s+of|start\s+of|the\s+end\s+of|end\s+of|"
         r"(?:end|start|beginning)(?=-)|"
         r"(?:the\s+)?(?:first|front|second|back)\s+half\s+of|"
         r"(?:the\s+)?(?:first|second|last)\s+fortnight\s+of)[\s-]*")


# "jan-mar": a lower-case "mar" after a month and a dash is a month too
_IN_MONTH_RANGE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
                             r"\s*(?:-|–|—|to|through|thru)\s*$", re.IGNORECASE)


_MONTH_RANGE_ON = re.compile(r"\s*(?:-|–|—|to|through|thru)\s*(?:jan|feb|mar|apr|may|jun|jul|"
                             r"aug|sep|oct|nov|dec)", re.IGNORECASE)


_NUMBERED = re.compile(r"(?:#|\bno\.?|\bnumber|\bnr\.?|\bid|\bio|\bpo|\bref\.?)\s*:?\s*$",
                       re.IGNORECASE)


def _p(template: str, **names: str) -> str:
    return template.format(**names)


_ATOMS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", ISO),
    ("iso", CJK),
    ("numeric", NUMERIC),
    ("numeric_pair", NUMERIC_PAIR),
    ("numeric_pair", DOTTED_PAIR),
    ("numeric_days", NUMERIC_DAYS),
    ("start_md", START_MD),
    ("numeric_month", NUMERIC_MONTH),
    ("same_month_md", re.compile(r"\b" + _p(_MONTH, name="m") + r"\s+" + _p(_DAY, name="d")
                                 + r"\s*(?:-|–|—|to|through|thru|until)\s*(?:the\s+)?"
                                 + _p(_DAY, name="d2") + r"\b"
                                 + r"(?![\s-]*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct"
                                 r"|nov|dec)[a-z]*\b)" + _p(_YEAR, name="y"),
                                 re.IGNORECASE)),
    ("same_month_dm", re.compile(r"\b(?:the\s+)?" + _p(_DAY, name="d") + r"\.?[ \t]*(?:-|–|—|to|"
                                 r"through|thru|until)[ \t]*(?:the\s+)?" + _p(_DAY, name="d2")
                                 + r"\.?\s+(?:of\s+)?"
                                 + _p(_MONTH, name="m") + _MONTH_END + _p(_YEAR, name="y"),
                                 re.IGNORECASE)),
    # "19 Jan 27 - 15 Feb 27": a two-figure year with no apostrophe, where a range or list goes on
    ("dm", re.compile(r"\b" + _p(_DAY, name="d") + r"[ \t]+" + _p(_MONTH, name="m")
                      + r"[ \t]+(?P<y>\d{2})(?=[ \t]*(?:[-–—,;)]|\.(?!\d)|(?:to|through|thru|"
                      r"until|till)\b|$))", re.IGNORECASE | re.MULTILINE)),
    ("dm", re.compile(r"\b" + _p(_DAY, name="d") + r"-" + _p(_MONTH, name="m")
                      + r"-(?P<y>\d{4}|\d{2})\b", re.IGNORECASE)),  # "11-Jan-2027"
    # "40/40/20. Jul 5", "capped at 15. June 7": a number ending a sentence is no dotted day
    ("dm", re.compile(r"\b(?:the\s+)?(?:(?<!/)(?<!=\s)(?<!\bat\s)|(?!\d+\.))"
                      + _p(_DAY, name="d") + r"\.?[^\S\n]+(?:of\s+)?"  # "80/20\nmarch 1": no day
                      + _p(_MONTH, name="m") + _MONTH_END + _p(_YEAR, name="y"), re.IGNORECASE)),
    ("md", re.compile(r"\b" + _p(_MONTH, name="m") + r"\s+(?:the\s+)?" + _p(_DAY, name="d")
                      + r"\b(?!\s*(?:%|k\b|m\b|,\d))" + _p(_YEAR, name="y"), re.IGNORECASE)),
    # "mid to late April 2027", "early-to-mid March": two parts of one month
    ("part_range", re.compile(r"\b(?P<p1>early|mid|late)[\s-]+(?:to|through|thru|-|–)[\s-]+"
                              r"(?P<p2>mid|late|end\s+of)[\s-]+" + _p(_MONTH, name="m") + _MONTH_END
                              + _p(_YEAR, name="y"), re.IGNORECASE)),
    ("part", re.compile(r"\b" + _PART + _p(_MONTH, name="m") + _MONTH_END + _p(_YEAR, name="y"),
                        re.IGNORECASE)),
    ("month", re.compile(r"\b" + _p(_MONTH, name="m") + _MONTH_END + _p(_YEAR, name="y"),
                         re.IGNORECASE)),
    ("half_year", re.compile(r"\b(?:the\s+)?(?P<h>first|front|second|back)\s+half\s+of\s+"
                             r"(?P<y>\d{4})\b", re.IGNORECASE)),
    ("quarter", re.compile(r"\b(?P<q>[QH][1-4])(?:\s*(?:'|FY)?\s*(?P<y>\d{4}|\d{2}))?\b",
                           re.IGNORECASE)),
    # "1H27", "2H 2027", "3Q27": the number first
    ("quarter", re.compile(r"\b(?P<n>[1-4])(?P<qh>[QH])\s*'?(?P<y>\d{4}|\d{2})\b",
                           re.IGNORECASE)),
]
@dataclass(frozen=True)
class DateAtom:
    start: int
    end: int
    point: Endpoint
    kind: str
    day2: int | None = None  # same-month ranges: the end day
    until: Endpoint | None = None  # a range in one atom ("2/1-2/28")


def _month(name: str) -> int:
    return MONTHS[name[:3].lower()]


def date_atoms(text: str, reading: Reading, named: list[Span] | None = None) -> list[DateAtom]:
    found: list[tuple[int, int, int, str, re.Match[str]]] = []
    for priority, (kind, pattern) in enumerate(_ATOMS):
        for m in pattern.finditer(text):
            if any(s.start < m.end() and m.start() < s.end for s in named or []):
                continue
            found.append((m.start(), -(m.end() - m.start()), priority, kind, m))
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    atoms: list[DateAtom] = []
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
        atoms.append(DateAtom(span.start, span.end, point, "named"))
    return sorted(atoms, key=lambda a: a.start)


def _atom(kind: str, m: re.Match[str], reading: Reading) -> DateAtom | None:
    g = m.groupdict()
    source = m.group(0).strip().rstrip(".")  # "in April.": the sentence's point is no part
    if kind == "iso":
        point = iso_point(g, source)
    elif kind == "numeric":
        numeric = numeric_point(g, source, reading)
        if numeric is None:
            return None
        point = numeric
    elif kind == "numeric_pair":
        pair = numeric_pair(g, source, reading)
        if pair is None:
            return None
        return DateAtom(m.start(), m.end(), pair[0], kind, until=pair[1])
    elif kind == "start_md":
        start = start_md(g, source, reading)
        if start is None:
            return None
        return DateAtom(m.start("a"), m.end(), start, kind)
    elif kind in ("same_month_md", "same_month_dm", "numeric_days"):
        if int(g["d2"]) <= int(g["d"]) or (kind == "numeric_days" and not 1 <= int(g["m"]) <= 12):
            return None  # "20\n- 1 Jan": a split's last figure, then a date
        month = int(g["m"]) if kind == "numeric_days" else _month(g["m"])
        point = Endpoint(month=month, year=written_year(g["y"], reading),
                         day=int(g["d"]),
                         source=source)
        return DateAtom(m.start(), m.end(), point, kind, day2=int(g["d2"]))
    elif kind in ("dm", "md"):
        point = Endpoint(month=_month(g["m"]), year=written_year(g["y"], reading),
                         day=int(g["d"]),
                         source=source)
    elif kind == "half_year":
        first_half = g["h"].lower() in ("first", "front")
        point = Endpoint(month=1 if first_half else 7, end_month=6 if first_half else 12,
                         year=int(g["y"]), source=source)
    elif kind == "part_range":
        month, year = _month(g["m"]), written_year(g["y"], reading)
        point = Endpoint(month=month, year=year, part=g["p1"].lower(), source=source)
        until = Endpoint(month=month, year=year, part=" ".join(g["p2"].lower().split()),
                         source=source)
        return DateAtom(m.start(), m.end(), point, kind, until=until)
    elif kind == "part":
        part = " ".join(g["part"].lower().replace("the ", "").split())
        part = part + " of" if part in ("end", "start", "beginning") else part  # "end-Feb"
        part = re.sub(r"^(?:first|front) half of$", "first half of", part)
        part = re.sub(r"^(?:second|back) half of$", "second half of", part)
        point = Endpoint(month=_month(g["m"]), year=written_year(g["y"], reading), part=part,
                         source=source)
    elif kind == "numeric_month":
        if _NUMBERED.search(m.string[max(0, m.start() - 12):m.start()]):
            return None  # "IO #2027-04", "RFP No. 2027-11": a number, not a month
        point = Endpoint(month=int(g["m"] or g["m2"]), year=int(g["y"] or g["y2"]), source=source)
    elif kind == "month":
        word = g["m"]
        # "may" and "march" are also verbs: a bare lower-case one is not a month.
        if word.lower() in {"may", "mar", "march"} and word[0].islower() and not g["y"] \
                and not _IN_MONTH_RANGE.search(m.string[max(0, m.start() - 12):m.start()]) \
                and not _MONTH_RANGE_ON.match(m.string[m.end():]):
            return None
        point = Endpoint(month=_month(word), year=written_year(g["y"], reading), source=source)
    else:  # quarter or half
        q = g["q"].upper() if g.get("q") else g["qh"].upper() + g["n"]
        number = int(q[1])
        if q[0] == "H" and number > 2:
            return None
        first, last = ((number - 1) * 3 + 1, number * 3) if q[0] == "Q" else \
            ((number - 1) * 6 + 1, number * 6)
        point = Endpoint(month=first, end_month=last, year=written_year(g["y"], reading),
                         source=source)
    return DateAtom(m.start(), m.end(), point, kind)
