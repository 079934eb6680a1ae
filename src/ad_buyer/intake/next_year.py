"""'next year' written after a month in its sentence ("from mid-March for 6 weeks next
year"): the year of that month's dates, not a whole-year flight of its own."""

from __future__ import annotations

import re

from ad_buyer.intake.reading import Reading

_MONTH_IN_SENTENCE = re.compile(  # "May" only capitalised: "we may run it next year"
    r"\b((?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)|May)\b[^.;!?\n]*$")


def dated_next_year(before: str, rel: str, reading: Reading) -> bool:
    """'next year' after a month in its sentence is that month's year when the month's
    next occurrence falls in it (said as an assumption); then it is no flight of its own."""
    m = _MONTH_IN_SENTENCE.search(before)
    if m is None or rel != "next":
        return False
    month = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
             "dec"].index(m.group(1).lower()[:3]) + 1
    if month >= reading.reference.month:
        return False  # the month's next occurrence is this year: 'next year' says otherwise
    reading.assume(f"'next year' gives the year of {m.group(0).split()[0]!r} "
                   f"({reading.reference.year + 1}), not a flight of its own")
    return True
