from collections.abc import Mapping, Sequence
from datetime import datetime

from ad_buyer.pacing.models import DealKey, PacingPlan
from ad_buyer.pacing.policy import Action, ActionKind, CycleView, SentRequest
from ad_buyer.pacing.reallocation import apply_moves, plan_reallocation
from ad_buyer.pacing.state import Allocation, Measurement, curve_fraction, initial_allocations

from .helpers import A, B, C, Limits, day, deal, measured, plan

B10 = 10_000_000_000
SELLERS = {"a1": A, "a2": A, "b1": B, "c1": C}
# a1 was asked to deliver more the day before and its seller had no inventory.
A_CANNOT = SentRequest((A, "a1"), "increase_delivery", 0, day(4), "rejected")


def _history(at: datetime, **spends: int) -> dict[DealKey, list[Measurement]]:
    """One measurement per deal at ``at`` (its rate is then its average since day 0)."""
    return {(SELLERS[d], d): [measured(SELLERS[d], d, at, s)] for d, s in spends.items()}


def _view(p: PacingPlan, at: datetime, history: Mapping[DealKey, Sequence[Measurement]], *,
          allocations: Mapping[DealKey, Allocation] | None = None,
          stalled: Sequence[DealKey] = (), unmeasured: Sequence[DealKey] = (),
          requests: Sequence[SentRequest] = ()) -> CycleView:
    return CycleView(plan=p, at=at, allocations=allocations or initial_allocations(p),
                     history=history, stalled=frozenset(stalled),
                     unmeasured=frozenset(unmeasured), requests=tuple(requests))


def _moves(actions: list[Action]) -> list[Action]:
    return [a for a in actions if a.kind is ActionKind.MOVE]


def _kinds(actions: list[Action]) -> list[tuple[ActionKind, DealKey]]:
    return [(a.kind, a.target) for a in actions if a.kind is not ActionKind.MOVE]


def test_money_moves_to_the_deal_with_room_never_to_the_over_delivering_one() -> None:
    # Day 5 of 10: a1 spent 2 of 10 (under), b1 7 (over), c1 5 (on pace).
    p = plan()
    history = _history(day(5), a1=2 * 10**9, b1=7 * 10**9, c1=5 * 10**9)
    actions = plan_reallocation(_view(p, day(5), history, requests=[A_CANNOT]))
    moves = _moves(actions)
    assert [(m.source, m.target) for m in moves] == [((A, "a1"), (C, "c1"))]
    # c1 delivers 1B a day: with 50% headroom it can take 1.5B x 5 days - 5B left = 2.5B.
    assert moves[0].amount_micros == 2_500_000_000
    assert "across channels" in moves[0].rationale
    assert all(a.target != (B, "b1") for a in moves)
    assert _kinds(actions) == [(ActionKind.THROTTLE, (B, "b1"))]


def test_a_slow_deal_is_asked_to_deliver_more_before_its_budget_moves() -> None:
    p = plan()
    history = _history(day(5), a1=2 * 10**9, b1=7 * 10**9, c1=5 * 10**9)
    actions = plan_reallocation(_view(p, day(5), history))
    assert _moves(actions) == []
    assert set(_kinds(actions)) == {(ActionKind.THROTTLE, (B, "b1")),
                                    (ActionKind.INCREASE, (A, "a1"))}
    said_yes = SentRequest((A, "a1"), "increase_delivery", 0, day(4.5), "applied")
    assert _moves(plan_reallocation(_view(p, day(5), history, requests=[said_yes]))) == []
    # Two days after a yes, a deal still this far behind gives its shortfall away.
    long_ago = SentRequest((A, "a1"), "increase_delivery", 0, day(2.5), "applied")
    assert _moves(plan_reallocation(_view(p, day(5), history, requests=[long_ago])))


def test_over_delivering_deal_gets_nothing_even_when_it_is_the_only_one_left() -> None:
    p = plan(deal(A, "a1", "ctv"), deal(B, "b1", "ctv"), budget=2 * B10 + 3 * 10**9)
    actions = plan_reallocation(_view(p, day(5), _history(day(5), a1=2 * 10**9,
                                                             b1=7 * 10**9)))
    assert _moves(actions) == []  # neither a1's shortfall nor the unallocated 3B
    assert (ActionKind.THROTTLE, (B, "b1")) in _kinds(actions)


def test_within_channel_before_across_channels() -> None:
    p = plan(deal(A, "a1", "ctv"), deal(B, "b1", "ctv"), deal(C, "c1", "display"))
    history = _history(day(5), a1=2 * 10**9, b1=5 * 10**9, c1=5 * 10**9)
    moves = _moves(plan_reallocation(_view(p, day(5), history, requests=[A_CANNOT])))
    assert moves[0].target == (B, "b1")
    assert "within channel" in moves[0].rationale


def test_unallocated_budget_goes_only_to_deals_with_room() -> None:
    p = plan(deal(A, "a1", "ctv"), deal(B, "b1", "ctv"), budget=2 * B10 + 3 * 10**9)
    actions = plan_reallocation(_view(p, day(5), _history(day(5), a1=5 * 10**9,
                                                             b1=5 * 10**9)))
    moves = _moves(actions)
    assert {m.source for m in moves} == {None}
    assert sum(m.amount_micros for m in moves) == 3 * 10**9
    assert all("unallocated" in m.rationale for m in moves)
    # Each keeps pace with room for 2.5B: the 3B is spread over both, not piled on one.
    assert {m.target for m in moves} == {(A, "a1"), (B, "b1")}


def test_room_is_what_a_deal_has_shown_it_delivers() -> None:
    p = plan()
    # c1's budget was raised to 14B at day 5; nothing is measured since: it has not shown
    # it can deliver the raise yet, so it gets no more.
    raised = {**initial_allocations(p), (C, "c1"): Allocation(14 * 10**9, 5 * 10**9, 0.5, day(5))}
    c1 = [measured(C, "c1", day(5), 5 * 10**9)]
    history = {**_history(day(6), a1=2 * 10**9, b1=7_500_000_000), (C, "c1"): c1}
    assert _moves(plan_reallocation(_view(p, day(6), history, allocations=raised,
                                          requests=[A_CANNOT]))) == []
    # By day 7 it delivered 1.9B a day: room 1.5 x 1.9B x 3 days - 5.2B left = 3.35B.
    c1.append(measured(C, "c1", day(7), 8_800_000_000))
    history = {**_history(day(7), a1=2 * 10**9, b1=8_500_000_000), (C, "c1"): c1}
    moves = _moves(plan_reallocation(_view(p, day(7), history, allocations=raised,
                                           requests=[A_CANNOT])))
    assert [(m.source, m.target, m.amount_micros) for m in moves] == [
        ((A, "a1"), (C, "c1"), 3_350_000_000)]


def test_each_refused_raise_halves_the_ask_and_the_fourth_ends_it() -> None:
    p = plan()
    at = day(5)
    history = _history(at, a1=2 * 10**9, b1=7 * 10**9, c1=5 * 10**9)
    refusals = [A_CANNOT]
    for amount in (4_000_000_000, 2_000_000_000, 1_000_000_000):
        refusals.append(SentRequest((C, "c1"), "budget", amount, day(4), "rejected"))
        moves = _moves(plan_reallocation(_view(p, at, history, requests=refusals)))
        assert [m.amount_micros for m in moves] == [amount // 2]
    refusals.append(SentRequest((C, "c1"), "budget", 500_000_000, day(4.5), "rejected"))
    assert _moves(plan_reallocation(_view(p, at, history, requests=refusals))) == []


def test_a_deal_whose_seller_cannot_deliver_more_has_no_room() -> None:
    p = plan()
    history = _history(day(5), a1=2 * 10**9, b1=7 * 10**9, c1=5 * 10**9)
    no_inventory = SentRequest((C, "c1"), "increase_delivery", 0, day(3), "rejected")
    assert _moves(plan_reallocation(_view(p, day(5), history,
                                          requests=[A_CANNOT, no_inventory]))) == []


def test_a_seller_that_refused_a_cut_is_not_cut_again() -> None:
    p = plan()
    history = _history(day(5), a1=2 * 10**9, b1=7 * 10**9, c1=5 * 10**9)
    refused = SentRequest((A, "a1"), "budget", -3 * 10**9, day(4), "rejected")
    assert _moves(plan_reallocation(_view(p, day(5), history,
                                          requests=[A_CANNOT, refused]))) == []


def test_channel_and_seller_limits_are_respected() -> None:
    at = day(5)
    history = _history(at, a1=2 * 10**9, b1=7 * 10**9, c1=5 * 10**9)
    capped = plan(channels={"display": {"max_micros": B10 + 1_000_000_000}})
    moves = _moves(plan_reallocation(_view(capped, at, history, requests=[A_CANNOT])))
    assert sum(m.amount_micros for m in moves) == 1_000_000_000
    floor = plan(sellers={A: Limits(min_micros=9_500_000_000)})
    moves = _moves(plan_reallocation(_view(floor, at, history, requests=[A_CANNOT])))
    assert sum(m.amount_micros for m in moves) == 500_000_000


def test_never_below_spent_and_never_above_campaign_budget() -> None:
    p = plan(deal(A, "a1", "ctv"), deal(B, "b1", "ctv"), deal(C, "c1", "display"))
    at = day(8)
    history = _history(at, a1=2 * 10**9, b1=8 * 10**9, c1=8 * 10**9)
    allocations = initial_allocations(p)
    actions = plan_reallocation(_view(p, at, history, stalled=[(A, "a1")]))
    assert _moves(actions)
    spend = {k: ms[-1].spend_micros for k, ms in history.items()}
    fractions = {d.key: curve_fraction(p, d, at) for d in p.deals}
    after = apply_moves(allocations, actions, spend, fractions, at)
    assert sum(a.budget_micros for a in after.values()) == p.budget_micros
    # A cushion of 1% of its budget stays above what a1 has spent.
    assert after[(A, "a1")].budget_micros >= 2 * 10**9 + B10 // 100


def test_a_stalled_deal_is_asked_to_resume_again_after_a_new_stall() -> None:
    p = plan()
    at = day(7)
    a1 = [measured(A, "a1", day(n), n * 10**9) for n in (1, 2, 3)]
    a1 += [measured(A, "a1", day(n), 3 * 10**9) for n in (4, 5, 6, 7)]
    history = {**_history(at, b1=7 * 10**9, c1=7 * 10**9), (A, "a1"): a1}
    asked_before_stall = SentRequest((A, "a1"), "increase_delivery", 0, day(2), "applied")
    actions = plan_reallocation(_view(p, at, history, stalled=[(A, "a1")],
                                      requests=[asked_before_stall]))
    assert (ActionKind.INCREASE, (A, "a1")) in _kinds(actions)
    asked_since = SentRequest((A, "a1"), "increase_delivery", 0, day(5), "rejected")
    actions = plan_reallocation(_view(p, at, history, stalled=[(A, "a1")],
                                      requests=[asked_before_stall, asked_since]))
    assert (ActionKind.INCREASE, (A, "a1")) not in _kinds(actions)
    assert _moves(actions)  # its money moves once the seller said no


def test_a_deal_awaiting_an_answer_to_deliver_more_keeps_its_budget() -> None:
    p = plan()
    history = _history(day(5), a1=2 * 10**9, b1=5 * 10**9, c1=5 * 10**9)
    pending = SentRequest((A, "a1"), "increase_delivery", 0, day(4.5), "pending")
    actions = plan_reallocation(_view(p, day(5), history, requests=[pending]))
    assert _moves(actions) == []
    assert (ActionKind.INCREASE, (A, "a1")) not in _kinds(actions)


def test_catching_up_is_not_over_delivery_and_slowing_ahead_is_not_under() -> None:
    p = plan()
    at = day(6)
    # a1 is behind (5.6 of 6 planned by day 6) but delivers 1.3B a day, above the 1.1B it
    # needs: catching up, not over-delivering.
    a1 = [measured(A, "a1", day(4), 3 * 10**9), measured(A, "a1", at, 5_600_000_000)]
    # b1 is ahead (6.5 of 6) and slowed to 0.7B a day (needs 0.875B): not under-delivering.
    b1 = [measured(B, "b1", day(4), 5_100_000_000), measured(B, "b1", at, 6_500_000_000)]
    history = {(A, "a1"): a1, (B, "b1"): b1, **_history(at, c1=6 * 10**9)}
    assert plan_reallocation(_view(p, at, history)) == []


def test_on_pace_campaign_needs_nothing_and_decisions_repeat() -> None:
    p = plan()
    at = day(5)
    assert plan_reallocation(_view(p, at, _history(at, a1=5 * 10**9, b1=5_100_000_000,
                                                   c1=4_900_000_000))) == []
    skewed = _view(p, at, _history(at, a1=2 * 10**9, b1=7 * 10**9, c1=5 * 10**9),
                   requests=[A_CANNOT])
    assert plan_reallocation(skewed) == plan_reallocation(skewed)


def test_rebased_allocation_is_not_instantly_under_paced() -> None:
    p = plan()
    at = day(5)
    rebased = {**initial_allocations(p),
               (B, "b1"): Allocation(14 * 10**9, 7 * 10**9, 0.5, at)}
    history = _history(at, a1=5 * 10**9, b1=7 * 10**9, c1=5 * 10**9)
    assert plan_reallocation(_view(p, at, history, allocations=rebased)) == []


def test_unmeasured_deals_neither_give_nor_receive() -> None:
    p = plan()
    history = _history(day(5), a1=2 * 10**9, b1=7 * 10**9, c1=5 * 10**9)
    actions = plan_reallocation(_view(p, day(5), history, unmeasured=[(A, "a1")]))
    assert [(a.kind, a.target) for a in actions] == [(ActionKind.THROTTLE, (B, "b1"))]


def test_a_delivery_request_a_person_declined_is_not_proposed_again() -> None:
    p = plan()
    history = _history(day(5), a1=2 * 10**9, b1=7 * 10**9, c1=5 * 10**9)
    declined = frozenset({((A, "a1"), ActionKind.INCREASE), ((B, "b1"), ActionKind.THROTTLE)})
    view = CycleView(plan=p, at=day(5), allocations=initial_allocations(p), history=history,
                     declined=declined)
    actions = plan_reallocation(view)
    assert _kinds(actions) == []
    assert [(m.source, m.target) for m in _moves(actions)] == [((A, "a1"), (C, "c1"))]
