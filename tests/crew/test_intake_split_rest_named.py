"""Splits written as one share and the rest, by size, or evenly, in several languages
(issue 19): '75% CTV with the remainder on online video' (refused when the brief's
background named other channels), '70% video en CTV, el resto display', '75 % CTV,
resten ljud', 'majority video, say two-thirds' (dropped), 'mitad y mitad' (dropped).
A channel named only about the past or competitors is no channel of the plan; one named
beside the split with no share still refuses it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .intake_reading import read_brief, refused_brief

BASE = "$400,000, 1 Mar 2027 to 30 Apr 2027, US, adults 25-44. "


def _split(text: str) -> dict[str, Decimal]:
    return {c.value: p for c, p in read_brief(BASE + text).channel_split.items()}


@pytest.mark.parametrize(("text", "split"), [
    ("75% CTV with the remainder on online video.", {"ctv": 75, "online_video": 25}),
    ("CTV and online video: 75% CTV, the rest to OLV.", {"ctv": 75, "online_video": 25}),
    ("70% video en CTV, el resto display.", {"ctv": 70, "display": 30}),
    ("CTV och streamingljud, 75 % CTV, resten ljud.", {"ctv": 75, "audio": 25}),
    ("CTV e display: 60% CTV, o resto em display.", {"ctv": 60, "display": 40}),
    ("60% display et le reste en audio.", {"display": 60, "audio": 40}),
])
def test_one_share_and_the_rest_named_to_a_channel(text: str, split: dict[str, int]) -> None:
    assert _split(text) == {c: Decimal(p) for c, p in split.items()}


@pytest.mark.parametrize(("text", "split"), [
    ("Online video & display (majority video, say two-thirds).",
     {"online_video": Decimal("66.67"), "display": Decimal("33.33")}),
    ("CTV and audio, most of it on CTV, ~70%.", {"ctv": Decimal(70), "audio": Decimal(30)}),
    ("Display and DOOH, the bulk to DOOH (three-quarters).",
     {"dooh": Decimal(75), "display": Decimal(25)}),
    ("CTV + OLV, majority CTV at 80%.", {"ctv": Decimal(80), "online_video": Decimal(20)}),
])
def test_the_share_of_the_bigger_channel_by_its_size(text: str,
                                                      split: dict[str, Decimal]) -> None:
    assert _split(text) == split


@pytest.mark.parametrize("text", [
    "Audio digital y display, mitad y mitad.",
    "CTV et display, moitié-moitié.",
    "CTV und Display, halb-halb.",
    "CTV e display, metà e metà.",
    "CTV and display, half-half.",
])
def test_an_even_split_in_other_languages(text: str) -> None:
    assert set(_split(text).values()) == {Decimal(50)}


@pytest.mark.parametrize(("text", "split"), [
    ("Competitors are heavy on linear TV, so we go to streaming. The ask: 75% CTV with the "
     "remainder on online video.", {"ctv": 75, "online_video": 25}),
    ("Last year's campaign (display only) drove cheap clicks. This time: CTV 60%, OLV 40%.",
     {"ctv": 60, "online_video": 40}),
    ("The test on audio underperformed. CTV 50%, display 50%.", {"ctv": 50, "display": 50}),
    ("Share slipped to 4%, and the Q4 test on display underperformed, so we move into video. "
     "Online video 45%, CTV 35%, audio 20%.", {"online_video": 45, "ctv": 35, "audio": 20}),
])
def test_a_channel_named_only_in_the_background_is_not_planned(
        text: str, split: dict[str, int]) -> None:
    brief = read_brief(BASE + text)
    assert {c.value for c in brief.channels} == set(split)
    assert {c.value: p for c, p in brief.channel_split.items()} == {
        c: Decimal(p) for c, p in split.items()}


def test_a_background_channel_left_out_is_said() -> None:
    brief = read_brief(BASE + "The test on audio underperformed. CTV 50%, display 50%.")
    assert any("audio named only about the past" in a for a in brief.assumptions)


@pytest.mark.parametrize("text", [
    "CTV 60%, OLV 40%, plus some display.",
    "Channels: CTV, OLV and display. CTV 60%, OLV 40%.",
])
def test_a_channel_asked_for_beside_the_split_still_refuses_it(text: str) -> None:
    gap = refused_brief(BASE + text)
    assert any(i.field == "channel_split" and "no share for display" in i.message
               for i in gap.issues), gap.describe()
