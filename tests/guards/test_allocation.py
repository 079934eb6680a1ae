from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from ad_buyer.guards.allocation import (
    GOAL_WEIGHTS,
    AllocationAdjustment,
    AllocationError,
    AllocationGuardError,
    AllocationMove,
    AllocationProposal,
    ChannelAllocation,
    ChannelBounds,
    GuardLimits,
    adjust_allocation,
    propose_allocation,
    split_micros,
)
from ad_buyer.models.brief import CampaignBrief, CampaignGoal, Channel


def make(budget: int, channels: list[Channel], goal: CampaignGoal) -> CampaignBrief:
    return CampaignBrief(name="b", budget_micros=budget, flight_start=date(2026, 7, 1),
                         flight_end=date(2026, 9, 30), channels=channels, goal=goal)


@pytest.mark.parametrize("budget", [1, 7, 999_999, 250_000_000_001, 10**15 + 3])
@pytest.mark.parametrize("goal", list(CampaignGoal))
def test_split_sums_exactly_to_budget(budget: int, goal: CampaignGoal) -> None:
    proposal = propose_allocation(make(budget, list(Channel), goal))
    assert sum(a.amount_micros for a in proposal.allocations) == budget
    assert all(a.amount_micros >= 0 for a in proposal.allocations)


def test_weights_follow_the_goal() -> None:
    awareness = propose_allocation(make(600_000_000, [Channel.CTV, Channel.AUDIO],
                                        CampaignGoal.AWARENESS))
    assert awareness.as_dict() == {Channel.CTV: 400_000_000, Channel.AUDIO: 200_000_000}
    perf = propose_allocation(make(100_000_000, [Channel.CTV, Channel.PERFORMANCE],
                                   CampaignGoal.PERFORMANCE))
    assert perf.amount_for(Channel.PERFORMANCE) > perf.amount_for(Channel.CTV)
    assert "performance goal weights" in perf.rationale
    assert set(GOAL_WEIGHTS[CampaignGoal.AWARENESS]) == set(Channel)


def test_largest_remainder_is_deterministic() -> None:
    weights = {Channel.CTV: Decimal(1), Channel.AUDIO: Decimal(1), Channel.DOOH: Decimal(1)}
    assert split_micros(100, weights, unit=1) == {
        Channel.CTV: 34, Channel.AUDIO: 33, Channel.DOOH: 33}


def test_split_is_in_whole_cents_and_keeps_any_sub_cent_rest() -> None:
    weights = {Channel.CTV: Decimal(2), Channel.AUDIO: Decimal(1)}
    parts = split_micros(100_000_005, weights)  # $100.000005
    assert parts == {Channel.CTV: 66_670_005, Channel.AUDIO: 33_330_000}
    assert all(p % 10_000 == 0 for c, p in parts.items() if c is not Channel.CTV)
    assert sum(parts.values()) == 100_000_005


def test_bounds_cap_and_floor_channels() -> None:
    brief = make(1_000_000, [Channel.CTV, Channel.AUDIO, Channel.DISPLAY], CampaignGoal.AWARENESS)
    proposal = propose_allocation(brief, {Channel.CTV: ChannelBounds(max_pct=Decimal(40)),
                                          Channel.DISPLAY: ChannelBounds(min_pct=Decimal(30))})
    assert proposal.amount_for(Channel.CTV) == 400_000
    assert proposal.amount_for(Channel.DISPLAY) >= 300_000
    assert sum(proposal.as_dict().values()) == 1_000_000


def test_impossible_bounds_are_rejected() -> None:
    brief = make(1_000_000, [Channel.CTV, Channel.AUDIO], CampaignGoal.AWARENESS)
    with pytest.raises(AllocationError, match="cannot hold 100%"):
        propose_allocation(brief, {Channel.CTV: ChannelBounds(max_pct=Decimal(40)),
                                   Channel.AUDIO: ChannelBounds(max_pct=Decimal(40))})
    with pytest.raises(AllocationError, match="not in the brief"):
        propose_allocation(brief, {Channel.DOOH: ChannelBounds(max_pct=Decimal(10))})
    with pytest.raises(ValidationError, match="below min_pct"):
        ChannelBounds(min_pct=Decimal(50), max_pct=Decimal(10))


def test_proposal_must_sum_to_budget() -> None:
    with pytest.raises(ValidationError, match="sum to 5 micros"):
        AllocationProposal(budget_micros=10, rationale="r", allocations=[
            ChannelAllocation(channel=Channel.CTV, amount_micros=5)])


@pytest.fixture
def proposal() -> AllocationProposal:
    return propose_allocation(make(1_000_000_000, [Channel.CTV, Channel.AUDIO, Channel.DISPLAY],
                                   CampaignGoal.AWARENESS))


def test_adjustment_within_limits_moves_money_and_keeps_the_total(
        proposal: AllocationProposal) -> None:
    adj = AllocationAdjustment.by_percent(proposal.budget_micros,
                                          [(Channel.CTV, Channel.AUDIO, Decimal(5))],
                                          "podcast reach over-indexes for adults 25-54")
    adjusted = adjust_allocation(proposal, adj, GuardLimits(max_shift_pct=Decimal(10)))
    assert adjusted.amount_for(Channel.AUDIO) == proposal.amount_for(Channel.AUDIO) + 50_000_000
    assert adjusted.amount_for(Channel.CTV) == proposal.amount_for(Channel.CTV) - 50_000_000
    assert sum(adjusted.as_dict().values()) == proposal.budget_micros
    assert adjusted.source == "adjusted"
    assert "podcast reach" in adjusted.rationale


def test_adjustment_beyond_the_shift_limit_is_rejected(proposal: AllocationProposal) -> None:
    adj = AllocationAdjustment.by_percent(proposal.budget_micros,
                                          [(Channel.CTV, Channel.AUDIO, Decimal(15))],
                                          "move a lot of money to audio")
    with pytest.raises(AllocationGuardError) as info:
        adjust_allocation(proposal, adj, GuardLimits(max_shift_pct=Decimal(10)))
    assert ("ctv would move 150.00 from the approved 500.00, more than 10% of the budget "
            "(100.00)") in str(info.value)
    assert "audio would move" in str(info.value)


def test_adjustment_below_zero_or_minimum_is_rejected(proposal: AllocationProposal) -> None:
    display = proposal.amount_for(Channel.DISPLAY)
    adj = AllocationAdjustment(rationale="display underperforms here", moves=[AllocationMove(
        from_channel=Channel.DISPLAY, to_channel=Channel.CTV, amount_micros=display + 1)])
    with pytest.raises(AllocationGuardError, match="display would fall to"):
        adjust_allocation(proposal, adj, GuardLimits(max_shift_pct=Decimal(100)))
    small = AllocationAdjustment(rationale="display underperforms here", moves=[AllocationMove(
        from_channel=Channel.DISPLAY, to_channel=Channel.CTV, amount_micros=display - 10)])
    with pytest.raises(AllocationGuardError, match="below the minimum"):
        adjust_allocation(proposal, small, GuardLimits(max_shift_pct=Decimal(100),
                                                       min_channel_micros=1_000))


@pytest.mark.parametrize(("moves", "rationale", "needle"), [
    ([(Channel.CTV, Channel.AUDIO)], "", "rationale of at least 10 characters"),
    ([(Channel.CTV, Channel.DOOH)], "dooh is cheaper", "dooh is not in this allocation"),
    ([(Channel.CTV, Channel.CTV)], "shuffle ctv money", "to itself"),
])
def test_adjustment_needs_rationale_and_known_channels(
        proposal: AllocationProposal, moves: list[tuple[Channel, Channel]], rationale: str,
        needle: str) -> None:
    adj = AllocationAdjustment(rationale=rationale, moves=[
        AllocationMove(from_channel=a, to_channel=b, amount_micros=1) for a, b in moves])
    with pytest.raises(AllocationGuardError, match=needle):
        adjust_allocation(proposal, adj)


def with_split(budget: int, split: dict[Channel, str],
               channels: list[Channel] | None = None) -> CampaignBrief:
    brief = make(budget, channels or list(split), CampaignGoal.AWARENESS)
    return CampaignBrief.model_validate({**brief.model_dump(), "channel_split": split})


def test_a_stated_split_is_honoured_exactly_whatever_the_goal_weights() -> None:
    proposal = propose_allocation(with_split(100_000_000_000, {Channel.CTV: "60",
                                                              Channel.MOBILE_APP: "40"}))
    assert proposal.as_dict() == {Channel.CTV: 60_000_000_000,
                                  Channel.MOBILE_APP: 40_000_000_000}
    assert proposal.source == "stated split"
    even = propose_allocation(with_split(100_000_000, {Channel.CTV: "33.34",
                                                       Channel.AUDIO: "33.33",
                                                       Channel.DISPLAY: "33.33"}))
    assert even.as_dict() == {Channel.CTV: 33_340_000, Channel.AUDIO: 33_330_000,
                              Channel.DISPLAY: 33_330_000}


def test_only_the_planner_may_move_money_away_from_a_stated_split() -> None:
    proposal = propose_allocation(with_split(100_000_000, {Channel.CTV: "50",
                                                           Channel.AUDIO: "50"}))
    move = AllocationAdjustment(rationale="the model prefers audio here",
                                moves=[AllocationMove(from_channel=Channel.CTV,
                                                      to_channel=Channel.AUDIO,
                                                      amount_micros=5_000_000)])
    with pytest.raises(AllocationGuardError, match="only the planner may change it"):
        adjust_allocation(proposal, move)
    by_planner = adjust_allocation(proposal, move, by_planner=True)
    assert by_planner.amount_for(Channel.AUDIO) == 55_000_000


def test_a_split_must_cover_the_channels_and_sum_to_100() -> None:
    with pytest.raises(ValidationError, match="sums to 90%"):
        with_split(1_000_000, {Channel.CTV: "60", Channel.AUDIO: "30"})
    with pytest.raises(ValidationError, match="exactly the brief's channels"):
        with_split(1_000_000, {Channel.CTV: "100"}, [Channel.CTV, Channel.AUDIO])
    with pytest.raises(ValidationError, match="at most two decimals"):
        with_split(1_000_000, {Channel.CTV: "33.335", Channel.AUDIO: "66.665"})
    with pytest.raises(AllocationError, match="outside its bounds"):
        propose_allocation(with_split(1_000_000, {Channel.CTV: "90", Channel.AUDIO: "10"}),
                           {Channel.CTV: ChannelBounds(max_pct=Decimal(80))})


def test_moves_are_measured_from_the_approved_start_in_total() -> None:
    start = AllocationProposal(
        budget_micros=300_000_000, rationale="start", allocations=[
            ChannelAllocation(channel=Channel.CTV, amount_micros=200_010_000),
            ChannelAllocation(channel=Channel.DISPLAY, amount_micros=99_990_000)])
    step = AllocationAdjustment.by_percent(start.budget_micros,
                                           [(Channel.DISPLAY, Channel.CTV, Decimal(10))],
                                           "more ctv for reach")
    current = adjust_allocation(start, step)
    assert current.amount_for(Channel.CTV) == 230_010_000
    with pytest.raises(AllocationGuardError, match=r"ctv would move 60\.00 from the approved"):
        adjust_allocation(start, step, current=current)
    # Within the limit from the start, whatever the current split is: allowed.
    back = AllocationAdjustment.by_percent(start.budget_micros,
                                           [(Channel.CTV, Channel.DISPLAY, Decimal(15))],
                                           "back to display, a little further")
    assert adjust_allocation(start, back, current=current).amount_for(Channel.DISPLAY) == \
        99_990_000 + 45_000_000 - 30_000_000
