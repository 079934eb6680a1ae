"""Markets by the nicknames planners write ('Chicagoland', 'the Triangle', 'Music City'),
and a region named with the states meant listed after it ('New England: MA, CT and RI')
(issue 19)."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief

BASE = "$28,000 on display, Feb 1 - Mar 14 2027, men 25-44, "


@pytest.mark.parametrize(("place", "dma"), [
    ("Chicagoland", "602"), ("the Windy City", "602"), ("the Triangle", "560"),
    ("the Research Triangle", "560"), ("Silicon Valley", "807"), ("Music City", "659"),
    ("NOLA", "622"), ("Motown", "505"), ("the Mile High City", "751"),
    ("the Valley of the Sun", "753"), ("the Piedmont Triad", "518"), ("Puget Sound", "819"),
])
def test_a_metro_nickname_is_its_dma(place: str, dma: str) -> None:
    brief = read_brief(BASE + place + ".")
    assert brief.dmas == [dma]
    assert brief.countries == ["US"]


@pytest.mark.parametrize(("geo", "regions"), [
    ("New England: MA, CT and RI.", ["US-CT", "US-MA", "US-RI"]),
    ("the Midwest (Ohio, Michigan and Indiana).", ["US-IN", "US-MI", "US-OH"]),
    ("New England -- Maine, Vermont.", ["US-ME", "US-VT"]),
    ("the Pacific Northwest (WA, OR).", ["US-OR", "US-WA"]),
])
def test_a_region_with_its_states_listed_is_those_states(geo: str, regions: list[str]) -> None:
    assert sorted(read_brief(BASE + geo).regions) == regions


def test_a_region_alone_is_all_its_states() -> None:
    assert len(read_brief(BASE + "New England.").regions) == 6


def test_a_region_with_a_non_member_listed_keeps_the_whole_region() -> None:
    regions = read_brief(BASE + "New England (MA, NY).").regions
    assert {"US-ME", "US-VT", "US-NY"} <= set(regions)


@pytest.mark.parametrize(("place", "dmas"), [
    ("Denver and Colorado Springs", ["751", "752"]), ("Colorado Springs", ["752"]),
    ("Virginia Beach", ["544"]), ("Kansas City", ["616"]),
])
def test_a_city_named_after_its_state_is_the_city(place: str, dmas: list[str]) -> None:
    brief = read_brief(BASE + place + ".")
    assert (brief.dmas, brief.regions) == (dmas, [])
