"""What an unread part of a brief carries: money, a CPM, a place, a date or an audience.

A part no reader understood is listed for the planner. When it carries one of
these, planning without it could spend money the planner did not mean to (a
CPM cap dropped, a market missed), so the brief stops: a batch run exits 2
naming the part, and chat asks about it. The planner may restate it, or answer
``ignore`` to plan without it (the answer is logged like any other).
"""

from __future__ import annotations

import re
from datetime import date

from ad_buyer.models.brief import BriefIssue, GapKind

UNREAD_FIELD = "unread"
IGNORE_ANSWERS = frozenset({"ignore", "ignore it", "drop it", "skip", "skip it", "ignore them",
                            "plan without it", "none", "no"})

# "may" is a month beside a number or capitalised ("in May"), not as a verb ("we may need")
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May)(?!\s+(?:I|we|you|"
           r"they|be|have|not|also)\b)|may(?=\s*\d)|(?<=\d\s)may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
# Regions named loosely ("the Pacific Northwest", "the Southeast push"): a place when the
# brief names no other; beside named markets they describe them.
_REGION_WORDS = (r"(?:north|south)(?:[\s-]?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?|"
                 r"midwest(?:ern)?|coast(?:al)?|new\s+england|tri-?state|sun\s*belt")
_REGION = re.compile(rf"\b(?:{_REGION_WORDS})\b", re.IGNORECASE)
PLACES_NAMED = "places named"
# A seller refused or required that no reader read ("Contractor shall not procure media from
# ClickFarm"): dropping it would buy where the planner said not to.
_SELLER = re.compile(r"\b(?:not|never|no|exclude|excluding|avoid|only|block|ban(?:ned)?)\b"
                     r"(?:\s+[\w'-]+){0,5}?\s+(?:from|with|through|via|include|use|alongside|beside|next\s+to)\s+"
                     r"(?:the\s+)?"
                     r"(?-i:[A-Z][\w&'-]*|[a-z][A-Z][\w&'-]*)", re.IGNORECASE)
_CARRIES: list[tuple[str, re.Pattern[str]]] = [
    ("a CPM", re.compile(r"\b(?:e?cpms?|cpcv?|cpa|cpv|cpi|per\s+mille|per\s+thousand)\b",
                         re.IGNORECASE)),
    ("money", re.compile(r"[$€£¥]|\b\d[\d.,]*\s*(?:k|m|mm|bn)\b|\b(?:usd|eur|gbp|cad|aud|"
                         r"dollars?|euros?|pounds|bucks|quid|grand|budget|spend|cost|price|"
                         r"pricing|fee|rate|cap|capped|ceiling|discount|rebate|bonus)\b",
                         re.IGNORECASE)),
    ("a date", re.compile(rf"\b(?:{_MONTHS})\b|\b20\d\d\b|\b\d{{1,2}}[/.]\d{{1,2}}\b|"
                          r"\b(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|"
                          r"sundays?|weekends?|weekdays?|week|weeks|month|months|quarter|"
                          r"year|days?|season|summer|winter|spring|fall|autumn|holidays?|"
                          r"launch|flight|start|end|until|before|after)\b", re.IGNORECASE)),
    ("a place", re.compile(r"\b(?:in|across|near|around|within|outside)\s+(?:the\s+)?"
                           r"(?-i:[A-Z][a-z]+)(?!'s)\b|\btop[\s-]\d{1,3}\b|\b(?:city|cities|towns?|areas?|suburbs?|neighbou?rhoods?|"
                           r"state|states|region|regions|market|"
                           r"markets|dma|dmas|zip|zips|postal|nationwide|national|local|metro|"
                           + _REGION_WORDS + "|"
                           r"county|counties|country|countries|province|geo|radius|miles)\b",
                           re.IGNORECASE)),
    ("an audience", re.compile(r"\b\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\b|\b\d{1,2}\s*\+|\b(?:men|"
                               r"women|adults?|kids|children|teens|parents|moms|mums|dads|"
                               r"audiences?|people|users|viewers|listeners|gen\s*z|millennials|"
                               r"boomers|seniors|households?|hhi|income|ages?|aged|shoppers|"
                               r"buyers|owners|students|gamers|fans)\b", re.IGNORECASE)),
    ("a seller", _SELLER),
]


# What still names a constraint inside a clause a reader has partly read: narrower than
# the patterns above, which also match words a reader consumed without marking them.
_LEFTOVER: list[tuple[str, re.Pattern[str]]] = [
    ("a CPM", _CARRIES[0][1]),
    ("money", re.compile(r"[$€£¥]\s?\d|\b\d[\d.,]*\s*(?:k|m|mm|bn)\b", re.IGNORECASE)),
    ("a date", re.compile(r"\b\d{1,2}[/.]\d{1,2}\b|\b20\d\d\b")),
    ("a place", re.compile(r"\b(?:in|across|near|within|outside|throughout)\s+(?:the\s+)?"
                           r"(?-i:[A-Z][A-Za-z]+)|\btop[\s-]\d{1,3}\b|"
                           r"\b(?:regions?|states|city|cities|towns?|"
                           r"count(?:y|ies)|provinces?|metros?|zip\s*codes?|postcodes?|radius|"
                           r"miles)\b", re.IGNORECASE)),
    ("an audience", re.compile(r"\b\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\b|\b\d{1,2}\s*\+")),
]


def carried_in_leftover(part: str) -> list[str]:
    """What a fragment no reader marked, inside a read clause, still names."""
    return [kind for kind, pattern in _LEFTOVER if pattern.search(part)]


def carried(part: str) -> list[str]:
    """What kinds of constraint ``part`` carries (``[]``: none of them)."""
    kinds = [kind for kind, pattern in _CARRIES if pattern.search(part)]
    if "a CPM" in kinds and "money" in kinds:
        kinds.remove("money")
    return kinds


# A definite mention of each kind: an amount, a CPM with a number, a date or a length, a
# named place, an age. The other words (``budget``, ``spring``, ``region``, ``owners``) only
# carry a constraint when the brief states none of that kind elsewhere.
_DEFINITE: dict[str, re.Pattern[str]] = {
    "a CPM": re.compile(r"\b(?:e?cpms?|cpcv?|cpa|cpv|cpi)\b[^.;]*?(?:\d|\b(?:one|two|three|"
                        r"four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                        r"thirty|forty|fifty)\b)|\d[^.;]*\b(?:e?cpms?|cpcv?|cpa|cpv|cpi)\b",
                        re.IGNORECASE),
    "money": re.compile(r"[$€£¥]\s?\d|\b\d[\d.,]*\s*(?:k|m|mm|bn|usd|eur|gbp|cad|aud|dollars?|"
                        r"euros?|pounds|bucks|quid|grand)\b", re.IGNORECASE),
    "a date": re.compile(rf"\b(?:{_MONTHS})\b|\b\d{{1,2}}[/.]\d{{1,2}}\b|\b20\d\d\b|"
                         r"\b\d+\s*(?:days?|weeks?|months?)\b|\b(?:mondays?|tuesdays?|"
                         r"wednesdays?|thursdays?|fridays?|saturdays?|sundays?|weekends?|"
                         r"weekdays?)\b", re.IGNORECASE),
    "a place": re.compile(r"\b(?:in|across|near|within|outside|throughout)\s+(?:the\s+)?"
                          r"(?-i:[A-Z][a-z]+)(?!'s)\b|\btop[\s-]\d{1,3}\b|"
                          r"\b(?:zip|zips|postal|postcodes?|radius|"
                          r"miles)\b", re.IGNORECASE),
    "an audience": re.compile(r"\b\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\b|\b\d{1,2}\s*\+"),
    "a seller": _SELLER,
}


# "no idea on CPMs", "no preference on markets": the planner leaves it to the buyer.
_LEFT_OPEN = re.compile(r"^\W*(?:no\s+(?:idea|preference|strong\s+(?:views?|preferences?))|"
                        r"not\s+sure|open|flexible|tbd|tbc|(?:it'?s\s+)?up\s+to\s+you|"
                        r"your\s+call)\b", re.IGNORECASE)


# Pleasantries ("Hope you had a good weekend", "have a great week"), history ("we had
# issues there last year", "signed off yesterday", "two years ago") and a reply's deadline
# ("questions before Friday"): they name no flight.
_SMALL_TALK = re.compile(
    r"\b(?:hope|hoping)\s+(?:you|u|y'?all|everyone|all)\s+(?:had|have|are|were|enjoyed|got)\b"
    r"[^.!?\n,;\d]{0,30}\b(?:weekend|week|day|break|holidays?|well|good|great)\b|"
    r"\b(?:have|had|enjoy(?:ed)?)\s+(?:a\s+)?(?:good|great|nice|lovely|relaxing|restful)\s+"
    r"(?:weekend|week|day|holidays?|break|evening|trip)\b|"
    r"\b(?:last|previous|prior)\s+(?:year|month|week|quarter|season|time|summer|winter|spring|"
    r"fall|autumn|holidays?)\b|\byesterday\b|"
    # a deadline for the reply, not the flight: "questions before Friday", "by EOD"
    r"\b(?:before|by|until|till|ahead\s+of)\s+(?:this\s+|next\s+|the\s+)?(?:mondays?|tuesdays?|"
    r"wednesdays?|thursdays?|fridays?|saturdays?|sundays?|weekend|eod|eow|cob|tomorrow|tonight)\b|\b(?:\w+\s+)?(?:days?|weeks?|months?|years?)\s+ago\b|"
    # "Hope your week's going well", "hope all is well"
    r"\bhope\b[^.!?\n]{0,40}?\b(?:well|good|great|nice|lovely|ok|okay|fun|relaxing|restful|"
    r"smoothly)\b(?:\s+(?:weekend|week|day|holidays?|break|time|trip|thanksgiving|christmas|"
    r"new\s+year|summer|vacation))?|"
    # a meeting referred to: "as discussed on Monday", "per our call Tuesday"
    r"\b(?:as\s+(?:discussed|agreed|promised|mentioned)|per\s+(?:our|my|your)|following\s+"
    r"(?:our|my|your|up\s+on)|further\s+to\s+(?:our|my|your))\b[^.!?\n,;]{0,40}|"
    # a meeting named by its day ("after Friday's workshop", "on Tuesday's call")
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day'?s\s+(?:\w+\s+)?(?:call|meeting|workshop|"
    r"session|review|catch[\s-]?up|sync|chat|status|debrief|kick-?off|presentation|pitch)\b|"
    r"\b(?:this|yesterday)\s+(?:morning|afternoon|evening)\b|\bearlier\s+today\b|"
    # a salutation naming a time: "Greetings of the day", "Good day", "Season's greetings"
    r"\b(?:greetings\s+of\s+the\s+(?:day|season)|season'?s\s+greetings|compliments\s+of\s+"
    r"the\s+season|good\s+(?:day|morning|afternoon|evening)|happy\s+(?:\w+day|new\s+year|"
    r"holidays))\b|"
    # a dated heading of notes: "Notes from call w/ Acme (12/7)", "Call recap 3/4"
    r"\b(?:(?:call|meeting|kick-?off)\s+(?:notes|minutes|recap|summary)|(?:notes|minutes|"
    r"recap|summary|debrief)\s+(?:from|of|for)\s+(?:\S+\s+){0,2}?(?:call|meeting|chat|sync|"
    r"catch[\s-]?up|kick-?off|workshop))\b[^.!?\n:]*",
    re.IGNORECASE)
# The occasion a campaign is for ("set up ads for our app launch", "to support the Alpine
# Water launch"): why it runs, not when. A dated launch ("launch on 3/4") keeps its date.
_OCCASION = re.compile(r"\b(?:for|behind|supporting|support|backing)\s+(?:the|our|a|an|their|"
                       r"its|my|this|his|her)\s+(?:[\w'-]+\s+){0,3}?(?:launch|opening|release|"
                       r"premiere)\b(?!\s+(?:weeks?|days?|dates?|on|in|is|was|will|from|at)\b)",
                       re.IGNORECASE)
# The language the brief itself is written in ("the key points of our RFP, in English for
# our international desk"): no market. The language of the ads ("creative in Spanish for
# Hispanic audiences") is a constraint, and stays.
_LANGUAGE = re.compile(r"\b(?:in|into)\s+(?:plain\s+)?(?-i:English|French|Spanish|German|"
                       r"Dutch|Italian|Portuguese|Swedish|Danish|Norwegian|Finnish|Polish|"
                       r"Japanese|Chinese|Mandarin|Korean|Arabic|Hindi)\b(?![\s-]*(?i:"
                       r"speaking|speakers|language))")
_DOCUMENT = re.compile(r"\b(?:rfp|brief|notes?|e-?mails?|message|below|above|translat\w*|"
                       r"summary|key\s+points|deck|document|written|here\s+it\s+is)\b",
                       re.IGNORECASE)

# A topic's lead-in ("On CPMs,", "As for the budget:"): its value follows in the clause a
# reader reads (or lists as unread); the lead-in alone carries nothing.
_LEAD_IN = re.compile(r"^\W*(?:on|re|regarding|as\s+(?:for|to|regards)|in\s+terms\s+of|about|"
                      r"when\s+it\s+comes\s+to|with\s+regards?\s+to)\s+(?:the\s+)?(?:e?cpms?|"
                      r"budget|pricing|price|rates?|dates?|timing|flight|geo(?:graphy)?|markets?|"
                      r"audiences?|targeting)\W*$", re.IGNORECASE)


# A place word leading a proper name ("Metro Screens", "Local Reach Media") names a
# seller or a brand, not a market
_PROPER_NAME = re.compile(r"\b(?-i:Metro|City|Local|National|Regional|Coastal|Urban|Market|"
                          r"State|Country|County)\s+(?-i:[A-Z][a-z]+)\b")


def _known_ages(part: str, ages: frozenset[int]) -> str:
    """``part`` without the ages the brief states elsewhere ('the guidelines say 21+' beside
    'adults 21 to 44'): a restated age is no news."""
    def drop(m: re.Match[str]) -> str:
        numbers = {int(n) for n in re.findall(r"\d+", m.group(0))}
        return "" if numbers <= ages else m.group(0)
    return re.sub(r"\b\d{1,2}\s*(?:(?:-|–|to)\s*\d{1,2}\b|\+)", drop, part)


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec")
_DAY_MONTH = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?:[/.](?:20)?\d\d)?\b|"
                        rf"\b(?P<m1>{'|'.join(_MONTH_NAMES)})[a-z]*\.?\s+(?P<d1>\d{{1,2}})"
                        r"(?:st|nd|rd|th)?\b|\b(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                        rf"(?P<m2>{'|'.join(_MONTH_NAMES)})[a-z]*\b", re.IGNORECASE)


def _without_flight_days(part: str, flight: tuple[date, date] | None) -> str:
    """``part`` without a day that is the flight's start or end ("Shardfall launches 2/18"
    beside a flight "from launch day" read as Feb 18): the brief already reads it."""
    if flight is None:
        return part
    ends = {(d.month, d.day) for d in flight}

    def drop(m: re.Match[str]) -> str:
        if m.group("a"):
            a, b = int(m.group("a")), int(m.group("b"))
            return "" if (a, b) in ends or (b, a) in ends else m.group(0)
        month, day = (m.group("m1"), m.group("d1")) if m.group("m1") else (m.group("m2"),
                                                                           m.group("d2"))
        return "" if (_MONTH_NAMES.index(month.lower()) + 1, int(day)) in ends else m.group(0)
    return _DAY_MONTH.sub(drop, part)


def _stopping(part: str, settled: frozenset[str], years: frozenset[int],
              ages: frozenset[int] = frozenset(),
              flight: tuple[date, date] | None = None) -> list[str]:
    """The kinds ``part`` carries that could change the plan: definite mentions, and vague
    ones of a kind the brief does not settle elsewhere. A year of the flight is no news,
    nor an age the brief states, small talk or history."""
    if _LEFT_OPEN.search(part) or _LEAD_IN.match(part):
        return []
    part = _without_flight_days(_known_ages(_SMALL_TALK.sub(" ", _OCCASION.sub(" ", part)),
                                            ages), flight)
    if _DOCUMENT.search(part):
        part = _LANGUAGE.sub(" ", part)
    part = _PROPER_NAME.sub(" ", part)  # "Metro Screens", "National Media Co": a name
    # a year of the flight, or one before it ("Harvest Festival 2026", last year's campaign)
    scrubbed = re.sub(r"\b20\d\d\b", lambda m: "" if years and int(m.group(0)) <= max(years)
                      else m.group(0), part)
    # "Mothering Sunday", "Cyber Monday": a day's name inside a title is not a weekday rule.
    scrubbed = re.sub(r"(?<=[A-Z][a-z])\w*\s+(?-i:[A-Z])[a-z]+day\b", "", scrubbed)
    kinds = []
    for kind in carried(part):
        seen = _REGION.sub("", scrubbed) if kind == "a place" else scrubbed  # "the North of"
        definite = _DEFINITE[kind].search(seen) is not None
        if kind == "a place" and not definite and PLACES_NAMED in settled and \
                _CARRIES[3][1].search(_REGION.sub("", part)) is None:
            continue  # only a loose region, beside places the brief names
        if definite or kind not in settled:
            kinds.append(kind)
    return kinds


def unread_issues(parts: list[str], settled: frozenset[str] = frozenset(),
                  years: frozenset[int] = frozenset(),
                  ages: frozenset[int] = frozenset(),
                  flight: tuple[date, date] | None = None) -> list[BriefIssue]:
    """One issue per unread part that carries money, a CPM, a place, a date or an audience
    (``settled``: the kinds the brief states elsewhere; ``years``: the flight's years;
    ``ages``: the audience's age bounds; ``flight``: its first and last day)."""
    issues = []
    for part in parts:
        kinds = _stopping(part, settled, years, ages, flight)
        if kinds:
            issues.append(BriefIssue(
                field=UNREAD_FIELD, kind=GapKind.INVALID,
                message=f"{part!r} was not understood and carries {' and '.join(kinds)}; "
                        "planning without it could spend against the brief"))
    return issues
