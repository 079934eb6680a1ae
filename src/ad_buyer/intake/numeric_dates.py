"""Numeric dates and ranges: ``2027-10-01``, ``13/04/2027`` (day-first, as 13 cannot be a
month), ``01.10.2027`` (dotted: day-first), ``2/1-2/28`` (a range with no year). An order
no day above 12 fixes is never guessed: it is settled by another date of the same flight
or asked about. Used by :mod:`ad_buyer.intake.dates`."""

from __future__ import annotations

import calendar
import re
from dataclasses import replace

from ad_buyer.intake.endpoints import Endpoint
from ad_buyer.intake.reading import Reading
from ad_buyer.models.brief import GapKind

# "2027-10-01", "2027/10/01", and year-first as written in Korea, Japan and China:
# "2027.03.02", "2027. 3. 2.", "2027年3月2日", "2027년 3월 2일" (the year optional there)
ISO = re.compile(r"\b(?P<y>\d{4})(?P<s>[-/]|\.\s?)(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})\b\.?")
# "02/2027", "2027-02", "03.2027": a whole month, written in figures with its year
NUMERIC_MONTH = re.compile(r"(?<![\d/.,$€£])(?:(?P<m>0?[1-9]|1[0-2])[/.-](?P<y>20\d\d)|"
                           r"(?P<y2>20\d\d)-(?P<m2>0[1-9]|1[0-2]))(?![\d/%])")
CJK = re.compile(r"(?:(?P<y>\d{4})\s*[年년]\s*)?(?<!\d)(?P<m>\d{1,2})\s*[月월]\s*"
                 r"(?P<d>\d{1,2})\s*[日일]")
# "15. 3. 2027": Czech, Slovak and Polish write a space after each point
NUMERIC = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/-]|\.[ \u00a0]?)(?P<b>\d{1,2})"
                     r"(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/]|\.\d)")
# "2/1-2/28 next year", "3/15 to 4/30": numeric days with no year, in a range only
NUMERIC_PAIR = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})\s*(?:-|–|to|through|"
                          r"thru)\s*(?P<a2>\d{1,2})/(?P<b2>\d{1,2})"
                          r"(?:/(?P<y2>\d{4}|\d{2}))?(?![\d/%])")
# "01.03.-30.04.2027", "1.3. bis 30.4.27": dotted (day-first), the year written once at the end
DOTTED_PAIR = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.?\s*(?:-|–|—|bis|to|"
                         r"until|till|through|thru|au|al)\s*(?P<a2>\d{1,2})\.(?P<b2>\d{1,2})\."
                         r"(?P<y2>\d{4}|\d{2})(?![\d/]|\.\d)", re.IGNORECASE)
# "1-28.02.2027", "1.-28.2.27", "01-28/02/2027": days of one month, its month and year written once
NUMERIC_DAYS = re.compile(r"(?<![\d/.])(?P<d>\d{1,2})\.?\s*(?:-|–|—|bis|to|until|till|through|"
                          r"thru|au|al)\s*(?P<d2>\d{1,2})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)"
                          r"(?P<y>\d{4}|\d{2})(?![\d/]|\.\d)", re.IGNORECASE)


def written_year(raw: str | None, reading: Reading) -> int | None:
    """The year as written: ``2027``, or ``'27`` / ``27`` read as 2027 (an assumption)."""
    if not raw:
        return None
    if raw.startswith("'") or len(raw) == 2:
        year = 2000 + int(raw.lstrip("'"))
        reading.assume(f"year {raw!r} read as {year}")
        return year
    return int(raw)


def iso_point(g: dict[str, str], source: str) -> Endpoint:
    return Endpoint(month=int(g["m"]), year=int(g["y"]) if g["y"] else None, day=int(g["d"]),
                    source=source)


def numeric_point(g: dict[str, str], source: str, reading: Reading) -> Endpoint | None:
    """``a/b/y`` or ``a.b.y``: day-first where dotted or where ``a`` cannot be a month;
    None where neither can be a month ("50/30/20" is a split)."""
    a, b = int(g["a"]), int(g["b"])
    if min(a, b) > 12 or max(a, b) > 31 or min(a, b) == 0:
        return None
    year = written_year(g["y"], reading)
    if g["sep"].strip() == "." and not b > 12 >= a:  # dotted dates are day-first, unless
        # they cannot be (settled by the other end of the range: "3.1.27-4.30.27" is month-first)
        return Endpoint(month=b, year=year, day=a, source=source,
                        ambiguous=(a, b) if a <= 12 and b <= 12 and a != b else None)
    if a > 12 and b <= 12:
        return Endpoint(month=b, year=year, day=a, source=source)
    if (b > 12 and a <= 12) or a == b:
        return Endpoint(month=a, year=year, day=b, source=source)
    return Endpoint(month=a, year=year, day=b, ambiguous=(a, b), source=source)


def numeric_pair(g: dict[str, str], source: str,
                 reading: Reading) -> tuple[Endpoint, Endpoint] | None:
    """``2/1-2/28``: both ends in the order a day above 12 fixes; None (asked) otherwise."""
    a, b, a2, b2 = (int(g[k]) for k in ("a", "b", "a2", "b2"))
    # dotted dates are day-first wherever they are written
    if "." in source or (max(a, a2) > 12 and max(b, b2) <= 12):
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
    end = Endpoint(month=to_md[0], year=written_year(g["y2"], reading), day=to_md[1],
                   source=source)
    return point, end


# "from 3/1 for 8 weeks", "starting 15/3": a day and month with no year, said as a start
START_MD = re.compile(r"\b(?:from|starting|beginning|commencing|launching|starts?|live)\s+"
                      r"(?:on\s+)?(?P<a>\d{1,2})/(?P<b>\d{1,2})\b(?![/\d%.])"
                      r"(?!\s*(?:of|the|split|share|ratio)\b)", re.IGNORECASE)


def start_md(g: dict[str, str], source: str, reading: Reading) -> Endpoint | None:
    """A start day written ``a/b`` in the order a day above 12 shows (else asked about)."""
    a, b = int(g["a"]), int(g["b"])
    if min(a, b) == 0 or min(a, b) > 12 or max(a, b) > 31:
        return None
    if max(a, b) <= 12 and a != b:
        reading.issue("flight_dates", GapKind.AMBIGUOUS,
                      f"'{a}/{b}' could be {a} {calendar.month_name[b]} (day first) or "
                      f"{calendar.month_name[a]} {b} (month first); write the month's name")
        return None
    day, month = (a, b) if a > 12 else (b, a)
    return Endpoint(month=month, year=None, day=day, source=f"{a}/{b}")


def settle_ambiguous(points: list[Endpoint], reading: Reading) -> list[Endpoint] | None:
    """Numeric dates of one range read in one order; None when no end fixes the order."""
    ambiguous = [p for p in points if p.ambiguous]
    if not ambiguous:
        return points
    numeric = [p for p in points if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", p.source)]
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
    if all("." in p.source for p in ambiguous):  # dotted dates are written day-first
        out = []
        for p in points:
            if p.ambiguous:
                p = replace(p, ambiguous=None)  # read day-first already
                reading.assume(f"{p.source!r} read day-first ({p.day} "
                               f"{calendar.month_name[p.month]}), as dotted dates are written")
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
