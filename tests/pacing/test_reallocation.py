from ad_buyer.pacing.reallocation import ActionKind, apply_moves, plan_reallocation
from ad_buyer.pacing.state import Allocation, curve_fraction, initial_allocations

from .helpers import A, B, C, Limits, day, deal, measured, plan

B10 = 10_000_000_000


def _latest(at, **spends):  # type: ignore[no-untyped-def]
    sellers = {"a1": A, "a2": A, "b1": B, "c1": C}
    return {(sellers[d], d): measured(sellers[d], d, at, s) for d, s in spends.items()}


def _total(allocations) -> int:  # type: ignore[no-untyped-def]
    return sum(a.budget_micros for a in allocations.values())


def test_moves_budget_within_channel_from_under_to_over() -> None:
    p = plan()
    at = day(5)
    latest = _latest(at, a1=2_000_000_000, b1=7_000_000_000, c1=5_000_000_000)
    actions = plan_reallocation(p, initial_allocations(p), latest, at)
    moves = [a for a in actions if a.kind is ActionKind.MOVE]
    assert len(moves) == 1
    move = moves[0]
    assert (move.source, move.target) == ((A, "a1"), (B, "b1"))
    # a1 projects 4B of 10B, b1 projects 14B: b1 wants 4B, a1 can free 6B.
    assert move.amount_micros == 4_000_000_000
    assert "within channel" in move.rationale
    assert any(a.kind is ActionKind.INCREASE and a.target == (A, "a1") for a in actions)


def test_moves_across_channels_when_channel_has_no_receiver() -> None:
    p = plan()
    at = day(5)
    latest = _latest(at, a1=2_000_000_000, b1=5_000_000_000, c1=7_000_000_000)
    moves = [a for a in plan_reallocation(p, initial_allocations(p), latest, at)
             if a.kind is ActionKind.MOVE]
    assert [(m.source, m.target) for m in moves] == [((A, "a1"), (C, "c1"))]
    assert "across channels" in moves[0].rationale


def test_channel_and_seller_limits_are_respected() -> None:
    at = day(5)
    latest = _latest(at, a1=2_000_000_000, b1=5_000_000_000, c1=7_000_000_000)
    capped = plan(channels={"display": {"max_micros": B10 + 1_000_000_000}})
    moves = [a for a in plan_reallocation(capped, initial_allocations(capped), latest, at)
             if a.kind is ActionKind.MOVE]
    assert sum(m.amount_micros for m in moves) == 1_000_000_000
    floor = plan(sellers={A: Limits(min_micros=9_500_000_000)})
    moves = [a for a in plan_reallocation(floor, initial_allocations(floor), latest, at)
             if a.kind is ActionKind.MOVE]
    assert sum(m.amount_micros for m in moves) == 500_000_000


def test_never_below_spent_and_never_above_campaign_budget() -> None:
    p = plan()
    at = day(8)
    latest = _latest(at, a1=2_000_000_000, b1=9_900_000_000, c1=10_000_000_000)
    allocations = initial_allocations(p)
    actions = plan_reallocation(p, allocations, latest, at, stalled=[(A, "a1")])
    spend = {k: m.spend_micros for k, m in latest.items()}
    fractions = {d.key: curve_fraction(p, d, at) for d in p.deals}
    after = apply_moves(allocations, actions, spend, fractions)
    assert _total(after) <= p.budget_micros
    assert after[(A, "a1")].budget_micros >= 2_000_000_000
    assert after[(A, "a1")].budget_micros < B10


def test_unallocated_budget_funds_receivers_first() -> None:
    p = plan(deal(A, "a1", "ctv"), deal(B, "b1", "ctv"), budget=2 * B10 + 3_000_000_000)
    at = day(5)
    latest = _latest(at, a1=5_000_000_000, b1=6_500_000_000)
    moves = [a for a in plan_reallocation(p, initial_allocations(p), latest, at)
             if a.kind is ActionKind.MOVE]
    assert moves[0].source is None
    assert moves[0].amount_micros == 3_000_000_000
    assert "unallocated" in moves[0].rationale


def test_blocked_seller_gets_no_budget_and_no_increase_request() -> None:
    p = plan()
    at = day(5)
    latest = _latest(at, a1=2_000_000_000, b1=7_000_000_000, c1=5_000_000_000)
    actions = plan_reallocation(p, initial_allocations(p), latest, at,
                                blocked_sellers={B, A})
    assert not [a for a in actions if a.kind is ActionKind.MOVE]
    assert not [a for a in actions if a.kind is ActionKind.INCREASE]


def test_unfunded_over_delivery_becomes_throttle_once() -> None:
    p = plan()
    at = day(5)
    latest = _latest(at, a1=5_000_000_000, b1=7_000_000_000, c1=5_000_000_000)
    actions = plan_reallocation(p, initial_allocations(p), latest, at)
    assert [(a.kind, a.target) for a in actions] == [(ActionKind.THROTTLE, (B, "b1"))]
    again = plan_reallocation(p, initial_allocations(p), latest, at,
                              already_asked={((B, "b1"), ActionKind.THROTTLE)})
    assert again == []


def test_on_pace_campaign_needs_nothing_and_is_deterministic() -> None:
    p = plan()
    at = day(5)
    latest = _latest(at, a1=5_000_000_000, b1=5_100_000_000, c1=4_900_000_000)
    assert plan_reallocation(p, initial_allocations(p), latest, at) == []
    skewed = _latest(at, a1=2_000_000_000, b1=7_000_000_000, c1=7_000_000_000)
    first = plan_reallocation(p, initial_allocations(p), skewed, at)
    assert first == plan_reallocation(p, initial_allocations(p), skewed, at)


def test_rebased_allocation_is_not_instantly_under_paced() -> None:
    p = plan()
    at = day(5)
    rebased = {**initial_allocations(p),
               (B, "b1"): Allocation(14_000_000_000, 7_000_000_000, 0.5)}
    latest = _latest(at, a1=5_000_000_000, b1=7_000_000_000, c1=5_000_000_000)
    assert plan_reallocation(p, rebased, latest, at) == []


def test_unmeasured_deals_neither_give_nor_receive() -> None:
    p = plan()
    at = day(5)
    latest = _latest(at, a1=2_000_000_000, b1=7_000_000_000, c1=5_000_000_000)
    actions = plan_reallocation(p, initial_allocations(p), latest, at, unmeasured={(A, "a1")})
    assert [(a.kind, a.target) for a in actions] == [(ActionKind.THROTTLE, (B, "b1"))]
