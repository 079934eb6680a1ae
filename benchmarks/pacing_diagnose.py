"""Where a pacing policy's error comes from, flight by flight (the world's truth).

    python benchmarks/pacing_diagnose.py [--policy engine] [--worst 15] [--seed 7]

After each flight, the budget left unspent is split by cause:

  unallocated     budget cut from deals and never given to another (the pool);
  locked          unspent budget of deals at sellers that accept no change (the
                  floor counts it too: no policy can move it);
  sold out        unspent budget of deals whose inventory ran out (a stall a
                  request cannot fix) and was not moved out in time;
  short capacity  unspent budget of deals with less daily inventory than their goal;
  stalled         unspent budget of fixable stalls (fixed late, or never asked);
  under-paced     unspent budget of deals whose seller paced below plan;
  other           the rest (moved late, throttled too hard, noise);

and beside it, ``spare``: inventory the deals at sellers that accept changes
had over the flight and did not deliver (where the money could have gone),
and the floor's error for the same flight.

``--policy capacity-oracle`` flies a policy no buyer could run, to measure how
far the floor is from what the levers allow: it reads the world's hidden state
(every deal's inventory for the rest of the flight, future sell-outs included,
and its seller's pacing setting) and, through the same engine and executor,
sets each deal's budget to what it has spent plus the inventory it has left,
asks under-paced sellers and fixable stalls to deliver more, and moves the
difference. It is a diagnostic, never a row of the benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
from dataclasses import replace

from ad_buyer.pacing.policy import Action, ActionKind, CycleView, Policy
from pacing_benchmark import POLICIES, flights, fly, p90
from pacing_world import SimDeal, SimSeller, World, WorldParams

CENT = 10_000
ORACLE = "capacity-oracle"

CAUSES = ("unallocated", "locked", "sold out", "short capacity", "stalled", "under-paced",
          "other")


def cause(seller: SimSeller, deal: SimDeal) -> str:
    if seller.rejects_changes:
        return "locked"
    if deal.stall_day is not None and not deal.stall_fixable:
        return "sold out"
    if deal.capacity_rate * deal.days < deal.goal:
        return "short capacity"
    if deal.stall_day is not None:
        return "stalled"
    if deal.pace < 1.0:
        return "under-paced"
    return "other"


def capacity_oracle(world: World) -> Policy:
    """A policy that reads the world's hidden state (see the module docstring)."""
    found = {(s.url, d.deal_id): (s, d) for s in world.sellers.values()
             for d in s.deals.values()}

    def policy(view: CycleView) -> list[Action]:
        today = world.days_simulated
        give: dict[tuple[str, str], int] = {}
        want: dict[tuple[str, str], int] = {}
        asks = []
        for paced in view.plan.deals:
            seller, deal = found[paced.key]
            if paced.key in view.unmeasured or today >= deal.days or seller.rejects_changes:
                continue
            fixable = deal.stalled_on(today) and not deal.sold_out(today)
            if fixable or (deal.pace < 1.0 and not deal.sold_out(today)
                           and view.last_asked(paced.key, ActionKind.INCREASE) is None):
                asks.append(Action(ActionKind.INCREASE, paced.key, "oracle: deliver more"))
            left = sum(deal.capacity_on(d) for d in range(today, deal.days))
            can = view.spend(paced.key) + int(left) * deal.cpm_micros // 1000
            budget = view.allocations[paced.key].budget_micros
            if budget - can > 2 * CENT:
                give[paced.key] = budget - can - 2 * CENT
            elif can - budget > CENT:
                want[paced.key] = can - budget
        pool = view.plan.budget_micros - sum(a.budget_micros for a in view.allocations.values())
        moves = []
        for target in sorted(want, key=lambda k: -want[k]):
            for source in (None, *give):
                have = pool if source is None else give[source]
                amount = min(have, want[target])
                amount -= amount % CENT
                if amount <= 0:
                    continue
                want[target] -= amount
                if source is None:
                    pool -= amount
                else:
                    give[source] -= amount
                moves.append(Action(ActionKind.MOVE, target, "oracle", amount, source))
        return moves + asks

    return policy


def breakdown(world: World, budget: int) -> tuple[dict[str, float], float]:
    unspent = dict.fromkeys(CAUSES, 0.0)
    goals = spare = 0
    for seller in world.sellers.values():
        for deal in seller.deals.values():
            goal_micros = deal.goal * deal.cpm_micros // 1000
            goals += goal_micros
            left = goal_micros - int(deal.delivered) * deal.cpm_micros // 1000
            unspent[cause(seller, deal)] += left / budget
            if not seller.rejects_changes:
                had = sum(deal.capacity_on(d) for d in range(deal.days)
                          if not deal.sold_out(d))
                spare += max(0.0, had - deal.delivered) * deal.cpm_micros / 1000
    unspent["unallocated"] = (budget - goals) / budget
    return unspent, spare / budget


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--flights", type=int, default=100)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--policy", default="engine", choices=[*POLICIES, ORACLE])
    parser.add_argument("--worst", type=int, default=15)
    parser.add_argument("--world", action="append", default=[], metavar="NAME=VALUE",
                        help="change one WorldParams field (what-if worlds, e.g. "
                             "fixable_stall_share=1.0)")
    args = parser.parse_args()
    params = replace(WorldParams(), **{k: float(v) for k, v in
                                       (item.split("=", 1) for item in args.world)})
    rows = []

    async def all_flights() -> None:
        for index, (plan, world) in enumerate(flights(args, params)):
            floor = max(0, plan.budget_micros - world.best_possible_spend(plan.budget_micros)
                        ) / plan.budget_micros
            policy = capacity_oracle(world) if args.policy == ORACLE else POLICIES[args.policy]
            result = await fly(plan, world, policy, args.days)
            unspent, spare = breakdown(world, plan.budget_micros)
            rows.append((index, result.error, floor, unspent, spare, result.requests))

    asyncio.run(all_flights())
    header = f"{'flight':>6} {'error':>6} {'floor':>6} {'gap':>6} " + " ".join(
        f"{c[:11]:>11}" for c in CAUSES) + f" {'spare':>6} {'reqs':>4}"
    print(header)
    worst = sorted(rows, key=lambda r: -(r[1] - r[2]))[:args.worst]
    for index, error, floor, unspent, spare, requests in worst:
        print(f"{index:>6} {error:6.1%} {floor:6.1%} {error - floor:6.1%} " + " ".join(
            f"{unspent[c]:11.1%}" for c in CAUSES) + f" {spare:6.1%} {requests:>4}")
    print("mean  ", f"{statistics.mean(r[1] for r in rows):6.2%}",
          f"{statistics.mean(r[2] for r in rows):6.2%}",
          f"{statistics.mean(r[1] - r[2] for r in rows):6.2%}", " ".join(
              f"{statistics.mean(r[3][c] for r in rows):11.2%}" for c in CAUSES),
          f"{statistics.mean(r[4] for r in rows):6.1%}")
    errors, floors = [r[1] for r in rows], [r[2] for r in rows]
    print(f"error mean {statistics.mean(errors):.2%} p90 {p90(errors):.2%}; "
          f"floor mean {statistics.mean(floors):.2%} p90 {p90(floors):.2%}")


if __name__ == "__main__":
    main()
