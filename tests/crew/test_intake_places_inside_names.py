"""A place name inside a longer place name (issue #19): "New South Wales" is no Wales,
"South Sudan" no Sudan, "Western Australia" a state and not only its country. Reading the
shorter name would silently buy a market the brief did not name."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief

_BASE = "Budget {money}, audio only, 1 March - 30 April 2027, men 35+, {geo}."


@pytest.mark.parametrize(("money", "geo", "countries", "regions"), [
    ("AUD 400,000", "New South Wales & Queensland", ["AU"], ["AU-NSW", "AU-QLD"]),
    ("AUD 400,000", "in New South Wales only", ["AU"], ["AU-NSW"]),
    ("AUD 400,000", "NSW and Western Australia", ["AU"], ["AU-NSW", "AU-WA"]),
    ("A$250k", "South Australia and the Northern Territory", ["AU"], ["AU-NT", "AU-SA"]),
    ("AUD 90k", "Australian Capital Territory and Victoria", ["AU"], ["AU-ACT", "AU-VIC"]),
    ("USD 90k", "South Sudan", ["SS"], []),
    ("USD 90k", "Papua New Guinea and Fiji", ["FJ", "PG"], []),
    ("GBP 90k", "England and Wales", ["GB"], []),
])
def test_a_name_inside_a_longer_place_name_is_not_read_on_its_own(
        money: str, geo: str, countries: list[str], regions: list[str]) -> None:
    brief = read_brief(_BASE.format(money=money, geo=geo))
    assert sorted(brief.countries) == countries
    assert sorted(brief.regions) == regions


def test_a_capital_region_is_a_place_not_a_company_named_capital() -> None:
    brief = read_brief(_BASE.format(money="PHP 4M", geo="National Capital Region and Cebu"))
    assert brief.countries == ["PH"]
    assert sorted(brief.regions) == ["PH-00", "PH-CEB"]


def test_a_company_named_capital_is_still_no_market() -> None:
    brief = read_brief("Budget $90k for Harbor Capital, CTV only, 1 March - 30 April 2027, "
                       "adults 25-54, Boston.")
    assert brief.dmas == ["506"]


@pytest.mark.parametrize(("money", "geo", "countries", "regions"), [
    ("EUR 90k", "NRW and Bavaria", ["DE"], ["DE-BY", "DE-NW"]),
    ("EUR 90k", "Baden-Württemberg und Hessen", ["DE"], ["DE-BW", "DE-HE"]),
    ("EUR 90k", "Basque Country and Catalonia", ["ES"], ["ES-CT", "ES-PV"]),
    ("EUR 90k", "Cataluña y Comunidad Valenciana", ["ES"], ["ES-CT", "ES-VC"]),
    ("EUR 90k", "Euskadi", ["ES"], ["ES-PV"]),
])
def test_a_region_by_its_short_local_or_english_name_is_read(
        money: str, geo: str, countries: list[str], regions: list[str]) -> None:
    """Each was left out while the region beside it was read: the buy narrowed silently."""
    brief = read_brief(_BASE.format(money=money, geo=geo))
    assert sorted(brief.countries) == countries
    assert sorted(brief.regions) == regions
