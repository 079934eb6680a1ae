"""Channels named in long or plain words (issue 19): 'connected television', 'smart TVs',
'broadcast television'; and a plain 'TV' in a split when the brief buys one kind of TV
('3/4 on the TV ones', 'the TV part gets 70%')."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.brief import Channel

from .intake_reading import read_brief, refused_brief

CTV, OLV, AUDIO, LINEAR = Channel.CTV, Channel.ONLINE_VIDEO, Channel.AUDIO, Channel.LINEAR_TV
BASE = " $300k, April 1 - May 31 2027, adults 25-54."


@pytest.mark.parametrize(("phrase", "channels"), [
    ("Channels: connected television (50%), online video (30%), digital audio (20%).",
     [CTV, OLV, AUDIO]),
    ("Ads on smart TVs and podcasts.", [CTV, AUDIO]),
    ("Streaming television and broadcast television.", [CTV, LINEAR]),
    ("Cable television only.", [LINEAR]),
    ("Linear television plus online video.", [LINEAR, OLV]),
])
def test_long_channel_names_are_channels(phrase: str, channels: list[Channel]) -> None:
    assert read_brief(phrase + BASE).channels == channels


def test_a_listed_long_name_keeps_its_share() -> None:
    brief = read_brief("Channels: connected television (50%), online video (30%), "
                       "digital audio (20%)." + BASE)
    assert brief.channel_split == {CTV: Decimal(50), OLV: Decimal(30), AUDIO: Decimal(20)}


@pytest.mark.parametrize(("phrase", "split"), [
    ("Ads on smart TVs and Spotify, like 3/4 on the TV ones and the rest on audio.",
     {CTV: 75, AUDIO: 25}),
    ("CTV and audio; the TV part gets 70%, audio 30%.", {CTV: 70, AUDIO: 30}),
    ("Linear and online video, the TV part 60% and the rest online video.",
     {LINEAR: 60, OLV: 40}),
    ("Connected TV plus podcasts: two thirds to the TV side, the rest to audio.",
     {CTV: Decimal("66.67"), AUDIO: Decimal("33.33")}),
])
def test_a_plain_tv_is_the_briefs_one_tv_channel(
        phrase: str, split: dict[Channel, Decimal]) -> None:
    brief = read_brief(phrase + BASE)
    assert brief.channel_split == {c: Decimal(p) for c, p in split.items()}


def test_a_plain_tv_beside_both_kinds_of_tv_stays_refused() -> None:
    gap = refused_brief("CTV, linear and audio; TV 70%, audio 30%." + BASE)
    assert "channel_split" in gap.describe()
