"""A lone US state code as an item of the brief's list ('..., adults 25-54, AL') is the
state (issue 19); after a city it is the city's state, and a word opening a line is none."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief

BASE = "$50k display, Q1 2027, "


@pytest.mark.parametrize(("geo", "region"), [
    ("adults 25-54, AL.", "US-AL"), ("women 35+ in AL", "US-AL"), ("adults 25-54, OR.", "US-OR"),
    ("adults 25-54; GA", "US-GA"), ("adults 25-54 (TN)", "US-TN"),
])
def test_a_lone_state_code_is_the_state(geo: str, region: str) -> None:
    brief = read_brief(BASE + geo)
    assert brief.regions == [region]
    assert brief.countries == ["US"]


@pytest.mark.parametrize(("geo", "dmas"), [
    ("adults 25-54, Mobile, AL", ["686"]), ("adults 25-54, Atlanta, GA", ["524"]),
])
def test_a_code_after_a_city_is_the_citys_state(geo: str, dmas: list[str]) -> None:
    brief = read_brief(BASE + geo)
    assert (brief.dmas, brief.regions) == (dmas, [])


def test_a_greeting_is_no_state() -> None:
    brief = read_brief("HI, team\n" + BASE + "adults 25-54, Atlanta.")
    assert brief.regions == []
