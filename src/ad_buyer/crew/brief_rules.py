"""Rule-based brief reading: the offline model's brief intake.

Each reader finds one fact in plain-English brief text and reports what it
inferred (``assumptions``) and what it could not settle (``issues``). Nothing
is guessed: two different budgets or flights are a contradiction, not a pick.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ad_buyer.models.brief import BriefIssue, CampaignGoal, Channel, GapKind, Gender
from ad_buyer.models.buyer_identity import DealType
from ad_buyer.models.money import to_micros


@dataclass
class Reading:
    """Facts found so far, plus what was assumed and what is unresolved."""

    facts: dict[str, Any] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    issues: list[BriefIssue] = field(default_factory=list)

    def issue(self, name: str, kind: GapKind, message: str) -> None:
        self.issues.append(BriefIssue(field=name, kind=kind, message=message))


_SCALE = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mm": 1_000_000, "million": 1_000_000}
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}
_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?"
_SCALE_RE = r"(?:\s*(k|mm|m|thousand|million)\b)?"
_CPM_PATTERNS = [
    re.compile(
        r"(?:max(?:imum)?|cap(?:ped)?(?:\s+at)?|up\s+to|no\s+more\s+than|under|below|at\s+most)"
        r"\s+(?:cpm\s+(?:of\s+)?)?([$€£])\s?(\d+(?:\.\d+)?)(?:\s*cpms?\b)?",
        re.IGNORECASE,
    ),
    re.compile(r"([$€£])\s?(\d+(?:\.\d+)?)\s*(?:max(?:imum)?\s+)?cpms?\b", re.IGNORECASE),
    re.compile(
        r"cpm\s+(?:cap|max(?:imum)?|ceiling|limit)?\s*(?:of|at|:)?\s*([$€£])\s?(\d+(?:\.\d+)?)",
        re.IGNORECASE,
    ),
]
_BUDGET_SYMBOL = re.compile(r"([$€£])\s?" + _NUMBER + _SCALE_RE, re.IGNORECASE)
_BUDGET_CODE = re.compile(_NUMBER + _SCALE_RE + r"\s*(USD|EUR|GBP|dollars)\b", re.IGNORECASE)
_CURRENCY_CODE = re.compile(r"\b(USD|EUR|GBP)\b")


def _amount(whole: str, frac: str | None, scale: str | None) -> Decimal:
    value = Decimal(whole.replace(",", "") + (f".{frac}" if frac else ""))
    return value * _SCALE.get((scale or "").lower(), 1)


def read_max_cpm(text: str, reading: Reading) -> str:
    """Find the CPM cap; return the text with CPM mentions blanked out."""
    found: set[Decimal] = set()
    for pattern in _CPM_PATTERNS:
        for match in pattern.finditer(text):
            found.add(Decimal(match.group(2)))
            text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    if len(found) > 1:
        values = ", ".join(f"{v}" for v in sorted(found))
        reading.issue("max_cpm", GapKind.CONTRADICTORY, f"several CPM caps stated: {values}")
    elif found:
        reading.facts["max_cpm_micros"] = to_micros(found.pop())
    return text


def read_budget(text: str, reading: Reading) -> None:
    """Budget and currency from '$250k', '$1.2M', '250,000 USD', '€80,000'."""
    amounts: dict[Decimal, str] = {}
    currencies: set[str] = set()
    for match in _BUDGET_SYMBOL.finditer(text):
        value = _amount(match.group(2), match.group(3), match.group(4))
        amounts.setdefault(value, match.group(0).strip())
        currencies.add(_CURRENCY_SYMBOLS[match.group(1)])
    for match in _BUDGET_CODE.finditer(text):
        value = _amount(match.group(1), match.group(2), match.group(3))
        amounts.setdefault(value, match.group(0).strip())
        code = match.group(4).upper()
        currencies.add("USD" if code == "DOLLARS" else code)
    currencies |= {code.upper() for code in _CURRENCY_CODE.findall(text)}
    if not amounts:
        reading.issue("budget", GapKind.MISSING, "no budget amount found (e.g. '$250k')")
        return
    if len(amounts) > 1:
        stated = "; ".join(amounts.values())
        reading.issue("budget", GapKind.CONTRADICTORY, f"several budgets stated: {stated}")
        return
    if len(currencies) > 1:
        reading.issue(
            "currency", GapKind.CONTRADICTORY,
            f"several currencies: {', '.join(sorted(currencies))}",
        )
        return
    value, source = next(iter(amounts.items()))
    if value <= 0:
        reading.issue("budget", GapKind.INVALID, f"budget {source!r} is not positive")
        return
    reading.facts["budget_micros"] = to_micros(value)
    currency = currencies.pop()
    reading.facts["currency"] = currency
    if "$" in source and not re.search(r"\b(USD|dollars)\b", text, re.IGNORECASE):
        reading.assumptions.append(f"'$' in {source!r} read as USD")


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_RE = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY_RE = r"(\d{1,2})(?:st|nd|rd|th)?"
_NAMED_DATE = _MONTH_RE + r"\s+" + _DAY_RE + r"(?:,?\s+(\d{4}))?"
_RANGE_SEP = r"\s*(?:-|–|—|to|through|thru|until)\s*"
_NAMED_RANGE = re.compile(_NAMED_DATE + _RANGE_SEP + _NAMED_DATE, re.IGNORECASE)
_SAME_MONTH_RANGE = re.compile(
    _MONTH_RE + r"\s+" + _DAY_RE + r"\s*(?:-|–)\s*" + _DAY_RE + r"(?:,?\s+(\d{4}))?",
    re.IGNORECASE,
)
_ISO_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})" + _RANGE_SEP + r"(\d{4}-\d{2}-\d{2})")
_US_RANGE = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4})" + _RANGE_SEP + r"(\d{1,2})/(\d{1,2})/(\d{4})"
)
_QUARTER = re.compile(r"\bQ([1-4])(?:\s*(?:'|FY)?\s*(\d{4}|\d{2}))?\b", re.IGNORECASE)
_QUARTER_SPAN = {1: ((1, 1), (3, 31)), 2: ((4, 1), (6, 30)), 3: ((7, 1), (9, 30)),
                 4: ((10, 1), (12, 31))}


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _make_date(year: int, month: int, day: int, source: str, reading: Reading) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        reading.issue("flight_dates", GapKind.INVALID, f"{source!r} is not a calendar date")
        return None


def _named_ranges(text: str, reference: date, reading: Reading) -> list[tuple[date, date]]:
    found: list[tuple[date, date]] = []
    for m in _NAMED_RANGE.finditer(text):
        end_year_text = m.group(6)
        start_year_text = m.group(3) or end_year_text
        if end_year_text is None and start_year_text is None:
            end_year = start_year = reference.year
            reading.assumptions.append(
                f"no year in {m.group(0)!r}: read as {reference.year} "
                f"(the reference date {reference.isoformat()})"
            )
        else:
            end_year = int(end_year_text or start_year_text)
            start_year = int(start_year_text or end_year_text)
            if m.group(3) is None:
                reading.assumptions.append(
                    f"start of {m.group(0)!r} takes the year {start_year} stated for its end"
                )
        start = _make_date(start_year, _month(m.group(1)), int(m.group(2)), m.group(0), reading)
        end = _make_date(end_year, _month(m.group(4)), int(m.group(5)), m.group(0), reading)
        if start and end:
            found.append((start, end))
    if not found:
        for m in _SAME_MONTH_RANGE.finditer(text):
            year = int(m.group(4)) if m.group(4) else reference.year
            if not m.group(4):
                reading.assumptions.append(
                    f"no year in {m.group(0)!r}: read as {year} (reference date)"
                )
            start = _make_date(year, _month(m.group(1)), int(m.group(2)), m.group(0), reading)
            end = _make_date(year, _month(m.group(1)), int(m.group(3)), m.group(0), reading)
            if start and end:
                found.append((start, end))
    return found


def read_flight(text: str, reference: date, reading: Reading) -> None:
    """Flight from explicit ranges (named, ISO, US numeric) or a quarter."""
    ranges = _named_ranges(text, reference, reading)
    for m in _ISO_RANGE.finditer(text):
        try:
            ranges.append((date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))))
        except ValueError:
            reading.issue("flight_dates", GapKind.INVALID, f"{m.group(0)!r} is not a date range")
    for m in _US_RANGE.finditer(text):
        g = [int(x) for x in m.groups()]
        start = _make_date(g[2], g[0], g[1], m.group(0), reading)
        end = _make_date(g[5], g[3], g[4], m.group(0), reading)
        if start and end:
            ranges.append((start, end))
    for m in _QUARTER.finditer(text):
        quarter = int(m.group(1))
        (sm, sd), (em, ed) = _QUARTER_SPAN[quarter]
        if m.group(2):
            year = int(m.group(2))
            year = year + 2000 if year < 100 else year
        else:
            year = reference.year
            if date(year, em, ed) < reference:
                year += 1
            reading.assumptions.append(
                f"'Q{quarter}' has no year: read as Q{quarter} {year}, the next Q{quarter} "
                f"ending on or after the reference date {reference.isoformat()}"
            )
        ranges.append((date(year, sm, sd), date(year, em, ed)))
    distinct = sorted(set(ranges))
    if not distinct:
        if not any(i.field == "flight_dates" for i in reading.issues):
            reading.issue(
                "flight_dates", GapKind.MISSING,
                "no flight dates found (e.g. 'July 1 - Sept 30 2026' or 'Q3 2026')",
            )
        return
    if len(distinct) > 1:
        spans = "; ".join(f"{s.isoformat()}..{e.isoformat()}" for s, e in distinct)
        reading.issue("flight_dates", GapKind.CONTRADICTORY, f"several flights stated: {spans}")
        return
    start, end = distinct[0]
    if end <= start:
        reading.issue(
            "flight_dates", GapKind.CONTRADICTORY,
            f"flight end {end.isoformat()} is not after its start {start.isoformat()}",
        )
        return
    reading.facts["flight_start"], reading.facts["flight_end"] = start, end


_CHANNEL_WORDS: list[tuple[Channel, str]] = [
    (Channel.CTV, r"ctv|connected[\s-]?tv|streaming\s+tv|ott"),
    (Channel.ONLINE_VIDEO, r"online\s+video|olv|pre-?roll|in-?stream\s+video"),
    (Channel.DISPLAY, r"display|banners?"),
    (Channel.MOBILE_APP, r"mobile(?:\s+app)?|in-?app"),
    (Channel.PERFORMANCE, r"performance\s+(?:channel|media|display)|retargeting|prospecting"),
    (Channel.AUDIO, r"audio|podcasts?|streaming\s+radio"),
    (Channel.DOOH, r"dooh|digital\s+out[\s-]of[\s-]home|out[\s-]of[\s-]home|billboards?"),
    (Channel.LINEAR_TV, r"linear(?:\s+tv)?|broadcast\s+tv|cable\s+tv"),
]


_OTHER_CHANNEL_WORDS = "|".join(w for c, w in _CHANNEL_WORDS if c is not Channel.PERFORMANCE)
_LIST_JOINER = r"\s*(?:,|/|&|\+|\band\b|\bor\b)\s*(?:and\s+)?"
# A bare "performance" is usually the goal; inside a list of channels ("CTV and
# performance", "performance, display", "channels: performance") it is the channel.
_LISTED_PERFORMANCE = re.compile(
    rf"(?:\b(?:{_OTHER_CHANNEL_WORDS})\b{_LIST_JOINER}\bperformance\b"
    rf"|\bperformance\b{_LIST_JOINER}\b(?:{_OTHER_CHANNEL_WORDS})\b"
    rf"|\bchannels?\s*:\s*performance\b)",
    re.IGNORECASE,
)

_NEGATION = re.compile(r"\b(?:no|not|without|excluding|exclude|except|skip)\s+(?:\w+\s+)?$",
                       re.IGNORECASE)


def read_channels(text: str, reading: Reading) -> None:
    """Channel words, minus negated ones ('no display'); both at once is a contradiction."""
    hits: list[tuple[int, Channel]] = []
    for channel, words in _CHANNEL_WORDS:
        matches = list(re.finditer(rf"\b(?:{words})\b", text, re.IGNORECASE))
        if channel is Channel.PERFORMANCE:
            matches += _LISTED_PERFORMANCE.finditer(text)
        wanted = [m for m in matches if not _NEGATION.search(text[max(0, m.start() - 20):
                                                                  m.start()])]
        if wanted and len(wanted) < len(matches):
            reading.issue("channels", GapKind.CONTRADICTORY,
                          f"{channel.value} is both asked for and excluded")
        elif wanted:
            hits.append((wanted[0].start(), channel))
        elif matches:
            reading.assumptions.append(f"{channel.value} left out: the brief excludes it")
    if not hits:
        if not any(i.field == "channels" for i in reading.issues):
            reading.issue(
                "channels", GapKind.MISSING,
                "no channel found (ctv, online video, display, mobile app, performance, audio, "
                "dooh, linear tv)",
            )
        return
    reading.facts["channels"] = [channel for _, channel in sorted(hits, key=lambda h: h[0])]


_AUDIENCE = re.compile(
    r"\b(adults|women|men|females?|males?|people|persons|[AWMPF])\s?(\d{2})\s*(?:-|–|to)\s*(\d{2})\b",
    re.IGNORECASE,
)
_AUDIENCE_PLUS = re.compile(r"\b(adults|women|men|people|[AWMP])\s?(\d{2})\+", re.IGNORECASE)
_INTERESTS = re.compile(r"interest(?:s|ed)?\s*(?:in|:)\s*([^.;\n]+)", re.IGNORECASE)


def _gender(word: str) -> Gender:
    w = word.lower()
    if w in {"women", "female", "females", "w", "f"}:
        return Gender.FEMALE
    if w in {"men", "male", "males", "m"}:
        return Gender.MALE
    return Gender.ALL


def read_audience(text: str, reading: Reading) -> None:
    audience: dict[str, Any] = {}
    match = _AUDIENCE.search(text)
    if match:
        audience.update(age_min=int(match.group(2)), age_max=int(match.group(3)),
                        gender=_gender(match.group(1)))
    else:
        plus = _AUDIENCE_PLUS.search(text)
        if plus:
            audience.update(age_min=int(plus.group(2)), gender=_gender(plus.group(1)))
    interests = _INTERESTS.search(text)
    if interests:
        parts = re.split(r",|\band\b|/", interests.group(1))
        audience["interests"] = [p.strip() for p in parts if p.strip()]
    if audience:
        reading.facts["audience"] = audience


_COUNTRIES = {
    "US": r"US|USA|U\.S\.A?\.?|United\s+States", "CA": r"Canada",
    "GB": r"UK|U\.K\.|United\s+Kingdom",
    "DE": r"Germany", "FR": r"France", "AU": r"Australia", "MX": r"Mexico",
}
# Nielsen DMA codes for the largest US markets.
DMA_CODES = {
    "new york": "501", "los angeles": "803", "chicago": "602", "philadelphia": "504",
    "dallas": "623", "atlanta": "524", "houston": "618", "washington": "511", "boston": "506",
    "san francisco": "807", "phoenix": "753", "seattle": "819", "tampa": "539",
    "minneapolis": "613", "detroit": "505", "denver": "751", "miami": "528", "orlando": "534",
    "cleveland": "510", "sacramento": "862",
}
_DMA_CODE = re.compile(r"\bDMAs?\s*(?:code\s*)?[:#]?\s*((?:\d{3}(?:\s*,\s*|\s+and\s+|\s+)?)+)",
                       re.IGNORECASE)


def read_geo(text: str, reading: Reading) -> None:
    countries = [code for code, words in _COUNTRIES.items()
                 if re.search(rf"(?<![\w.])(?:{words})(?![\w])", text)]
    dmas: list[str] = []
    for name, code in DMA_CODES.items():
        if re.search(rf"\b{name}\b", text, re.IGNORECASE) and code not in dmas:
            dmas.append(code)
    for match in _DMA_CODE.finditer(text):
        dmas += [c for c in re.findall(r"\d{3}", match.group(1)) if c not in dmas]
    if dmas and "US" not in countries:
        countries.insert(0, "US")
        reading.assumptions.append("DMAs named, so the country is read as US")
    if countries:
        reading.facts["countries"] = countries
    if dmas:
        reading.facts["dmas"] = dmas


_GOALS: list[tuple[CampaignGoal, str]] = [
    (CampaignGoal.AWARENESS, r"awareness|reach|brand\s+lift"),
    (CampaignGoal.CONSIDERATION, r"consideration|engagement|site\s+visits|video\s+completions?"),
    (CampaignGoal.PERFORMANCE, r"performance|conversions?|sales|cpa|roas|installs?|leads?"),
]
_GOAL_EXPLICIT = re.compile(r"\b(?:goal|objective)\s*(?:is|:)?\s*(\w+)", re.IGNORECASE)
_KPI_WORDS = re.compile(
    r"\b(vcr|ctr|cpa|cpcv|roas|viewability|completion\s+rate|reach|frequency|brand\s+lift)\b",
    re.IGNORECASE,
)


def read_goal_and_kpis(text: str, reading: Reading) -> None:
    explicit = _GOAL_EXPLICIT.search(text)
    chosen: CampaignGoal | None = None
    if explicit:
        for goal, words in _GOALS:
            if re.fullmatch(words, explicit.group(1), re.IGNORECASE):
                chosen = goal
    if chosen is None:
        hits = []
        for goal, words in _GOALS:
            m = re.search(rf"\b(?:{words})\b", text, re.IGNORECASE)
            if m:
                hits.append((m.start(), goal))
        if hits:
            hits.sort(key=lambda h: h[0])
            chosen = hits[0][1]
            if len(hits) > 1:
                others = ", ".join(g.value for _, g in hits[1:])
                reading.assumptions.append(
                    f"goal read as {chosen.value}, the first mentioned (also mentioned: {others})"
                )
        else:
            chosen = CampaignGoal.AWARENESS
            reading.assumptions.append("no goal stated: awareness assumed")
    reading.facts["goal"] = chosen
    kpis: list[str] = []
    for m in _KPI_WORDS.finditer(text):
        kpi = re.sub(r"\s+", " ", m.group(1).lower())
        if kpi not in kpis:
            kpis.append(kpi)
    if kpis:
        reading.facts["kpis"] = kpis


_DEAL_WORDS = [
    (DealType.PROGRAMMATIC_GUARANTEED, r"PG|(?i:programmatic\s+guaranteed)"),
    (DealType.PREFERRED_DEAL, r"PD|(?i:preferred\s+deals?)"),
    (DealType.PRIVATE_AUCTION, r"PA|PMP|(?i:private\s+auctions?)"),
]
_EXCLUDE = re.compile(
    r"\b(?:exclude|excluding|avoid|no\s+buys?\s+(?:on|with)|do\s+not\s+buy\s+(?:from|on))\s+"
    r"(?:the\s+)?(?:sellers?|publishers?)\s*:?\s*([^.;\n]+)",
    re.IGNORECASE,
)


def read_deal_types_and_exclusions(text: str, reading: Reading) -> None:
    deal_types = [dt for dt, words in _DEAL_WORDS if re.search(rf"\b(?:{words})\b", text)]
    if deal_types:
        reading.facts["deal_types"] = deal_types
    excluded: list[str] = []
    for match in _EXCLUDE.finditer(text):
        for part in re.split(r",|\band\b|&", match.group(1)):
            name = part.strip().strip("'\"")
            if name and name not in excluded:
                excluded.append(name)
    if excluded:
        reading.facts["excluded_sellers"] = excluded


_NAME = re.compile(r"^\s*(?:campaign|brief|name)\s*(?:name)?\s*:\s*(.+)$", re.IGNORECASE | re.M)
_NOTES = re.compile(r"^\s*notes?\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


def read_name_and_notes(text: str, reading: Reading) -> None:
    match = _NAME.search(text)
    if match:
        reading.facts["name"] = match.group(1).strip()[:200]
    else:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        name = re.split(r"[.:!?](?:\s|$)", first)[0].strip()[:80] or "Untitled campaign"
        reading.facts["name"] = name
        reading.assumptions.append(f"no campaign name given: named {name!r} from the first line")
    notes = _NOTES.search(text)
    if notes:
        reading.facts["notes"] = notes.group(1).strip()

