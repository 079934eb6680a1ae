"""Pacing benchmark: 100 simulated flights with shocks, three strategies.

    python benchmarks/pacing_benchmark.py [--flights 100] [--days 14] [--seed 7]

Delivery is the sandbox's own model (``ad_buyer.sandbox.delivery.simulate``:
profiles on-pace / under / over / stall, change requests as delivery events,
with the sandbox's throttle/increase factors), run in memory without HTTP so
100 flights finish in seconds. Each flight books 4-6 deals over 2-3 channels;
shocks: one seller stalls after 30% of the flight, one over-delivers, one
under-delivers, and some sellers refuse delivery increases.

Strategies:
  (a) none       no pacing at all;
  (b) naive      daily linear pacing that moves min(underspend, overspend, 30% of
                 budget) from the most under- to the most over-delivering channel
                 (budget moves only; no delivery requests, projections or limits);
  (c) engine     the pacing engine's decision core in automatic mode
                 (``plan_reallocation`` + stall detection, executed the way
                 ``ChangeExecutor`` does: cut the source, then raise the target;
                 sellers that refuse an increase are not asked again).

Metrics per flight: final pacing error |spend - budget| / budget, budget
delivered %, and the worst day's |cumulative spend - planned| / budget.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rich.console import Console
from rich.table import Table

from ad_buyer.models.money import cost_micros, impressions_for_budget
from ad_buyer.pacing.curves import expected_fraction, flight_fraction
from ad_buyer.pacing.detection import is_stalled
from ad_buyer.pacing.models import DealKey, PacedDeal, PacingPlan
from ad_buyer.pacing.reallocation import ActionKind, plan_reallocation
from ad_buyer.pacing.state import Allocation, Measurement, curve_fraction, initial_allocations
from ad_buyer.sandbox.config import DeliveryProfile
from ad_buyer.sandbox.delivery import DeliveryEvent, DeliveryPlan, day_start, simulate
from ad_buyer.sandbox.operations import INCREASE_PACE, THROTTLE_PACE

START = date(2027, 1, 4)
CHANNELS = ("ctv", "display", "online_video")


@dataclass
class SimDeal:
    deal: PacedDeal
    delivery: DeliveryPlan
    rejects_increase: bool

    def spend_at(self, at: datetime) -> tuple[int, int]:
        impressions = simulate(self.delivery, at).impressions
        return impressions, cost_micros(self.deal.cpm_micros, impressions)


@dataclass
class Flight:
    plan: PacingPlan
    deals: dict[DealKey, SimDeal]
    allocations: dict[DealKey, Allocation] = field(default_factory=dict)

    def set_budget(self, key: DealKey, budget: int, at: datetime) -> bool:
        """A budget change request, answered the way the sandbox answers it."""
        sim = self.deals[key]
        impressions = impressions_for_budget(sim.deal.cpm_micros, budget)
        delivered, spent = sim.spend_at(at)
        if impressions < delivered:
            return False
        sim.delivery.events.append(DeliveryEvent(at, "impressions", float(impressions)))
        fraction = curve_fraction(self.plan, sim.deal, at)
        self.allocations[key] = self.allocations[key].rebased(budget, spent, fraction)
        return True


def make_flight(rng: random.Random, days: int, index: int) -> Flight:
    channels = rng.sample(CHANNELS, k=rng.randint(2, 3))
    count = rng.randint(4, 6)
    profiles = [DeliveryProfile.ON_PACE] * count
    shocked = rng.sample(range(count), k=3)
    profiles[shocked[0]] = DeliveryProfile.STALL
    profiles[shocked[1]] = DeliveryProfile.OVER
    profiles[shocked[2]] = DeliveryProfile.UNDER
    end = START + timedelta(days=days - 1)
    deals, sims = [], {}
    for i in range(count):
        cpm = rng.randint(800, 4000) * 10_000
        impressions = rng.randint(200, 2000) * 1000
        deal = PacedDeal(seller_url=f"http://seller-{i}", deal_id=f"f{index}-d{i}",
                         channel=channels[i % len(channels)], impressions=impressions,
                         cpm_micros=cpm, flight_start=START, flight_end=end)
        deals.append(deal)
        delivery = DeliveryPlan(START, end, impressions, profiles[i],
                                jitter=rng.uniform(0.97, 1.03))
        sims[deal.key] = SimDeal(deal, delivery, rejects_increase=rng.random() < 0.2)
    budget = sum(d.budget_micros for d in deals)
    plan = PacingPlan(campaign_id=f"flight-{index}", budget_micros=budget, flight_start=START,
                      flight_end=end, deals=tuple(deals))
    flight = Flight(plan, sims)
    flight.allocations = initial_allocations(plan)
    return flight


Strategy = Callable[[Flight, datetime, dict[DealKey, list[Measurement]], dict[str, object]], None]


def no_pacing(flight: Flight, at: datetime, history: dict[DealKey, list[Measurement]],
              state: dict[str, object]) -> None:
    return None


def naive_linear(flight: Flight, at: datetime, history: dict[DealKey, list[Measurement]],
                 state: dict[str, object]) -> None:
    plan = flight.plan
    x = flight_fraction(plan.flight_start, plan.flight_end, at)
    if x >= 1.0:
        return
    by_channel: dict[str, list[DealKey]] = {}
    for deal in plan.deals:
        by_channel.setdefault(deal.channel, []).append(deal.key)
    deviation = {}
    for channel, keys in by_channel.items():
        budget = sum(flight.allocations[k].budget_micros for k in keys)
        spent = sum(history[k][-1].spend_micros for k in keys)
        deviation[channel] = spent - round(budget * x)
    under = min(deviation, key=lambda c: deviation[c])
    over = max(deviation, key=lambda c: deviation[c])
    amount = min(-deviation[under], deviation[over], plan.budget_micros * 3 // 10)
    if under == over or amount <= 0:
        return
    freed = 0
    for key in by_channel[under]:
        share = amount // len(by_channel[under])
        current = flight.allocations[key].budget_micros
        cut = min(share, current - history[key][-1].spend_micros)
        if cut > 0 and flight.set_budget(key, current - cut, at):
            freed += cut
    for key in by_channel[over]:
        share = freed // len(by_channel[over])
        flight.set_budget(key, flight.allocations[key].budget_micros + share, at)


def engine_auto(flight: Flight, at: datetime, history: dict[DealKey, list[Measurement]],
                state: dict[str, object]) -> None:
    plan = flight.plan
    blocked: set[str] = state.setdefault("blocked", set())  # type: ignore[assignment]
    asked: set[tuple[DealKey, ActionKind]] = state.setdefault("asked", set())  # type: ignore[assignment]
    latest = {k: ms[-1] for k, ms in history.items()}
    stalled = [d.key for d in plan.deals
               if latest[d.key].spend_micros < flight.allocations[d.key].budget_micros
               and is_stalled(history[d.key], at, plan.thresholds, curve_fraction(plan, d, at))]
    actions = plan_reallocation(plan, flight.allocations, latest, at, stalled=stalled,
                                blocked_sellers=blocked, already_asked=asked)
    for action in actions:
        sim = flight.deals[action.target]
        if action.kind is ActionKind.MOVE:
            if action.source is not None:
                source = flight.allocations[action.source].budget_micros
                if not flight.set_budget(action.source, source - action.amount_micros, at):
                    continue
            total = sum(a.budget_micros for a in flight.allocations.values())
            if total + action.amount_micros <= plan.budget_micros:
                flight.set_budget(action.target,
                                  flight.allocations[action.target].budget_micros
                                  + action.amount_micros, at)
            continue
        asked.add((action.target, action.kind))
        if action.kind is ActionKind.THROTTLE:
            sim.delivery.events.append(DeliveryEvent(at, "pace", THROTTLE_PACE))
        elif sim.rejects_increase:
            blocked.add(sim.deal.seller_url)
        else:
            sim.delivery.events.extend([DeliveryEvent(at, "unstall"),
                                        DeliveryEvent(at, "pace", INCREASE_PACE)])


def fly(flight: Flight, strategy: Strategy, days: int) -> tuple[float, float, float]:
    plan = flight.plan
    history: dict[DealKey, list[Measurement]] = {k: [] for k in flight.deals}
    state: dict[str, object] = {}
    worst = 0.0
    total = 0
    for n in range(1, days + 1):
        at = day_start(START + timedelta(days=n))
        total = 0
        for key, sim in flight.deals.items():
            impressions, spend = sim.spend_at(at)
            history[key].append(Measurement(key, at, impressions, spend))
            total += spend
        planned = plan.budget_micros * expected_fraction(
            plan.curve, flight_fraction(plan.flight_start, plan.flight_end, at))
        worst = max(worst, abs(total - planned) / plan.budget_micros)
        strategy(flight, at, history, state)
        assert sum(a.budget_micros for a in flight.allocations.values()) <= plan.budget_micros
    error = abs(total - plan.budget_micros) / plan.budget_micros
    return error, total / plan.budget_micros, worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flights", type=int, default=100)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    strategies: dict[str, Strategy] = {
        "(a) no pacing": no_pacing,
        "(b) naive linear, 30% cap": naive_linear,
        "(c) engine, automatic": engine_auto,
    }
    table = Table(title=f"Pacing over {args.flights} simulated {args.days}-day flights with shocks")
    for column in ("strategy", "pacing error mean", "pacing error p90", "delivered % mean",
                   "delivered % min", "worst-day dev. mean", "worst-day dev. p90", "seconds"):
        table.add_column(column, justify="left" if column == "strategy" else "right")
    for name, strategy in strategies.items():
        rng = random.Random(args.seed)  # same flights for every strategy
        started = time.perf_counter()
        results = [fly(make_flight(rng, args.days, i), strategy, args.days)
                   for i in range(args.flights)]
        elapsed = time.perf_counter() - started
        errors = sorted(r[0] for r in results)
        delivered = [r[1] for r in results]
        worst = sorted(r[2] for r in results)
        p90 = int(0.9 * (len(results) - 1))
        table.add_row(name, f"{statistics.mean(errors):.2%}", f"{errors[p90]:.2%}",
                      f"{statistics.mean(delivered):.2%}", f"{min(delivered):.2%}",
                      f"{statistics.mean(worst):.2%}", f"{worst[p90]:.2%}", f"{elapsed:.1f}")
    Console().print(table)


if __name__ == "__main__":
    main()
