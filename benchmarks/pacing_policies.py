"""Baseline pacing policies for the benchmark.

Each is a :data:`ad_buyer.pacing.policy.Policy`: it sees the same
:class:`~ad_buyer.pacing.policy.CycleView` as the engine's own policy and may
use the same levers (budget moves, throttle and increase requests); the same
``ChangeExecutor`` sends what it decides.
"""

from __future__ import annotations

from collections import defaultdict

from ad_buyer.pacing.models import DealKey, PacedDeal
from ad_buyer.pacing.policy import Action, ActionKind, CycleView
from ad_buyer.pacing.state import curve_fraction, expected_spend, progress, projected_final_spend

CENT = 10_000


def no_pacing(view: CycleView) -> list[Action]:
    """Book the deals and never touch them."""
    return []


def _judged(view: CycleView) -> list[tuple[PacedDeal, float, int]]:
    """(deal, ratio, projected final spend) for deals measured and past the first hours.

    The projection is the deal's average pace since its budget last changed
    (a stalled deal: what it has spent).
    """
    th = view.plan.thresholds
    out = []
    for deal in view.plan.deals:
        allocation = view.allocations[deal.key]
        fraction = curve_fraction(view.plan, deal, view.at)
        if (deal.key in view.unmeasured or fraction >= 1.0
                or progress(allocation, fraction) < th.min_expected_fraction):
            continue
        spend = view.spend(deal.key)
        expected = expected_spend(allocation, fraction)
        if not expected:
            continue
        projected = (spend if deal.key in view.stalled
                     else projected_final_spend(allocation, fraction, spend))
        out.append((deal, spend / expected, projected))
    return out


def _requests(view: CycleView, under: list[DealKey], over: list[DealKey]) -> list[Action]:
    """Each deal is asked once to throttle, or once to deliver more."""
    actions = []
    for key in over:
        if view.last_asked(key, ActionKind.THROTTLE) is None:
            actions.append(Action(ActionKind.THROTTLE, key, "over-delivering"))
    for key in under:
        if view.last_asked(key, ActionKind.INCREASE) is None:
            actions.append(Action(ActionKind.INCREASE, key, "under-delivering"))
    return actions


def _may_receive(view: CycleView, key: DealKey) -> bool:
    """Not after its seller refused a raise for it (the baselines do not retry)."""
    return view.smallest_refused_raise(key) is None


def naive_proportional(view: CycleView) -> list[Action]:
    """Cut every under-delivering deal's projected shortfall and spread it over every
    other deal in proportion to its budget; ask under-deliverers for more delivery
    and over-deliverers to throttle (each once)."""
    th = view.plan.thresholds
    min_move = max(CENT, round(view.plan.budget_micros * th.min_move_fraction))
    judged = _judged(view)
    under = [(d, p) for d, r, p in judged
             if d.key in view.stalled or r <= th.under_warning]
    under_keys = {d.key for d, _ in under}
    others = [d for d, _, _ in judged if d.key not in under_keys and _may_receive(view, d.key)]
    over = [d.key for d, r, _ in judged if r >= th.over_warning]
    actions: list[Action] = []
    weight = sum(view.allocations[d.key].budget_micros for d in others)
    if weight:
        freeable = [(d.key, view.allocations[d.key].budget_micros - max(p, view.spend(d.key)))
                    for d, p in under if not view.cut_refused(d.key)]
        pool = view.plan.budget_micros - sum(a.budget_micros for a in view.allocations.values())
        for source, amount in [(None, pool), *freeable]:
            for receiver in others:
                share = amount * view.allocations[receiver.key].budget_micros // weight
                share -= share % CENT
                if share >= min_move:
                    actions.append(Action(ActionKind.MOVE, receiver.key, "proportional", share,
                                          source))
    return actions + _requests(view, sorted(under_keys), over)


def seed_rule(view: CycleView) -> list[Action]:
    """Seed 003 as written: shift budget from under-delivering deals to over-delivering
    ones within the same channel, across channels when a whole channel under-delivers;
    ask under-deliverers for more delivery and throttle over-deliverers no budget funds."""
    th = view.plan.thresholds
    min_move = max(CENT, round(view.plan.budget_micros * th.min_move_fraction))
    judged = _judged(view)
    give: dict[DealKey, int] = {}
    want: dict[DealKey, int] = {}
    channel_of = {d.key: d.channel for d, _, _ in judged}
    spend_by_channel: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for deal, ratio, projected in judged:
        budget = view.allocations[deal.key].budget_micros
        fraction = curve_fraction(view.plan, deal, view.at)
        totals = spend_by_channel[deal.channel]
        totals[0] += view.spend(deal.key)
        totals[1] += expected_spend(view.allocations[deal.key], fraction)
        if (deal.key in view.stalled or ratio <= th.under_warning) \
                and not view.cut_refused(deal.key):
            give[deal.key] = max(0, budget - max(projected, view.spend(deal.key)))
        elif ratio >= th.over_warning and _may_receive(view, deal.key):
            want[deal.key] = max(0, projected - budget)
    under_channels = {c for c, (spent, expected) in spend_by_channel.items()
                      if expected and spent / expected <= th.under_warning}
    actions: list[Action] = []
    funded: set[DealKey] = set()
    for same_channel in (True, False):
        for target in sorted(want, key=lambda k: -want[k]):
            for source in sorted(give, key=lambda k: -give[k]):
                same = channel_of[source] == channel_of[target]
                if same != same_channel or (not same and channel_of[source]
                                            not in under_channels):
                    continue
                amount = min(give[source], want[target])
                amount -= amount % CENT
                if amount < min_move:
                    continue
                give[source] -= amount
                want[target] -= amount
                funded.add(target)
                actions.append(Action(ActionKind.MOVE, target, "seed rule", amount, source))
    under = [d.key for d, r, _ in judged if d.key in view.stalled or r <= th.under_warning]
    over = [d.key for d, r, _ in judged if r >= th.over_warning and d.key not in funded]
    return actions + _requests(view, under, over)
