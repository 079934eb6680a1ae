"""Asides that name a place or a channel without asking for it: someone's leave or travel
("Olivia is on leave in Lisbon 3-10 March"), a company named after a place ("Denver Media
Partners will handle trafficking"), a creative's status ("the audio creative is still in
edit"). They add no market and no channel; the brief's own facts stand."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief

_BRIEF = "$200k CTV, Jan 4 - Feb 28 2027, adults 25-54, Chicago."


@pytest.mark.parametrize("aside", [
    "Olivia is on leave in Lisbon 3-10 March, so copy Sam.",
    "Priya will be travelling to Toronto next week.",
    "Marc is on holiday in Madrid until the 9th.",
    "The client team is away at Cannes Lions in June.",
    "Tom is out of office in Dublin on Friday.",
])
def test_someone_away_somewhere_adds_no_market(aside: str) -> None:
    brief = read_brief(f"{_BRIEF} {aside}")
    assert (brief.dmas, brief.countries, brief.regions) == (["602"], ["US"], [])


@pytest.mark.parametrize("aside", [
    "Our agency, Denver Media Partners, will handle trafficking.",
    "The client is Boston Beer Company.",
    "Billing goes to Atlanta Holdings Inc.",
    "Trafficking sits with Seattle Creative Group.",
    "Advertiser: Portland General Electric Co.",
])
def test_a_company_named_after_a_place_adds_no_market(aside: str) -> None:
    brief = read_brief(f"{_BRIEF} {aside}")
    assert (brief.dmas, brief.countries, brief.regions) == (["602"], ["US"], [])


@pytest.mark.parametrize("aside", [
    "The audio creative is still in edit.",
    "Creative: the display banners and the audio :30 are with Sam.",
    "Sam is finishing the audio spot.",
    "The display assets are approved.",
    "Our OLV cut-downs land next week.",
])
def test_a_creative_status_adds_no_channel(aside: str) -> None:
    brief = read_brief(f"{_BRIEF} {aside}")
    assert [c.value for c in brief.channels] == ["ctv"]


def test_a_market_named_as_one_beside_a_company_stays() -> None:
    brief = read_brief("$200k CTV, Jan 4 - Feb 28 2027, adults 25-54, Chicago and Denver. "
                       "Trafficking: Denver Media Partners.")
    assert brief.dmas == ["602", "751"]


def test_a_channel_asked_for_beside_its_creative_stays() -> None:
    brief = read_brief("$200k across CTV and audio, Jan 4 - Feb 28 2027, adults 25-54, "
                       "Chicago. The audio creative is still in edit.")
    assert sorted(c.value for c in brief.channels) == ["audio", "ctv"]
