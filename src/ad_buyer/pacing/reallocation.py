"""Reallocation: decide where budget should move, and what to ask sellers.

Pure and deterministic. Budget flows from deals that will not spend theirs
(under-delivering or stalled) to deals that can absorb more (over-delivering),
first from unallocated campaign budget, then within a channel, then across
channels. Every move respects per-seller and per-channel limits, never cuts a
deal below what it has already spent, and conserves the total, so allocations
never sum above the campaign budget. What cannot be balanced by moving budget
becomes a delivery request (throttle or increase) to the seller.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from ad_buyer.models.money import from_micros
from ad_buyer.pacing.detection import deal_subject
from ad_buyer.pacing.models import DealKey, PacedDeal, PacingPlan
from ad_buyer.pacing.state import (
    Allocation,
    Measurement,
    curve_fraction,
    expected_spend,
    progress,
    projected_final_spend,
)

CENT_MICROS = 10_000


class ActionKind(StrEnum):
    MOVE = "move"
    THROTTLE = "throttle_delivery"
    INCREASE = "increase_delivery"


@dataclass(frozen=True)
class Action:
    """One decision. ``source`` None on a move means unallocated campaign budget."""

    kind: ActionKind
    target: DealKey
    rationale: str
    amount_micros: int = 0
    source: DealKey | None = None


@dataclass
class _DealView:
    deal: PacedDeal
    allocation: Allocation
    spend: int
    ratio: float | None
    projected: int
    stalled: bool
    room: int = 0  # freeable (donor) or wanted (receiver) micros, consumed by moves


@dataclass
class _Totals:
    channel: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seller: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _money(micros: int) -> str:
    return f"{from_micros(micros):,.2f}"


def _donor_state(donor: _DealView) -> str:
    return "stalled" if donor.stalled else f"under-delivering (ratio {donor.ratio or 0.0:.2f})"


def plan_reallocation(
    plan: PacingPlan,
    allocations: Mapping[DealKey, Allocation],
    latest: Mapping[DealKey, Measurement],
    at: datetime,
    *,
    stalled: Collection[DealKey] = (),
    blocked_sellers: Collection[str] = (),
    already_asked: Collection[tuple[DealKey, ActionKind]] = (),
    unmeasured: Collection[DealKey] = (),
) -> list[Action]:
    """Moves and seller requests for this cycle, in the order they should run.

    ``blocked_sellers`` refused an increase before: their deals receive no budget
    and are not asked to deliver more. ``already_asked`` holds delivery requests
    that are pending or were answered, so they are not repeated. ``unmeasured``
    deals had no trustworthy report this cycle: they neither give nor receive.
    """
    th = plan.thresholds
    views: list[_DealView] = []
    totals = _Totals()
    for deal in plan.deals:
        allocation = allocations[deal.key]
        totals.channel[deal.channel] += allocation.budget_micros
        totals.seller[deal.seller_url] += allocation.budget_micros
        fraction = curve_fraction(plan, deal, at)
        if (progress(allocation, fraction) < th.min_expected_fraction or fraction >= 1.0
                or deal.key in unmeasured):
            continue  # too early to judge, flight over, or no trustworthy report
        m = latest.get(deal.key)
        spend = m.spend_micros if m else 0
        expected = expected_spend(allocation, fraction)
        is_stalled = deal.key in stalled
        projected = spend if is_stalled else projected_final_spend(allocation, fraction, spend)
        views.append(_DealView(deal, allocation, spend,
                               spend / expected if expected else None, projected, is_stalled))

    donors = [v for v in views
              if v.stalled or (v.ratio is not None and v.ratio <= th.under_warning)]
    receivers = [v for v in views if not v.stalled and v.ratio is not None
                 and v.ratio >= th.over_warning and v.deal.seller_url not in blocked_sellers]
    for v in donors:
        v.room = max(0, v.allocation.budget_micros - max(v.spend, v.projected))
    for v in receivers:
        v.room = max(0, v.projected - v.allocation.budget_micros)
    donors.sort(key=lambda v: (-v.room, v.deal.key))
    receivers.sort(key=lambda v: (-v.room, v.deal.key))

    min_move = max(CENT_MICROS, round(plan.budget_micros * th.min_move_fraction))
    pool = plan.budget_micros - sum(a.budget_micros for a in allocations.values())
    actions: list[Action] = []

    def pool_limit(receiver: _DealView) -> int:
        d = receiver.deal
        return min(receiver.room,
                   plan.seller_limits(d.seller_url).room_above(totals.seller[d.seller_url]),
                   plan.channel_limits(d.channel).room_above(totals.channel[d.channel]))

    def move_limit(receiver: _DealView, donor: _DealView) -> int:
        r, d = receiver.deal, donor.deal
        amount = min(receiver.room, donor.room)
        if r.seller_url != d.seller_url:  # a seller's total only changes across sellers
            amount = min(amount,
                         plan.seller_limits(r.seller_url).room_above(totals.seller[r.seller_url]),
                         plan.seller_limits(d.seller_url).room_below(totals.seller[d.seller_url]))
        if r.channel != d.channel:
            amount = min(amount,
                         plan.channel_limits(r.channel).room_above(totals.channel[r.channel]),
                         plan.channel_limits(d.channel).room_below(totals.channel[d.channel]))
        return amount

    def record(amount: int, receiver: _DealView, donor: _DealView | None, why: str) -> None:
        r = receiver.deal
        receiver.room -= amount
        totals.channel[r.channel] += amount
        totals.seller[r.seller_url] += amount
        if donor is not None:
            donor.room -= amount
            totals.channel[donor.deal.channel] -= amount
            totals.seller[donor.deal.seller_url] -= amount
        actions.append(Action(ActionKind.MOVE, r.key, why, amount,
                              donor.deal.key if donor else None))

    for receiver in receivers:
        amount = min(pool, pool_limit(receiver))
        amount -= amount % CENT_MICROS
        if amount >= min_move:
            pool -= amount
            record(amount, receiver, None,
                   f"{_money(amount)} of unallocated campaign budget to "
                   f"{deal_subject(receiver.deal.key)}: over-delivering (ratio "
                   f"{receiver.ratio:.2f}), projected {_money(receiver.projected)} against "
                   f"budget {_money(receiver.allocation.budget_micros)}")

    for same_channel in (True, False):
        for receiver in receivers:
            for donor in donors:
                if (donor.deal.channel == receiver.deal.channel) != same_channel:
                    continue
                amount = move_limit(receiver, donor)
                amount -= amount % CENT_MICROS
                if amount < min_move:
                    continue
                scope = "within channel" if same_channel else "across channels"
                state = _donor_state(donor)
                record(amount, receiver, donor,
                       f"move {_money(amount)} {scope} from {deal_subject(donor.deal.key)} "
                       f"({state}, projected {_money(donor.projected)} of "
                       f"{_money(donor.allocation.budget_micros)}) to "
                       f"{deal_subject(receiver.deal.key)} (over-delivering, ratio "
                       f"{receiver.ratio:.2f}, projected {_money(receiver.projected)} of "
                       f"{_money(receiver.allocation.budget_micros)})")

    for receiver in receivers:
        if (receiver.room >= min_move
                and (receiver.deal.key, ActionKind.THROTTLE) not in already_asked):
            actions.append(Action(
                ActionKind.THROTTLE, receiver.deal.key,
                f"throttle {deal_subject(receiver.deal.key)}: projected "
                f"{_money(receiver.projected)} exceeds its budget "
                f"{_money(receiver.allocation.budget_micros)} and no budget can fund it"))
    for donor in donors:
        if (donor.room >= min_move and donor.deal.seller_url not in blocked_sellers
                and (donor.deal.key, ActionKind.INCREASE) not in already_asked):
            state = _donor_state(donor)
            actions.append(Action(
                ActionKind.INCREASE, donor.deal.key,
                f"ask {deal_subject(donor.deal.key)} to deliver more: {state}, "
                f"{_money(donor.room)} of its budget would go unspent"))
    return actions


def apply_moves(allocations: Mapping[DealKey, Allocation], actions: list[Action],
                spend: Mapping[DealKey, int], fractions: Mapping[DealKey, float]
                ) -> dict[DealKey, Allocation]:
    """Allocations after every move (used by simulators; the engine applies moves
    only when a seller approves them)."""
    result = dict(allocations)
    for action in actions:
        if action.kind is not ActionKind.MOVE:
            continue
        keys = [(action.target, action.amount_micros)]
        if action.source is not None:
            keys.append((action.source, -action.amount_micros))
        for key, delta in keys:
            current = result[key]
            result[key] = current.rebased(current.budget_micros + delta, spend.get(key, 0),
                                          fractions[key])
    return result
