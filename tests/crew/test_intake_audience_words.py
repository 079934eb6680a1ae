"""Audiences written every way planners write them (issue 19): genders, ages in other
languages and by decade, incomes, segments, generations, people nouns, typing slips,
children who describe the household.

Each case asserts the fields a planner means; a family has variants in other words,
orders and conventions, so a fix has to read the family and not one sentence of it.
"""

from __future__ import annotations

from typing import Any

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import BriefGap

from .intake_reading import TODAY, assert_read

AUDIENCES = [
    ("$300k CTV, Q3 2027, parents of K-12 kids (moms especially, but not only)",
     {"gender": "all", "household": ["with_children"]}),
    ("$300k CTV, Q3 2027, parents, skewing female", {"gender": "all"}),
    ("$300k CTV, Q3 2027, adults 25-54, mainly women", {"gender": "all", "age_min": 25}),
    ("$300k CTV, Q3 2027, women primarily but men too, 25-54", {"gender": "all"}),
    ("$300k CTV, Q3 2027, moms mostly, though dads count as well", {"gender": "all"}),
    ("$300k audio, Q3 2027, mostly want men 35 plus", {"gender": "male", "age_min": 35}),
    ("€450k Online-Video, Q2/2027, Deutschland, Männer ab 40",
     {"gender": "male", "age_min": 40, "age_max": None}),
    ("C$150k vidéo en ligne, Q2 2027, Québec, femmes de 35 ans et plus",
     {"gender": "female", "age_min": 35}),
    ("€150k vídeo online, Q2 2027, España, mujeres de 35 años en adelante",
     {"gender": "female", "age_min": 35}),
    ("€150k video, Q2 2027, Italia, donne dai 35 anni in su", {"gender": "female", "age_min": 35}),
    ("€150k display, Q2 2027, Österreich, Frauen ab 25 Jahren",
     {"gender": "female", "age_min": 25}),
    # an age range as other languages write it
    ("€300k vídeo online, Q2 2027, España, mujeres de 25 a 44 años",
     {"gender": "female", "age_min": 25, "age_max": 44}),
    ("€300k video, Q2 2027, Italia, uomini tra 25 e 44 anni",
     {"gender": "male", "age_min": 25, "age_max": 44}),
    ("€300k display, Q2 2027, Nederland, vrouwen van 25 tot 44",
     {"gender": "female", "age_min": 25, "age_max": 44}),
    ("€300k Online-Video, Q2 2027, Deutschland, Frauen zwischen 30 und 49 Jahren",
     {"gender": "female", "age_min": 30, "age_max": 49}),
    ("€300k display, Q2 2027, France, femmes", {"gender": "female"}),
    ("£1.5m CTV, Q3 2027, UK, housewives with children (HWC)",
     {"gender": "female", "household": ["with_children"]}),
    ("£1.5m CTV, Q3 2027, UK, HWC", {"gender": "female", "household": ["with_children"]}),
    ("$300k CTV, Q3 2027, adults 18 and over", {"age_min": 18, "age_max": None}),
    ("$300k CTV, Q3 2027, young adults", {"age_min": 18, "age_max": 34}),
    ("$300k CTV, Q3 2027, W18+", {"gender": "female", "age_min": 18}),
    ("$300k CTV, Q3 2027, M35+", {"gender": "male", "age_min": 35}),
    ("$300k CTV, Q3 2027, P18-49", {"gender": "all", "age_min": 18, "age_max": 49}),
    # ages before the people, by decade; a skew inside the audience is no limit
    ("$300k CTV, Q3 2027, 25-54 adults", {"age_min": 25, "age_max": 54}),
    ("$300k CTV, Q3 2027, 18 to 34 women", {"age_min": 18, "age_max": 34, "gender": "female"}),
    ("$300k CTV, Q3 2027, women in their 30s", {"age_min": 30, "age_max": 39,
                                                "gender": "female"}),
    ("$300k CTV, Q3 2027, adults in their twenties and thirties",
     {"age_min": 20, "age_max": 39}),
    ("$300k CTV, Jan 25-31 2027, men 25-54", {"age_min": 25, "age_max": 54}),
    ("$300k CTV, Q3 2027, Adults 18+ (skew 25-44)", {"age_min": 18, "age_max": None}),
    ("$300k CTV, Q3 2027, W25-54, skewing 35-44", {"age_min": 25, "age_max": 54}),
    # household income in other words
    ("$300k CTV, Q3 2027, incomes of $75-100k", {"household": ["income_50k_100k"]}),
    ("$300k CTV, Q3 2027, HH income 150k plus", {"household": ["income_150k_plus"]}),
    ("$300k CTV, Q3 2027, household income over 100K",
     {"household": ["income_100k_150k", "income_150k_plus"]}),
    # segments by culture or by work
    ("$300k CTV, Q3 2027, Hispanic adults 18-49", {"interests": ["hispanic"], "age_min": 18}),
    ("$300k CTV, Q3 2027, Spanish-speaking households", {"interests": ["spanish-speaking"]}),
    ("$300k display, Q3 2027, US, IT decision makers", {"interests": ["it decision makers"]}),
    ("$300k display, Q3 2027, US, targeting software developers",
     {"interests": ["software developers"]}),
    ("$300k display, Q3 2027, US, small business owners",
     {"interests": ["small business owners"]}),
    # a generation with the ages stated beside it: the stated ages are the audience
    ("$400K, Q1 2027, Gen Z (18-24), mobile app, US", {"age_min": 18, "age_max": 24}),
    ("$400K for a Gen Z push (18-24) on mobile app, Q1 2027, US", {"age_min": 18, "age_max": 24}),
    ("$300k, CTV, Q1 2027, Audience: millennials (25-40), US only.",
     {"age_min": 25, "age_max": 40}),
    ("$300k, CTV, Q1 2027, millennials aged 28-40, US only.", {"age_min": 28, "age_max": 40}),
    ("$300k, CTV, Q1 2027, millennials, i.e. 25-40, US only.", {"age_min": 25, "age_max": 40}),
    ("$300k, CTV, Q1 2027, boomers 60-75, US only.", {"age_min": 60, "age_max": 75}),
    # people named by an interest, with their ages (spoken or written)
    ("$90K on audio Q1 2027, fitness folks 25-44, US",
     {"age_min": 25, "age_max": 44, "interests": ["fitness"]}),
    ("$75K Q1 2027 all mobile app, dog owners, twenty-five to forty-four. US",
     {"age_min": 25, "age_max": 44, "interests": ["dog owners"]}),
    ("$75K Q1 2027 mobile app, pet owners 25-54. US", {"age_min": 25, "age_max": 54}),
    ("$75K Q1 2027 CTV, coffee lovers (25-44), US", {"age_min": 25, "age_max": 44}),
    ("$75K Q1 2027 CTV, outdoor types 30+, US", {"age_min": 30, "age_max": None}),
    # a people word with a typing slip (two letters swapped, one doubled) before the ages
    ("$1.5M for ctv, Q1 2027, adluts 25-54, nationwide (US)", {"age_min": 25, "age_max": 54}),
    ("$1.5M for ctv, Q1 2027, wmoen 25-44, US",
     {"age_min": 25, "age_max": 44, "gender": "female"}),
    ("$1.5M for ctv, Q1 2027, adultss 18+, US", {"age_min": 18, "age_max": None}),
    ("$1.5M for ctv, Q1 2027, femlaes 18-34, US",
     {"age_min": 18, "age_max": 34, "gender": "female"}),
    ("$1.5M for ctv, Q1 2027, Adulst: 35-64, US", {"age_min": 35, "age_max": 64}),
]


def test_a_slip_that_could_be_another_word_is_not_put_right() -> None:
    """'Sales' is one letter from 'males' but a word of its own: no gender is read."""
    brief = assert_read("$1.5M for ctv, Q1 2027, Sales 25-30 people, US", {"gender": "all"})
    assert not any("typing slip" in a for a in brief.assumptions)
    gap = extract_brief("$1.5M for ctv, Q1 2027, aduts 25-54, US", reference_date=TODAY)
    assert isinstance(gap, BriefGap)
    assert "aduts" in gap.describe()


@pytest.mark.parametrize(("text", "want"), AUDIENCES)
def test_an_audience_in_any_form_is_read(text: str, want: dict[str, Any]) -> None:
    assert_read(text, want)


@pytest.mark.parametrize(("text", "want"), [
    ("$500k Q1 2027 CTV US, grandparents 55+", {"age_min": 55, "age_max": None}),
    ("$500k Q1 2027 CTV US, caregivers 35-64", {"age_min": 35, "age_max": 64}),
    ("$500k Q1 2027 CTV US, grandmothers aged 55 to 75",
     {"age_min": 55, "age_max": 75, "gender": "female"}),
    ("$500k Q1 2027 CTV US, grandpas 60+", {"age_min": 60, "gender": "male"}),
    ("$500k Q1 2027 CTV US, nurses and doctors 25-64", {"age_min": 25, "age_max": 64}),
    ("$500k Q1 2027 CTV US, subscribers 18+", {"age_min": 18, "age_max": None}),
    ("$500k Q1 2027 CTV US, small business owners 30-60",
     {"age_min": 30, "interests": ["small business owners"]}),
])
def test_more_people_nouns_before_ages(text: str, want: dict[str, Any]) -> None:
    assert_read(text, want)


@pytest.mark.parametrize(("text", "want"), [
    ("$500k Q1 2027 CTV US, women only, 30-50", {"gender": "female", "age_min": 30, "age_max": 50}),
    ("$500k Q1 2027 CTV US, men only (35+)", {"gender": "male", "age_min": 35}),
    ("$500k Q1 2027 CTV US, adults only 21+", {"age_min": 21, "age_max": None}),
])
def test_ages_after_people_only(text: str, want: dict[str, Any]) -> None:
    assert_read(text, want)


@pytest.mark.parametrize(("text", "want"), [
    # an aside in words between the people and their ages
    ("Target: DINKs (dual income, no kids), 28-40. $95k on CTV, September 2027, US",
     {"age_min": 28, "age_max": 40, "household": ["no_children"]}),
    ("$95k CTV September 2027 US. Audience: singles (urban, renting) 25-34",
     {"age_min": 25, "age_max": 34}),
    ("College crowd (18-24), $45k on mobile app, March 6-21 2027, Florida",
     {"age_min": 18, "age_max": 24}),
    ("$45k on mobile app, March 2027, US; the gym crowd, 25-44", {"age_min": 25, "age_max": 44}),
    # "from X until Y years": the ends joined by until/through after "from"
    ("€120k CTV, February 2027, Spain. Public objective: adults from 30 until 55 years.",
     {"age_min": 30, "age_max": 55}),
    ("€120k CTV, February 2027, Spain, for women from 25 through 44",
     {"age_min": 25, "age_max": 44, "gender": "female"}),
    # the children's ages in brackets describe the household, not the audience
    ("Audience = parents of toddlers (1-3 yrs). $65k, OLV + display, Q2 2027, US",
     {"household": ["with_children"], "age_min": None, "age_max": None}),
    ("$65k display Q2 2027 US, moms with babies (0-12 months)",
     {"household": ["with_children"], "gender": "female", "age_min": None}),
    ("$65k display Q2 2027 US, dads of teens (13-17 years old)",
     {"household": ["with_children"], "gender": "male", "age_min": None}),
])
def test_ages_after_an_aside_or_from_until_and_childrens_ages_in_brackets(
        text: str, want: dict[str, Any]) -> None:
    assert_read(text, want)


@pytest.mark.parametrize("text", [
    "$360K mobile app Q1 2027 US. Audience is millennial moms with babies and toddlers.",
    "$360K mobile app Q1 2027 US, parents of toddlers and preschoolers",
    "$360K mobile app Q1 2027 US, dads with kids, teens or babies",
])
def test_every_kind_of_child_listed_describes_the_household(text: str) -> None:
    brief = assert_read(text, {"household": ["with_children"]})
    assert not brief.audience.is_kids
