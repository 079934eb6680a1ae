"""What settles the country of a region or a shared city name (issue #19): the brief's
currency or a country it names, and also a metro word only one country has ("AMBA y
Córdoba" is Argentina's Córdoba) or two region names only one country has ("Gauteng and
the Western Cape" is South Africa with no rand in sight). One such name alone, or names
made only of generic words ("Central and Eastern"), settle nothing."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief, refused_brief

_BASE = "Budget USD 300k, display only, 1 March - 30 April 2027, adults 25-54, {geo}."


@pytest.mark.parametrize(("geo", "country", "regions"), [
    ("in Gauteng and the Western Cape", "ZA", ["ZA-GP", "ZA-WC"]),
    ("KwaZulu-Natal, Gauteng", "ZA", ["ZA-GP", "ZA-KZN"]),
    ("Jalisco y Nuevo León", "MX", ["MX-JAL", "MX-NLE"]),
    ("Rajasthan & Punjab", "IN", ["IN-PB", "IN-RJ"]),
    ("Antioquia and Cundinamarca departments", "CO", ["CO-ANT", "CO-CUN"]),
])
def test_two_regions_only_one_country_has_settle_that_country(
        geo: str, country: str, regions: list[str]) -> None:
    brief = read_brief(_BASE.format(geo=geo))
    assert brief.countries == [country]
    assert sorted(brief.regions) == regions


@pytest.mark.parametrize("geo", ["AMBA y Córdoba", "Córdoba and AMBA",
                                 "Gran Buenos Aires and Córdoba"])
def test_a_metro_word_settles_a_city_several_countries_have(geo: str) -> None:
    brief = read_brief(_BASE.format(geo=geo))
    assert brief.countries == ["AR"]


def test_a_shared_city_alone_is_still_asked() -> None:
    gap = refused_brief(_BASE.format(geo="Córdoba"))
    assert any(i.field == "geo" and "Córdoba" in i.message for i in gap.issues)


def test_a_list_of_generic_region_words_settles_no_country() -> None:
    brief = read_brief(_BASE.format(geo="Lakes and Unity"))
    assert "SS" not in brief.countries


@pytest.mark.parametrize(("geo", "name"), [
    ("Rajasthan", "Rajasthan"), ("in Amazonas", "Amazonas"), ("Gauteng only", "Gauteng"),
    ("Jalisco", "Jalisco"),
])
def test_one_region_of_a_country_the_brief_does_not_name_is_asked_not_dropped(
        geo: str, name: str) -> None:
    gap = refused_brief(_BASE.format(geo=geo))
    assert any(i.field == "geo" and name in i.message for i in gap.issues)


def test_one_region_with_its_countrys_currency_is_read() -> None:
    brief = read_brief("Budget INR 2 crore, display only, 1 March - 30 April 2027, adults "
                       "25-54, Rajasthan.")
    assert (brief.countries, brief.regions) == (["IN"], ["IN-RJ"])


@pytest.mark.parametrize(("money", "geo", "city"), [
    ("INR 2 crore", "Maharashtra and Bangalore", "Bangalore"),
    ("INR 2 crore", "Mumbai and Karnataka", "Mumbai"),
    ("IDR 2 miliar", "West Java and Surabaya", "Surabaya"),
    ("ZAR 3m", "Gauteng and Durban", "Durban"),
])
def test_a_city_beside_regions_of_its_country_is_asked_not_left_out(
        money: str, geo: str, city: str) -> None:
    gap = refused_brief(_BASE.replace("USD 300k", money).format(geo=geo))
    assert any(i.field == "geo" and city in i.message for i in gap.issues)


@pytest.mark.parametrize(("money", "geo", "countries"), [
    ("USD 300k", "El Salvador and Guatemala", ["GT", "SV"]),
    ("USD 300k", "Panama", ["PA"]),
    ("MXN 4 millones", "México", ["MX"]),
    ("EUR 300k", "Luxembourg and Belgium", ["BE", "LU"]),
])
def test_a_country_is_never_read_as_its_region_of_the_same_name(
        money: str, geo: str, countries: list[str]) -> None:
    brief = read_brief(_BASE.replace("USD 300k", money).format(geo=geo))
    assert sorted(brief.countries) == countries
    assert brief.regions == []


@pytest.mark.parametrize("geo", ["Rio de Janeiro, Salvador and Recife", "Salvador e Fortaleza"])
def test_a_city_another_language_names_a_country_by_is_the_city(geo: str) -> None:
    brief = read_brief(_BASE.replace("USD 300k", "BRL 2M").format(geo=geo))
    assert brief.countries == ["BR"]


@pytest.mark.parametrize(("money", "geo", "country"), [
    ("RON 400.000", "Bucharest and Cluj", "RO"),
    ("CLP 45.000.000", "Chile (Santiago y Valparaíso)", "CL"),
])
def test_a_region_named_like_a_city_beside_cities_is_a_city(
        money: str, geo: str, country: str) -> None:
    brief = read_brief(_BASE.replace("USD 300k", money).format(geo=geo))
    assert (brief.countries, brief.regions) == ([country], [])
    assert any("read as the city" in a for a in brief.assumptions)
