"""Places written every way planners write them (issue 19): regions by nickname, a
city's market, groups of countries, parts of a place, places left out, state codes,
and the places the buyer cannot target, which are asked about.

Each case asserts the fields a planner means; a family has variants in other words,
orders and conventions, so a fix has to read the family and not one sentence of it.
"""

from __future__ import annotations

from typing import Any

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap, CampaignBrief

from .intake_reading import TODAY, assert_read

PLACES = [
    # Canada's regions by name
    ("C$300k CTV, Q3 2027, Atlantic Canada",
     {"countries": ["CA"], "regions": ["CA-NB", "CA-NS", "CA-PE", "CA-NL"]}),
    ("C$300k CTV, Q3 2027, the Prairies", {"regions": ["CA-AB", "CA-SK", "CA-MB"]}),
    ("C$300k CTV, Q3 2027, the Maritimes", {"regions": ["CA-NB", "CA-NS", "CA-PE"]}),
    ("C$300k CTV, Q3 2027, GTA and Greater Vancouver", {"countries": ["CA"]}),
    ("C$300k CTV, Q3 2027, BC and AB", {"regions": ["CA-BC", "CA-AB"]}),
    # a city's market with the words around it
    ("$300k CTV, Q3 2027, DFW metroplex and NYC metro", {"dmas": ["623", "501"]}),
    ("$300k CTV, Q3 2027, Greater Boston area", {"dmas": ["506"]}),
    ("$300k CTV, Q3 2027, the Atlanta metro area and the Chicago DMA", {"dmas": ["524", "602"]}),
    ("$300k CTV, Q3 2027, Houston market", {"dmas": ["618"]}),
    ("$300k CTV, Q3 2027, SoCal", {"regions": ["US-CA"]}),
    # groups of countries with one list
    ("$300k display, Q3 2027, the GCC", {"countries": ["AE", "SA", "QA", "KW", "BH", "OM"]}),
    ("€300k display, Q3 2027, across the EU", {"countries": [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"]}),
    ("€300k display, Q3 2027, Germany; EU privacy rules apply", {"countries": ["DE"]}),
    # a country by its long or local name
    ("EUR 65,000 audio in the Republic of Ireland, Q2 2027", {"countries": ["IE"]}),
    ("€65k audio, Q2 2027, Éire", {"countries": ["IE"]}),
    ("€65k audio, Q2 2027, Northern Ireland and Ireland", {"countries": ["GB", "IE"]}),
    # a city a US DMA shares its name with, beside US places: the US one
    ("$85k display, Q1 2027, Memphis, New Orleans and Birmingham",
     {"dmas": ["640", "622", "630"], "countries": ["US"]}),
    ("$85k display, Q1 2027, Birmingham and Atlanta", {"dmas": ["630", "524"]}),
    ("£85k display, Q1 2027, London and Birmingham", {"countries": ["GB"], "dmas": []}),
    # part of a country or state: the whole, said
    ("£300k display, Q3 2027, North of England", {"countries": ["GB"]}),
    ("$300k display, Q3 2027, Northern California", {"regions": ["US-CA"]}),
    ("$300k display, Q3 2027, upstate New York State", {"regions": ["US-NY"]}),
    ("€300k display, Q3 2027, Southern Germany", {"countries": ["DE"]}),
    ("$300k display, Q3 2027, the Eastern part of Texas", {"regions": ["US-TX"]}),
    ("$300k CTV, Q3 2027, the Pacific Northwest",
     {"countries": ["US"], "regions": ["US-WA", "US-OR", "US-ID"]}),
    ("$300k CTV, Q3 2027, New England", {"regions": ["US-CT", "US-ME", "US-MA", "US-NH",
                                                     "US-RI", "US-VT"]}),
    ("$300k CTV, Q3 2027, Tri-State area", {"regions": ["US-NY", "US-NJ", "US-CT"]}),
    ("$300k CTV, Q3 2027, the Midwest", {"countries": ["US"], "regions": [
        "US-IL", "US-IN", "US-IA", "US-KS", "US-MI", "US-MN", "US-MO", "US-NE", "US-ND",
        "US-OH", "US-SD", "US-WI"]}),
    ("€75.000 mobile app, Q1 2027, Bavaria only", {"countries": ["DE"], "regions": ["DE-BY"]}),
    ("€75.000 mobile app, Q1 2027, Bayern und Baden-Württemberg",
     {"countries": ["DE"], "regions": ["DE-BY", "DE-BW"]}),
    ("€75k display, Q1 2027, North Rhine-Westphalia", {"regions": ["DE-NW"]}),
    ("€500k display, Q1 2027, EU5", {"countries": ["DE", "FR", "IT", "ES", "GB"]}),
    ("€500k display, Q1 2027, the Baltics", {"countries": ["EE", "LV", "LT"]}),
    ("€500k display, Q1 2027, Iberia", {"countries": ["ES", "PT"]}),
    ("$500k display, Q1 2027, DACH and the Nordics",
     {"countries": ["DE", "AT", "CH", "DK", "FI", "IS", "NO", "SE"]}),
    ("$300k CTV, Q3 2027, ATL, MIA and ORD", {"dmas": ["524", "528", "602"]}),
    ("$300k CTV, Q3 2027, markets: LAX, SFO, SEA", {"dmas": ["803", "807", "819"]}),
    ("$300k CTV, Q3 2027, Seattle and Portland", {"dmas": ["819", "820"]}),
    ("$300k CTV, Q3 2027, Boston and Portland", {"dmas": ["506", "500"]}),
    ("$300k CTV, Q3 2027, Cleveland, Columbus and Cincinnati", {"dmas": ["510", "535", "515"]}),
    ("$300k CTV, Q3 2027, Atlanta and Columbus", {"dmas": ["524", "522"]}),
    ("$300k CTV, Q3 2027, Springfield and St. Louis", {"dmas": ["619", "609"]}),
    # airport codes of smaller markets; a code before a colon and a name is a label
    ("$250K // CLT: Halvorsen Boats // CTV // Q2 2027 // DMAs: TPA, MIA, JAX",
     {"dmas": ["539", "528", "561"]}),
    ("$250K CTV Q2 2027, markets: CLT, RDU, RIC", {"dmas": ["517", "560", "556"]}),
    ("$250K CTV Q2 2027, markets: MEM, OKC, TUL and ABQ", {"dmas": ["640", "650", "671", "790"]}),
    # a region of many countries with its countries listed in the same sentence
    ("One budget for LATAM: USD 2.5 million across Mexico, Colombia and Chile, CTV, Q3 2027",
     {"countries": ["MX", "CO", "CL"]}),
    ("$2.5M CTV for EMEA (UK, France, UAE), Q3 2027", {"countries": ["GB", "FR", "AE"]}),
    ("$2.5M CTV in APAC, specifically Japan and Australia, Q3 2027",
     {"countries": ["JP", "AU"]}),
    ("$2.5M CTV, Q3 2027, Latin America including Brazil and Argentina",
     {"countries": ["BR", "AR"]}),
    ("$2.5M CTV, Q3 2027, Europe: Germany, Austria, Switzerland",
     {"countries": ["DE", "AT", "CH"]}),
]


@pytest.mark.parametrize(("text", "want"), PLACES)
def test_a_place_in_any_form_is_read(text: str, want: dict[str, Any]) -> None:
    assert_read(text, want)


def test_a_shared_city_nothing_decides_is_still_asked_about() -> None:
    gap = extract_brief("$300k CTV, Q3 2027, Portland", reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert any(i.field == "geo" for i in gap.issues)


def test_part_of_a_place_is_read_as_the_whole_and_said() -> None:
    brief = assert_read("£300k display, Q3 2027, North of England", {"countries": ["GB"]})
    assert any("'North of England' read as all of England" in a for a in brief.assumptions)


@pytest.mark.parametrize(("text", "city"), [
    # a region of many countries with no one list: which countries is asked
    ("$300k display, Q3 2027, LATAM", "LATAM"),
    ("$300k display, Q3 2027, EMEA", "EMEA"),
    ("$300k display, Q3 2027, North America", "North America"),
    ("$300k display, Q3 2027, APAC markets", "APAC"),
    ("$300k display, Q3 2027, Latin America", "Latin America"),
    # a US city the reader knows no market for
    ("$300k CTV, Q3 2027, Albany and Rochester", "Albany"),
    ("$300k CTV, Q3 2027, markets: Charleston, Savannah", "Savannah"),
    # (Tallahassee and Chattanooga were here: their DMAs are now read, 530 and 575)
    ("$300k CTV, Q3 2027, in Fort Collins", "Fort Collins"),
    ("$300k CTV, Q3 2027, Boston & Worcester", "Worcester"),
    ("$300k CTV, Q3 2027, Geo: Provo", "Provo"),
    # a market left out of a wider area the brief targets: the buyer cannot carve it out
    ("$300k CTV, Q3 2027, Texas but not Houston", "Houston"),
    ("$300k CTV, Q3 2027, all of California except LA", "LA"),
    ("$300k CTV, Q3 2027, nationwide except Chicago", "Chicago"),
    ("$300k CTV, Q3 2027, US, excluding New York", "New York"),
    ("$300k CTV, Q3 2027, Florida other than Miami", "Miami"),
])
def test_a_place_the_buyer_cannot_target_is_asked_about(text: str, city: str) -> None:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert any(i.field == "geo" and repr(city) in i.message for i in gap.issues), gap.describe()


@pytest.mark.parametrize("text", [
    "$300k CTV, Q3 2027, Boston. Thanks, Elizabeth",
    "Hi Eugene, $300k CTV, Q3 2027, Boston",
    "$300k CTV, Q3 2027, Boston.\n\nBest,\nIrving",
])
def test_a_person_named_like_a_city_is_no_market(text: str) -> None:
    assert_read(text, {"dmas": ["506"]})


def test_a_market_left_out_of_named_markets_is_not_targeted() -> None:
    brief = assert_read("$300k CTV, Q3 2027, Chicago and Detroit, not NYC",
                        {"dmas": ["602", "505"]})
    assert "'NYC' is excluded: not targeted" in brief.assumptions


def test_a_bare_carriage_return_in_a_comma_line_is_no_crash() -> None:
    brief = extract_brief("$300k CTV, Q3 2027, US\r,\r0 adults 25-54", reference_date=TODAY)
    assert isinstance(brief, CampaignBrief)


@pytest.mark.parametrize(("text", "regions"), [
    ("C$250k CTV Q1 2027, Québec only", ["CA-QC"]),
    ("C$250k CTV Q1 2027, province de Québec seulement", ["CA-QC"]),
    ("C$250k CTV Q1 2027, Quebec and Colombie-Britannique", ["CA-QC", "CA-BC"]),
    ("C$250k CTV Q1 2027, Nouvelle-Écosse et Nouveau-Brunswick", ["CA-NS", "CA-NB"]),
    ("C$250k CTV Q1 2027, Terre-Neuve-et-Labrador", ["CA-NL"]),
])
def test_canadas_provinces_as_french_writes_them(text: str, regions: list[str]) -> None:
    """Never a seller ('Québec only') nor Colombia ('Colombie-Britannique')."""
    assert_read(text, {"countries": ["CA"], "regions": regions, "included": []})


@pytest.mark.parametrize(("text", "want"), [
    # a state left out is never targeted: beside other states it is simply not bought
    ("$500k Q1 2027 CTV, Texas and Oklahoma but not Arkansas", {"regions": ["US-TX", "US-OK"]}),
    ("$500k Q1 2027 CTV, Nevada, Arizona, not Utah", {"regions": ["US-NV", "US-AZ"]}),
    ("$500k Q1 2027 CTV, No Texas. California and Oregon.", {"regions": ["US-CA", "US-OR"]}),
    # left out of the whole country: the country, as "the lower 48" is read
    ("$500k Q1 2027 CTV, US excluding Alaska and Hawaii", {"countries": ["US"], "regions": []}),
    ("$500k Q1 2027 CTV, United States (except Alaska & Hawaii)",
     {"countries": ["US"], "regions": []}),
])
def test_a_state_left_out_is_not_targeted(text: str, want: dict[str, Any]) -> None:
    brief = assert_read(text, want)
    assert any("left out" in a for a in brief.assumptions)


@pytest.mark.parametrize(("text", "regions"), [
    ("$500k Q1 2027 CTV, the Dakotas", ["US-ND", "US-SD"]),
    ("$500k Q1 2027 CTV, Gulf Coast", ["US-TX", "US-LA", "US-MS", "US-AL", "US-FL"]),
    ("$500k Q1 2027 CTV, the Virginias and the Carolinas", ["US-VA", "US-WV", "US-NC", "US-SC"]),
    ("$500k Q1 2027 CTV, Four Corners states", ["US-AZ", "US-CO", "US-NM", "US-UT"]),
    ("$500k Q1 2027 CTV, the Great Lakes states",
     ["US-IL", "US-IN", "US-MI", "US-MN", "US-NY", "US-OH", "US-PA", "US-WI"]),
])
def test_more_us_regions_by_name(text: str, regions: list[str]) -> None:
    brief = assert_read(text, {"countries": ["US"], "regions": regions})
    assert brief.assumptions


@pytest.mark.parametrize(("text", "regions"), [
    # state codes in small letters, joined by a sign
    ("$48k on display, June 1 to Sept 6 2027. boat dealership, so lake country mn + wi",
     ["US-MN", "US-WI"]),
    ("$48k display Q3 2027, tx/fl only", ["US-FL", "US-TX"]),
    ("$48k display Q3 2027 in az & nv", ["US-AZ", "US-NV"]),
    # small words that are also codes are no states
    ("$48k display Q3 2027 US, in or near parks", []),
    ("$48k display Q3 2027 US, hi/ok creative either way", []),
])
def test_state_codes_in_small_letters_joined_by_a_sign(text: str, regions: list[str]) -> None:
    assert_read(text, {"regions": regions})


@pytest.mark.parametrize("text", [
    "$30k CTV Q2 2027. I run a firm in Birmingham, Alabama. Adults 25-64 in the Birmingham area.",
    "$30k CTV Q2 2027 in Atlanta; the Atlanta metro only",
])
def test_a_market_named_twice_is_one_market(text: str) -> None:
    brief = extract_brief(text, reference_date=TODAY)
    assert isinstance(brief, CampaignBrief), brief.describe()
    assert len(brief.dmas) == 1
