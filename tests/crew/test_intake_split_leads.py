"""A share given to one channel beside a lead word ("mostly", "the bulk", "majority") or
the word "share"; the channels not given a figure take the rest (issue 19)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.brief import Channel

from .intake_reading import read_brief, refused_brief

CTV, OLV, AUDIO = Channel.CTV, Channel.ONLINE_VIDEO, Channel.AUDIO
DISPLAY, DOOH, LINEAR = Channel.DISPLAY, Channel.DOOH, Channel.LINEAR_TV
BASE = " $240k, March 1 - April 30 2027, adults 25-54."


@pytest.mark.parametrize(("phrase", "split"), [
    ("CTV and linear, mostly CTV (75%).", {CTV: 75, LINEAR: 25}),
    ("CTV and audio (mostly CTV -- 70%).", {CTV: 70, AUDIO: 30}),
    ("audio and display (majority audio, 60%).", {AUDIO: 60, DISPLAY: 40}),
    ("display mostly (about 80%) with the balance in audio.", {DISPLAY: 80, AUDIO: 20}),
    ("The bulk, 70%, on online video; the rest to CTV.", {OLV: 70, CTV: 30}),
    ("Most of it (65%) goes to CTV. Another 25% to audio. What's left, display.",
     {CTV: 65, AUDIO: 25, DISPLAY: 10}),
    ("DOOH and audio, primarily DOOH (around 85 percent).", {DOOH: 85, AUDIO: 15}),
])
def test_a_figure_beside_a_lead_word_is_that_channels_share(
        phrase: str, split: dict[Channel, int]) -> None:
    brief = read_brief(phrase + BASE)
    assert brief.channel_split == {c: Decimal(p) for c, p in split.items()}


@pytest.mark.parametrize(("phrase", "split"), [
    ("Channels: online video and CTV, the online video share at 35 per cent.",
     {OLV: 35, CTV: 65}),
    ("CTV and display; CTV's share is 60%.", {CTV: 60, DISPLAY: 40}),
    ("Audio and DOOH with a 30% share for audio.", {AUDIO: 30, DOOH: 70}),
    ("Display plus audio. Share of audio: 45%.", {DISPLAY: 55, AUDIO: 45}),
])
def test_a_share_named_as_a_share_is_read(phrase: str, split: dict[Channel, int]) -> None:
    brief = read_brief(phrase + BASE)
    assert brief.channel_split == {c: Decimal(p) for c, p in split.items()}


@pytest.mark.parametrize("phrase", [
    "CTV mostly with the balance in DOOH.",
    "Display, with some audio.",
    "Online video, with a little CTV on top.",
])
def test_a_channel_after_with_is_a_channel_not_a_seller(phrase: str) -> None:
    brief = read_brief(phrase + BASE)
    assert len(brief.channels) == 2


def test_a_lead_share_beside_two_channels_without_a_figure_stays_refused() -> None:
    gap = refused_brief("Most of it (60%) to CTV, then audio and display." + BASE)
    assert "channel_split" in gap.describe()


def test_a_lead_word_without_a_figure_still_gives_the_lead_the_majority() -> None:
    brief = read_brief("CTV and audio, mostly CTV." + BASE)
    assert brief.channel_split == {CTV: Decimal("66.67"), AUDIO: Decimal("33.33")}
