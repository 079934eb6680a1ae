"""Channel, split and place forms of briefs (issue 19), one case per form; a place no
reader knows stops the brief.

Each case asserts the fields a planner means; the corpus (test_brief_corpus.py) scores
whole briefs, these pin down each family so a change that breaks one fails here by name.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap

from .intake_reading import TODAY, read_brief, stated_fields


@pytest.mark.parametrize(("text", "want"), [
    # splits
    ("£600,000, half into CTV and a quarter each into online video and audio, Q1 2027",
     {"split": {"ctv": Decimal(50), "online_video": Decimal(25), "audio": Decimal(25)}}),
    ("600k - ctv 2/3, audio 1/3 - q1 next year",
     {"split": {"ctv": Decimal("66.67"), "audio": Decimal("33.33")}}),
    ("Channels: CTV / OLV / Display\nSplit: 50 / 30 / 20\nBudget $1M, Q2 2027",
     {"split": {"ctv": Decimal(50), "online_video": Decimal(30), "display": Decimal(20)}}),
    ("£1.5m. CTV (70%), the rest split between OLV and audio equally. 1-28 Feb 2027",
     {"split": {"ctv": Decimal(70), "online_video": Decimal(15), "audio": Decimal(15)}}),
    ("$360k spread evenly over display and audio for Q2 2027",
     {"split": {"display": Decimal(50), "audio": Decimal(50)}}),
    # places
    ("$3.25M, CTV, Jan 18 - Feb 14 2027, P18-49, national.", {"countries": ["US"]}),
    ("£600k CTV, Q1 2027, nationwide", {"countries": ["GB"]}),
    ("€120k display, Q2 2027, DACH region", {"countries": ["AT", "CH", "DE"]}),
    ("AUD 450k display, 1 June - 30 June 2027, NSW and Victoria",
     {"regions": ["AU-VIC", "AU-NSW"]}),
    ("$240K display, Q3 2027, CA and AZ", {"regions": ["US-CA", "US-AZ"],
                                           "countries": ["US"]}),
    ("Hey Jordan - $65,000 mobile, March 2027, Texas", {"countries": ["US"]}),
    ("$700K CTV, Q3 2027, Chicago, Kansas City and Portland, Oregon",
     {"dmas": ["602", "616", "820"], "regions": []}),
    ("Display retargeting to drive conversions, $60k, Q1 2027", {"channels": ["display"]}),
    # channels, splits and places beside other facts
    ("budjet 300k, contected tv + podcsts, july-aug 2027", {"channels": ["ctv", "audio"]}),
    ("$90k display, Q3 2027; keep it connected to the search plan", {"channels": ["display"]}),
    ("Budget breakdown for the Southeast push:\n  CTV $300,000\n  Audio $100,000\n"
     "Flight: April 5 - June 13, 2027\nMarkets: Atlanta, Charlotte", {"dmas": ["524", "517"]}),
    ("$2.5MM CTV, Q2 2027, A25-54, top 5 DMAs", {"dmas": ["501", "803", "602", "623", "504"]}),
    ("$250k CTV & OLV; CTV gets 60; OLV gets 40; Q2 2027",
     {"split": {"ctv": Decimal(60), "online_video": Decimal(40)}}),
    ("$1.5M; Channels - linear TV (50%), CTV (30%), YouTube (20%); Q4 2027",
     {"split": {"linear_tv": Decimal(50), "ctv": Decimal(30), "online_video": Decimal(20)}}),
    ("400K for CTV, March 15 - May 31 2027, A25-44, in CO, UT, and MT.",
     {"regions": ["US-CO", "US-UT", "US-MT"]}),
    ("$95k • display & mobile • Jun 1–Jul 31 '27 • W25-54 • NY, NJ, CT",
     {"regions": ["US-NY", "US-NJ", "US-CT"], "dmas": []}),
    ("$200k CTV, Q2 2027, Adults 21-49, Oregon & Washington",
     {"regions": ["US-OR", "US-WA"], "dmas": []}),
    ("$400k CTV, Q2 2027, all adults 18+ in the 48 contiguous states", {"countries": ["US"]}),
    ("Hi Sam,\n\n$200k CTV, Q2 2027, Denver.\n\nBest,\nAmy Lee\nMedia Director, Peak Agency, "
     "Chicago\n(312) 555-0100", {"dmas": ["751"]}),  # the office's city is no market
    ("C$120k display, Q2 2027, QC and ON, adults 25-54",
     {"regions": ["CA-QC", "CA-ON"], "countries": ["CA"]}),
    ("$750,000, Q3 2027, display and audio (2:1)",
     {"split": {"display": Decimal("66.67"), "audio": Decimal("33.33")}}),
    ("C$80k audio, B.C. and Manitoba, Q3 2027", {"regions": ["CA-MB", "CA-BC"]}),
    # splits: "X + Y, evenly", "60:40 X to Y", "X 1/3 Y 2/3", "X (restated) 65%, the rest Y"
    ("$100k for display + audio, evenly, Q2 2027",
     {"split": {"display": Decimal("50"), "audio": Decimal("50")}}),
    ("$100k, display and audio, split 70:30 audio to display, Q2 2027",
     {"split": {"audio": Decimal("70"), "display": Decimal("30")}}),
    ("$100k, display 1/4 audio 3/4, Q2 2027",
     {"split": {"display": Decimal("25"), "audio": Decimal("75")}}),
    ("$100k, CTV (streaming TV) 60%, the rest audio, Q2 2027",
     {"split": {"ctv": Decimal("60"), "audio": Decimal("40")}}),
    ("DACH (Germany, Austria): €80k display, Q2 2027", {"countries": ["DE", "AT"]}),
    ("£300k, CTV 60% and audio 40%, Q1 2027, UK.\nEdit: 75/25 rather than 60/40.",
     {"split": {"ctv": Decimal(75), "audio": Decimal(25)}}),
    ("$80k audio, Q4 2027, Texas and Oklahoma. PS: strike Oklahoma, Texas only.",
     {"regions": ["US-TX"]}),
    ("| Channel | Weight |\n| Display | 70% |\n| Audio | 30% |\n$110k, Q1 2027, nationwide",
     {"split": {"display": Decimal(70), "audio": Decimal(30)}}),
    # places: a state listed after a state, "<country code>-wide", the sender's own city
    ("$75k display, Q3 2027. Markets: New York, Connecticut", {"regions": ["US-CT", "US-NY"]}),
    ("AU$80,000 for audio, AU-wide, 1 May to 30 June 2027", {"countries": ["AU"]}),
    ("$200k CTV, Q3 2027, US only, adults 25-54. Warm greetings from Lyon, Claire",
     {"countries": ["US"]}),
    # an even share "each", and a colon ratio after the first channel
    ("Budget 60.000 EUR for audio and display, 50% each one, Q3 2027, Portugal",
     {"split": {"display": Decimal(50), "audio": Decimal(50)}}),
    ("Display 70:30 with audio, $500k, Q1 2027", {"split": {"display": Decimal(70),
                                                          "audio": Decimal(30)}}),
    ("REQ | 250K USD | OLV+disp 40/60 | Q2'27 | PMP", {"split": {
        "online_video": Decimal(40), "display": Decimal(60)}}),
    # "scratch that" with no object: the sentence before it no longer stands
    ("$70k, May 2027, US. CTV plus some retargeting... actually scratch that, display only.",
     {"channels": ["display"]}),
    ("$50k audio, June 2027, Boston (maybe Springfield too, but let's keep it to Boston)",
     {"dmas": ["506"]}),
    ("audio 90K / May 2027 / CHI, MIA / A25-54", {"dmas": ["602", "528"]}),  # city codes
    ("£90k OLV, June 2027, adults in the South West of England", {"countries": ["GB"]}),
    ("$90k audio for the Maine bottle bill, Sept 2027, Portland and Detroit",
     {"dmas": ["500", "505"]}),
])
def test_a_family_of_forms_is_read(text: str, want: dict[str, Any]) -> None:
    got = stated_fields(read_brief(text))
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize(("text", "part"), [
    ("$330k display, Q3 2027, women 35-64, the Deep South", "the Deep South"),
    ("$1M CTV, Q2 2027, top 40 DMAs", "top 40"),  # a ranking the reader does not hold
])
def test_a_place_no_reader_knows_stops_the_brief(text: str, part: str) -> None:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert any(i.field == "unread" and repr(part) in i.message for i in gap.issues)
