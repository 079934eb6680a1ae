"""Reallocation: decide where budget should move, and what to ask sellers.

Pure and deterministic: the engine's pacing policy (:func:`plan_reallocation`).

- **Donors** are deals that will not spend their budget: stalled, behind
  plan, or delivering too slowly to catch up. Each can give its projected
  shortfall: its budget minus what it will have spent by flight end at its
  recent daily rate. A deal whose seller refused a budget cut gives nothing.
- **Receivers** are deals with room, and only those. A receiver is measured,
  not stalled, keeps up with its own plan, is *not over-delivering* (money
  never moves into a deal that spends faster than planned), and its seller
  has not refused a request for more delivery or budget in this run. Its
  room is what it could spend by flight end at ``1 + receiver_headroom``
  times the faster of its recent rate and the rate its remaining budget
  needs, minus that remaining budget. The seller has the last word: a budget
  increase it refuses (no avails) blocks it from receiving again, and a
  receiver that then falls behind becomes a donor at the next cycle.
- Unallocated campaign budget goes to receivers first, then budget moves
  within a channel, then across channels. Every move respects per-seller and
  per-channel limits, never cuts a deal below what it has spent, and
  conserves the total, so allocations never sum above the campaign budget.
- A donor is asked once to deliver more (a stalled seller may resume); an
  over-delivering deal is asked once to throttle.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ad_buyer.models.money import from_micros
from ad_buyer.pacing.detection import deal_subject
from ad_buyer.pacing.forecast import DeliveryForecast, forecast_delivery
from ad_buyer.pacing.models import DealKey, PacedDeal, PacingPlan
from ad_buyer.pacing.policy import Action, ActionKind, CycleView
from ad_buyer.pacing.state import (
    Allocation,
    Measurement,
    curve_fraction,
    days_left,
    expected_spend,
    progress,
    projected_final_spend,
)

__all__ = ["CENT_MICROS", "Action", "ActionKind", "apply_moves", "plan_reallocation"]

CENT_MICROS = 10_000
# After this many refused budget increases, a deal receives no more budget in the run
# (each refusal halves what it is offered next: a search for the seller's avails).
MAX_REFUSED_RAISES = 4
# A deal behind plan is a donor when even its forecast rate plus this many spreads
# leaves a minimum move of its budget unspent (thin evidence does not condemn a deal).
UNDER_SPREADS = 0.5


@dataclass
class _DealView:
    deal: PacedDeal
    allocation: Allocation
    spend: int
    ratio: float | None
    rate: float | None  # forecast micros a day (None: no time since its budget changed)
    needed_rate: float  # micros a day its remaining budget needs
    projected: int  # spend at flight end at the recent rate (capped at its budget)
    stalled: bool
    forecast: DeliveryForecast | None = None
    room: int = 0  # freeable (donor) or absorbable (receiver) micros, consumed by moves

    @property
    def remaining(self) -> int:
        return max(0, self.allocation.budget_micros - self.spend)

    def state(self) -> str:
        if self.stalled:
            return "stalled"
        ratio = f"ratio {self.ratio:.2f}" if self.ratio is not None else "no ratio yet"
        if self.rate is None:
            return ratio
        spread = f" ± {_money(round(self.forecast.spread))}" if self.forecast else ""
        return (f"{ratio}, spending {_money(round(self.rate))}{spread}/day where "
                f"{_money(round(self.needed_rate))}/day is needed")


@dataclass
class _Totals:
    channel: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seller: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _money(micros: int) -> str:
    return f"{from_micros(micros):,.2f}"


def _views(view: CycleView) -> list[_DealView]:
    plan, th = view.plan, view.plan.thresholds
    result = []
    for deal in plan.deals:
        allocation = view.allocations[deal.key]
        fraction = curve_fraction(plan, deal, view.at)
        left = days_left(deal, view.at)
        if (progress(allocation, fraction) < th.min_expected_fraction or fraction >= 1.0
                or left <= 0 or deal.key in view.unmeasured):
            continue  # too early to judge, flight over, or no trustworthy report
        spend = view.spend(deal.key)
        expected = expected_spend(allocation, fraction)
        stalled = deal.key in view.stalled or _stopped(view.history.get(deal.key, ()))
        forecast = None if stalled else forecast_delivery(
            view.history.get(deal.key, ()), deal, since=allocation.rebased_at)
        rate = 0.0 if stalled else (forecast.rate if forecast is not None else None)
        remaining = max(0, allocation.budget_micros - spend)
        if rate is None:
            projected = min(allocation.budget_micros,
                            projected_final_spend(allocation, fraction, spend))
        else:
            projected = min(allocation.budget_micros, spend + round(rate * left))
        result.append(_DealView(deal, allocation, spend,
                                spend / expected if expected else None, rate,
                                remaining / left, projected, stalled, forecast))
    return result


def _stopped(history: Sequence[Measurement]) -> bool:
    """Nothing delivered over the last day or more, after delivering before: a deal
    that stops is treated as stalled at once (every day waiting is a day lost to the
    deals that could spend its money), not after the detector's stall window."""
    if len(history) < 3:
        return False
    last, before = history[-1], history[-2]
    return (last.impressions == before.impressions > 0
            and last.as_of - before.as_of >= timedelta(days=1))


def min_move_micros(plan: PacingPlan) -> int:
    """The smallest budget move worth a change request."""
    return max(CENT_MICROS, round(plan.budget_micros * plan.thresholds.min_move_fraction))


def _is_under(v: _DealView, plan: PacingPlan) -> bool:
    """Stalled, behind plan past the threshold, or behind and forecast (hopefully:
    ``UNDER_SPREADS`` above its estimated rate) to leave a minimum move unspent."""
    th = plan.thresholds
    if v.stalled or (v.ratio is not None and v.ratio <= th.under_warning):
        return True
    if v.ratio is None or v.ratio >= 1.0 or v.forecast is None or v.needed_rate <= 0:
        return False
    left = v.remaining / v.needed_rate
    hopeful = v.forecast.final_spend(v.spend, left, UNDER_SPREADS)
    return v.allocation.budget_micros - hopeful >= min_move_micros(plan)


def _is_over(v: _DealView, plan: PacingPlan) -> bool:
    """Ahead of plan past the threshold, or ahead and still speeding away from it.

    Money never moves into a deal in this state (seed 003's rule of feeding
    over-delivering deals would only make them over-deliver more).
    """
    th = plan.thresholds
    if v.ratio is not None and v.ratio >= th.over_warning:
        return True
    ahead = v.ratio is not None and v.ratio > 1.0
    return ahead and v.rate is not None and v.rate >= th.over_warning * v.needed_rate


def _stall_began(view: CycleView, key: DealKey) -> datetime | None:
    """When the deal's impressions stopped moving (its first report at today's count)."""
    history = view.history.get(key, ())
    if not history:
        return None
    latest = history[-1].impressions
    return next(m.as_of for m in history if m.impressions == latest)


def _awaiting_increase(view: CycleView, v: _DealView) -> bool:
    """An increase request is pending, or was approved too recently to show in delivery."""
    for request in view.sent(v.deal.key, ActionKind.INCREASE.value):
        if request.status == "pending":
            return True
        if request.status == "applied" and view.at - request.at < view.plan.thresholds.stall_window:
            return True
    return False


def _throttle_asked(view: CycleView, v: _DealView) -> bool:
    """Over-delivery is first read as the seller's pacing fault and the deal asked to
    throttle; once that was asked, what the deal still delivers is inventory it has."""
    return view.last_asked(v.deal.key, ActionKind.THROTTLE) is not None


def _should_ask_increase(view: CycleView, v: _DealView) -> bool:
    if (v.deal.key, ActionKind.INCREASE) in view.declined:
        return False  # a person said no: its budget moves instead
    last = view.last_asked(v.deal.key, ActionKind.INCREASE)
    if last is None:
        return True
    began = _stall_began(view, v.deal.key) if v.stalled else None
    return began is not None and last < began  # a new stall since we last asked


def _pending_budget(view: CycleView, key: DealKey) -> bool:
    return any(r.status == "pending" for r in view.sent(key, "budget"))


def plan_reallocation(view: CycleView) -> list[Action]:
    """Moves and seller requests for this cycle, in the order they should run."""
    plan, th = view.plan, view.plan.thresholds
    views = _views(view)
    totals = _Totals()
    for deal in plan.deals:
        budget = view.allocations[deal.key].budget_micros
        totals.channel[deal.channel] += budget
        totals.seller[deal.seller_url] += budget

    min_move = min_move_micros(plan)
    under = [v for v in views if _is_under(v, plan)]
    # A slow deal is first asked to deliver more; its budget moves once the seller says
    # no, or when it is still behind after saying yes. A stalled deal's budget moves at
    # once: it is asked to resume, but every day stalled is a day lost to the receivers.
    asking = [v for v in under if _should_ask_increase(view, v)
              and v.allocation.budget_micros - v.projected >= min_move]
    donors = [v for v in under if (v.stalled or v not in asking)
              and not view.cut_refused(v.deal.key)
              and not _pending_budget(view, v.deal.key) and not _awaiting_increase(view, v)]
    receivers = [v for v in views if v not in under
                 and not view.refused(v.deal.key, ActionKind.INCREASE)
                 and not _pending_budget(view, v.deal.key)]
    for v in donors:
        # Keep a day of delivery (at least a cent) above what is projected: the seller
        # delivers between our report and its answer, and refuses a cut below that.
        cushion = max(CENT_MICROS, round(v.rate or 0.0), v.allocation.budget_micros // 100)
        v.room = max(0, v.allocation.budget_micros - max(v.spend, v.projected) - cushion)
    for v in receivers:
        # Room from what the deal has shown it delivers since its budget last changed;
        # none until it has shown it (a raise must be delivered before the next one).
        left = days_left(v.deal, view.at)
        # An over-delivering deal asked to throttle has shown inventory up to its rate,
        # no more: it takes what that rate would spend, after the on-pace deals.
        headroom = 0.0 if _is_over(v, plan) else th.receiver_headroom
        capable = (v.rate or 0.0) * (1.0 + headroom)
        v.room = max(0, round(capable * left) - v.remaining)
        refused = [r.amount_micros for r in view.sent(v.deal.key, "budget")
                   if r.status == "rejected" and r.amount_micros > 0]
        if len(refused) >= MAX_REFUSED_RAISES:
            v.room = 0
        elif refused:  # the seller said no to that much: ask for at most half
            v.room = min(v.room, min(refused) // 2)
    donors.sort(key=lambda v: (-v.room, v.deal.key))
    receivers.sort(key=lambda v: (-v.room, v.deal.key))
    tiers = ([v for v in receivers if not _is_over(v, plan)],
             [v for v in receivers if _is_over(v, plan) and _throttle_asked(view, v)])

    pool = plan.budget_micros - sum(a.budget_micros for a in view.allocations.values())
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

    def receiver_text(receiver: _DealView) -> str:
        return (f"{deal_subject(receiver.deal.key)} (on pace: {receiver.state()}; room for "
                f"about {_money(receiver.room)} more by flight end)")

    def share(amount: int, receiver: _DealView, eligible: list[_DealView]) -> int:
        """The receiver's part of ``amount``, in proportion to its room (spreads risk)."""
        total = sum(v.room for v in eligible)
        if total <= amount:
            return amount
        return -(-amount * receiver.room // total)

    for tier in tiers:
        eligible = [r for r in tier if r.room > 0]
        start_pool = pool
        for receiver in eligible:
            amount = min(pool, pool_limit(receiver), share(start_pool, receiver, eligible))
            amount -= amount % CENT_MICROS
            if amount >= min_move:
                pool -= amount
                text = receiver_text(receiver)
                record(amount, receiver, None,
                       f"{_money(amount)} of unallocated campaign budget to {text}")

    for tier in tiers:
        for same_channel in (True, False):
            for donor in donors:
                eligible = [r for r in tier if r.room > 0
                            and (donor.deal.channel == r.deal.channel) == same_channel]
                offered = donor.room
                for receiver in eligible:
                    amount = min(move_limit(receiver, donor),
                                 share(offered, receiver, eligible))
                    amount -= amount % CENT_MICROS
                    if amount < min_move:
                        continue
                    scope = "within channel" if same_channel else "across channels"
                    text = receiver_text(receiver)
                    record(amount, receiver, donor,
                           f"move {_money(amount)} {scope} from "
                           f"{deal_subject(donor.deal.key)} ({donor.state()}; projected "
                           f"{_money(donor.projected)} of "
                           f"{_money(donor.allocation.budget_micros)}) to {text}")

    for v in views:
        raised = any(a.kind is ActionKind.MOVE and a.target == v.deal.key for a in actions)
        if (_is_over(v, plan) and v not in under and not raised
                and view.last_asked(v.deal.key, ActionKind.THROTTLE) is None
                and (v.deal.key, ActionKind.THROTTLE) not in view.declined):
            actions.append(Action(
                ActionKind.THROTTLE, v.deal.key,
                f"throttle {deal_subject(v.deal.key)}: over-delivering ({v.state()})"))
    for v in asking:
        actions.append(Action(
            ActionKind.INCREASE, v.deal.key,
            f"ask {deal_subject(v.deal.key)} to deliver more: {v.state()}; about "
            f"{_money(v.allocation.budget_micros - v.projected)} of its budget would "
            "go unspent"))
    return actions


def apply_moves(allocations: Mapping[DealKey, Allocation], actions: list[Action],
                spend: Mapping[DealKey, int], fractions: Mapping[DealKey, float],
                at: datetime | None = None) -> dict[DealKey, Allocation]:
    """Allocations after every move (for tests and what-if views; the engine applies
    a move only when the sellers approve it)."""
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
                                          fractions[key], at)
    return result
