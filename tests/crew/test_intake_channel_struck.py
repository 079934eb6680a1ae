"""A channel struck out in the newest message of a thread ('Scratch the display piece,
the client wants it all in audio now') is no longer bought (issue 19)."""

from __future__ import annotations

import pytest

from ad_buyer.models.brief import Channel

from .intake_reading import read_brief

OLDER = """

> Budget: $210k
> Channels: display + audio (50/50)
> Flight: Jan 4 - Feb 21, 2027
> Adults 50+
"""
HEAD = "---------- Forwarded message ---------\nFrom: Tom Reyes\nSubject: Re: flu season\n\n"


@pytest.mark.parametrize("newest", [
    "Scratch the display piece, the client wants it all in audio now.",
    "Ditch the display part; audio only from here.",
    "Nix display, it's all audio now. Everything else stays.",
    "Kill the display line, all of it into audio.",
    "Strike display - audio gets everything.",
])
def test_a_channel_struck_in_the_newest_message_is_dropped(newest: str) -> None:
    brief = read_brief(HEAD + newest + OLDER)
    assert brief.channels == [Channel.AUDIO]
