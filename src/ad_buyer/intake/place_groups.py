"""Places a brief names as a group: US regions by their usual names ("the Midwest",
"Pacific Northwest"), German states by their English names, and which US census
division a state is in (to settle a city name several DMAs share by the other places
the brief names: "Seattle and Portland" is Portland, OR).

The regions are the US Census Bureau's regions and divisions where the name is one of
them; the Pacific Northwest and the Tri-State area are the states they are usually
taken to be. Each reading is listed as an assumption by the caller.
"""

from __future__ import annotations

import re

import us

from ad_buyer.intake.reading import Reading
from ad_buyer.models.brief import GapKind

_NEW_ENGLAND = ("CT", "ME", "MA", "NH", "RI", "VT")
_MIDWEST = ("IL", "IN", "IA", "KS", "MI", "MN", "MO", "NE", "ND", "OH", "SD", "WI")
_MOUNTAIN = ("AZ", "CO", "ID", "MT", "NV", "NM", "UT", "WY")
US_REGIONS: list[tuple[str, tuple[str, ...]]] = [
    (r"so\s*cal|nor\s*cal", ("CA",)),  # part of California: the state, said
    (r"pacific\s+north[\s-]?west|PNW", ("WA", "OR", "ID")),
    (r"new\s+england", _NEW_ENGLAND),
    (r"tri-?state\s+area|(?:NY|new\s+york)\s+tri-?state(?:\s+area)?", ("NY", "NJ", "CT")),
    (r"mid-?west(?:ern\s+states)?", _MIDWEST),
    (r"(?<!pacific\s)north[\s-]?east(?:ern\s+states)?(?:\s+US)?", (*_NEW_ENGLAND, "NJ", "NY",
                                                                    "PA")),
    (r"mountain\s+(?:west|states)", _MOUNTAIN),
    (r"west\s+coast", ("CA", "OR", "WA")),
    (r"mid-?atlantic(?:\s+states)?", ("NJ", "NY", "PA")),
    (r"dakotas", ("ND", "SD")), (r"virginias", ("VA", "WV")),
    (r"four\s+corners(?:\s+states)?", ("AZ", "CO", "NM", "UT")),
    (r"gulf\s+(?:coast|states)(?:\s+states)?", ("TX", "LA", "MS", "AL", "FL")),
    (r"great\s+lakes\s+(?:states|region)", ("IL", "IN", "MI", "MN", "NY", "OH", "PA", "WI")),
]
# Canada's regions by their usual names
CA_REGIONS: list[tuple[str, tuple[str, ...]]] = [
    (r"atlantic\s+canada|atlantic\s+provinces", ("NB", "NS", "PE", "NL")),
    (r"(?:the\s+)?maritimes|maritime\s+provinces", ("NB", "NS", "PE")),
    (r"(?:the\s+)?prairies|prairie\s+provinces", ("AB", "SK", "MB")),
]
_REGION_RE = [(re.compile(rf"(?<![\w-])(?:the\s+)?(?:{words})(?![\w-])(?:\s+region)?",
                          re.IGNORECASE), tuple(f"{country}-{s}" for s in states))
              for country, table in (("US", US_REGIONS), ("CA", CA_REGIONS))
              for words, states in table]

# States whose English name differs from the ISO 3166-2 one (pycountry has the German).
GERMAN_STATES_EN = {"Bavaria": "DE-BY", "Lower Saxony": "DE-NI", "Saxony-Anhalt": "DE-ST",
                    "Saxony": "DE-SN", "North Rhine-Westphalia": "DE-NW", "Hesse": "DE-HE",
                    "Thuringia": "DE-TH", "Rhineland-Palatinate": "DE-RP",
                    "Mecklenburg-Western Pomerania": "DE-MV", "Baden-Wurttemberg": "DE-BW",
                    "NRW": "DE-NW", "Baden-Württemberg": "DE-BW"}
# City-states: their name is the city (read as the country, as other cities are).
CITY_STATES = {"DE-BE", "DE-HH", "DE-HB"}

_DIVISIONS = {
    "new england": _NEW_ENGLAND, "middle atlantic": ("NJ", "NY", "PA"),
    "east north central": ("IL", "IN", "MI", "OH", "WI"),
    "west north central": ("IA", "KS", "MN", "MO", "NE", "ND", "SD"),
    "south atlantic": ("DE", "DC", "FL", "GA", "MD", "NC", "SC", "VA", "WV"),
    "east south central": ("AL", "KY", "MS", "TN"),
    "west south central": ("AR", "LA", "OK", "TX"), "mountain": _MOUNTAIN,
    "pacific": ("AK", "CA", "HI", "OR", "WA"),
}
DIVISION_OF = {state: name for name, states in _DIVISIONS.items() for state in states}


def read_named_regions(text: str, reading: Reading, taken: list[tuple[int, int]]) -> list[str]:
    """"the Midwest", "Pacific Northwest", "Atlantic Canada": the states or provinces
    they name (ISO 3166-2 codes)."""
    regions: list[str] = []
    for pattern, states in _REGION_RE:
        for m in pattern.finditer(text):
            if any(s < m.end() and e > m.start() for s, e in taken):
                continue
            taken.append(m.span())
            reading.mark_match(m)
            listed = _listed_members(text, m.end(), states)
            if listed:  # "New England: MA, CT and RI": the states listed, read as states
                reading.assume(f"{m.group(0).strip()!r} read as the states listed with it: "
                               + ", ".join(listed))
                continue
            regions += [c for c in states if c not in regions]
            reading.assume(f"{m.group(0).strip()!r} read as " + ", ".join(states))
    return regions


_STATE_WORD = r"(?:[A-Z]{2}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
# "New England: MA, CT and RI", "the Midwest (Ohio, Michigan)", "Midwest states IL, IN":
# members listed after it
_MEMBERS_AFTER = re.compile(rf"\s*(?:(?i:states|provinces)\b\s*)?(?::|\(|--|–|—)?\s*(?:only\s+)?"
                            rf"(?P<list>{_STATE_WORD}(?:\s*(?:,|&|\band\b|\bor\b|/|\+)\s*"
                            rf"{_STATE_WORD}){{0,8}})")


def _listed_members(text: str, end: int, states: tuple[str, ...]) -> list[str]:
    """The group's states listed right after its name, if every one listed is a member."""
    m = _MEMBERS_AFTER.match(text, end)
    if m is None:
        return []
    country = states[0].split("-")[0]
    listed: list[str] = []
    for word in re.split(r"\s*(?:,|&|\band\b|\bor\b|/|\+)\s*", m.group("list")):
        state = us.states.lookup(word) if country == "US" else None
        code = f"US-{state.abbr}" if state is not None else None
        if code is None or code not in states:
            return []
        listed.append(code)
    return listed if len(listed) < len(states) else []


def settle_by_neighbours(candidates: list[str], named_states: set[str]) -> str | None:
    """The one candidate state that is named, or failing that the one in the census
    division of a state the brief names ("Seattle and Portland": OR, beside WA)."""
    for pool in (named_states, {DIVISION_OF.get(s) for s in named_states} - {None}):
        same = [c for c in candidates if (c if pool is named_states else DIVISION_OF.get(c))
                in pool]
        if len(same) == 1:
            return same[0]
        if len(same) > 1:
            return None
    return None


# "North of England", "Northern California", "upstate New York": part of a place the
# buyer targets only as a whole
_PART = re.compile(r"\b(?:the\s+)?(?:(?:north|south|east|west)(?:[\s-]?(?:east|west))?(?:ern)?|"
                   r"central|upstate|downstate|coastal|rural|inland)\s+(?:(?:parts?|regions?|"
                   r"half)\s+of\s+)?(?:of\s+)?(?:the\s+)?$", re.IGNORECASE)


def part_of(text: str, m: re.Match[str], reading: Reading, code: str) -> None:
    """Mark a compass word before a country or state, and say the whole is targeted."""
    part = _PART.search(text[max(0, m.start() - 40):m.start()])
    if part is None:
        return
    reading.mark(m.start() - len(part.group(0)), m.start())
    reading.assume(f"'{part.group(0)}{m.group(0)}' read as all of {m.group(0)} ({code}): the buyer "
                   "targets a country or state as a whole, not part of it")


# Regions of many countries with no one list of them: asked about, never guessed
_BROAD = re.compile(r"(?<![\w-])(?:LATAM|LatAm|(?i:latin\s+america|south\s+america|"
                    r"central\s+america|north\s+america|the\s+americas)|EMEA|APAC|MENA|"
                    r"(?i:asia[\s-]pacific|"
                    r"middle\s+east|south[\s-]?east\s+asia)|Europe|Asia|Africa)(?![\w-])")
# The European Union's member states (2020 on), for "the EU" / "EU27"
EU27 = ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
        "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE")


# "LATAM: ... across Mexico, Colombia and Chile", "EMEA (UK, France, UAE)": the
# countries listed after the region, in its sentence, say which of them are meant
_LISTED_AFTER = re.compile(r"\(|:|\bacross\b|\bincluding\b|\bcovering\b|\bnamely\b|"
                           r"\bi\.e\.|\bspecifically\b|\bin\b", re.IGNORECASE)


def ask_broad_regions(text: str, reading: Reading, taken: list[tuple[int, int]],
                      countries: list[tuple[int, str]] | None = None) -> None:
    """"LATAM", "EMEA", "North America": which countries is asked, unless the
    sentence lists them after the region (``countries``: where each was named)."""
    for m in _BROAD.finditer(text):
        if any(s < m.end() and e > m.start() for s, e in taken):
            continue
        reading.mark_match(m)
        end = re.search(r"[.;\n](?!\d)|$", text[m.end():])  # "USD 2.5 million" goes on
        stop = m.end() + (end.start() if end else 0)
        listed = sorted({code for at, code in countries or [] if m.end() <= at < stop})
        if listed and _LISTED_AFTER.search(text[m.end():min(a for a, _ in countries or []
                                                             if m.end() <= a < stop)]):
            reading.assume(f"{m.group(0)!r} read as the countries listed with it: "
                           + ", ".join(listed))
            continue
        reading.issue("geo", GapKind.AMBIGUOUS,
                      f"{m.group(0)!r} names a region of many countries; list the countries "
                      "to target")


# A three-letter code before a colon and a name is a field label ("CLT: Halvorsen Boats")
_CODE_AS_LABEL = re.compile(r"\s*:\s*[A-Z][a-z]")


def is_code_label(text: str, m: re.Match[str]) -> bool:
    """"CLT: Halvorsen Boats": an airport-like code labelling a field (client), no market."""
    code = m.group(0)
    return len(code) == 3 and code.isupper() and bool(_CODE_AS_LABEL.match(text, m.end()))


# Canada's provinces and territories as French writes them (pycountry names them in English)
CANADA_FRENCH = {"Québec": "CA-QC", "Colombie-Britannique": "CA-BC", "Nouvelle-Écosse": "CA-NS",
                 "Nouveau-Brunswick": "CA-NB", "Terre-Neuve-et-Labrador": "CA-NL",
                 "Terre-Neuve": "CA-NL", "Île-du-Prince-Édouard": "CA-PE",
                 "Territoires du Nord-Ouest": "CA-NT"}


# "US excluding Alaska and Hawaii", "not Texas or Florida": a place in a list left out
LEFT_OUT = re.compile(r"\b(?i:no|not|excluding|exclude|except|without|outside(?:\s+of)?|"
                      r"other\s+than|minus|but\s+not)\s+(?:the\s+)?(?:[A-Z]\w*(?:\s+[A-Z]\w*)?"
                      r"\s*(?:,|&|\band\b|\bor\b)\s*)*$")


def excluded_markets(excluded: list[str], wider: bool, reading: Reading) -> None:
    """A market left out: not targeted; left out of a wider area the brief targets
    ("Texas but not Houston"), it cannot be: the buyer targets whole areas."""
    for name in excluded:
        if wider:
            reading.issue("geo", GapKind.INVALID,
                          f"{name!r} is to be left out, but the buyer targets whole states and "
                          "countries and cannot carve a market out of one; list the markets "
                          "to target instead")
        else:
            reading.assume(f"{name!r} is excluded: not targeted")
