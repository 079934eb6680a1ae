"""Countries by the English names ISO 3166 has replaced and planners still write."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief

BASE = "$250k display, adults 18-34, 1 April - 31 May 2027, "


@pytest.mark.parametrize(("places", "countries"), [
    ("Turkey", ["TR"]),
    ("Türkiye", ["TR"]),
    ("Czech Republic and Slovakia", ["CZ", "SK"]),
    ("Burma", ["MM"]),
    ("Cape Verde", ["CV"]),
])
def test_a_former_english_country_name_is_the_country(places: str, countries: list[str]) -> None:
    brief = read_brief(BASE + places + ".")
    assert sorted(brief.countries) == countries
    assert brief.not_understood == []
