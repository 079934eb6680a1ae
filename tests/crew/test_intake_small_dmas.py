"""Smaller US markets (issue #19): a DMA's own hyphenated Nielsen name, or its main city,
is that DMA. 'Harlingen-Weslaco-Brownsville-McAllen and El Paso' was read as El Paso
alone: the brief's other market was dropped without a word."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief, refused_brief

_BASE = "Budget $250k, display only, 1 March - 30 April 2027, adults 25-54, {geo}."


@pytest.mark.parametrize(("geo", "dmas"), [
    ("Harlingen-Weslaco-Brownsville-McAllen and El Paso", ["636", "765"]),
    ("McAllen, Laredo and San Antonio", ["636", "749", "641"]),
    ("the Rio Grande Valley + Austin", ["636", "635"]),
    ("Wilkes Barre-Scranton-Hazleton and Philadelphia", ["577", "504"]),
    ("Cedar Rapids, Des Moines and the Quad Cities", ["637", "679", "682"]),
    ("Savannah, GA and Charleston, SC", ["507", "519"]),
    ("Fort Myers + Tampa", ["571", "539"]),
    ("Santa Barbara-Santa Maria-San Luis Obispo and Bakersfield", ["855", "800"]),
])
def test_a_smaller_dma_by_its_own_name_or_main_city_is_read(geo: str, dmas: list[str]) -> None:
    brief = read_brief(_BASE.format(geo=geo))
    assert brief.countries == ["US"]
    assert brief.dmas == dmas


@pytest.mark.parametrize("text", [
    "Budget $250k for Wells Fargo, display only, 1 March - 30 April 2027, adults 25-54, Chicago.",
    "Budget $250k, display only, 1 March - 30 April 2027, adults 25-54, Chicago. Thanks, "
    "Savannah",
])
def test_a_name_a_small_market_shares_with_a_person_or_company_is_no_market(text: str) -> None:
    assert read_brief(text).dmas == ["602"]


def test_a_us_city_with_no_dma_in_the_table_is_still_asked() -> None:
    gap = refused_brief(_BASE.format(geo="Fort Collins and San Antonio"))
    assert any(i.field == "geo" and "Fort Collins" in i.message for i in gap.issues)
