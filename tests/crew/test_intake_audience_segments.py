"""Audiences as planners in many countries write them (issue 19): every gender said
outright ('M/F 20-39', '18-35 all genders'), one person for the group ('woman 25-54'),
the young ('youth 18-30', 'jóvenes 18-29'), Nordic people words ('kvinder 25-49'), and
people by an interest or a language ('dog owners', 'Chinese-speaking families'), which
the plan keeps as a segment instead of refusing the brief."""

from __future__ import annotations

import pytest

from ad_buyer.models.brief import Gender

from .intake_reading import read_brief

BASE = "$120k on display and CTV, 4 Jan 2027 to 28 Feb 2027, US, "


@pytest.mark.parametrize(("words", "lo", "hi"), [
    ("M/F 20-39", 20, 39),
    ("F/M 25-54", 25, 54),
    ("18-35 all genders", 18, 35),
    ("both sexes 18+", 18, None),
    ("male & female 25-49", 25, 49),
    ("adults 30-59, gender: all", 30, 59),
    ("M+F 18-44", 18, 44),
])
def test_every_gender_said_outright_sets_no_gender(words: str, lo: int, hi: int | None) -> None:
    brief = read_brief(BASE + words + ".")
    assert brief.audience.gender is Gender.ALL
    assert (brief.audience.age_min, brief.audience.age_max) == (lo, hi)
    assert any("all genders" in a for a in brief.assumptions)


@pytest.mark.parametrize(("words", "gender", "lo", "hi"), [
    ("woman 25-54", Gender.FEMALE, 25, 54),
    ("man 35+", Gender.MALE, 35, None),
    ("youth 18-30", Gender.ALL, 18, 30),
    ("youths 16-24", Gender.ALL, 16, 24),
    ("young people 18-34", Gender.ALL, 18, 34),
    ("jóvenes 18-29", Gender.ALL, 18, 29),
    ("kvinder 25-49", Gender.FEMALE, 25, 49),
    ("kvinnor 30-45", Gender.FEMALE, 30, 45),
    ("menn 25-54", Gender.MALE, 25, 54),
    ("vuxna 30-59", Gender.ALL, 30, 59),
])
def test_people_words_before_ages_are_read(words: str, gender: Gender, lo: int,
                                           hi: int | None) -> None:
    brief = read_brief(BASE + words + ".")
    assert brief.audience.gender is gender
    assert (brief.audience.age_min, brief.audience.age_max) == (lo, hi)


@pytest.mark.parametrize(("words", "segment"), [
    ("dog owners", "dog owners"),
    ("pet owners", "pet owners"),
    ("cat lovers", "cat"),
    ("adults 25-54, car owners", "car owners"),
    ("boat owners in the suburbs", "boat owners"),
])
def test_people_by_an_interest_are_a_segment_not_a_refusal(words: str, segment: str) -> None:
    brief = read_brief(BASE + words + ".")
    assert segment in brief.audience.interests
    assert any(segment in a.lower() and "segment" in a for a in brief.assumptions)


def test_an_interest_leaves_the_ages_stated_alone() -> None:
    brief = read_brief(BASE + "dog owners 25-44.")
    assert (brief.audience.age_min, brief.audience.age_max) == (25, 44)
    assert brief.audience.gender is Gender.ALL


@pytest.mark.parametrize(("words", "segment"), [
    ("Chinese-speaking families, parents 30-50", "chinese-speaking"),
    ("Tagalog-speaking adults 25-54", "tagalog-speaking"),
    ("French speaking adults 18+", "french speaking"),
    ("Hispanic adults 18-49", "hispanic"),
])
def test_people_by_a_language_are_a_segment(words: str, segment: str) -> None:
    brief = read_brief(BASE + words + ".")
    assert segment in brief.audience.interests
    assert brief.audience.age_min is not None


def test_the_owners_of_a_business_are_no_audience() -> None:
    brief = read_brief(BASE + "adults 25-54. The owners signed off on it.")
    assert brief.audience.interests == []


@pytest.mark.parametrize(("words", "lo", "hi"), [
    ("Target 18-30", 18, 30),
    ("Audience: 25-54", 25, 54),
    ("TA 25-44", 25, 44),
    ("Target: 35+", 35, None),
    ("Målgrupp 30-59", 30, 59),
    ("alle 18+", 18, None),
])
def test_ages_under_an_audience_label_are_the_audience(words: str, lo: int,
                                                       hi: int | None) -> None:
    brief = read_brief(BASE + words + ".")
    assert (brief.audience.age_min, brief.audience.age_max) == (lo, hi)
    assert brief.audience.gender is Gender.ALL


def test_a_target_cost_is_no_age_range() -> None:
    brief = read_brief(BASE + "adults 25-54. Target CPA $18-30.")
    assert (brief.audience.age_min, brief.audience.age_max) == (25, 54)
