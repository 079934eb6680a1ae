from __future__ import annotations

from datetime import date

import pytest

from ad_buyer.intake.extract import extract_brief, require_brief
from ad_buyer.llm.gateway import OfflineChat
from ad_buyer.models.brief import (
    BriefGap,
    BriefIncompleteError,
    CampaignBrief,
    CampaignGoal,
    Channel,
    GapKind,
    Gender,
)
from ad_buyer.models.buyer_identity import DealType

from .conftest import GOOD_BRIEF, REFERENCE


def read(text: str, reference: date = REFERENCE) -> CampaignBrief:
    result = extract_brief(text, reference_date=reference)
    assert isinstance(result, CampaignBrief), result
    return result


def gap(text: str) -> BriefGap:
    result = extract_brief(text, reference_date=REFERENCE)
    assert isinstance(result, BriefGap), result
    return result


def test_full_brief_is_read_fact_by_fact() -> None:
    brief = read(GOOD_BRIEF)
    assert brief.name == "Summer Sips 2026"
    assert brief.budget_micros == 250_000 * 1_000_000
    assert brief.currency == "USD"
    assert (brief.flight_start, brief.flight_end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert brief.channels == [Channel.CTV, Channel.AUDIO]
    assert (brief.audience.age_min, brief.audience.age_max) == (25, 54)
    assert brief.countries == ["US"]
    assert brief.dmas == ["501", "602"]
    assert brief.goal is CampaignGoal.AWARENESS
    assert brief.kpis == ["vcr", "reach"]
    assert brief.max_cpm_micros == 35_000_000
    assert brief.deal_types == [DealType.PROGRAMMATIC_GUARANTEED, DealType.PREFERRED_DEAL]
    assert brief.excluded_sellers == ["Acme Media", "BadTV"]
    assert brief.notes == "no alcohol-adjacent placements"
    assert any("read as USD" in a for a in brief.assumptions)


def test_offline_chat_model_uses_the_rules() -> None:
    result = extract_brief(GOOD_BRIEF, OfflineChat(), reference_date=REFERENCE)
    assert isinstance(result, CampaignBrief)
    assert result.budget_micros == 250_000_000_000


@pytest.mark.parametrize(("text", "micros", "currency"), [
    ("$1.2M for CTV July 1 - Sept 30 2026", 1_200_000_000_000, "USD"),
    ("250,000 USD for CTV July 1 - Sept 30 2026", 250_000_000_000, "USD"),
    ("budget $75,500.50 for CTV July 1 - Sept 30 2026", 75_500_500_000, "USD"),
    ("€80k for display 2026-07-01 to 2026-07-31", 80_000_000_000, "EUR"),
    ("2 million dollars on linear TV 7/1/2026 - 9/30/2026", 2_000_000_000_000, "USD"),
])
def test_budget_formats(text: str, micros: int, currency: str) -> None:
    brief = read(text)
    assert (brief.budget_micros, brief.currency) == (micros, currency)


def test_cpm_cap_is_not_read_as_a_budget() -> None:
    brief = read("$500k on CTV in Q3 2026, max CPM $28.50")
    assert brief.budget_micros == 500_000_000_000
    assert brief.max_cpm_micros == 28_500_000


def test_quarter_without_year_is_resolved_from_reference_and_stated() -> None:
    brief = read("$100k CTV Q3", reference=date(2026, 5, 10))
    assert (brief.flight_start, brief.flight_end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert any("Q3 2026" in a and "2026-05-10" in a for a in brief.assumptions)
    later = read("$100k CTV Q1", reference=date(2026, 5, 10))
    assert later.flight_start == date(2027, 1, 1)


def test_quarter_with_explicit_year_needs_no_assumption() -> None:
    brief = read("$100k CTV Q4 2026")
    assert brief.flight_end == date(2026, 12, 31)
    assert not any("has no year" in a for a in brief.assumptions)


@pytest.mark.parametrize(("text", "channels"), [
    ("connected TV and mobile", [Channel.CTV, Channel.MOBILE_APP]),
    ("podcasts, DOOH and linear", [Channel.AUDIO, Channel.DOOH, Channel.LINEAR_TV]),
    ("online video and display banners", [Channel.ONLINE_VIDEO, Channel.DISPLAY]),
    ("retargeting", [Channel.PERFORMANCE]),
])
def test_channel_words(text: str, channels: list[Channel]) -> None:
    assert read(f"$50k {text} Q3 2026").channels == channels


def test_audience_gender_and_geo() -> None:
    brief = read("$50k CTV Q3 2026 women 18-34 in Canada, DMA 501, 803")
    assert brief.audience.gender is Gender.FEMALE
    assert brief.dmas == ["501", "803"]
    assert brief.countries[0] == "US"
    assert "CA" in brief.countries


@pytest.mark.parametrize(("text", "missing"), [
    ("CTV in Q3 2026 for adults 25-54", ["budget"]),
    ("$250k on CTV for adults 25-54", ["flight_dates"]),
    ("$250k July 1 - Sept 30 2026 adults 25-54", ["channels"]),
    ("please buy some media", ["budget", "flight_dates", "channels"]),
])
def test_each_missing_fact_is_listed(text: str, missing: list[str]) -> None:
    result = gap(text)
    assert [i.field for i in result.issues] == missing
    assert all(i.kind is GapKind.MISSING for i in result.issues)


def test_empty_brief_lists_all_required_facts() -> None:
    result = extract_brief("   ")
    assert isinstance(result, BriefGap)
    assert result.fields == ["budget", "flight_dates", "channels"]


@pytest.mark.parametrize(("text", "field", "needle"), [
    ("Budget $250k, or $300k, CTV Q3 2026", "budget", "$250k; $300k"),
    ("$250k CTV 2026-09-30 to 2026-07-01", "flight_dates", "not after its start"),
    ("$250k CTV Q3 2026, July 1 - Aug 31 2026", "flight_dates", "several flights"),
    ("$250k CTV Q3 2026, max $20 CPM, max $30 CPM", "max_cpm", "several CPM caps"),
    ("$250k CTV Q3 2026 paid as 250k EUR", "currency", "several currencies"),
])
def test_contradictions_are_listed_never_picked(text: str, field: str, needle: str) -> None:
    result = gap(text)
    issue = next(i for i in result.issues if i.field == field)
    assert issue.kind is GapKind.CONTRADICTORY
    assert needle in issue.message


def test_require_brief_stops_a_run_with_the_gap_list() -> None:
    with pytest.raises(BriefIncompleteError) as info:
        require_brief(extract_brief("CTV please", reference_date=REFERENCE))
    assert "budget (missing)" in str(info.value)
    assert "flight_dates (missing)" in str(info.value)
    assert isinstance(require_brief(extract_brief(GOOD_BRIEF, reference_date=REFERENCE)),
                      CampaignBrief)


def test_negated_channels_are_left_out_and_said_so() -> None:
    brief = read("$50k CTV and audio, no display, Q3 2026")
    assert brief.channels == [Channel.CTV, Channel.AUDIO]
    assert any("display left out" in a for a in brief.assumptions)


def test_channel_both_wanted_and_excluded_is_a_contradiction() -> None:
    result = gap("$50k display and CTV, but without display, Q3 2026")
    issue = next(i for i in result.issues if i.field == "channels")
    assert issue.kind is GapKind.CONTRADICTORY
    assert "display is both asked for and excluded" in issue.message


@pytest.mark.parametrize(
    ("text", "channels", "goal"),
    [
        ("$90k, July 1 - Sept 30 2026, performance and display, US, goal: performance",
         [Channel.PERFORMANCE, Channel.DISPLAY], CampaignGoal.PERFORMANCE),
        ("$90k, July 1 - Sept 30 2026, CTV and performance, US",
         [Channel.CTV, Channel.PERFORMANCE], CampaignGoal.PERFORMANCE),
        ("$90k, July 1 - Sept 30 2026, channels: performance, US",
         [Channel.PERFORMANCE], CampaignGoal.PERFORMANCE),
        # On its own, "performance" is the goal, not a channel.
        ("$90k, July 1 - Sept 30 2026, display. Goal: performance. US",
         [Channel.DISPLAY], CampaignGoal.PERFORMANCE),
        # "no ... performance" rules the channel out and states no goal: awareness, said so
        ("$90k, July 1 - Sept 30 2026, display, no audio or performance. US",
         [Channel.DISPLAY], CampaignGoal.AWARENESS),
    ],
)
def test_performance_is_a_channel_only_in_a_list_of_channels(
        text: str, channels: list[Channel], goal: CampaignGoal) -> None:
    brief = read(text)
    assert brief.channels == channels
    assert brief.goal is goal


def test_a_plain_answer_to_the_name_question_is_the_name() -> None:
    from ad_buyer.intake.extract import extract_brief as read

    brief = read("Hi team,\n$90k CTV, Q3 2027, US.\nThanks!",
                 reference_date=date(2026, 12, 1), answers={"name": "Spring Launch"})
    assert isinstance(brief, CampaignBrief), brief
    assert brief.name == "Spring Launch"
    unnamed = read("Hi team,\n$90k CTV, Q3 2027, US.\nThanks!", reference_date=date(2026, 12, 1))
    assert isinstance(unnamed, CampaignBrief)
    assert unnamed.name == "CTV Awareness July 2027"


def test_moms_with_young_kids_are_an_adult_audience() -> None:
    from ad_buyer.intake.extract import extract_brief as read

    brief = read("Moms 25-44 with kids under 5, $150k CTV, Q2 2027, US",
                 reference_date=date(2026, 12, 1))
    assert isinstance(brief, CampaignBrief), brief
    assert (brief.audience.age_min, brief.audience.age_max) == (25, 44)
    assert not brief.audience.is_kids
    assert [h.value for h in brief.audience.household] == ["with_children"]


@pytest.mark.parametrize(("text", "part", "kind"), [
    ("Can we do 200k on CTV for Q3 2027 in the Deep South?", "in the Deep South", "a place"),
    ("€120k display Q2 2027 in the Alpine region", "in the Alpine region", "a place"),
    ("$400k on CTV, Q3 2027, men 18-34, US, keep the eCPM sensible", "keep the eCPM sensible",
     "a CPM"),
])
def test_a_constraint_no_reader_took_stops_the_brief_naming_it(text: str, part: str,
                                                               kind: str) -> None:
    gap = extract_brief(text, reference_date=date(2026, 12, 1))
    assert isinstance(gap, BriefGap), gap
    assert any(i.field == "unread" and f"{part!r} was not understood and carries {kind}"
               in i.message for i in gap.issues), gap.describe()


def test_places_read_as_dmas_states_and_countries_each_said() -> None:
    brief = require_brief(extract_brief(
        "$175k CTV in Texas, the Carolinas, NYC and the Bay Area, Q3 2027",
        reference_date=date(2026, 12, 1)))
    assert brief.countries == ["US"]
    assert sorted(brief.regions) == ["US-NC", "US-SC", "US-TX"]
    assert brief.dmas == ["501", "807"]
    assert "'NYC' read as the New York DMA (501)" in brief.assumptions
    assert "'Bay Area' read as the San Francisco-Oakland-San Jose DMA (807)" in \
        brief.assumptions
