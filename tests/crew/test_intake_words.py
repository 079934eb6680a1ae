"""Families of channel, split, audience, place and seller forms (issue 19), each written
several ways, as different planners would: the fields a planner means are asserted.

A family is a way of saying one thing (a split as a ratio after the channel list, an
age floor in German, a region by its nickname); each family has variants in other words,
orders and conventions, so a fix has to read the family and not one sentence of it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap, CampaignBrief

TODAY = date(2026, 12, 7)
D = Decimal


def _fields(brief: CampaignBrief) -> dict[str, Any]:
    return {
        "channels": [c.value for c in brief.channels],
        "split": {c.value: p for c, p in brief.channel_split.items()},
        # places compare as sets: their order carries no meaning
        "countries": sorted(brief.countries), "regions": sorted(brief.regions),
        "dmas": sorted(brief.dmas),
        "excluded": [s.lower() for s in brief.excluded_sellers],
        "included": [s.lower() for s in brief.included_sellers],
        "gender": brief.audience.gender.value,
        "age_min": brief.audience.age_min, "age_max": brief.audience.age_max,
        "household": [h.value for h in brief.audience.household],
        "interests": brief.audience.interests,
    }


def _check(text: str, want: dict[str, Any]) -> CampaignBrief:
    """The brief read from ``text`` has the fields in ``want``; places compare as sets."""
    brief = extract_brief(text, reference_date=TODAY)
    assert isinstance(brief, CampaignBrief), brief.describe()
    got = _fields(brief)
    want = {k: sorted(v) if k in ("countries", "regions", "dmas") else v for k, v in want.items()}
    assert {k: got[k] for k in want} == want, brief.assumptions
    return brief


CTV_OLV_70 = {"ctv": D(70), "online_video": D(30)}
SPLITS = [
    # shares written after each channel, with no separator or sign
    ("BUY REQ // $1.2MM net // CTV 70 OLV 30 // Q1 2027 // A25-54", CTV_OLV_70),
    ("$1.2M, Q1 2027: CTV 70 online video 30", CTV_OLV_70),
    ("$1.2M | Q1 2027 | CTV-70 OLV-30 | adults 25-54", CTV_OLV_70),
    ("$1.2M for Q1 2027 with CTV at 70 and OLV at 30 (percent)", CTV_OLV_70),
    ("Q1 2027, $1.2M. Mix: CTV 70, pre-roll 30.", CTV_OLV_70),
    # a percent with a verb or "into" before the channel; the rest implied
    ("$250k, Q2 2027. I was told to put 60% into online video and the rest into display",
     {"online_video": D(60), "display": D(40)}),
    ("$250k, Q2 2027, online video and display: 60 percent going to online video",
     {"online_video": D(60), "display": D(40)}),
    ("$250k, Q2 2027, display + online video, with 60% of spend towards online video",
     {"online_video": D(60), "display": D(40)}),
    ("$250k, Q2 2027. Put 60 pct in online video, remainder in display",
     {"online_video": D(60), "display": D(40)}),
    ("$250k, Q2 2027, OLV and display; 60% should go to OLV",
     {"online_video": D(60), "display": D(40)}),
    # a colon ratio anywhere after the channel list, in the order the channels were named
    ("$175,000, Q3 2027. Channels: CTV and mobile in a 2:1 ratio.",
     {"ctv": D("66.67"), "mobile_app": D("33.33")}),
    ("$175,000, Q3 2027, CTV + mobile, 2:1", {"ctv": D("66.67"), "mobile_app": D("33.33")}),
    ("$175,000, Q3 2027, CTV and mobile weighted 2 : 1",
     {"ctv": D("66.67"), "mobile_app": D("33.33")}),
    ("€250k, Q3 2027, Kanäle: Audio und DOOH, Aufteilung 1:1, Deutschland",
     {"audio": D(50), "dooh": D(50)}),
    ("€250k, Q3 2027, audio et DOOH, répartition 3:1, France",
     {"audio": D(75), "dooh": D(25)}),
    # "in favour of X": the larger share is X's, whatever order the channels came in
    ("£1.5m, linear + BVOD on CTV, 60:40 in favour of linear, Q3 2027, UK",
     {"linear_tv": D(60), "ctv": D(40)}),
    ("£1.5m, CTV and linear, 60:40 in favour of linear, Q3 2027, UK",
     {"ctv": D(40), "linear_tv": D(60)}),
    ("$1.5m, CTV and linear, 70/30 in favor of linear, Q3 2027, US",
     {"ctv": D(30), "linear_tv": D(70)}),
    ("$1.5m, CTV and linear, 70-30 weighted toward CTV, Q3 2027, US",
     {"ctv": D(70), "linear_tv": D(30)}),
    ("$1.5m, display and audio, 3:1 skewed to audio, Q3 2027, US",
     {"display": D(25), "audio": D(75)}),
    # an even split written in brackets, in words, or as halves
    ("$2M across CTV and linear TV (evenly), Q1 2027, US",
     {"ctv": D(50), "linear_tv": D(50)}),
    ("$2M, CTV and linear TV, fifty-fifty, Q1 2027, US", {"ctv": D(50), "linear_tv": D(50)}),
    ("$2M, CTV and linear TV, half and half, Q1 2027, US",
     {"ctv": D(50), "linear_tv": D(50)}),
    ("$2M, CTV and linear TV - split it down the middle, Q1 2027, US",
     {"ctv": D(50), "linear_tv": D(50)}),
    ("$2M, CTV and linear TV (equal split), Q1 2027, US", {"ctv": D(50), "linear_tv": D(50)}),
    # a share for a group of channels, divided evenly among them
    ("$300k, Q3 2027, 60% video (CTV and OLV evenly), 40% display",
     {"ctv": D(30), "online_video": D(30), "display": D(40)}),
    ("$300k, Q3 2027, 40% display, 60% to video (CTV + OLV)",
     {"ctv": D(30), "online_video": D(30), "display": D(40)}),
    ("$300k, Q3 2027: 50% TV (linear/CTV, split evenly), 50% audio",
     {"linear_tv": D(25), "ctv": D(25), "audio": D(50)}),
    ("$300k, Q3 2027, 80 percent screens (CTV, OLV and DOOH), 20% audio",
     {"ctv": D("26.67"), "online_video": D("26.67"), "dooh": D("26.66"), "audio": D(20)}),
    ("$300k, Q3 2027, 70% on video (CTV & OLV), the rest on display",
     {"ctv": D(35), "online_video": D(35), "display": D(30)}),
    ("Budget $250k, Q3 2027. Video-first: CTV + OLV about 80%, the rest display.",
     {"ctv": D(40), "online_video": D(40), "display": D(20)}),
    ("$500k, Q1 2027, TV (linear + CTV) 70%, digital 30% (display)",
     {"linear_tv": D(35), "ctv": D(35), "display": D(30)}),
    ("$500k, Q1 2027, CTV/OLV combined 60%, audio 40%",
     {"ctv": D(30), "online_video": D(30), "audio": D(40)}),
    # an audio publisher named as the channel
    ("$400k, Q2 2027. Mix: 50% CTV, 30% YouTube, 20% Spotify.",
     {"ctv": D(50), "online_video": D(30), "audio": D(20)}),
    # one channel leads with no figure: the lead holds the majority (said)
    ("$300k, Q3 2027, CTV and audio, majority to CTV", {"ctv": D("66.67"), "audio": D("33.33")}),
    ("$300k, Q3 2027, CTV and audio, most of it on CTV",
     {"ctv": D("66.67"), "audio": D("33.33")}),
    ("$300k, Q3 2027, CTV with some audio, the bulk going to CTV",
     {"ctv": D("66.67"), "audio": D("33.33")}),
    ("$300k, Q3 2027, CTV, OLV and display, CTV-heavy",
     {"ctv": D(60), "online_video": D(20), "display": D(20)}),
    ("$300k, Q3 2027, audio and DOOH with the lion's share in audio",
     {"audio": D("66.67"), "dooh": D("33.33")}),
    # percent written other ways; shares given "respectively"; a bound read as the share
    ("$300k, Q3 2027, CTV: 60 per cent, audio: 40 per cent", {"ctv": D(60), "audio": D(40)}),
    ("$300k, Q3 2027, 60 pc CTV / 40 pc audio", {"ctv": D(60), "audio": D(40)}),
    ("$300k, Q3 2027, CTV and audio at 60 and 40 percent respectively",
     {"ctv": D(60), "audio": D(40)}),
    ("$300k, Q3 2027, CTV and audio; audio capped at 25%", {"ctv": D(75), "audio": D(25)}),
    ("$300k, Q3 2027, CTV and audio, CTV at least 70%", {"ctv": D(70), "audio": D(30)}),
    # a decimal comma
    ("$300k, Q3 2027, CTV 60,5% / OLV 39,5%", {"ctv": D("60.5"), "online_video": D("39.5")}),
    ("€300k, Q3 2027, 60,5 % CTV, 39,5 % OLV", {"ctv": D("60.5"), "online_video": D("39.5")}),
    # shares said to be rough
    ("$300k, Q3 2027, CTV ~60%, audio ~40%", {"ctv": D(60), "audio": D(40)}),
    ("$300k, Q3 2027, CTV (approx. 60%), audio (approx. 40%)", {"ctv": D(60), "audio": D(40)}),
    ("$300k, Q3 2027, CTV about 60% and audio around 40%", {"ctv": D(60), "audio": D(40)}),
    # shares or weights right after the channel list
    ("$300k, Q3 2027, CTV and audio, 60-40", {"ctv": D(60), "audio": D(40)}),
    ("$300k, Q3 2027, CTV and audio, 3 to 1", {"ctv": D(75), "audio": D(25)}),
    ("$300k, Q3 2027, CTV, OLV and audio split three ways",
     {"ctv": D("33.34"), "online_video": D("33.33"), "audio": D("33.33")}),
    # a pasted table aligned with spaces
    ("Channel      Share\nCTV          50%\nLinear TV    30%\nOLV          20%\n"
     "Budget: $2.5M, Q1 2027", {"ctv": D(50), "linear_tv": D(30), "online_video": D(20)}),
    ("Channel    Split\nCTV        60%\nAudio      40%\n$500k, Q2 2027",
     {"ctv": D(60), "audio": D(40)}),
    ("Media      Weight\ndisplay    25%\nCTV        75%\n$500k, Q2 2027",
     {"display": D(25), "ctv": D(75)}),
    ("Channel   Allocation\nCTV       70 %\nDOOH      30 %\n$500k, Q2 2027",
     {"ctv": D(70), "dooh": D(30)}),
    ("Channel        %\nCTV            55\nOLV            45\n$500k, Q2 2027",
     {"ctv": D(55), "online_video": D(45)}),
    # shares spoken in words (voice notes, call transcripts)
    ("$1.2M for CTV and online video, mostly CTV, like seventy thirty, Q1 2027", CTV_OLV_70),
    ("um so CTV and OLV, seventy-thirty, for Q1 2027, one point two million", CTV_OLV_70),
    ("$1.2M, Q1 2027, CTV / online video at seventy / thirty", CTV_OLV_70),
    ("$1.2M, Q1 2027, CTV, OLV and audio, fifty, thirty, twenty",
     {"ctv": D(50), "online_video": D(30), "audio": D(20)}),
    ("$60k, Q1 2027, mobile app and display, like seventy-five twenty-five",
     {"mobile_app": D(75), "display": D(25)}),
    # a share in brackets with words before it, or a sign after each share
    ("$1.2M, Q1 2027. Channels: CTV (majority, 70 %) and rest audio.",
     {"ctv": D(70), "audio": D(30)}),
    ("$400K, Q1 2027, mobile app and online video, majority mobile app (they said 70%)",
     {"mobile_app": D(70), "online_video": D(30)}),
    ("$400K, Q1 2027, audio and CTV, mostly CTV (roughly 70%)", {"audio": D(30), "ctv": D(70)}),
    ("3,2 M€, Q1 2027, CTV + vidéo en ligne + display (50 % / 30 % / 20 %), France",
     {"ctv": D(50), "online_video": D(30), "display": D(20)}),
    ("$500k, Q1 2027, CTV/OLV 60%/40%", {"ctv": D(60), "online_video": D(40)}),
    # a fraction of the budget after the channel, or of "the money" before it
    ("$80k, Q1 2027, DOOH and also some display. DOOH is 3/4 of the budget.",
     {"dooh": D(75), "display": D(25)}),
    ("$80k, Q1 2027, DOOH and display; display should get a quarter",
     {"dooh": D(75), "display": D(25)}),
    ("$385K, Q1 2027, Linear TV and CTV, two thirds of the money in linear",
     {"linear_tv": D("66.67"), "ctv": D("33.33")}),
    ("$385K, Q1 2027, CTV and audio, half of our budget on audio", {"ctv": D(50), "audio": D(50)}),
    ("$385K, Q1 2027, CTV and audio; CTV takes three quarters",
     {"ctv": D(75), "audio": D(25)}),
]


@pytest.mark.parametrize(("text", "split"), SPLITS)
def test_a_split_in_any_form_is_read(text: str, split: dict[str, Decimal]) -> None:
    _check(text, {"split": split})


CHANNELS = [
    ("$300k, Q3 2027, BVOD and AVOD", ["ctv"]),
    ("$300k, Q3 2027, FAST channels plus streaming TV", ["ctv"]),
    ("$300k, Q3 2027, addressable TV", ["ctv"]),
    ("$2M, TV - linear and streaming, split 60:40 linear to streaming, Q3 2027",
     ["linear_tv", "ctv"]),
    ("$300k, Q3 2027, podcasts and streaming audio", ["audio"]),
    ("$300k, Q3 2027, digital radio", ["audio"]),
    ("$300k, Q3 2027, music streaming, US", ["audio"]),
    ("$300k, Q3 2027, programmatic display, native and rich media", ["display"]),
    ("$300k, Q3 2027, native ads and high-impact units, US", ["display"]),
    ("$300k, Q3 2027, pre-roll and YouTube", ["online_video"]),
    ("$300k, Q3 2027, in-app only", ["mobile_app"]),
    ("$300k, Q3 2027, digital billboards", ["dooh"]),
    ("$300k, Q3 2027, DOOH screens in malls", ["dooh"]),
    ("$300k, Q3 2027, retargeting", ["performance"]),
    ("A$300k, Q3 2027, Digital OOH across Australia", ["dooh"]),
    ("$300k, Q3 2027, programmatic OOH", ["dooh"]),
    ("$300k, Q3 2027, pDOOH in malls", ["dooh"]),
]


CHANNELS += [  # a channel left out, in other words
    ("$300k, Q3 2027, video only (CTV + OLV), nothing on display", ["online_video", "ctv"]),
    ("$300k, Q3 2027, CTV rather than linear", ["ctv"]),
    ("$300k, Q3 2027, CTV and OLV, no audio this time", ["ctv", "online_video"]),
    ("$300k, Q3 2027, CTV, but not linear", ["ctv"]),
    ("€300k, Q3 2027, Online-Video, keine Banner, Deutschland", ["online_video"]),
]


@pytest.mark.parametrize(("text", "channels"), CHANNELS)
def test_channel_vocabulary(text: str, channels: list[str]) -> None:
    _check(text, {"channels": channels})


@pytest.mark.parametrize("text", [
    "$300k, Q3 2027, social and display",
    "$300k, Q3 2027, display plus paid social",
    "$300k, Q3 2027, display, Meta and TikTok",
    "$300k, Q3 2027, display (social is handled by another agency... or add Instagram)",
    "$300k, Q3 2027, display; social media too",
])
def test_social_is_not_a_channel_here_and_says_so(text: str) -> None:
    brief = _check(text, {"channels": ["display"]})
    assert any("social" in a for a in brief.assumptions), brief.assumptions


def test_a_social_only_brief_is_refused_naming_social() -> None:
    gap = extract_brief("$300k, Q3 2027, paid social on Meta", reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert "social" in gap.describe()


AUDIENCES = [
    ("$300k CTV, Q3 2027, parents of K-12 kids (moms especially, but not only)",
     {"gender": "all", "household": ["with_children"]}),
    ("$300k CTV, Q3 2027, parents, skewing female", {"gender": "all"}),
    ("$300k CTV, Q3 2027, adults 25-54, mainly women", {"gender": "all", "age_min": 25}),
    ("$300k CTV, Q3 2027, women primarily but men too, 25-54", {"gender": "all"}),
    ("$300k CTV, Q3 2027, moms mostly, though dads count as well", {"gender": "all"}),
    ("$300k audio, Q3 2027, mostly want men 35 plus", {"gender": "male", "age_min": 35}),
    ("€450k Online-Video, Q2/2027, Deutschland, Männer ab 40",
     {"gender": "male", "age_min": 40, "age_max": None}),
    ("C$150k vidéo en ligne, Q2 2027, Québec, femmes de 35 ans et plus",
     {"gender": "female", "age_min": 35}),
    ("€150k vídeo online, Q2 2027, España, mujeres de 35 años en adelante",
     {"gender": "female", "age_min": 35}),
    ("€150k video, Q2 2027, Italia, donne dai 35 anni in su", {"gender": "female", "age_min": 35}),
    ("€150k display, Q2 2027, Österreich, Frauen ab 25 Jahren",
     {"gender": "female", "age_min": 25}),
    # an age range as other languages write it
    ("€300k vídeo online, Q2 2027, España, mujeres de 25 a 44 años",
     {"gender": "female", "age_min": 25, "age_max": 44}),
    ("€300k video, Q2 2027, Italia, uomini tra 25 e 44 anni",
     {"gender": "male", "age_min": 25, "age_max": 44}),
    ("€300k display, Q2 2027, Nederland, vrouwen van 25 tot 44",
     {"gender": "female", "age_min": 25, "age_max": 44}),
    ("€300k Online-Video, Q2 2027, Deutschland, Frauen zwischen 30 und 49 Jahren",
     {"gender": "female", "age_min": 30, "age_max": 49}),
    ("€300k display, Q2 2027, France, femmes", {"gender": "female"}),
    ("£1.5m CTV, Q3 2027, UK, housewives with children (HWC)",
     {"gender": "female", "household": ["with_children"]}),
    ("£1.5m CTV, Q3 2027, UK, HWC", {"gender": "female", "household": ["with_children"]}),
    ("$300k CTV, Q3 2027, adults 18 and over", {"age_min": 18, "age_max": None}),
    ("$300k CTV, Q3 2027, young adults", {"age_min": 18, "age_max": 34}),
    ("$300k CTV, Q3 2027, W18+", {"gender": "female", "age_min": 18}),
    ("$300k CTV, Q3 2027, M35+", {"gender": "male", "age_min": 35}),
    ("$300k CTV, Q3 2027, P18-49", {"gender": "all", "age_min": 18, "age_max": 49}),
    # ages before the people, by decade; a skew inside the audience is no limit
    ("$300k CTV, Q3 2027, 25-54 adults", {"age_min": 25, "age_max": 54}),
    ("$300k CTV, Q3 2027, 18 to 34 women", {"age_min": 18, "age_max": 34, "gender": "female"}),
    ("$300k CTV, Q3 2027, women in their 30s", {"age_min": 30, "age_max": 39,
                                                "gender": "female"}),
    ("$300k CTV, Q3 2027, adults in their twenties and thirties",
     {"age_min": 20, "age_max": 39}),
    ("$300k CTV, Jan 25-31 2027, men 25-54", {"age_min": 25, "age_max": 54}),
    ("$300k CTV, Q3 2027, Adults 18+ (skew 25-44)", {"age_min": 18, "age_max": None}),
    ("$300k CTV, Q3 2027, W25-54, skewing 35-44", {"age_min": 25, "age_max": 54}),
    # household income in other words
    ("$300k CTV, Q3 2027, incomes of $75-100k", {"household": ["income_50k_100k"]}),
    ("$300k CTV, Q3 2027, HH income 150k plus", {"household": ["income_150k_plus"]}),
    ("$300k CTV, Q3 2027, household income over 100K",
     {"household": ["income_100k_150k", "income_150k_plus"]}),
    # segments by culture or by work
    ("$300k CTV, Q3 2027, Hispanic adults 18-49", {"interests": ["hispanic"], "age_min": 18}),
    ("$300k CTV, Q3 2027, Spanish-speaking households", {"interests": ["spanish-speaking"]}),
    ("$300k display, Q3 2027, US, IT decision makers", {"interests": ["it decision makers"]}),
    ("$300k display, Q3 2027, US, targeting software developers",
     {"interests": ["software developers"]}),
    ("$300k display, Q3 2027, US, small business owners",
     {"interests": ["small business owners"]}),
    # a generation with the ages stated beside it: the stated ages are the audience
    ("$400K, Q1 2027, Gen Z (18-24), mobile app, US", {"age_min": 18, "age_max": 24}),
    ("$400K for a Gen Z push (18-24) on mobile app, Q1 2027, US", {"age_min": 18, "age_max": 24}),
    ("$300k, CTV, Q1 2027, Audience: millennials (25-40), US only.",
     {"age_min": 25, "age_max": 40}),
    ("$300k, CTV, Q1 2027, millennials aged 28-40, US only.", {"age_min": 28, "age_max": 40}),
    ("$300k, CTV, Q1 2027, millennials, i.e. 25-40, US only.", {"age_min": 25, "age_max": 40}),
    ("$300k, CTV, Q1 2027, boomers 60-75, US only.", {"age_min": 60, "age_max": 75}),
    # people named by an interest, with their ages (spoken or written)
    ("$90K on audio Q1 2027, fitness folks 25-44, US",
     {"age_min": 25, "age_max": 44, "interests": ["fitness"]}),
    ("$75K Q1 2027 all mobile app, dog owners, twenty-five to forty-four. US",
     {"age_min": 25, "age_max": 44, "interests": ["dog owners"]}),
    ("$75K Q1 2027 mobile app, pet owners 25-54. US", {"age_min": 25, "age_max": 54}),
    ("$75K Q1 2027 CTV, coffee lovers (25-44), US", {"age_min": 25, "age_max": 44}),
    ("$75K Q1 2027 CTV, outdoor types 30+, US", {"age_min": 30, "age_max": None}),
    # a people word with a typing slip (two letters swapped, one doubled) before the ages
    ("$1.5M for ctv, Q1 2027, adluts 25-54, nationwide (US)", {"age_min": 25, "age_max": 54}),
    ("$1.5M for ctv, Q1 2027, wmoen 25-44, US",
     {"age_min": 25, "age_max": 44, "gender": "female"}),
    ("$1.5M for ctv, Q1 2027, adultss 18+, US", {"age_min": 18, "age_max": None}),
    ("$1.5M for ctv, Q1 2027, femlaes 18-34, US",
     {"age_min": 18, "age_max": 34, "gender": "female"}),
    ("$1.5M for ctv, Q1 2027, Adulst: 35-64, US", {"age_min": 35, "age_max": 64}),
]


def test_a_slip_that_could_be_another_word_is_not_put_right() -> None:
    """'Sales' is one letter from 'males' but a word of its own: no gender is read."""
    brief = _check("$1.5M for ctv, Q1 2027, Sales 25-30 people, US", {"gender": "all"})
    assert not any("typing slip" in a for a in brief.assumptions)
    gap = extract_brief("$1.5M for ctv, Q1 2027, aduts 25-54, US", reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert "aduts" in gap.describe()


@pytest.mark.parametrize(("text", "want"), AUDIENCES)
def test_an_audience_in_any_form_is_read(text: str, want: dict[str, Any]) -> None:
    _check(text, want)


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
    _check(text, want)


def test_a_shared_city_nothing_decides_is_still_asked_about() -> None:
    gap = extract_brief("$300k CTV, Q3 2027, Portland", reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert any(i.field == "geo" for i in gap.issues)


SELLERS = [
    ("$1M CTV, H1 2027, US. PG only, and only through our approved vendors PrimeTime "
     "Network and Metro Screens; no open exchange",
     {"included": ["primetime network", "metro screens"]}),
    ("$1M CTV, H1 2027, US. Only buy from PrimeTime Network & Metro Screens",
     {"included": ["primetime network", "metro screens"]}),
    ("$500k CTV, Q3 2027, Boston. Keep Bargain Banner off the plan.",
     {"excluded": ["bargain banner"], "channels": ["ctv"]}),
    ("$500k CTV, Q3 2027, Boston. Leave Bargain Banner and Metro Screens off the buy.",
     {"excluded": ["bargain banner", "metro screens"]}),
    ("€450k Online-Video, Q2/2027, Deutschland. Bitte keine Inventare von Bargain Banner.",
     {"excluded": ["bargain banner"], "channels": ["online_video"]}),
    ("€450k vidéo en ligne, Q2 2027, France, pas d'inventaire chez Bargain Banner",
     {"excluded": ["bargain banner"], "channels": ["online_video"]}),
    ("$200K CTV, Q2 2027. Please exclude Budget Bytes Media - they under-delivered.",
     {"excluded": ["budget bytes media"]}),
    ("$200K CTV, Q2 2027. No Premium Streams Inc or Target Media Group",
     {"excluded": ["premium streams inc", "target media group"]}),
    ("$90k audio, Q3 2027, Atlanta. Only buy through SoundWave Audio and PodReach.",
     {"included": ["soundwave audio", "podreach"], "channels": ["audio"]}),
    ("$90k audio, Q3 2027, Atlanta. Only go via SoundWave Audio.",
     {"included": ["soundwave audio"]}),
    # exclusions as a labelled list, a "do not run on", an "is off-limits", a bare "Not X"
    ("$300k CTV, Q3 2027, US. Blocklist: StreamMax; Bargain Banner; Metro Screens",
     {"excluded": ["streammax", "bargain banner", "metro screens"], "channels": ["ctv"]}),
    ("$300k CTV, Q3 2027, US. Exclusions - StreamMax, Bargain Banner",
     {"excluded": ["streammax", "bargain banner"]}),
    ("$300k CTV, Q3 2027, US. Exclusions: Respondents shall not place inventory with "
     "ClickFarm Media.", {"excluded": ["clickfarm media"]}),
    ("$300k CTV, Q3 2027, US. Do not run on StreamMax or Bargain Banner",
     {"excluded": ["streammax", "bargain banner"]}),
    ("$300k CTV, Q3 2027, US. Please avoid: StreamMax / Bargain Banner",
     {"excluded": ["streammax", "bargain banner"], "channels": ["ctv"]}),
    ("$300k CTV, Q3 2027, US. StreamMax is off-limits.", {"excluded": ["streammax"]}),
    ("$300k CTV, Q3 2027, US. StreamMax and Bargain Banner are a no-go.",
     {"excluded": ["streammax", "bargain banner"]}),
    ("$300k CTV, Q3 2027, US. Not StreamMax.", {"excluded": ["streammax"]}),
    ("$300k CTV, Q3 2027, US. Exclude StreamMax and anything from Bargain Banner",
     {"excluded": ["streammax", "bargain banner"]}),
    # the only sellers to use, as a list or a verb
    ("$300k CTV, Q3 2027, US. Whitelist: StreamMax, PrimeTime Network",
     {"included": ["streammax", "primetime network"]}),
    ("$300k CTV, Q3 2027, US. Stick to StreamMax and PrimeTime Network",
     {"included": ["streammax", "primetime network"]}),
    ("$300k CTV, Q3 2027, US. Approved sellers: StreamMax; PrimeTime Network",
     {"included": ["streammax", "primetime network"]}),
    ("$500k CTV, Q3 2027, Boston. Exclude PrimeTime Network or Bargain Banner.",
     {"excluded": ["primetime network", "bargain banner"]}),
    # leaving a seller out in other words
    ("A$85k for DOOH, Q1 2027, Sydney. Please leave out Metro Screens, we've had issues.",
     {"excluded": ["metro screens"]}),
    ("$560k CTV Q1 2027. Rule out StreamMax and Bargain Banner.",
     {"excluded": ["streammax", "bargain banner"], "channels": ["ctv"]}),
    ("$560k CTV Q1 2027. Cut Bargain Banner out of the plan.",
     {"excluded": ["bargain banner"], "channels": ["ctv"]}),
    ("$560k CTV Q1 2027. Take out StreamMax please.", {"excluded": ["streammax"]}),
    ("$560k CTV and display Q1 2027. Leaving out PrimeTime Network this time.",
     {"excluded": ["primetime network"], "channels": ["ctv", "display"]}),
    # the only sellers, under a label with 'only' or with 'only' after it
    ("Budget: $935,000\nMedia: CTV\nFlight: Q2 2027\n"
     "Approved Sellers ONLY: PrimeTime Networks, Metro Screens",
     {"included": ["primetime networks", "metro screens"]}),
    ("$560,000 CTV Q1 2027; sellers: only PrimeTime Networks and StreamMax.",
     {"included": ["primetime networks", "streammax"]}),
    ("$560,000 CTV Q1 2027. Authorized vendors: StreamMax; PrimeTime Networks",
     {"included": ["streammax", "primetime networks"]}),
    ("$560,000 CTV Q1 2027.\nSellers (only): StreamMax, PrimeTime Networks",
     {"included": ["streammax", "primetime networks"]}),
]


@pytest.mark.parametrize(("text", "want"), SELLERS)
def test_sellers_in_any_form_are_read(text: str, want: dict[str, Any]) -> None:
    _check(text, want)


def test_an_age_range_after_the_channels_is_no_split() -> None:
    brief = _check("$300k, Q3 2027, CTV and audio, 18-82 year olds",
                   {"split": {}, "age_min": 18, "age_max": 82})
    assert brief.channel_split == {}


def test_a_split_with_no_figure_says_how_it_was_read() -> None:
    brief = _check("$300k, Q3 2027, CTV and audio, majority to CTV",
                   {"split": {"ctv": D("66.67"), "audio": D("33.33")}})
    assert any("'majority to CTV' gives no figure" in a for a in brief.assumptions)


def test_part_of_a_place_is_read_as_the_whole_and_said() -> None:
    brief = _check("£300k display, Q3 2027, North of England", {"countries": ["GB"]})
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
    ("$300k CTV, Q3 2027, in Tallahassee", "Tallahassee"),
    ("$300k CTV, Q3 2027, Boston & Worcester", "Worcester"),
    ("$300k CTV, Q3 2027, Geo: Chattanooga", "Chattanooga"),
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
    _check(text, {"dmas": ["506"]})


def test_a_market_left_out_of_named_markets_is_not_targeted() -> None:
    brief = _check("$300k CTV, Q3 2027, Chicago and Detroit, not NYC", {"dmas": ["602", "505"]})
    assert "'NYC' is excluded: not targeted" in brief.assumptions


def test_a_city_named_like_a_channel_is_the_city() -> None:
    _check("$300k display, Q3 2027, Mobile, AL", {"channels": ["display"], "dmas": ["686"]})


@pytest.mark.parametrize("closing", [
    "\n\nCheers,\nMateus Silva\nBrightline Group",
    "\nLet me know if you have any questions.",
    "\n\nCe message et ses pièces jointes sont confidentiels.",
])
def test_lines_after_a_deal_type_only_are_no_sellers(closing: str) -> None:
    """'PMP only' ends its line: what the next lines say names no seller to use."""
    _check("$300k CTV, Q3 2027, US, adults 25-54. PMP only" + closing, {"included": []})


def test_a_bare_carriage_return_in_a_comma_line_is_no_crash() -> None:
    brief = extract_brief("$300k CTV, Q3 2027, US\r,\r0 adults 25-54", reference_date=TODAY)
    assert isinstance(brief, CampaignBrief)


@pytest.mark.parametrize("text", [
    "$300k CTV, Q3 2027, US. Preferred partners: StreamMax, PrimeTime Network",
    "$300k CTV, Q3 2027, US. Our preferred vendors are StreamMax and PrimeTime Network.",
    "$300k CTV, Q3 2027, US. Favoured sellers - StreamMax; PrimeTime Network",
])
def test_preferred_sellers_are_said_not_made_the_only_ones(text: str) -> None:
    brief = _check(text, {"included": [], "excluded": []})
    assert any("preferred" in a and "StreamMax" in a for a in brief.assumptions)


@pytest.mark.parametrize(("text", "split"), [
    ("$500k, Q1 2027, US, CTV, 60%, OLV, 40%", {"ctv": D(60), "online_video": D(40)}),
    ("$500k, Q1 2027, US, CTV, 50%, OLV, 30%, and display, 20%",
     {"ctv": D(50), "online_video": D(30), "display": D(20)}),
    ("Q1 2027, adults 50+, US: CTV gets $200k and OLV takes $120k",
     {"ctv": D("62.5"), "online_video": D("37.5")}),
])
def test_shares_between_commas_and_amounts_after_a_verb(text: str, split: dict[str, Any]) -> None:
    _check(text, {"split": split})


@pytest.mark.parametrize(("text", "regions"), [
    ("C$250k CTV Q1 2027, Québec only", ["CA-QC"]),
    ("C$250k CTV Q1 2027, province de Québec seulement", ["CA-QC"]),
    ("C$250k CTV Q1 2027, Quebec and Colombie-Britannique", ["CA-QC", "CA-BC"]),
    ("C$250k CTV Q1 2027, Nouvelle-Écosse et Nouveau-Brunswick", ["CA-NS", "CA-NB"]),
    ("C$250k CTV Q1 2027, Terre-Neuve-et-Labrador", ["CA-NL"]),
])
def test_canadas_provinces_as_french_writes_them(text: str, regions: list[str]) -> None:
    """Never a seller ('Québec only') nor Colombia ('Colombie-Britannique')."""
    _check(text, {"countries": ["CA"], "regions": regions, "included": []})


@pytest.mark.parametrize(("text", "want"), [
    ("$500k Q1 2027 CTV US, grandparents 55+", {"age_min": 55, "age_max": None}),
    ("$500k Q1 2027 CTV US, caregivers 35-64", {"age_min": 35, "age_max": 64}),
    ("$500k Q1 2027 CTV US, grandmothers aged 55 to 75",
     {"age_min": 55, "age_max": 75, "gender": "female"}),
    ("$500k Q1 2027 CTV US, grandpas 60+", {"age_min": 60, "gender": "male"}),
    ("$500k Q1 2027 CTV US, nurses and doctors 25-64", {"age_min": 25, "age_max": 64}),
    ("$500k Q1 2027 CTV US, subscribers 18+", {"age_min": 18, "age_max": None}),
    ("$500k Q1 2027 CTV US, small business owners 30-60",
     {"age_min": 30, "interests": ["small business owners"]}),
])
def test_more_people_nouns_before_ages(text: str, want: dict[str, Any]) -> None:
    _check(text, want)


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
    brief = _check(text, want)
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
    brief = _check(text, {"countries": ["US"], "regions": regions})
    assert brief.assumptions


@pytest.mark.parametrize(("text", "want"), [
    # streaming services named as the channel; left out, they are sellers left out
    ("$500k Q1 2027 US adults 25-54, Hulu and Roku", {"channels": ["ctv"], "excluded": []}),
    ("$500k Q1 2027 US adults 25-54, CTV, exclude Hulu",
     {"channels": ["ctv"], "excluded": ["hulu"]}),
    ("$500k Q1 2027 US adults 25-54, CTV and display but no Roku",
     {"channels": ["ctv", "display"], "excluded": ["roku"]}),
    ("$500k Q1 2027 US adults 25-54, audio, no Spotify",
     {"channels": ["audio"], "excluded": ["spotify"]}),
    ("$500k Q1 2027 US adults 25-54, audio, not on Spotify or Pandora",
     {"channels": ["audio"], "excluded": ["spotify", "pandora"]}),
    # shares in brackets with no sign, or after '≈'
    ("$500k Q1 2027 US adults 25-54, CTV (70) and OLV (30)",
     {"split": {"ctv": D(70), "online_video": D(30)}}),
    ("$500k Q1 2027 US adults 25-54, CTV (60), OLV (25), audio (15)",
     {"split": {"ctv": D(60), "online_video": D(25), "audio": D(15)}}),
    ("$500k Q1 2027 US adults 25-54, CTV ≈ 70%, OLV ≈ 30%",
     {"split": {"ctv": D(70), "online_video": D(30)}}),
])
def test_services_as_channels_and_bracketed_shares(text: str, want: dict[str, Any]) -> None:
    _check(text, want)


@pytest.mark.parametrize(("text", "want"), [
    ("$500k Q1 2027 CTV US. Please steer clear of StreamMax.", {"excluded": ["streammax"]}),
    ("$500k Q1 2027 CTV US. We don't want to work with StreamMax or Bargain Banner.",
     {"excluded": ["streammax", "bargain banner"], "channels": ["ctv"]}),
    ("$500k Q1 2027 CTV US. Suppress StreamMax.", {"excluded": ["streammax"]}),
    ("$500k Q1 2027 CTV US. Nothing from StreamMax please.", {"excluded": ["streammax"]}),
    ("$500k Q1 2027 CTV US. Buy exclusively from StreamMax and PrimeTime Network.",
     {"included": ["streammax", "primetime network"]}),
    ("$500k Q1 2027 CTV US. Limit buys to StreamMax & PrimeTime Network.",
     {"included": ["streammax", "primetime network"]}),
])
def test_more_ways_to_leave_out_or_limit_sellers(text: str, want: dict[str, Any]) -> None:
    _check(text, want)


@pytest.mark.parametrize(("text", "want"), [
    ("$500k Q1 2027 CTV US, women only, 30-50", {"gender": "female", "age_min": 30, "age_max": 50}),
    ("$500k Q1 2027 CTV US, men only (35+)", {"gender": "male", "age_min": 35}),
    ("$500k Q1 2027 CTV US, adults only 21+", {"age_min": 21, "age_max": None}),
])
def test_ages_after_people_only(text: str, want: dict[str, Any]) -> None:
    _check(text, want)


@pytest.mark.parametrize(("text", "split"), [
    # one share with no sign and "rest" naming the other channel
    ("$2MM, CTV 80 rest linear, Q3 2027, national", {"ctv": D(80), "linear_tv": D(20)}),
    ("$2MM Q3 2027 US: OLV 65, the remainder to display",
     {"online_video": D(65), "display": D(35)}),
    ("$2MM Q3 2027 US, audio at 30 and the balance on DOOH", {"audio": D(30), "dooh": D(70)}),
    # fractions written straight before their channel
    ("$1.2M Q3 2027 US, CTV and OLV, split 2/3 CTV and 1/3 online video",
     {"ctv": D("66.67"), "online_video": D("33.33")}),
    ("$1.2M Q3 2027 US on display and audio, split 1/4 audio and 3/4 display",
     {"display": D(75), "audio": D(25)}),
    # a share through words about its size; the other channel takes the rest
    ("NZ$300k on CTV and OLV for Q1 2027, with the bigger share (70%) on CTV, NZ",
     {"ctv": D(70), "online_video": D(30)}),
    ("$300k, audio and display, Q1 2027, US: the larger part, 60%, to audio",
     {"audio": D(60), "display": D(40)}),
    # weights spelt out, joined by "to"
    ("£650k for DOOH and audio, two-to-one in favour of DOOH, March 2027, UK",
     {"dooh": D("66.67"), "audio": D("33.33")}),
    ("$90k on CTV and display, three to one weighted toward display, Q2 2027, US",
     {"display": D(75), "ctv": D(25)}),
    # equal parts
    ("€120k display and mobile app in equal parts, Q2 2027, Germany",
     {"display": D(50), "mobile_app": D(50)}),
    ("$80k, CTV and audio in equal amounts, Q2 2027, US", {"ctv": D(50), "audio": D(50)}),
])
def test_shares_by_rest_fraction_size_words_and_equal_parts(text: str, split: dict[str, Any],
                                                           ) -> None:
    _check(text, {"split": split})


@pytest.mark.parametrize("text", [
    "$300k for May 2027, US. Split will be CTV half, OLV 40 percent and display 40 percent.",
    "$300k for May 2027, US. Half to CTV, 30% OLV and 30% display.",
])
def test_a_half_beside_percents_that_overfill_is_refused(text: str) -> None:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert [i.field for i in gap.issues] == ["channel_split"]


@pytest.mark.parametrize("text", [
    "$30k Feb-Jul 2027, streaming TV and online radio, split evenly, US",
    "$30k Feb-Jul 2027, CTV and web radio 50/50, US",
])
def test_radio_online_is_audio(text: str) -> None:
    _check(text, {"channels": ["ctv", "audio"], "split": {"ctv": D(50), "audio": D(50)}})


@pytest.mark.parametrize(("text", "want"), [
    # an aside in words between the people and their ages
    ("Target: DINKs (dual income, no kids), 28-40. $95k on CTV, September 2027, US",
     {"age_min": 28, "age_max": 40, "household": ["no_children"]}),
    ("$95k CTV September 2027 US. Audience: singles (urban, renting) 25-34",
     {"age_min": 25, "age_max": 34}),
    ("College crowd (18-24), $45k on mobile app, March 6-21 2027, Florida",
     {"age_min": 18, "age_max": 24}),
    ("$45k on mobile app, March 2027, US; the gym crowd, 25-44", {"age_min": 25, "age_max": 44}),
    # "from X until Y years": the ends joined by until/through after "from"
    ("€120k CTV, February 2027, Spain. Public objective: adults from 30 until 55 years.",
     {"age_min": 30, "age_max": 55}),
    ("€120k CTV, February 2027, Spain, for women from 25 through 44",
     {"age_min": 25, "age_max": 44, "gender": "female"}),
    # the children's ages in brackets describe the household, not the audience
    ("Audience = parents of toddlers (1-3 yrs). $65k, OLV + display, Q2 2027, US",
     {"household": ["with_children"], "age_min": None, "age_max": None}),
    ("$65k display Q2 2027 US, moms with babies (0-12 months)",
     {"household": ["with_children"], "gender": "female", "age_min": None}),
    ("$65k display Q2 2027 US, dads of teens (13-17 years old)",
     {"household": ["with_children"], "gender": "male", "age_min": None}),
])
def test_ages_after_an_aside_or_from_until_and_childrens_ages_in_brackets(
        text: str, want: dict[str, Any]) -> None:
    _check(text, want)


@pytest.mark.parametrize(("text", "want"), [
    # "don't want anything on X": no spend of any kind with the seller
    ("£80k audio, December 2027, UK. They don't want anything on Pubcast Network.",
     {"excluded": ["pubcast network"]}),
    ("$80k audio, Q2 2027, US. The client doesn't want any spend with Loudwave Radio.",
     {"excluded": ["loudwave radio"]}),
    ("$80k CTV, Q2 2027, US. We don't want to appear on StreamMax or Bargain Banner.",
     {"excluded": ["streammax", "bargain banner"]}),
    # "restrict the buy to ...", also after a description ending in a colon
    ("$500k OLV Q2 2027 US. Please restrict the buy to the two publishers we've worked "
     "with before: Hearth Media and StyleStream.", {"included": ["hearth media", "stylestream"]}),
    ("$200k CTV Q2 2027 US. Please restrict the buy to Hulu, Roku and Paramount, nobody else.",
     {"included": ["hulu", "roku", "paramount"]}),
    ("$200k display Q2 2027 US. Limit the spend to Hearth Media.", {"included": ["hearth media"]}),
    # a name camel-cased after one small letter
    ("Streaming audio, $130k, Aug 2027, US. Only Spotify and iHeart please.",
     {"included": ["spotify", "iheart"]}),
    ("$130k display, Aug 2027, US. No eBay Ads or BritCast Media.",
     {"excluded": ["ebay ads", "britcast media"]}),
])
def test_sellers_refused_in_any_form_or_restricted_after_a_description(
        text: str, want: dict[str, Any]) -> None:
    _check(text, want)


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
    _check(text, {"regions": regions})


@pytest.mark.parametrize("text", [
    "$360K mobile app Q1 2027 US. Audience is millennial moms with babies and toddlers.",
    "$360K mobile app Q1 2027 US, parents of toddlers and preschoolers",
    "$360K mobile app Q1 2027 US, dads with kids, teens or babies",
])
def test_every_kind_of_child_listed_describes_the_household(text: str) -> None:
    brief = _check(text, {"household": ["with_children"]})
    assert not brief.audience.is_kids


@pytest.mark.parametrize("text", [
    "$30k CTV Q2 2027. I run a firm in Birmingham, Alabama. Adults 25-64 in the Birmingham area.",
    "$30k CTV Q2 2027 in Atlanta; the Atlanta metro only",
])
def test_a_market_named_twice_is_one_market(text: str) -> None:
    brief = extract_brief(text, reference_date=TODAY)
    assert isinstance(brief, CampaignBrief), brief.describe()
    assert len(brief.dmas) == 1
