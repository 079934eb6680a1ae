"""Places written as runs of names (issue 19): a DMA by its cities joined with hyphens
('Harlingen-Weslaco-Brownsville-McAllen'; was silently dropped, the plan then ran without
it), and a state whose name holds a country's ('New South Wales' was read as Wales, GB;
'South Australia' as all of Australia). A run the reader has no DMA for is asked about."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief, refused_brief

BASE = "$250k, display, 1 Feb 2027 to 28 Mar 2027, adults 25-54, "


@pytest.mark.parametrize(("places", "dmas"), [
    ("Harlingen-Weslaco-Brownsville-McAllen and El Paso", ["636", "765"]),
    ("the Rio Grande Valley", ["636"]),
    ("McAllen, Laredo and Corpus Christi", ["600", "636", "749"]),
    ("Wilkes Barre-Scranton-Hazleton", ["577"]),
    ("Scranton and Philadelphia", ["504", "577"]),
    # runs the smaller-DMA table (intake/small_dmas.py) holds
    ("Yakima-Pasco-Richland-Kennewick", ["810"]),
    ("Tyler-Longview", ["709"]),
    ("Chico-Redding", ["868"]),
    ("Boston and Odessa-Midland", ["506", "633"]),
])
def test_a_dma_by_its_cities_is_read(places: str, dmas: list[str]) -> None:
    brief = read_brief(BASE + places + ".")
    assert sorted(brief.dmas) == dmas
    assert brief.countries == ["US"]


@pytest.mark.parametrize(("places", "city"), [
    ("Provo-Orem", "Provo"),
    ("Fort Collins-Loveland", "Fort Collins"),
    ("Flagstaff-Sedona", "Flagstaff"),
    ("Boston and Kenosha-Racine", "Kenosha"),
])
def test_a_run_of_cities_with_no_dma_known_is_asked(places: str, city: str) -> None:
    gap = refused_brief(BASE + places + ".")
    assert any(i.field == "geo" and city in i.message for i in gap.issues), gap.describe()


def test_a_hyphenated_brand_is_no_place() -> None:
    brief = read_brief(BASE + "US, Coca-Cola fans.")
    assert brief.dmas == []


@pytest.mark.parametrize(("places", "regions"), [
    ("New South Wales & Queensland", ["AU-NSW", "AU-QLD"]),
    ("New South Wales", ["AU-NSW"]),
    ("South Australia and Western Australia", ["AU-SA", "AU-WA"]),
    ("Victoria, New South Wales", ["AU-NSW", "AU-VIC"]),
])
def test_a_state_whose_name_holds_a_country_is_the_state(places: str,
                                                          regions: list[str]) -> None:
    brief = read_brief(f"AUD 400,000, audio, Feb 2027, {places}, men 35 plus.")
    assert brief.countries == ["AU"]
    assert sorted(brief.regions) == regions


def test_south_wales_is_still_wales() -> None:
    brief = read_brief("£90k OLV, June 2027, adults in South Wales.")
    assert brief.countries == ["GB"]
