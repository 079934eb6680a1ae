"""A seller whose name opens with a channel word (issue 19): 'No Billboard Bros please'
leaves out the seller, not DOOH (the brief was refused as asking for DOOH and excluding
it). A channel word with a generic word after it ('No Display Ads') still strikes the
channel, and a channel both asked for and struck is still refused."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief, refused_brief

BASE = "$1.5m, 1 Aug 2027 to 31 Oct 2027, US, adults 35-64, "


@pytest.mark.parametrize(("text", "channels", "seller"), [
    ("CTV (60%) and DOOH (40%). No Billboard Bros please.", ["ctv", "dooh"], "billboard bros"),
    ("CTV and display. Avoid Display Kings.", ["ctv", "display"], "display kings"),
    ("CTV only. No Audio Nation.", ["ctv"], "audio nation"),
    ("CTV and online video, exclude Video Vault.", ["ctv", "online_video"], "video vault"),
    ("audio and DOOH; no Billboard Brothers Media.", ["audio", "dooh"], "billboard brothers"),
])
def test_a_seller_named_by_a_channel_word_is_left_out_not_the_channel(
        text: str, channels: list[str], seller: str) -> None:
    brief = read_brief(BASE + text)
    assert [c.value for c in brief.channels] == channels
    assert any(seller in s.casefold() for s in brief.excluded_sellers), brief.excluded_sellers


@pytest.mark.parametrize("text", [
    "CTV and display. No Display Ads.",
    "CTV and DOOH. No Billboard please.",
    "CTV and audio. Exclude Audio.",
    "CTV and DOOH, no DOOH Only buys.",
])
def test_a_channel_asked_for_and_struck_is_still_refused(text: str) -> None:
    gap = refused_brief(BASE + text)
    assert any(i.field == "channels" and "both asked for and excluded" in i.message
               for i in gap.issues), gap.describe()
