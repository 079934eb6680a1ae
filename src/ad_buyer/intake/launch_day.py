"""A flight that starts "from launch day", the launch dated elsewhere in the brief: "Shardfall
launches 2/18 ... from launch day through end of March", "Launch date: May 3 2027. Run from
the launch to June 30". The launch's day is written in place of "launch day" (same length,
so every index the readers mark stays valid)."""

from __future__ import annotations

import re

from ad_buyer.intake.date_atoms import MONTHS
from ad_buyer.intake.reading import Reading

_MONTH_WORD = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?")
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
# "launches 2/18", "launching on March 3rd, 2027", "launch date is 5 May 2027", "launch: 2/18"
_LAUNCHED = re.compile(
    r"\blaunch(?:es|ing|ed)?(?:\s+(?:date|day))?\s*(?::|\s+(?:is|on|is\s+on))?\s*(?:on\s+)?"
    rf"(?:(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?!/)|(?P<mw>{_MONTH_WORD})\s+(?P<dw>{_DAY})"
    rf"|(?P<dw2>{_DAY})\s+(?:of\s+)?(?P<mw2>{_MONTH_WORD}))(?P<y>,?\s+20\d\d)?\b",
    re.IGNORECASE)
# "from launch day through", "starting at launch until", "from the launch to"
_FROM_LAUNCH = re.compile(r"\b(?:from|starting(?:\s+(?:at|on|with))?|beginning(?:\s+(?:at|on))?)"
                          r"\s+(?P<say>(?:the\s+)?launch(?:\s+(?:day|date))?)"
                          r"(?=\s+(?:to|through|thru|until|till|and\s+running\s+(?:to|through)))",
                          re.IGNORECASE)
_NAMES = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def launch_day(text: str, reading: Reading) -> str:
    """``text`` with "from launch day" written as the launch's day, where one launch is dated."""
    said = _FROM_LAUNCH.search(text)
    launches = list(_LAUNCHED.finditer(text))
    if said is None or len(launches) != 1:
        return text
    launch = launches[0]
    if launch.group("m"):
        month, day = int(launch.group("m")), int(launch.group("d"))
        if month > 12 or day <= 12:  # "launches 3/4": not settled by its numbers alone
            return text
    else:
        month = MONTHS[(launch.group("mw") or launch.group("mw2"))[:3].lower()]
        day = int(re.sub(r"\D", "", launch.group("dw") or launch.group("dw2")))
    year = launch.group("y") or ""
    written = f"{_NAMES[month]} {day}{year.strip() and ' ' + year.strip(' ,')}"
    if len(written) > len(said.group("say")):
        written = f"{_NAMES[month]} {day}"
        if len(written) > len(said.group("say")):
            return text
    reading.mark_match(launch)
    reading.assume(f"{said.group('say')!r} read as the launch's day, {launch.group(0).strip()!r}")
    return text[:said.start("say")] + written.ljust(len(said.group("say"))) + \
        text[said.end("say"):]
