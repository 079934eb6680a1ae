"""Sellers to use or to leave out, in the forms planners write them: a wish ("we only want
to buy from X"), a plain "do not include X", a passive or legal prohibition ("X must not be
used", "under no circumstances may inventory be bought from X"), "never X again", and a
remark in brackets after the names ("X and Y (our approved vendors)")."""

from __future__ import annotations

import pytest

from .intake_reading import read_brief, refused_brief

_REST = "$200k CTV, Jan 4 - Feb 28 2027, adults 25-54, US."


def _sellers(names: list[str]) -> list[str]:
    return sorted(n.casefold() for n in names)


@pytest.mark.parametrize("sentence", [
    "We only want to buy from Hulu, Roku and Peacock.",
    "We'd only like to buy from Hulu, Roku and Peacock.",
    "We only wish to run on Hulu, Roku and Peacock.",
    "The client only wants to work with Hulu, Roku and Peacock.",
    "We only buy from Hulu, Roku and Peacock.",
    "Buy only from Hulu, Roku and Peacock (our approved vendors).",
    "Only through Hulu, Roku and Peacock (the client's approved partners).",
])
def test_a_wish_for_only_these_sellers_is_an_inclusion(sentence: str) -> None:
    brief = read_brief(f"{_REST} {sentence}")
    assert _sellers(brief.included_sellers) == ["hulu", "peacock", "roku"]
    assert brief.excluded_sellers == []


@pytest.mark.parametrize("sentence", [
    "Please do not include iHeart or Acme Exchange.",
    "Don't include iHeart or Acme Exchange.",
    "The following sellers must not be used: iHeart, Acme Exchange.",
    "These vendors are not to be used: iHeart and Acme Exchange.",
    "Under no circumstances may inventory be bought from iHeart or Acme Exchange.",
    "Under no circumstances should we buy from iHeart or Acme Exchange.",
    "Inventory must not be purchased from iHeart or Acme Exchange.",
    "No media may be bought from iHeart or Acme Exchange.",
    "iHeart and Acme Exchange must not be used.",
    "Contractor shall not purchase inventory from iHeart or Acme Exchange.",
    "The agency may not buy from iHeart or Acme Exchange.",
    "Vendor will not procure any media from iHeart or Acme Exchange.",
    "Never iHeart or Acme Exchange again.",
])
def test_a_prohibition_in_any_voice_is_an_exclusion(sentence: str) -> None:
    brief = read_brief(f"{_REST} {sentence}")
    assert _sellers(brief.excluded_sellers) == ["acme exchange", "iheart"]
    assert brief.included_sellers == []


def test_never_alone_before_a_name_excludes_it() -> None:
    brief = read_brief(f"Never BritCast Media again. {_REST}")
    assert _sellers(brief.excluded_sellers) == ["britcast media"]


@pytest.mark.parametrize("sentence", [
    "Never exceed a $20 CPM.",
    "Never go over the budget.",
    "Please do not include display.",
])
def test_a_prohibition_naming_no_seller_names_none(sentence: str) -> None:
    brief = read_brief(f"{_REST} {sentence}")
    assert brief.excluded_sellers == []


@pytest.mark.parametrize("sentence", [
    "Contractor is not permitted to source impressions from ClickFarm Media.",
    "We'd rather not end up with ClickFarm Media again.",
    "The client never wants to appear alongside ClickFarm Media.",
    "Only ever via ClickFarm Media, per the client.",
])
def test_a_seller_rule_no_reader_reads_stops_the_brief(sentence: str) -> None:
    gap = refused_brief(f"{_REST} {sentence}")
    assert any(issue.field == "unread" and "seller" in issue.message for issue in gap.issues)
