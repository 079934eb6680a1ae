"""Channels named in planners' words (issue 19): streaming, radio, OOH and publisher
names, a channel left out, social (not bought here), a city named like a channel.

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
    assert_read(text, {"channels": channels})


@pytest.mark.parametrize("text", [
    "$300k, Q3 2027, social and display",
    "$300k, Q3 2027, display plus paid social",
    "$300k, Q3 2027, display, Meta and TikTok",
    "$300k, Q3 2027, display (social is handled by another agency... or add Instagram)",
    "$300k, Q3 2027, display; social media too",
])
def test_social_is_not_a_channel_here_and_says_so(text: str) -> None:
    brief = assert_read(text, {"channels": ["display"]})
    assert any("social" in a for a in brief.assumptions), brief.assumptions


def test_a_social_only_brief_is_refused_naming_social() -> None:
    gap = extract_brief("$300k, Q3 2027, paid social on Meta", reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert "social" in gap.describe()


def test_a_city_named_like_a_channel_is_the_city() -> None:
    assert_read("$300k display, Q3 2027, Mobile, AL", {"channels": ["display"], "dmas": ["686"]})


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
    assert_read(text, want)


@pytest.mark.parametrize("text", [
    "$30k Feb-Jul 2027, streaming TV and online radio, split evenly, US",
    "$30k Feb-Jul 2027, CTV and web radio 50/50, US",
])
def test_radio_online_is_audio(text: str) -> None:
    assert_read(text, {"channels": ["ctv", "audio"], "split": {"ctv": D(50), "audio": D(50)}})
