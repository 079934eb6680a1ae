"""A field left open with its options still weighed ("Channels TBD — client is still deciding
between video and audio"): the options are no choice, so the field is not stated (a channel
is asked for) and a place among them is never targeted (asked about)."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief, refused_brief

_FACTS = "Budget $200k, Jan 11 - Feb 21 2027, adults 18-34, national."


@pytest.mark.parametrize("open_field", [
    "Channels TBD — client is still deciding between video and audio.",
    "Channels: TBC, they are weighing up CTV or audio.",
    "Media TBD - still choosing between display and online video.",
    "Channel: tbd (client is torn between podcasts and CTV).",
    "Channels to be decided — the brand is considering CTV and DOOH.",
])
def test_channels_left_open_with_options_ask_for_the_channels(open_field: str) -> None:
    gap = refused_brief(f"{_FACTS} {open_field}")
    assert [(i.field, i.kind.value) for i in gap.issues] == [("channels", "missing")]


@pytest.mark.parametrize("open_field", [
    "Geo: TBD (client choosing between Texas and Florida).",
    "Markets TBC — still deciding between Ohio and Michigan.",
])
def test_places_left_open_with_options_are_asked_about(open_field: str) -> None:
    gap = refused_brief(f"Budget $200k, CTV, Jan 11 - Feb 21 2027, adults 18-34. {open_field}")
    assert [(i.field, i.kind.value) for i in gap.issues] == [("geo", "ambiguous")]


def test_a_field_left_open_alone_is_still_not_stated() -> None:
    brief = read_brief("Budget $200k, CTV, Jan 11 - Feb 21 2027, adults 18-34, US. Max CPM: TBD"
                       " - we'll confirm later.")
    assert brief.max_cpm_micros is None
