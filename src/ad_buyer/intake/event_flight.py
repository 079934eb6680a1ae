"""A flight written around the one event a brief dates: "the sale runs March 18-31 and we
want to be live from the 11th" (March 11-31), "go live on the 3rd and stay on through the
end of the sale", "the two weeks leading into the sale and through it". The event's dates
are said with a sale, an event, a launch (:mod:`ad_buyer.intake.flight_roles`); the flight
runs from the start written against it to the event's end, or for the length before it."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ad_buyer.intake.flight_roles import Role, role
from ad_buyer.intake.flight_text import SMALL
from ad_buyer.intake.reading import Reading

_MONTH_NEXT = (r"(?!\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)"
               r"(?!\s*[/.-]\d)")
# "live from the 11th", "go live on the 3rd", "start on the 20th": a day with no month
_START_DAY = re.compile(r"\b(?:live|start(?:s|ing)?|launch(?:es|ing)?|begin(?:s|ning)?|"
                        r"kick(?:s|ing)?\s+off|on\s+air|in[\s-]market)\s+(?:from|on|as\s+of)\s+"
                        r"(?:the\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)\b" + _MONTH_NEXT,
                        re.IGNORECASE)
_EVENT = (r"(?:it|that|the\s+(?:sale|event|launch|opening|show|promo(?:tion)?|conference|"
          r"festival|tour|game|match|premiere|release|election)(?:\s+itself)?)")
_COUNT = r"(?P<n>\d{1,2}|" + "|".join(SMALL) + r"|a)"
# "the two weeks leading into the sale and through it", "10 days before it"
_LEAD_IN = re.compile(rf"\b(?:the\s+)?(?:last\s+|final\s+)?{_COUNT}\s+(?P<unit>days?|weeks?)\s+"
                      rf"(?:before|leading\s+(?:up\s+to|into)|ahead\s+of|prior\s+to|"
                      rf"in\s+the\s+run[\s-]up\s+to)(?:\s+{_EVENT}|(?=\s*(?:[.;,\n]|$)))"
                      rf"(?P<through>,?\s+(?:and|plus)\s+(?:(?:all\s+the\s+way\s+)?through|during|"
                      rf"over|for)\s+{_EVENT})?", re.IGNORECASE)


# "media should start a week earlier", "go live 10 days before it": a start set against it
_EARLIER = re.compile(rf"\b(?:start|begin|launch|go\s+live|be\s+live|kick\s+off)\s+(?:{_COUNT}\s+"
                      rf"(?P<unit>days?|weeks?)|(?P<one>a\s+week|a\s+fortnight))\s+(?:earlier|"
                      rf"before(?:\s+{_EVENT})?|ahead(?:\s+of\s+{_EVENT})?|prior)\b", re.IGNORECASE)


def _length(m: re.Match[str]) -> timedelta:
    if m.groupdict().get("one"):
        return timedelta(days=14 if "fortnight" in m.group("one").lower() else 7)
    n = _count(m.group("n"))
    return timedelta(days=n * (7 if m.group("unit").lower().startswith("week") else 1))


def _count(raw: str) -> int:
    raw = raw.lower()
    return int(raw) if raw.isdigit() else 1 if raw == "a" else SMALL[raw]


# "the two weeks before and the week after", "10 days before it and 3 days after"
_AROUND = re.compile(rf"\b(?:the\s+)?{_COUNT}\s+(?P<unit>days?|weeks?)\s+before(?:\s+{_EVENT})?"
                     rf",?\s+(?:and|plus)\s+(?:the\s+)?"
                     + _COUNT.replace("?P<n>", "?P<n2>") + r"?\s*(?P<unit2>days?|weeks?)\s+after"
                     rf"(?:\s+{_EVENT})?\b", re.IGNORECASE)


def around_day(text: str, day: date, source: str,
               reading: Reading) -> tuple[date, date, str] | None:
    """The flight written against the one day a brief dates ("The Super Bowl is Feb 14
    2027; run the two weeks before and the week after"), or None."""
    around, earlier, lead_in = _AROUND.search(text), _EARLIER.search(text), _LEAD_IN.search(text)
    if around is not None:
        after = _count(around.group("n2") or "a") * \
            timedelta(days=7 if around.group("unit2").lower().startswith("week") else 1)
        flight, found = (day - _length(around), day + after), around
    elif earlier is not None:
        flight, found = (day - _length(earlier), day), earlier
    elif lead_in is not None:
        flight = (day - _length(lead_in),
                  day if lead_in.group("through") else day - timedelta(days=1))
        found = lead_in
    else:
        return None
    reading.mark_match(found)
    reading.assume(f"{found.group(0).strip()!r} read against {source!r} "
                   f"({day.isoformat()}): the flight is {flight[0].isoformat()} to "
                   f"{flight[1].isoformat()}")
    return flight[0], flight[1], found.group(0).strip()


def _day_before(day: int, end: date) -> date | None:
    """The latest date on ``day`` of a month, on or before ``end``."""
    month = end.replace(day=1)
    for _ in range(3):
        try:
            candidate = month.replace(day=day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate <= end:
            return candidate
        month = (month - timedelta(days=1)).replace(day=1)
    return None


def around_event(text: str, event: tuple[date, date], source: str,
                 reading: Reading) -> tuple[date, date]:
    """The flight written against the event ``event`` (written as ``source``), or the
    event's own dates where nothing is written against them."""
    if any(p.search(source) for p in (_AROUND, _EARLIER, _LEAD_IN)):
        return event  # already a window read against its day (around_day)
    found, cue = role(text, source, event[1], reading)
    if found is not Role.OTHER:
        return event
    start_day = _START_DAY.search(text)
    lead_in = _LEAD_IN.search(text)
    earlier = _EARLIER.search(text)
    if earlier is not None:  # "go live 10 days before it": and run to the event's end
        flight = (event[0] - _length(earlier), event[1])
        reading.mark_match(earlier)
        written = earlier.group(0)
    elif lead_in is not None:
        flight = (event[0] - _length(lead_in),
                  event[1] if lead_in.group("through") else event[0] - timedelta(days=1))
        reading.mark_match(lead_in)
        written = lead_in.group(0)
    elif start_day is not None:
        first = _day_before(int(start_day.group("d")), event[1])
        if first is None or first == event[0]:
            return event
        flight = (first, event[1])
        reading.mark_match(start_day)
        written = start_day.group(0)
    else:
        return event
    reading.assume(f"{source!r} is the {cue}'s dates; {written.strip()!r} read against it: "
                   f"the flight is {flight[0].isoformat()} to {flight[1].isoformat()}")
    return flight
