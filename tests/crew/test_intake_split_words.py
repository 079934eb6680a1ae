"""Channel splits written every way planners write them (issue 19): shares after each
channel, ratios, 'in favour of', even splits, group shares, majorities, tables, spoken
shares, fractions and the rest.

Each case asserts the fields a planner means; a family has variants in other words,
orders and conventions, so a fix has to read the family and not one sentence of it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap

from .intake_reading import TODAY, assert_read

D = Decimal


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
    assert_read(text, {"split": split})


def test_an_age_range_after_the_channels_is_no_split() -> None:
    brief = assert_read("$300k, Q3 2027, CTV and audio, 18-82 year olds",
                   {"split": {}, "age_min": 18, "age_max": 82})
    assert brief.channel_split == {}


def test_a_split_with_no_figure_says_how_it_was_read() -> None:
    brief = assert_read("$300k, Q3 2027, CTV and audio, majority to CTV",
                   {"split": {"ctv": D("66.67"), "audio": D("33.33")}})
    assert any("'majority to CTV' gives no figure" in a for a in brief.assumptions)


@pytest.mark.parametrize(("text", "split"), [
    ("$500k, Q1 2027, US, CTV, 60%, OLV, 40%", {"ctv": D(60), "online_video": D(40)}),
    ("$500k, Q1 2027, US, CTV, 50%, OLV, 30%, and display, 20%",
     {"ctv": D(50), "online_video": D(30), "display": D(20)}),
    ("Q1 2027, adults 50+, US: CTV gets $200k and OLV takes $120k",
     {"ctv": D("62.5"), "online_video": D("37.5")}),
])
def test_shares_between_commas_and_amounts_after_a_verb(text: str, split: dict[str, Any]) -> None:
    assert_read(text, {"split": split})


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
    assert_read(text, {"split": split})


@pytest.mark.parametrize("text", [
    "$300k for May 2027, US. Split will be CTV half, OLV 40 percent and display 40 percent.",
    "$300k for May 2027, US. Half to CTV, 30% OLV and 30% display.",
])
def test_a_half_beside_percents_that_overfill_is_refused(text: str) -> None:
    gap = extract_brief(text, reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert [i.field for i in gap.issues] == ["channel_split"]
