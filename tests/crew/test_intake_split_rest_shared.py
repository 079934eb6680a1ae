"""One channel's share, and the channels left sharing what is left (issue 19):
'DOOH gets half; audio and CTV share the other half', 'audio and CTV split the rest'.
Channels that share the rest share it evenly, and the reading is said."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ad_buyer.models.brief import Channel

from .intake_reading import read_brief

DOOH, AUDIO, CTV = Channel.DOOH, Channel.AUDIO, Channel.CTV
BASE = "$300k, Q2 2027, adults 25-54, Atlanta. "


@pytest.mark.parametrize(("phrase", "lead"), [
    ("DOOH gets half; audio and CTV share the other half.", 50),
    ("DOOH gets 50%; audio and CTV split the rest.", 50),
    ("Half to DOOH, the other half shared by audio and CTV.", 50),
    ("DOOH takes 60%, audio and CTV share the remainder equally.", 60),
    ("DOOH gets 40%, the balance is divided between audio and CTV.", 40),
    ("DOOH 30% -- audio and CTV divide the remaining 70% between them.", 30),
])
def test_the_channels_sharing_the_rest_share_it_evenly(phrase: str, lead: int) -> None:
    brief = read_brief(BASE + phrase)
    each = Decimal(100 - lead) / 2
    assert brief.channel_split == {DOOH: Decimal(lead), AUDIO: each, CTV: each}
    assert any("given the rest of the split" in a for a in brief.assumptions)


def test_a_half_alone_beside_two_other_channels_is_not_guessed() -> None:
    brief = read_brief(BASE + "DOOH, audio and CTV; DOOH gets half.")
    assert brief.channel_split in ({}, None)
