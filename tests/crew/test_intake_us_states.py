"""A US state whose name holds another's ("West Virginia" holds "Virginia") is read whole."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief

BASE = "$125k, CTV, Mar 1 - Apr 30 2027, adults 35+, "


@pytest.mark.parametrize(("places", "regions"), [
    ("West Virginia only.", ["US-WV"]),
    ("Pennsylvania, Ohio and West Virginia.", ["US-OH", "US-PA", "US-WV"]),
    ("Virginia and West Virginia.", ["US-VA", "US-WV"]),
    ("west virginia + kentucky", ["US-KY", "US-WV"]),
    ("Virginia only.", ["US-VA"]),
])
def test_a_state_inside_another_name_is_not_read(places: str, regions: list[str]) -> None:
    brief = read_brief(BASE + places)
    assert sorted(brief.regions) == regions


@pytest.mark.parametrize(("places", "regions"), [
    ("Midwest states IL, IN, MI, OH, WI", ["US-IL", "US-IN", "US-MI", "US-OH", "US-WI"]),
    ("the Northeast: New York and New Jersey", ["US-NJ", "US-NY"]),
    ("Pacific Northwest (Washington, Oregon)", ["US-OR", "US-WA"]),
    ("the Midwest", ["US-IA", "US-IL", "US-IN", "US-KS", "US-MI", "US-MN", "US-MO", "US-ND",
                     "US-NE", "US-OH", "US-SD", "US-WI"]),
])
def test_a_region_that_names_a_list_is_the_list(places: str, regions: list[str]) -> None:
    brief = read_brief(BASE + places)
    assert sorted(brief.regions) == regions
    if len(regions) < 12:
        assert any("the states listed with it" in a for a in brief.assumptions)
