"""Sellers left out or made the only ones, in planners' words (issue 19): lists,
verbs, labels with 'only', preferred sellers (said, not made the only ones).

Each case asserts the fields a planner means; a family has variants in other words,
orders and conventions, so a fix has to read the family and not one sentence of it.
"""

from __future__ import annotations

from typing import Any

import pytest

from .intake_reading import assert_read

SELLERS = [
    ("$1M CTV, H1 2027, US. PG only, and only through our approved vendors PrimeTime "
     "Network and Metro Screens; no open exchange",
     {"included": ["primetime network", "metro screens"]}),
    ("$1M CTV, H1 2027, US. Only buy from PrimeTime Network & Metro Screens",
     {"included": ["primetime network", "metro screens"]}),
    ("$500k CTV, Q3 2027, Boston. Keep Bargain Banner off the plan.",
     {"excluded": ["bargain banner"], "channels": ["ctv"]}),
    ("$500k CTV, Q3 2027, Boston. Leave Bargain Banner and Metro Screens off the buy.",
     {"excluded": ["bargain banner", "metro screens"]}),
    ("€450k Online-Video, Q2/2027, Deutschland. Bitte keine Inventare von Bargain Banner.",
     {"excluded": ["bargain banner"], "channels": ["online_video"]}),
    ("€450k vidéo en ligne, Q2 2027, France, pas d'inventaire chez Bargain Banner",
     {"excluded": ["bargain banner"], "channels": ["online_video"]}),
    ("$200K CTV, Q2 2027. Please exclude Budget Bytes Media - they under-delivered.",
     {"excluded": ["budget bytes media"]}),
    ("$200K CTV, Q2 2027. No Premium Streams Inc or Target Media Group",
     {"excluded": ["premium streams inc", "target media group"]}),
    ("$90k audio, Q3 2027, Atlanta. Only buy through SoundWave Audio and PodReach.",
     {"included": ["soundwave audio", "podreach"], "channels": ["audio"]}),
    ("$90k audio, Q3 2027, Atlanta. Only go via SoundWave Audio.",
     {"included": ["soundwave audio"]}),
    # exclusions as a labelled list, a "do not run on", an "is off-limits", a bare "Not X"
    ("$300k CTV, Q3 2027, US. Blocklist: StreamMax; Bargain Banner; Metro Screens",
     {"excluded": ["streammax", "bargain banner", "metro screens"], "channels": ["ctv"]}),
    ("$300k CTV, Q3 2027, US. Exclusions - StreamMax, Bargain Banner",
     {"excluded": ["streammax", "bargain banner"]}),
    ("$300k CTV, Q3 2027, US. Exclusions: Respondents shall not place inventory with "
     "ClickFarm Media.", {"excluded": ["clickfarm media"]}),
    ("$300k CTV, Q3 2027, US. Do not run on StreamMax or Bargain Banner",
     {"excluded": ["streammax", "bargain banner"]}),
    ("$300k CTV, Q3 2027, US. Please avoid: StreamMax / Bargain Banner",
     {"excluded": ["streammax", "bargain banner"], "channels": ["ctv"]}),
    ("$300k CTV, Q3 2027, US. StreamMax is off-limits.", {"excluded": ["streammax"]}),
    ("$300k CTV, Q3 2027, US. StreamMax and Bargain Banner are a no-go.",
     {"excluded": ["streammax", "bargain banner"]}),
    ("$300k CTV, Q3 2027, US. Not StreamMax.", {"excluded": ["streammax"]}),
    ("$300k CTV, Q3 2027, US. Exclude StreamMax and anything from Bargain Banner",
     {"excluded": ["streammax", "bargain banner"]}),
    # the only sellers to use, as a list or a verb
    ("$300k CTV, Q3 2027, US. Whitelist: StreamMax, PrimeTime Network",
     {"included": ["streammax", "primetime network"]}),
    ("$300k CTV, Q3 2027, US. Stick to StreamMax and PrimeTime Network",
     {"included": ["streammax", "primetime network"]}),
    ("$300k CTV, Q3 2027, US. Approved sellers: StreamMax; PrimeTime Network",
     {"included": ["streammax", "primetime network"]}),
    ("$500k CTV, Q3 2027, Boston. Exclude PrimeTime Network or Bargain Banner.",
     {"excluded": ["primetime network", "bargain banner"]}),
    # leaving a seller out in other words
    ("A$85k for DOOH, Q1 2027, Sydney. Please leave out Metro Screens, we've had issues.",
     {"excluded": ["metro screens"]}),
    ("$560k CTV Q1 2027. Rule out StreamMax and Bargain Banner.",
     {"excluded": ["streammax", "bargain banner"], "channels": ["ctv"]}),
    ("$560k CTV Q1 2027. Cut Bargain Banner out of the plan.",
     {"excluded": ["bargain banner"], "channels": ["ctv"]}),
    ("$560k CTV Q1 2027. Take out StreamMax please.", {"excluded": ["streammax"]}),
    ("$560k CTV and display Q1 2027. Leaving out PrimeTime Network this time.",
     {"excluded": ["primetime network"], "channels": ["ctv", "display"]}),
    # the only sellers, under a label with 'only' or with 'only' after it
    ("Budget: $935,000\nMedia: CTV\nFlight: Q2 2027\n"
     "Approved Sellers ONLY: PrimeTime Networks, Metro Screens",
     {"included": ["primetime networks", "metro screens"]}),
    ("$560,000 CTV Q1 2027; sellers: only PrimeTime Networks and StreamMax.",
     {"included": ["primetime networks", "streammax"]}),
    ("$560,000 CTV Q1 2027. Authorized vendors: StreamMax; PrimeTime Networks",
     {"included": ["streammax", "primetime networks"]}),
    ("$560,000 CTV Q1 2027.\nSellers (only): StreamMax, PrimeTime Networks",
     {"included": ["streammax", "primetime networks"]}),
]


@pytest.mark.parametrize(("text", "want"), SELLERS)
def test_sellers_in_any_form_are_read(text: str, want: dict[str, Any]) -> None:
    assert_read(text, want)


@pytest.mark.parametrize("closing", [
    "\n\nCheers,\nMateus Silva\nBrightline Group",
    "\nLet me know if you have any questions.",
    "\n\nCe message et ses pièces jointes sont confidentiels.",
])
def test_lines_after_a_deal_type_only_are_no_sellers(closing: str) -> None:
    """'PMP only' ends its line: what the next lines say names no seller to use."""
    assert_read("$300k CTV, Q3 2027, US, adults 25-54. PMP only" + closing, {"included": []})


@pytest.mark.parametrize("text", [
    "$300k CTV, Q3 2027, US. Preferred partners: StreamMax, PrimeTime Network",
    "$300k CTV, Q3 2027, US. Our preferred vendors are StreamMax and PrimeTime Network.",
    "$300k CTV, Q3 2027, US. Favoured sellers - StreamMax; PrimeTime Network",
])
def test_preferred_sellers_are_said_not_made_the_only_ones(text: str) -> None:
    brief = assert_read(text, {"included": [], "excluded": []})
    assert any("preferred" in a and "StreamMax" in a for a in brief.assumptions)


@pytest.mark.parametrize(("text", "want"), [
    ("$500k Q1 2027 CTV US. Please steer clear of StreamMax.", {"excluded": ["streammax"]}),
    ("$500k Q1 2027 CTV US. We don't want to work with StreamMax or Bargain Banner.",
     {"excluded": ["streammax", "bargain banner"], "channels": ["ctv"]}),
    ("$500k Q1 2027 CTV US. Suppress StreamMax.", {"excluded": ["streammax"]}),
    ("$500k Q1 2027 CTV US. Nothing from StreamMax please.", {"excluded": ["streammax"]}),
    ("$500k Q1 2027 CTV US. Buy exclusively from StreamMax and PrimeTime Network.",
     {"included": ["streammax", "primetime network"]}),
    ("$500k Q1 2027 CTV US. Limit buys to StreamMax & PrimeTime Network.",
     {"included": ["streammax", "primetime network"]}),
])
def test_more_ways_to_leave_out_or_limit_sellers(text: str, want: dict[str, Any]) -> None:
    assert_read(text, want)


@pytest.mark.parametrize(("text", "want"), [
    # "don't want anything on X": no spend of any kind with the seller
    ("£80k audio, December 2027, UK. They don't want anything on Pubcast Network.",
     {"excluded": ["pubcast network"]}),
    ("$80k audio, Q2 2027, US. The client doesn't want any spend with Loudwave Radio.",
     {"excluded": ["loudwave radio"]}),
    ("$80k CTV, Q2 2027, US. We don't want to appear on StreamMax or Bargain Banner.",
     {"excluded": ["streammax", "bargain banner"]}),
    # "restrict the buy to ...", also after a description ending in a colon
    ("$500k OLV Q2 2027 US. Please restrict the buy to the two publishers we've worked "
     "with before: Hearth Media and StyleStream.", {"included": ["hearth media", "stylestream"]}),
    ("$200k CTV Q2 2027 US. Please restrict the buy to Hulu, Roku and Paramount, nobody else.",
     {"included": ["hulu", "roku", "paramount"]}),
    ("$200k display Q2 2027 US. Limit the spend to Hearth Media.", {"included": ["hearth media"]}),
    # a name camel-cased after one small letter
    ("Streaming audio, $130k, Aug 2027, US. Only Spotify and iHeart please.",
     {"included": ["spotify", "iheart"]}),
    ("$130k display, Aug 2027, US. No eBay Ads or BritCast Media.",
     {"excluded": ["ebay ads", "britcast media"]}),
])
def test_sellers_refused_in_any_form_or_restricted_after_a_description(
        text: str, want: dict[str, Any]) -> None:
    assert_read(text, want)
