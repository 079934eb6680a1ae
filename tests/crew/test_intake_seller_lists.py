"""Sellers listed with a plus ("Avoid Primetime Networks + Bargain Banner"), excluded by a
wish ("they do NOT want Metro Screens for the DOOH piece"), and a place restricting a
channel ("DOOH (Riyadh only)"), which is no seller to use."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief

_FACTS = "$300k, CTV only, Mar 1 - Apr 30 2027, adults 25-54, US."


@pytest.mark.parametrize("said", [
    "Avoid Primetime Networks + Bargain Banner.",
    "Exclude Primetime Networks + Bargain Banner please.",
    "No Primetime Networks + Bargain Banner.",
    "Blocklist: Primetime Networks + Bargain Banner",
    "Keep us off Primetime Networks + Bargain Banner.",
])
def test_sellers_joined_by_a_plus_are_two_sellers(said: str) -> None:
    brief = read_brief(f"{_FACTS} {said}")
    assert sorted(brief.excluded_sellers) == ["Bargain Banner", "Primetime Networks"]


@pytest.mark.parametrize("said", [
    "They do NOT want Metro Screens for the DOOH piece after last year's reporting issues.",
    "The client doesn't want Metro Screens on this one.",
    "We don't want Metro Screens anywhere in the plan.",
    "Client does not want Metro Screens.",
])
def test_not_wanting_a_named_seller_excludes_it(said: str) -> None:
    brief = read_brief(f"{_FACTS} {said}")
    assert brief.excluded_sellers == ["Metro Screens"]


@pytest.mark.parametrize("said", [
    "We don't want Texas in the plan.",
    "They don't want Display this time.",
    "They don't want Kids content.",
])
def test_not_wanting_a_place_or_channel_names_no_seller(said: str) -> None:
    brief = read_brief(f"$300k, CTV only, Mar 1 - Apr 30 2027, adults 25-54, California. {said}")
    assert brief.excluded_sellers == []


@pytest.mark.parametrize(("text", "country"), [
    ("Brief: 'Riyadh Season Teaser'. SAR 900,000 on DOOH (Riyadh only) from 2027-09-01 to "
     "2027-10-15. PG deals with Najd Screens only.", "SA"),
    ("AED 500,000 on DOOH (Dubai only), 2027-09-01 to 2027-10-15. Use Gulf Screens only.", "AE"),
    ("EUR 300,000 on CTV, Lisbon only, 2027-09-01 to 2027-10-15. Use Tejo Media only.", "PT"),
    ("GBP 300,000 on DOOH (Manchester only), 2027-09-01 to 2027-10-15. Use Northern Screens "
     "only.", "GB"),
])
def test_a_place_only_is_no_seller_to_use(text: str, country: str) -> None:
    brief = read_brief(text)
    assert len(brief.included_sellers) == 1
    assert brief.included_sellers[0].endswith(("Screens", "Media"))
    assert country in brief.countries


@pytest.mark.parametrize(("said", "seller", "channel"), [
    ("No Billboard Bros please.", "Billboard Bros", "dooh"),
    ("Avoid Audio Kings.", "Audio Kings", "audio"),
    ("Exclude Podcast Palace.", "Podcast Palace", "audio"),
    ("Skip Display Depot this time.", "Display Depot", "display"),
])
def test_a_seller_named_with_a_channel_word_first_is_no_struck_channel(
        said: str, seller: str, channel: str) -> None:
    brief = read_brief(f"$300k across CTV and {channel}, Mar 1 - Apr 30 2027, adults 25-54, US. "
                       f"{said}")
    assert brief.excluded_sellers == [seller]
    assert sorted(c.value for c in brief.channels) == sorted(["ctv", channel])


def test_a_struck_channel_is_still_struck() -> None:
    brief = read_brief("$300k CTV, Mar 1 - Apr 30 2027, adults 25-54, US. No Display please.")
    assert [c.value for c in brief.channels] == ["ctv"]
    assert brief.excluded_sellers == []
