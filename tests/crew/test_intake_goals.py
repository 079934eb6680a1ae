"""Goals, KPIs and deal types as planners state them (issue 19), family by family.

Each family holds variants written the way different planners phrase the same thing; a case
asserts what the planner means (the goal, or the deal types), on a brief that is otherwise
complete, so a refusal fails the case too.
"""

from __future__ import annotations

from datetime import date

import pytest

from ad_buyer.intake.extract import extract_brief
from ad_buyer.models.brief import CampaignBrief

from .intake_reading import TODAY, read_brief

BASE = "$200k on CTV and display, April 5 - June 27, 2027, US adults 25-54. "


PERFORMANCE = [
    "Goal is sales, so optimise to conversions.",
    "KPI is cost per install.",
    "CPI focus (installs).",
    "App downloads are what we are after.",
    "Objective: drive app downloads",
    "Leads for the sales team.",
    "We are measured on online sales.",
    "Treat it as performance.",
    "Success metric: demo requests.",
    "Optimising towards CPA.",
    "Primary KPI: ROAS.",
    "KPI - cost per lead.",
    "Footfall / store visits are the measure.",
    "We want bookings, plain and simple.",
    "Purpose of the buy: free-trial starts.",
    "Lower-funnel push, retargeting mostly.",
    "Objetivo: conversiones.",
    "Ziel: Abverkauf.",
    "Objectif : ventes en ligne.",
    "We need people to download the app.",
    "Get people into stores.",
    "Direct response campaign.",
    "Measured on ROI.",
    "Book test drives.",
    "Donations are the goal.",
    "The aim is enrolments for the autumn term.",
    "Objective\nConversions",
    "obj: perf",
    "Goal: DR",
    "objective - drive trial",
    "Goal: quote starts",
    "goal: store traffic",
    "Objetivo: descargas de la app.",
    "Objectif : installations.",
    "Ziel: Anmeldungen.",
    "Objetivo: vendas.",
    "Objective: performance marketing.",
    "Success looks like 20k new subscribers.",
    "We're judged on CPA.",
    "Goal: MQLs for the sales team.",
    "RSVPs for the open house.",
    "Optimise to tCPA.",
    "Drive dealership visits.",
]
CONSIDERATION = [
    "Drive traffic to the landing page.",
    "KPI: site visits.",
    "Objective - consideration",
    "We optimise to completed views.",
    "KPI is VCR (70%+).",
    "Main KPI: CPCV.",
    "Mid-funnel: we want people to visit the website and explore the range.",
    "Goal = engagement.",
    "Objectif : considération.",
    "Optimise for clicks (CTR).",
    "KPI: cost per completed view under 3 cents",
    "Objective: Traffic",
    "goal is visits to the site",
    "KPI: sessions",
    "KPI: cost per visit",
    "KPI: purchase intent lift.",
    "Brand favorability is the KPI.",
    "Objectif : trafic vers le site.",
    "Doel: overweging.",
]
AWARENESS = [
    "Brand health is the goal: reach and frequency.",
    "This is about tune-in for the season premiere.",
    "Awareness first, some retargeting later in the flight.",
    "Objectif : notoriété.",
    "Ziel: Markenbekanntheit.",
    "Objetivo: alcance.",
    "Upper-funnel launch, we need reach.",
    "Top of funnel.",
    "KPI: brand lift.",
    "Doel: naamsbekendheid.",
    "It's a brand play.",
    "OBJECTIVE: AWARENESS",
    "We care about reach, not clicks.",
    "Phase 1 awareness, phase 2 performance.",
    "Objective: Brand",
    "Obj: awr",
    "Objective: Brand\nKPI: CPA",
    "Objetivo: reconocimiento de marca.",
    "Ziel: Sichtbarkeit.",
    "Objectif : visibilité.",
    "Drive viewership of the finale.",
    "Goal: ad recall.",
]
# the goal a brief states wins over the words it uses in passing
STATED_WINS = [
    ("Last year's sales were up 12%, so the goal now is awareness.", "awareness"),
    ("Last time we optimised to CPA; this flight is about reach.",
     "awareness"),
    ("Not a performance play: it is pure awareness.", "awareness"),
    ("The sales team signed this off. Goal: consideration.", "consideration"),
    ("Previous campaign drove great awareness. Now the objective is conversions.",
     "performance"),
    ("We beat the reach goal last year. KPI this time: cost per acquisition.", "performance"),
    ("Less about sales, more about awareness.", "awareness"),
    ("Goal: drive traffic to the landing page and sales.", "performance"),
    ("Goal: awareness; KPIs VCR and reach.", "awareness"),
    ("Primary KPI - store visits; secondary: reach", "performance"),
    ("Awareness is the main objective, but we want sales too.", "awareness"),
    ("Secondary KPI: CPA. Primary KPI: VCR.", "consideration"),
    ("Reach is our priority; conversions are a bonus.", "awareness"),
    ("Sales is the secondary goal; awareness first.", "awareness"),
    ("Goal: consideration. Secondary goal: sales.", "consideration"),
    # a goal named outright wins over the aims the same statement gives for it
    ("Objective is consideration: we want test drives booked.", "consideration"),
    ("Goal: awareness, measured by site visits.", "awareness"),
    ("Objective - performance (traffic and sign-ups).", "performance"),
    # the goal named after the aim as what it amounts to: the name wins
    ("Our goal is footfall, so consideration.", "consideration"),
    ("Objective: site visits, i.e. performance for this client.", "performance"),
    ("KPI is completed views, which makes it awareness.", "awareness"),
    ("The aim is in-store traffic (consideration).", "consideration"),
    ("Goal - app installs - basically performance.", "performance"),
    # a goal name after the aim that says something else of it is no restatement
    ("Goal is sales, so awareness is not the point.", "performance"),
    ("The goal is conversions, so awareness alone won't do.", "performance"),
]
# no goal stated: a signature's title or a word in passing is no goal
NO_GOAL = [
    "Thanks,\nKim Lee\nSales Director",
    "Best,\nWei Ling\nRegional Marketing Lead, APAC",
    "Please reach out with any questions.",
    "Send the PDF plan to our sales rep by Friday.",
    "Cheers,\nSam | Head of Performance Marketing",
]


@pytest.mark.parametrize("phrase", PERFORMANCE)
def test_performance_goals(phrase: str) -> None:
    assert read_brief(BASE + phrase).goal.value == "performance", phrase


@pytest.mark.parametrize("phrase", CONSIDERATION)
def test_consideration_goals(phrase: str) -> None:
    assert read_brief(BASE + phrase).goal.value == "consideration", phrase


@pytest.mark.parametrize("phrase", AWARENESS)
def test_awareness_goals(phrase: str) -> None:
    assert read_brief(BASE + phrase).goal.value == "awareness", phrase


@pytest.mark.parametrize(("phrase", "goal"), STATED_WINS)
def test_the_stated_goal_wins_over_words_in_passing(phrase: str, goal: str) -> None:
    assert read_brief(BASE + phrase).goal.value == goal, phrase


@pytest.mark.parametrize("phrase", NO_GOAL)
def test_no_goal_stated_is_awareness_and_says_so(phrase: str) -> None:
    brief = read_brief(BASE + "\n\n" + phrase)
    assert brief.goal.value == "awareness", phrase
    assert any("no goal stated" in a for a in brief.assumptions), brief.assumptions


def test_a_kpi_that_implies_the_goal_is_listed_as_an_assumption() -> None:
    brief = read_brief(BASE + "KPI is cost per install.")
    assert brief.goal.value == "performance"
    assert "cpi" in brief.kpis
    assert any("performance" in a and "cost per install" in a.lower()
               for a in brief.assumptions), brief.assumptions


DEALS = [
    # programmatic guaranteed
    ("PG only.", ["PG"]),
    ("Programmatic guaranteed, please.", ["PG"]),
    ("Guaranteed only.", ["PG"]),
    ("Deal type: PG", ["PG"]),
    ("The client wants PG deals only.", ["PG"]),
    ("Buy it all on guaranteed deals.", ["PG"]),
    ("Ideally PG.", ["PG"]),
    # private marketplace
    ("PMP only.", ["PA"]),
    ("Private marketplace deals are preferred.", ["PA"]),
    ("Run through our PMPs.", ["PA"]),
    ("Private auction deals only, please.", ["PA"]),
    ("Inventory: private marketplace", ["PA"]),
    # preferred deals
    ("Preferred deals where available.", ["PD"]),
    ("Deal type: PD", ["PD"]),
    ("Preferred Deals (PD) only.", ["PD"]),
    ("Set it up as a preferred deal.", ["PD"]),
    ("Preferred-deal basis.", ["PD"]),
    ("Deal type: preferred", ["PD"]),
    # several
    ("PMP/PG ok.", ["PA", "PG"]),
    ("PG for CTV and PMP for the rest.", ["PA", "PG"]),
    ("PG preferred; preferred deals acceptable.", ["PD", "PG"]),
    ("PG or PD, either works.", ["PD", "PG"]),
    ("PMP, PD or PG are all fine.", ["PA", "PD", "PG"]),
    ("Programmatic direct only.", ["PD", "PG"]),
    ("Deal types: PG, PD", ["PD", "PG"]),
    ("Private marketplace (PMP) or preferred deal (PD) ok", ["PA", "PD"]),
    # no restriction, or one ruled out
    ("Open exchange is fine.", []),
    ("No open auction.", []),
    ("No PG please, PMP only.", ["PA"]),
    ("PG is not needed.", []),
    ("Avoid programmatic guaranteed.", []),
    ("Anything but PG.", []),
    ("Non-guaranteed is fine.", []),
    ("Everything except PG deals.", []),
    ("PMP rather than PG.", ["PA"]),
    ("No PMPs; PG only.", ["PG"]),
    # other languages
    ("Achat en programmatique garanti.", ["PG"]),
    ("Deals préférentiels uniquement.", ["PD"]),
    ("Compra en mercado privado.", ["PA"]),
    ("Nur garantierte Deals.", ["PG"]),
    ("Programático garantizado.", ["PG"]),
    # trading-desk shorthand
    ("PGs with the big 3 networks.", ["PG"]),
    ("pg/pmp", ["PA", "PG"]),
    ("Must be PG.", ["PG"]),
    ("PG-only.", ["PG"]),
    ("Programmatic guaranteed or preferred.", ["PD", "PG"]),
    ("PG; PMP fallback.", ["PA", "PG"]),
    # words that are no deal type
    ("See pg 4 of the deck.", []),
    ("Our client is PG&E.", []),
    ("Rated PG content only.", []),
    ("The PD team approved it.", []),
    ("We report weekly as a PDF.", []),
    ("PG-rated content only, no violence.", []),
]


@pytest.mark.parametrize(("phrase", "want"), DEALS)
def test_deal_types(phrase: str, want: list[str]) -> None:
    brief = read_brief(BASE + phrase)
    assert sorted(d.value for d in brief.deal_types) == want, phrase


def test_a_state_code_is_no_private_auction() -> None:
    brief = read_brief("$200k on CTV, April 5 - June 27, 2027, adults 25-54 in Pittsburgh, PA "
                       "and Columbus, OH.")
    assert brief.deal_types == []


def test_open_exchange_beside_named_deals_is_noted() -> None:
    brief = read_brief(BASE + "PMP preferred, but open exchange is fine too.")
    assert any("open" in a.lower() for a in brief.assumptions), brief.assumptions


# a person whose name is a month signs or is greeted: the flight is the brief's own
PERSON_MONTHS = [
    BASE + "\n\nThanks,\nApril",
    BASE + "\n\nBest,\nMay Chen\nMedia Planner",
    BASE + "\n\nCheers,\nJun Hao | Senior Planner, Singapore",
    BASE + "\n\nRegards,\nAugust Miller",
    "Hi April,\n\n" + BASE,
    "Dear June Park,\n" + BASE,
    BASE + " Ping April if anything is unclear.",
    BASE + "\n\nThanks, March",
    BASE + "\n- April",
    "April - here's the brief: " + BASE,
    BASE + " cc: Mark, April",
    BASE + "\n\nSent by June on behalf of the team.",
    BASE + "\n\nxx\nApril",
]


@pytest.mark.parametrize("text", PERSON_MONTHS)
def test_a_person_named_for_a_month_is_no_date(text: str) -> None:
    brief = read_brief(text)
    assert (brief.flight_start, brief.flight_end) == (date(2027, 4, 5), date(2027, 6, 27))


@pytest.mark.parametrize(("text", "start", "end"), [
    ("$200k on CTV, US adults 25-54, from April to June 2027.",
     date(2027, 4, 1), date(2027, 6, 30)),
    ("$200k on CTV, US adults 25-54.\nFlight:\nMay 2027", date(2027, 5, 1), date(2027, 5, 31)),
    ("$200k on CTV, US adults 25-54. Thanks! Flight April 5 - June 27, 2027",
     date(2027, 4, 5), date(2027, 6, 27)),
    ("$200k on CTV, US adults 25-54.\nApril - June 2027", date(2027, 4, 1), date(2027, 6, 30)),
    ("$200k on CTV, US adults 25-54.\nMay, June and July 2027",
     date(2027, 5, 1), date(2027, 7, 31)),
])
def test_a_month_beside_a_name_word_stays_a_date(text: str, start: date, end: date) -> None:
    brief = read_brief(text)
    assert (brief.flight_start, brief.flight_end) == (start, end)


SPLIT_BASE = "$200k on CTV and display, 60/40, April 5 - June 27, 2027, US adults 25-54. "


def _split(brief: CampaignBrief) -> dict[str, float]:
    return {c.value: float(p) for c, p in brief.channel_split.items()}


@pytest.mark.parametrize("phrase", [
    "Aim for a VCR of 85% on CTV.",
    "85%+ completion rate on CTV, CTR of 0.3% on display.",
    "Viewability above 70% on display.",
    "ROAS 400% on display.",
    "Objective: awareness (reach 60% of A25-54 at 3+ frequency)",
])
def test_a_kpi_target_in_percent_is_no_channel_share(phrase: str) -> None:
    brief = read_brief(SPLIT_BASE + phrase)
    assert _split(brief) == {"ctv": 60, "display": 40}
    assert brief.kpis, phrase


KIDS_BASE = "$200k on CTV and display, April 5 - June 27, 2027, US. "


@pytest.mark.parametrize("phrase", [
    "Under-13s, so COPPA-compliant inventory only.",
    "Audience: under-13s.",
    "Audience: U12s and their friends.",
    "Child-directed inventory, COPPA applies.",
    "Aimed at the under-10s; COPPA-compliant sites only.",
    "Audience: under-13s. No kids' content.",
    "Empty nesters, no children at home.",  # read as children and as no children
])
def test_children_named_but_not_read_as_the_audience_stop_the_brief(phrase: str) -> None:
    result = extract_brief(KIDS_BASE + phrase, reference_date=TODAY)
    assert not isinstance(result, CampaignBrief), phrase
    assert any(i.field == "audience" for i in result.issues), result.describe()


@pytest.mark.parametrize(("phrase", "kids"), [
    ("Audience: kids aged 6 to 11 (COPPA applies).", True),
    ("A toy brand, kids audience, COPPA applies.", True),
    ("Made for kids content only.", True),
    ("Adults 25-54, COPPA-safe: no child-directed sites.", False),
    ("Moms with toddlers.", False),
    ("Women 25-44 with kids under 5.", False),
    ("Audience: couples, no kids.", False),
    # the children of a parents' audience described by a list or their ages in brackets
    ("Young dads with babies and toddlers.", False),
    ("Parents of toddlers (1-3 yrs).", False),
    ("Moms of kids and teens.", False),
    ("Families with infants or toddlers (0-2 years).", False),
    ("Parents of children (ages 6-11).", False),
    ("Moms of little ones (0-5).", False),
    ("Dads of toddlers, preschoolers, and kids under 10.", False),
    ("Parents with kids aged 6-11 and teens.", False),
])
def test_children_and_parents_are_told_apart(phrase: str, kids: bool) -> None:
    assert read_brief(KIDS_BASE + phrase).audience.is_kids is kids, phrase


@pytest.mark.parametrize("phrase", [
    "3x weekly freq cap.",
    "Freq cap: 5x/week/HH",
    "freq cap 4/wk",
    "Frequency capped at 3 per user per day.",
    "No more than 3 exposures per user per week.",
    "F-cap 2/day.",
    "Cap frequency at 4 per household per week.",
])
def test_a_frequency_cap_is_noted_and_is_no_money_or_share(phrase: str) -> None:
    brief = read_brief(SPLIT_BASE + phrase)
    assert brief.budget_micros == 200_000 * 1_000_000
    assert _split(brief) == {"ctv": 60, "display": 40}
    assert any(a.startswith("frequency cap") for a in brief.assumptions), brief.assumptions


@pytest.mark.parametrize("phrase", [
    "New moms 22-38. No placements in kids' content (COPPA).",
    "Adults 25-54. Exclude any kids' content sites.",
    "Women 25-44; avoid child-directed apps.",
    "Adults 18+, nothing next to children's programming.",
    "Parents 30-45, keep away from made-for-kids channels.",
])
def test_keeping_off_childrens_content_is_noted_and_the_audience_stays_adult(phrase: str) -> None:
    brief = read_brief(KIDS_BASE + phrase)
    assert not brief.audience.is_kids
    assert any("content exclusion" in a for a in brief.assumptions), brief.assumptions


@pytest.mark.parametrize(("phrase", "goal"), [
    ("Goal: 10,000 installs.", "performance"),
    ("We need 5,000 leads.", "performance"),
    ("Target 1.5M completed views.", "consideration"),
    ("Aim: 12k store visits", "performance"),
    ("KPI: 250 test drives.", "performance"),
])
def test_an_outcome_count_is_a_target_not_a_budget(phrase: str, goal: str) -> None:
    brief = read_brief(SPLIT_BASE + phrase)
    assert brief.budget_micros == 200_000 * 1_000_000
    assert brief.goal.value == goal
    assert any("outcome target" in a for a in brief.assumptions), brief.assumptions


def test_childrens_content_is_no_household_without_children() -> None:
    brief = read_brief(KIDS_BASE + "Adults 25-54; no kids' content.")
    assert brief.audience.household == []
    assert (brief.audience.age_min, brief.audience.age_max) == (25, 54)
