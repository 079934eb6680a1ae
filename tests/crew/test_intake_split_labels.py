"""Shares written as a label right after the channel list (issue 19): '(70-30)',
'(70 – 30)', 'at 60:40', '(8:2)', 'in a 60-40 split'; never read as an age range."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.brief import Channel

from .intake_reading import read_brief

DISPLAY, APP = Channel.DISPLAY, Channel.MOBILE_APP
BASE = ", flight 10 May 2027 - 20 June 2027, Italy, A25-54."


@pytest.mark.parametrize(("label", "first"), [
    ("(70-30)", 70), ("(70 - 30)", 70), ("(75–25)", 75), ("at 60:40", 60), ("(8:2)", 80),
    ("in a 60-40 split", 60), ("(65/35)", 65),
])
def test_a_label_after_the_channels_is_their_split(label: str, first: int) -> None:
    brief = read_brief(f"€95.500 on display and mobile app {label}" + BASE)
    assert brief.channel_split == {DISPLAY: Decimal(first), APP: Decimal(100 - first)}
    assert (brief.audience.age_min, brief.audience.age_max) == (25, 54)


def test_an_age_written_with_a_capital_letter_is_still_an_age() -> None:
    brief = read_brief("€95.500 on display and mobile app, W 35-49" + BASE.replace(", A25-54", ""))
    assert (brief.audience.age_min, brief.audience.age_max) == (35, 49)


@pytest.mark.parametrize(("ages", "lo"), [("a18+", 18), ("w25+", 25), ("A35+", 35)])
def test_a_one_letter_audience_written_small_and_joined_is_still_read(ages: str, lo: int) -> None:
    brief = read_brief(f"€95.500 on display, {ages}" + BASE.replace(", A25-54", ""))
    assert brief.audience.age_min == lo
