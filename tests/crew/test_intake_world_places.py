"""Places outside the US (issue #19): regions of the world by their ISO 3166-2 codes,
cities read as their country (and said so), metro words, and names the US shares."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief, refused_brief

_BASE = "Budget {money}, CTV only, 1 March - 30 April 2027, adults 25-54, {geo}."


def _read(money: str, geo: str):  # type: ignore[no-untyped-def]
    return read_brief(_BASE.format(money=money, geo=geo))


@pytest.mark.parametrize(("money", "geo", "country", "regions"), [
    # states, provinces and counties by their ISO names, accents or not
    ("INR 2 crore", "in Gujarat and Tamil Nadu", "IN", ["IN-GJ", "IN-TN"]),
    ("ZAR 3m", "in KwaZulu-Natal and the Eastern Cape", "ZA", ["ZA-EC", "ZA-KZN"]),
    ("MXN 4 millones", "Jalisco, Puebla y Querétaro", "MX", ["MX-JAL", "MX-PUE", "MX-QUE"]),
    ("BRL 900 mil", "estados de Minas Gerais e Bahia", "BR", ["BR-BA", "BR-MG"]),
    ("KES 8 million", "Kisumu and Nakuru counties", "KE", ["KE-17", "KE-31"]),
    ("KRW 300,000,000", "Busan and Gyeonggi-do", "KR", ["KR-26", "KR-41"]),
    # English names where ISO writes the local one
    ("AED 400k", "in the Sharjah and Dubai emirates", "AE", ["AE-DU", "AE-SH"]),
    ("IDR 2 miliar", "Central Java and East Java", "ID", ["ID-JI", "ID-JT"]),
    # a list with regions only a region has makes a city-region name a region too
    ("JPY 20,000,000", "Osaka, Kyoto and Hyogo", "JP", ["JP-26", "JP-27", "JP-28"]),
])
def test_a_region_of_the_world_is_its_iso_code_and_country(
        money: str, geo: str, country: str, regions: list[str]) -> None:
    brief = _read(money, geo)
    assert brief.countries == [country]
    assert sorted(brief.regions) == regions


@pytest.mark.parametrize(("money", "geo", "country"), [
    ("VND 3 billion", "Da Nang and Hanoi", "VN"),
    ("TRY 10 million", "İstanbul, Ankara, İzmir", "TR"),
    ("USD 90k", "lagos + abuja", "NG"),
    ("PHP 4M", "Quezon City and Cebu City", "PH"),
    ("COP 300 millones", "Cali y Barranquilla", "CO"),
    ("INR 60 lakh", "Tier 1 cities: Pune, Hyderabad, Kolkata", "IN"),
])
def test_a_city_outside_the_us_is_its_country_and_the_assumption_names_it(
        money: str, geo: str, country: str) -> None:
    brief = _read(money, geo)
    assert brief.countries == [country]
    assert brief.regions == []


def test_the_city_read_as_its_country_is_named_in_an_assumption() -> None:
    brief = _read("VND 2 billion", "Hanoi and Da Nang")
    assert brief.countries == ["VN"]
    assert any("'Hanoi' read as its country, VN" in a for a in brief.assumptions)


@pytest.mark.parametrize(("money", "geo", "country", "regions"), [
    ("PHP 5M", "Metro Manila only", "PH", ["PH-00"]),
    ("INR 50 lakh", "Geo: Delhi NCR", "IN", ["IN-DL", "IN-HR", "IN-UP"]),
    ("MYR 500k", "Klang Valley", "MY", ["MY-10", "MY-14", "MY-16"]),
    ("ARS 80 millones", "AMBA y Mendoza", "AR", ["AR-B", "AR-C", "AR-M"]),
    ("JPY 9,000,000", "Kanto region focus (Tokyo, Saitama)", "JP", ["JP-11", "JP-13"]),
])
def test_a_metro_word_is_the_regions_that_cover_it(
        money: str, geo: str, country: str, regions: list[str]) -> None:
    brief = _read(money, geo)
    assert brief.countries == [country]
    assert sorted(brief.regions) == regions


@pytest.mark.parametrize(("money", "geo", "country"), [
    ("EGP 5,000,000", "Market: Egypt (Cairo & Alexandria)", "EG"),
    ("EGP 5,000,000", "Alexandria and Giza", "EG"),
    ("GBP 200k", "Birmingham and Manchester", "GB"),
])
def test_the_briefs_country_settles_a_name_the_us_shares(
        money: str, geo: str, country: str) -> None:
    assert _read(money, geo).countries == [country]


def test_a_us_city_name_in_a_us_brief_is_still_asked() -> None:
    gap = refused_brief(_BASE.format(money="$300k", geo="in Alexandria and Tulsa"))
    assert any(i.field == "geo" and "Alexandria" in i.message for i in gap.issues)


@pytest.mark.parametrize("text", [
    "Hallo from Warsaw - EUR 120.000, CTV, DACH, 1 March - 30 April 2027, adults 30-59.",
    "Hi, Rodrigo here from our São Paulo office. USD 1.2MM for CTV in the US, "
    "1 March - 30 April 2027, adults 18-49.",
])
def test_the_writers_city_is_no_market(text: str) -> None:
    assert "PL" not in read_brief(text).countries
    assert "BR" not in read_brief(text).countries


def test_a_country_in_its_own_language_and_ksa() -> None:
    assert _read("NOK 2 mill.", "Norge (Oslo og Viken)").countries == ["NO"]
    assert _read("SAR 1.8M", "KSA nationwide").countries == ["SA"]
    assert _read("PLN 300 000", "cała Polska").countries == ["PL"]


@pytest.mark.parametrize(("text", "countries"), [
    ("Estimados, US$ 120.000 para video online en Colombia y Perú, del 1 de julio al 31 de "
     "agosto de 2027, adultos 18+.", ["CO", "PE"]),
    ("Total budget: a quarter million US dollars, display, 1 April - 30 June 2027, "
     "Markets: Kenya, Uganda, Tanzania, adults 18-34.", ["KE", "TZ", "UG"]),
    ("Budget: 200,000 U.S. dollars, display, 1 March - 30 April 2027, Chile and Peru, "
     "adults 25-54.", ["CL", "PE"]),
    ("US$600K, CTV + display, 1 March - 30 April 2027, women 25+, whole US.", ["US"]),
])
def test_us_dollars_name_no_market(text: str, countries: list[str]) -> None:
    assert sorted(read_brief(text).countries) == countries


@pytest.mark.parametrize(("money", "geo", "country"), [
    ("ARS 20 millones", "Córdoba y Rosario", "AR"),
    ("EUR 150k", "Córdoba and Sevilla", "ES"),
    ("USD 200k", "Valencia and Madrid", "ES"),
])
def test_a_city_several_countries_have_is_settled_by_the_briefs_country(
        money: str, geo: str, country: str) -> None:
    assert _read(money, geo).countries == [country]


def test_a_city_several_countries_have_with_nothing_to_settle_it_is_asked() -> None:
    gap = refused_brief(_BASE.format(money="$200k", geo="in Córdoba"))
    assert any(i.field == "geo" and "Córdoba" in i.message for i in gap.issues)
