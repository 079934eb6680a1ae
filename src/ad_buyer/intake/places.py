"""Places in a brief: countries, US states, and cities read as Nielsen DMAs.

Countries are read by name from ``pycountry`` (plus the usual short forms: US,
USA, UK, Britain); US states by name from ``us`` (``Texas`` -> ``US-TX``,
``the Carolinas`` -> NC and SC; ``New York State`` and ``Washington State``
are states, a bare ``New York`` or ``Washington`` is the city's DMA). Cities
and their common short forms (NYC, LA, SF, Philly, DC, the Bay Area, ...) are
mapped to the Nielsen DMA that holds them, and every such mapping is listed as
an assumption. A city name shared by several DMAs (Springfield, Portland,
Columbus) with no state after it is asked about, never picked. Large cities
outside the US give their country. Both libraries are imported on first use:
the CLI must refuse a bad brief quickly.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache

from ad_buyer.intake.place_groups import (
    CANADA_FRENCH,
    CITY_STATES,
    EU27,
    GERMAN_STATES_EN,
    LEFT_OUT,
    ask_broad_regions,
    excluded_markets,
    is_code_label,
    part_of,
    read_named_regions,
    settle_by_neighbours,
)
from ad_buyer.intake.place_names import (
    DMA_STATES,
    DMAS,
    FOREIGN_CITIES,
    RANKED_DMAS,
    SHARED_CITIES,
    US_NAMESAKES,
)
from ad_buyer.intake.reading import Reading
from ad_buyer.intake.signatures import GREETINGS_FROM, is_signature_name, without_non_markets
from ad_buyer.intake.state_codes import labelled_state_codes, state_code_lists
from ad_buyer.intake.unknown_places import ask_unknown_us_cities
from ad_buyer.models.brief import GapKind


@dataclass(frozen=True)
class Dma:
    code: str
    name: str


_COUNTRY_ALIASES = {
    "US": r"US|(?i:usa)|U\.S\.A?\.?|(?i:united\s+states(?:\s+of\s+america)?)",
    "GB": r"(?i:uk)|U\.K\.|(?i:united\s+kingdom|great\s+britain|britain|england|scotland|wales|"
          r"northern\s+ireland)",
    "AE": r"UAE|(?i:united\s+arab\s+emirates)",
    # "the Republic of Ireland"; "Northern Ireland" is GB (read first, as a longer name)
    "IE": r"(?i:(?:the\s+)?republic\s+of\s+ireland|ireland|irland|irlande|irlanda|ierland|"
          r"[ée]ire)",
}
# English names ISO 3166 has replaced and briefs still use ("Turkey" is "Türkiye" there)
_FORMER_ENGLISH_NAMES = {"TR": "Turkey", "CZ": r"Czech\s+Republic", "MK": "Macedonia",
                         "SZ": "Swaziland", "CV": r"Cape\s+Verde", "MM": "Burma"}
# Country names as briefs in these languages write them (pycountry's translations).
_LANGUAGES = ("de", "fr", "es", "it", "nl", "pt")
# Groups of countries a brief names as one: each is read as its countries, and said so.
_COUNTRY_GROUPS = {"DACH": ("DE", "AT", "CH"), "Benelux": ("BE", "NL", "LU"),
                   "Nordics": ("DK", "FI", "IS", "NO", "SE"), "Scandinavia": ("DK", "NO", "SE"),
                   "ANZ": ("AU", "NZ"), "EU5": ("DE", "FR", "IT", "ES", "GB"),
                   "Baltics": ("EE", "LV", "LT"), "Iberia": ("ES", "PT"),
                   "GCC": ("AE", "SA", "QA", "KW", "BH", "OM"), "EU27": EU27,
                   # "the EU", "across the EU"; a bare "EU" ("EU privacy rules") is no market
                   r"(?<=the )EU": EU27}
# "nationwide" with no country named: the country of the budget's currency.
_CURRENCY_COUNTRY = {"USD": "US", "GBP": "GB", "CAD": "CA", "AUD": "AU", "NZD": "NZ"}
# Country names that are also common words, US states or, in another language, a big city
# elsewhere (French "Salvador" is El Salvador; Salvador is Bahia's capital): no country.
_NOT_COUNTRIES = {"georgia", "jersey", "chad", "guinea", "niger", "turkey", "man", "salvador"}
_STATE_SUFFIX = r"(?:\s+state)"


@cache
def _country_patterns() -> list[tuple[str, re.Pattern[str]]]:
    import pycountry

    names: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and value.lower() not in _NOT_COUNTRIES:
                names.setdefault(country.alpha_2, set()).add(re.escape(value))
    for code, english in _FORMER_ENGLISH_NAMES.items():  # ISO renamed them; planners did not
        names.setdefault(code, set()).add(english)
    for language in _LANGUAGES:  # "Deutschland", "Suisse", "España"
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR,
                                          languages=[language], fallback=True)
        for country in pycountry.countries:
            value = translation.gettext(country.name)
            if value != country.name and "," not in value and \
                    value.lower() not in _NOT_COUNTRIES and len(value) > 3:
                names.setdefault(country.alpha_2, set()).add(re.escape(value))
    out = [(code, re.compile(rf"(?<![\w.])(?:{words})(?![\w])")) for code, words in
           _COUNTRY_ALIASES.items()]
    out += [(code, re.compile(r"(?<![\w.])(?:" + "|".join(sorted(words, key=len, reverse=True))
                              + r")(?![\w])")) for code, words in names.items()
            if code not in _COUNTRY_ALIASES]
    return out


@cache
def _provinces() -> list[tuple[str, str]]:
    """Canadian provinces, Australian and German states by name: (name, ISO 3166-2
    code), longest first ("Sachsen-Anhalt" before "Sachsen")."""
    import pycountry

    found = [(sub.name, sub.code) for sub in pycountry.subdivisions
             if sub.country_code in ("CA", "AU", "DE") and sub.code not in CITY_STATES]
    return sorted([*found, *GERMAN_STATES_EN.items(), *CANADA_FRENCH.items()],
                  key=lambda p: -len(p[0]))


@cache
def _states() -> list[tuple[str, str]]:
    import us

    return [(state.name, f"US-{state.abbr}") for state in us.states.STATES]


# "DFW metroplex", "NYC metro area", "Greater Boston": words around a city that name its market
_METRO_BEFORE = r"(?:(?i:greater)\s+)?"
_METRO_AFTER = r"(?:\s+(?i:metro(?:plex|politan)?(?:\s+area)?|(?:metro\s+)?area|dma|market))?"


@cache  # compiled once: a brief tries every alias, more than re's own cache holds
def _alias_pattern(alias: str) -> re.Pattern[str]:
    escaped = re.escape(alias).replace(r"\ ", r"\s+")
    if alias.isupper() or ("." in alias and alias.upper() == alias):
        return re.compile(rf"(?<![\w.]){_METRO_BEFORE}{escaped}(?![\w]){_METRO_AFTER}")
    return re.compile(rf"(?<![\w.]){_METRO_BEFORE}{escaped}(?![\w]){_METRO_AFTER}",
                      re.IGNORECASE)


def _free(taken: list[tuple[int, int]], m: re.Match[str]) -> bool:
    return not any(s < m.end() and e > m.start() for s, e in taken)


def _read_states(text: str, reading: Reading, taken: list[tuple[int, int]],
                 excluded: list[str]) -> list[str]:
    regions: list[str] = []
    carolinas = re.search(r"\bthe\s+Carolinas\b", text, re.IGNORECASE)
    if carolinas:
        taken.append(carolinas.span())
        reading.mark_match(carolinas)
        regions += ["US-NC", "US-SC"]
        reading.assume("'the Carolinas' read as North Carolina (US-NC) and South Carolina "
                       "(US-SC)")
    found: set[str] = set()
    # longest name first: "West Virginia" is read before the "Virginia" inside it
    for name, code in sorted(_states(), key=lambda state: -len(state[0])):
        # A bare "New York" or "Washington" is the city's DMA, unless listed with states
        # ("Oregon & Washington").
        city_named = name in ("New York", "Washington") and not re.search(
            rf"{_STATE_NAMES}\s*(?:,|&|\+|/|\band\b)\s*{name}\b(?!\s*,?\s*D\.?C)|"
            rf"\b{name}\s*(?:,|&|\+|/|\band\b)\s*(?!{name}){_STATE_NAMES}", text)
        suffix = _STATE_SUFFIX if city_named else _STATE_SUFFIX + "?"
        pattern = re.compile(rf"(?<![\w.]){re.escape(name)}{suffix}"  # not "Colorado Springs"
                             rf"(?!\w|\s+(?:City|Springs|Beach)\b)", re.IGNORECASE)
        for m in pattern.finditer(text):
            if not _free(taken, m):
                continue
            taken.append(m.span())
            reading.mark_match(m)
            if LEFT_OUT.search(text[max(0, m.start() - 80):m.start()]):
                excluded.append(m.group(0))  # "US excluding Alaska and Hawaii"
                continue
            city = re.search(r"([A-Z][a-z]+(?:\s[A-Z][a-z]+)?),\s*$", text[:m.start()])
            if city and _is_city(city.group(1)) and not (
                    re.fullmatch(_STATE_NAMES, city.group(1)) and not city_named):
                continue  # "Portland, Oregon": the state says which city, it is no region
            part_of(text, m, reading, code)
            found.add(code)
    return regions + [code for _, code in _states() if code in found and code not in regions]


def _is_city(name: str) -> bool:
    lowered = name.lower()
    return lowered in SHARED_CITIES or any(lowered == a.lower() for aliases, _, _ in DMAS
                                            for a in aliases)


_STATE_NAMES = (r"(?-i:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|"
                r"Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|"
                r"Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|"
                r"Nebraska|Nevada|New\s+Hampshire|New\s+Jersey|New\s+Mexico|New\s+York|"
                r"North\s+Carolina|North\s+Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
                r"Rhode\s+Island|South\s+Carolina|South\s+Dakota|Tennessee|Texas|Utah|Vermont|"
                r"Virginia|Washington|West\s+Virginia|Wisconsin|Wyoming)\b")


def _state_abbr(written: str | None) -> str | None:
    """"OR" or "Oregon" -> "OR"."""
    if not written:
        return None
    if len(written) == 2:
        return written
    import us

    state = us.states.lookup(" ".join(written.split()))
    return state.abbr if state else None


def _read_dmas(text: str, reading: Reading, taken: list[tuple[int, int]],
               excluded: list[str]) -> list[str]:
    found: list[tuple[int, str]] = []
    # "the Ohio ballot measure ... Columbus": a state the brief names settles a shared city
    named_states = {_state_abbr(m.group(0))
                    for m in re.finditer(rf"\b{_STATE_NAMES}\b", text)}
    for aliases, code, name in DMAS:
        for alias in sorted(aliases, key=len, reverse=True):
            for m in _alias_pattern(alias).finditer(text):
                if not _free(taken, m) or is_code_label(text, m):
                    continue  # "CLT: Halvorsen Boats": a label (client), no market
                taken.append(m.span())
                reading.mark_match(m)
                if _NOT_PLACE.search(text[max(0, m.start() - 14):m.start()]):
                    excluded.append(m.group(0))  # "Texas but not Houston"
                    continue
                found.append((m.start(), code))
                reading.assume(f"{m.group(0)!r} read as the {name} DMA ({code})")
    near = {s for s in named_states if s} | {DMA_STATES[c] for _, c in found if c in DMA_STATES}
    for city, by_state in SHARED_CITIES.items():
        for m in re.finditer(rf"\b{city}\b(?:,?\s+(?P<st>(?-i:[A-Z]{{2}})\b|{_STATE_NAMES}))?",
                             text, re.IGNORECASE):
            taken.append(m.span())
            reading.mark_match(m)
            state = _state_abbr(m.group("st"))
            in_brief = [st for st in by_state if st in named_states]
            if not state and len(in_brief) == 1:
                state = in_brief[0]
            elif not state and not in_brief:  # "Seattle and Portland": Portland, OR
                state = settle_by_neighbours(list(by_state), near)
            if state and state in by_state:
                code, name = by_state[state]
                found.append((m.start(), code))
                reading.assume(f"{m.group(0)!r} read as the {name} DMA ({code})")
            else:
                options = "; ".join(f"{city.title()}, {st} ({n})" for st, (_, n) in
                                    by_state.items())
                reading.issue("geo", GapKind.AMBIGUOUS,
                              f"{m.group(0)!r} is in several DMAs ({options}); add the state")
    dmas = in_order_of_appearance(found)
    return dmas


_NATIONWIDE = re.compile(r"\b(?:nationwide|nationally|national(?:\s+(?:reach|coverage))?|"
                         r"country-?wide|all\s+50\s+states|(?:the\s+)?lower\s+48|"
                         r"(?:the\s+)?48\s+contiguous\s+states|contiguous\s+(?:us|u\.s\.|"
                         r"united\s+states)|continental\s+(?:us|u\.s\.|united\s+states)|conus)\b",
                         re.IGNORECASE)
def _subdivision_codes(text: str, reading: Reading, taken: list[tuple[int, int]],
                       countries: list[tuple[int, str]]) -> list[str]:
    """Unlabelled lists of state or province codes: "CA and AZ", "NSW and Victoria",
    "Ontario, BC and Alberta". A code counts in a list of two or more that are all US
    states, or when its country (Canada, Australia) is already named in the brief."""
    import pycountry
    import us

    regions: list[str] = []
    named = {code for _, code in countries}
    currency = _CURRENCY_COUNTRY.get(str(reading.facts.get("currency")))
    if currency in ("CA", "AU") and "budget_micros" in reading.facts:
        named.add(currency)  # "C$120k ... QC and ON": the currency says whose provinces
    for m in re.finditer(r"(?<![\w.])([A-Z]{2,3})(?![\w.])", text):
        if not _free(taken, m):
            continue
        for country in ("CA", "AU"):
            sub = pycountry.subdivisions.get(  # type: ignore[no-untyped-call]
                code=f"{country}-{m.group(1)}")
            if sub is not None and country in named:
                taken.append(m.span())
                reading.mark_match(m)
                regions.append(sub.code)
                countries.append((m.start(), country))
                reading.assume(f"{m.group(1)!r} read as {sub.name} ({sub.code})")
    for m in re.finditer(r"(?<![\w.])([A-Z]{2})\s+state\b", text):  # "WA state only"
        state = us.states.lookup(m.group(1))
        if state is not None and _free(taken, m):
            taken.append(m.span())
            reading.mark_match(m)
            regions.append(f"US-{state.abbr}")
    return regions


_TOP_MARKETS = re.compile(r"\btop[\s-](?P<n>\d{1,2}|five|ten|twenty)\s+(?:us\s+|u\.s\.\s+)?"
                          r"(?:dmas?|markets|metros?|cities)\b", re.IGNORECASE)


def _top_markets(text: str, reading: Reading) -> list[str]:
    dmas: list[str] = []
    for m in _TOP_MARKETS.finditer(text):
        raw = m.group("n").lower()
        n = int(raw) if raw.isdigit() else {"five": 5, "ten": 10, "twenty": 20}[raw]
        if not 0 < n <= len(RANKED_DMAS):
            continue  # a ranking this reader does not hold: left unread, so it is asked
        reading.mark_match(m)
        dmas += [d for d in RANKED_DMAS[:n] if d not in dmas]
        reading.assume(f"{m.group(0)!r} read as Nielsen's top {n} DMAs by 2024-25 ranking: "
                       + ", ".join(RANKED_DMAS[:n]))
    return dmas


_DMA_CODE = re.compile(r"\bDMAs?\s*(?:code\s*)?[:#]?\s*((?:\d{3}(?:\s*,\s*|\s+and\s+|\s+)?)+)",
                       re.IGNORECASE)


def read_places(text: str, reading: Reading) -> None:
    """``countries``, ``regions`` and ``dmas``; each city or state mapping is an assumption."""
    text = without_non_markets(text, reading)
    taken: list[tuple[int, int]] = []
    left_states: list[str] = []  # "US excluding Alaska": left out of the country
    regions = _read_states(text, reading, taken, left_states)
    excluded: list[str] = []
    regions += [r for r in state_code_lists(text, reading, taken) if r not in regions]
    regions += [r for r in read_named_regions(text, reading, taken) if r not in regions]
    dmas = _read_dmas(text, reading, taken, excluded)
    dmas += [d for d in _top_markets(text, reading) if d not in dmas]
    for match in _DMA_CODE.finditer(text):
        reading.mark_match(match)
        dmas += [c for c in re.findall(r"\d{3}", match.group(1)) if c not in dmas]
    for m in re.finditer(r"\bDMAs?\b|\bmarkets?\b", text, re.IGNORECASE):
        reading.mark_match(m)
    regions += [r for r in labelled_state_codes(text, reading, taken) if r not in regions]
    nationwide = list(_NATIONWIDE.finditer(text))
    for m in nationwide:
        reading.mark_match(m)
        reading.assume(f"{m.group(0)!r} read as no regional limit within the country")
    countries: list[tuple[int, str]] = []
    for group, codes in _COUNTRY_GROUPS.items():
        for m in re.finditer(rf"(?<![\w.]){group}(?![\w])", text):
            reading.mark_match(m)
            if re.match(r"\s*\(\s*[A-Z]", text[m.end():]):
                reading.assume(f"{m.group(0)!r} read as the countries in brackets after it")
                continue  # "Nordics (Sweden, Norway, Denmark, Finland)": the list says which
            countries += [(m.start(), code) for code in codes]
            reading.assume(f"{m.group(0)!r} read as {', '.join(codes)}")
    longer = _all_place_names(text)
    for code, pattern in _country_patterns():
        for m in pattern.finditer(text):
            if _free(taken, m) and not _inside_longer(longer, m) and \
                    not is_signature_name(text, m) and \
                    not re.match(r"-[A-ZÀ-Ý]", text[m.end():]):  # "Colombie-Britannique"
                taken.append(m.span())  # "Northern Ireland" is GB, its "Ireland" no IE
                reading.mark_match(m)
                if _NOT_PLACE.search(text[max(0, m.start() - 12):m.start()]):
                    reading.assume(f"{m.group(0)!r} is excluded: not targeted (the buyer "
                                   "targets countries, it cannot carve out part of one)")
                    continue
                part_of(text, m, reading, code)
                countries.append((m.start(), code))
    for m in re.finditer(r"(?<![\w.])([A-Z]{2})-wide\b", text):  # "NZ-wide", "UK-wide"
        code = "GB" if m.group(1) == "UK" else m.group(1)
        if _free(taken, m) and _is_country_code(code):
            taken.append(m.span())
            reading.mark_match(m)
            countries.append((m.start(), code))
    # A lower-case "us" is a country only at the end of a terse brief ("ctv 100k q3 us").
    terse = re.search(r"(?<=[\d,;]\s)us\s*$", text)
    if terse:
        reading.mark_match(terse)
        countries.append((terse.start(), "US"))
    for name, region in [*_provinces(), ("B.C.", "CA-BC")]:
        # "Victoria Day" is a holiday, not the state of Victoria
        for m in re.finditer(rf"(?<![\w.]){re.escape(name)}(?![\w])(?!\s+Day\b)", text):
            if _free(taken, m):
                taken.append(m.span())
                reading.mark_match(m)
                countries.append((m.start(), region[:2]))
                if region not in regions:
                    regions.append(region)
    for city, code in FOREIGN_CITIES.items():
        for m in re.finditer(rf"\b{re.escape(city)}\b", text, re.IGNORECASE):
            if m.group(0)[0].isupper() and _free(taken, m):
                reading.mark_match(m)
                if GREETINGS_FROM.search(text[max(0, m.start() - 30):m.start()]):
                    reading.assume(f"{m.group(0)!r} is where the writer is, not a market")
                    continue  # "best greetings from Munich": the sender's city
                namesake = US_NAMESAKES.get(city)
                if namesake and (dmas or any(r.startswith("US-") for r in regions)):
                    dmas.append(namesake[0])  # "Memphis, New Orleans and Birmingham"
                    reading.assume(f"{m.group(0)!r} read as the {namesake[1]} DMA "
                                   f"({namesake[0]}), beside the other US places named")
                    continue
                countries.append((m.start(), code))
                reading.assume(f"{m.group(0)!r} read as its country, {code}")
    regions += [r for r in _subdivision_codes(text, reading, taken, countries)
                if r not in regions]
    ask_broad_regions(text, reading, taken, countries)  # "LATAM": which countries is asked
    ordered = in_order_of_appearance(countries)
    for region in regions:  # "Atlantic Canada": the provinces' country
        if region[:2] not in ordered and region[:2] != "US":
            ordered.append(region[:2])
    if nationwide and not ordered and not dmas and not regions:
        currency = reading.facts.get("currency")
        country = _CURRENCY_COUNTRY.get(str(currency or "USD"))
        if country:
            ordered = [country]
            reading.assume(f"{nationwide[0].group(0)!r} with no country named: read as {country}"
                           f" (the budget's currency, {currency or 'USD assumed'})")
    if (dmas or any(r.startswith("US-") for r in regions)) and "US" not in ordered:
        ordered.insert(0, "US")
        reading.assume("US places named (" + ", ".join(regions + dmas) +
                       "), so the country is read as US")
    ask_unknown_us_cities(text, reading)  # "Albany and Rochester": asked, not dropped
    excluded_markets(excluded, bool(countries or regions or nationwide), reading)
    for name in left_states:  # "United States (excluding Alaska and Hawaii)": as "lower 48"
        reading.assume(f"{name!r} is left out: not targeted" + (
            "; the country is bought as a whole (the buyer cannot carve a state out of it)"
            if countries or nationwide else ""))
    if ordered:
        reading.facts["countries"] = ordered
    if regions:
        reading.facts["regions"] = regions
    if dmas:
        reading.facts["dmas"] = list(dict.fromkeys(dmas))  # "Birmingham, AL ... Birmingham"


def _all_place_names(text: str) -> list[tuple[int, int]]:
    """Where countries, states and provinces are named in ``text``."""
    spans = [m.span() for _, p in _country_patterns() for m in p.finditer(text)]
    return spans + [m.span() for name, _ in _provinces()
                    for m in re.finditer(rf"(?<![\w.]){re.escape(name)}(?![\w])", text)]


def _inside_longer(spans: list[tuple[int, int]], m: re.Match[str]) -> bool:
    """A country name inside a longer place name ("New South Wales", "South Sudan",
    "Western Australia") is no country of its own."""
    return any(s <= m.start() and m.end() <= e and e - s > m.end() - m.start() for s, e in spans)


def _is_country_code(code: str) -> bool:
    import pycountry

    return pycountry.countries.get(alpha_2=code) is not None


_NOT_PLACE = re.compile(r"\b(?:no|not|excluding|exclude|except|without|outside|other\s+than|"
                        r"minus)\s+(?:the\s+)?$",
                        re.IGNORECASE)


def is_place(name: str) -> bool:
    """Whether ``name`` is a country, US state, province, city or country group the
    reader knows ("Northern Ireland", "Texas", "Chicago"): never a seller's name."""
    words = " ".join(name.split())
    if any(p.fullmatch(words) for _, p in _country_patterns()) or words in _COUNTRY_GROUPS:
        return True
    lowered = words.lower()
    return lowered in FOREIGN_CITIES or lowered in SHARED_CITIES or any(
        lowered == n.lower() for n, _ in (*_states(), *_provinces())) or any(
        lowered == a.lower() for aliases, _, _ in DMAS for a in aliases)


def in_order_of_appearance(found: list[tuple[int, str]]) -> list[str]:
    """The codes of ``(position, code)`` matches in the order the brief names them, once each."""
    return list(dict.fromkeys(code for _, code in sorted(found)))
