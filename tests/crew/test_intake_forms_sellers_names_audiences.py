"""Seller, deal, goal, name and audience forms of briefs (issue 19), one case per form;
incomes and school-age children describe the household.

Each case asserts the fields a planner means; the corpus (test_brief_corpus.py) scores
whole briefs, these pin down each family so a change that breaks one fails here by name.
"""

from __future__ import annotations

from typing import Any

import pytest

from .intake_reading import read_brief, stated_fields


@pytest.mark.parametrize(("text", "want"), [
    # sellers, deals, goals, names
    ("$500K CTV, Q2 2027, excluding OffGrid CTV; preferred deals only, no PG.",
     {"channels": ["ctv"], "excluded": ["OffGrid CTV"], "deal_types": ["PD"]}),
    ("£1.5m CTV, Q2 2027. We'd like to exclude BritCast Media this time round, please.",
     {"excluded": ["BritCast Media"]}),
    ("$150k CTV in Q2 2027, no Hulu, no Roku", {"excluded": ["Hulu", "Roku"]}),
    ("Excluded publishers: Bargain Banners\nBudget $100k display, Q3 2027",
     {"excluded": ["Bargain Banners"]}),
    ("$45,000 display, Q4 2027. Goal: new account sign-ups", {"goal": "performance"}),
    ("600k ctv, q1 next year. campaign is called Fresh Start", {"name": "Fresh Start"}),
    ("Here's what we agreed for Project Northstar: $2.5M CTV, Q1 2027",
     {"name": "Project Northstar"}),
    ("250 grand for audio next month, men 35 plus", {"age_min": 35}),
    ("£340k display, Q2 2027, adults 18-34 (must be 21+, alcohol)", {"age_min": 21}),
    ("$200k of programmatic guaranteed CTV with Roku and Samsung Ads only, Q1 2027",
     {"included": ["Roku", "Samsung Ads"], "deal_types": ["PG"]}),
    ("Channels: display\nExclude: Bargin Baners\n$600k, Q3 2027", {"channels": ["display"],
                                                                  "excluded": ["Bargin Baners"]}),
    ("budget 450k. ctv + olv, 70/30. q3 2027. exclude hulu. pmp only. campaign: spring sale",
     {"deal_types": ["PA"], "excluded": ["hulu"], "name": "spring sale"}),
    ("AUD 1,200,000; BVOD 70% / online video 30%; 1 Feb – 30 Apr 2027; Grocery Buyers 25-54",
     {"age_min": 25, "age_max": 54}),
    ("$60k mobile, Q2 2027, college students (18-24) in Boston", {"age_min": 18, "age_max": 24}),
    ("$70k audio / Q2 2027 / excl. Bargain Banner & StreamMax",
     {"excluded": ["Bargain Banner", "StreamMax"]}),
    # names: "name it 'X'", "calling it \"X\"", "Campaign = 'X'", a form's columns, "the 'X' promo"
    ("$50k audio, Q2 2027 - pls name it 'Tide Pool Audio'", {"name": "Tide Pool Audio"}),
    ('$50k audio, Q2 2027; the client is calling it "Fresh Tides 2027"',
     {"name": "Fresh Tides 2027"}),
    ("Quick one. Campaign = 'Tall Pines', $50k audio, Q2 2027", {"name": "Tall Pines"}),
    ("Campaign      Tall Pines Spring\nBudget        $50,000\nFlight        Q2 2027\n"
     "Channels      audio", {"name": "Tall Pines Spring"}),
    ("Can you price $50k on audio for the 'Tall Pines' promo? Q2 2027", {"name": "Tall Pines"}),
    ("$70k audio, Q2 2027, please keep us off Bargain Banner, it underdelivered",
     {"excluded": ["Bargain Banner"], "channels": ["audio"]}),
    ("$50k on audio, performance objective (CPA), Q2 2027",
     {"channels": ["audio"], "goal": "performance"}),
    ("$90k CTV, Q2 2027: only PG deals, and please only use Streamwise and Hilltop Media - "
     "we have audited those", {"included": ["Streamwise", "Hilltop Media"]}),
    ("$300k CTV for the big game lead-up, 3 weeks ending Feb 13 2027",
     {"goal": "awareness"}),  # a 'lead-up' is no lead goal
    # ages spoken in words, and a spoken correction of them
    ("$90k audio, Q2 2027, men twenty one plus", {"age_min": 21, "age_max": None}),
    ("$90k audio, Q2 2027, adults thirty five to sixty four", {"age_min": 35, "age_max": 64}),
    ("$90k audio, Q2 2027, adults 18 to 34. no, wait, 21 to 34.",
     {"age_min": 21, "age_max": 34}),
    # ages "between 25 and 44 years", as second-language writers put it
    ("We have 90.000 EUR for display in Italy, Q2 2027, for women between 30 and 49 years",
     {"age_min": 30, "age_max": 49}),
    ("$90k CTV, Q2 2027, adults aged between 21 and 34", {"age_min": 21, "age_max": 34}),
    # do-not lists and only-lists as procurement and email writers put them
    ("$90k display, Q2 2027. Please don't go through Brightwire, thanks.",
     {"excluded": ["Brightwire"]}),
    ("$90k display, Q2 2027. The vendor shall not place media with Tallpine Digital.",
     {"excluded": ["Tallpine Digital"]}),
    ("Excluded vendors: anyone on the client's blocklist, including Ozmo Ads. $90k CTV, Q2 2027",
     {"excluded": ["Ozmo Ads"]}),
    ("Only use these sellers: Kestrel Media and Wavelength. $90k display, Q2 2027",
     {"included": ["Kestrel Media", "Wavelength"]}),
    # an audience of roles, not ages: segments to ask sellers for
    ("$140k display, Q3 2027, US. Audience: procurement managers, CFOs at 500+ seat firms",
     {"interests": ["procurement managers"], "age_min": None}),  # a count is no segment
])
def test_a_family_of_forms_is_read(text: str, want: dict[str, Any]) -> None:
    got = stated_fields(read_brief(text))
    assert {k: got[k] for k in want} == want


def test_households_earning_an_amount_are_income_not_the_budget() -> None:
    brief = read_brief("$300k CTV, Q2 2027, households earning $150k or more")
    assert brief.budget_micros == 300_000_000_000
    assert [h.value for h in brief.audience.household] == ["income_150k_plus"]


def test_parents_of_school_age_kids_are_an_adult_audience() -> None:
    for text in ("$275k display, Q3 2027, parents of K-12 kids, US",
                 "$150k CTV, Q3 2027, target parents w/ kids under 12"):
        brief = read_brief(text)
        assert not brief.audience.is_kids, text
        assert [h.value for h in brief.audience.household] == ["with_children"]
