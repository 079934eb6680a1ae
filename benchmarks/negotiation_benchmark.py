"""Negotiation: the product's default strategy and SimpleThreshold against sellers we did not write.

    python benchmarks/negotiation_benchmark.py [--per-opponent 150] [--seed 42]

Opponents (``negotiation_opponents.py``): Faratin et al.'s time-dependent
Boulware, linear and Conceder tactics, relative and absolute tit-for-tat, and
PROTOCOL.md's tier concession schedules (public, seat, agency, advertiser),
each over HTTP through the real ``NegotiationClient.auto_negotiate`` loop.

Each negotiation draws a market CPM ``m``; the seller draws its own private
reservation ``r = m x U(0.75, 1.0)``, opening ask ``r x U(1.1, 1.5)`` and
deadline. The buyer knows only what it could know:

- its brief's max CPM ``M = m x U(0.9, 1.3)`` (a budget read against the market,
  never the seller's reservation);
- the seller's opening ask, and the opening asks of 1-3 rival sellers of the
  same market (each with its own reservation and markup);
- its target: the product's rule, 80% of what it will pay at most.

Strategies, built the way ``NegotiationStage`` (``orchestration/
negotiation_stage.py``) builds them for a quote: what it pays at most is
``min(ask, M)``; the default is ``competitive_strategy`` (the product path's),
whose walk-away point is the best rival ask (capped at that). SimpleThreshold
(seed 004) is shown twice. The original row gets the same target and max and
concedes a fifth of the gap a round over 5 rounds: fewer levers than the
default, which has 10 rounds and the rival ask. The equal-levers row gets both:
10 rounds, and the best rival ask as its walk-away (the lower of it and the
max, as the default's): it opens at the lower of its target and that price,
concedes a tenth of the way to it a round, and accepts nothing above it.
Adaptive is shown for reference.

Zone of agreement: ``[s, M]``, the prices both sides would accept, where
``s`` is the lowest price the seller would ever agree to: its reservation
``r`` (for a tier schedule, the higher of ``r`` and what its total
concession cap allows). The buyer's share of it is ``(M - price) / (M - s)``
for an agreement and **0 for a failure**, averaged over every negotiation
whose zone is not empty (``M > s``); negotiations with no zone are counted
apart (no strategy can agree there without paying above its max). Agreement
rate is over the same negotiations; mean price paid is over agreements.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from ad_buyer.negotiation.client import NegotiationClient
from ad_buyer.negotiation.models import NegotiationOutcome
from ad_buyer.negotiation.strategies import AdaptiveStrategy, SimpleThresholdStrategy
from ad_buyer.negotiation.strategy import NegotiationStrategy, round_cpm
from ad_buyer.orchestration.negotiation_stage import competitive_strategy
from negotiation_opponents import TIERS, Sellers, Tactic, TierSchedule, TimeDependent, TitForTat
from targets import markdown_table, record, record_table

TARGET_SHARE_POINTS = 15.0
DEFAULT = "default (Competitive)"
BASELINE = "SimpleThreshold"
EQUAL = "SimpleThreshold, equal levers"
DEFAULT_ROUNDS = 10


@dataclass(frozen=True)
class Case:
    """One negotiation: the seller's private side and what the buyer knows."""

    opponent: str
    tactic: Tactic
    buyer_max: float  # from the brief
    ask: float  # the seller's opening ask (its quote)
    best_rival: float  # the lowest rival ask

    @property
    def zone(self) -> float:
        return self.buyer_max - self.tactic.lowest


@dataclass(frozen=True)
class Outcome:
    case: Case
    strategy: str
    price: float | None
    rounds: int

    @property
    def share(self) -> float:
        if self.price is None:
            return 0.0
        return (self.case.buyer_max - self.price) / self.case.zone


def opponents() -> dict[str, Callable[[random.Random, float, float], Tactic]]:
    """Opponent families: (rng, reservation, opening) -> a tactic with its own parameters."""
    def faratin(name: str, low: float, high: float) -> Callable[..., Tactic]:
        return lambda rng, res, ask: TimeDependent(name, res, ask, rng.randint(4, 10),
                                                   e=rng.uniform(low, high))

    def tft(name: str, relative: bool) -> Callable[..., Tactic]:
        return lambda rng, res, ask: TitForTat(name, res, ask, rng.randint(4, 10), relative)

    def tier(name: str) -> Callable[..., Tactic]:
        rounds, per_round, total = TIERS[name]
        return lambda rng, res, ask: TierSchedule(f"tier {name}", res, ask, rounds, per_round,
                                                  total)

    return {
        "Boulware (e 0.1-0.5)": faratin("boulware", 0.1, 0.5),
        "linear (e 1)": faratin("linear", 1.0, 1.0),
        "Conceder (e 2-5)": faratin("conceder", 2.0, 5.0),
        "tit-for-tat, relative": tft("relative tft", True),
        "tit-for-tat, absolute": tft("absolute tft", False),
        **{f"tier schedule, {name}": tier(name) for name in TIERS},
    }


def draw_case(rng: random.Random, opponent: str,
              make: Callable[[random.Random, float, float], Tactic]) -> Case:
    market = rng.uniform(12.0, 40.0)
    reservation = market * rng.uniform(0.75, 1.0)
    ask = round_cpm(reservation * rng.uniform(1.1, 1.5))
    rivals = [round_cpm(market * rng.uniform(0.75, 1.0) * rng.uniform(1.1, 1.5))
              for _ in range(rng.randint(1, 3))]
    buyer_max = round_cpm(market * rng.uniform(0.9, 1.3))
    return Case(opponent, make(rng, reservation, ask), buyer_max, ask, min(rivals))


def strategies() -> dict[str, Callable[[Case], NegotiationStrategy]]:
    """Each built from the buyer's side of a case only (never the tactic)."""
    def most(case: Case) -> float:
        return round_cpm(min(case.ask, case.buyer_max))

    def target(case: Case) -> float:
        return round_cpm(most(case) * 0.8)

    def default(case: Case) -> NegotiationStrategy:
        # NegotiationStage: walk-away = min(best other-seller price, ask); the quote
        # object itself is not read by the default factory.
        walk_away = min(case.best_rival, most(case))
        return competitive_strategy(None, most(case), walk_away, None)  # type: ignore[arg-type]

    def simple(case: Case) -> NegotiationStrategy:
        step = max(0.01, round_cpm((most(case) - target(case)) / 5))
        return SimpleThresholdStrategy(target(case), most(case), concession_step=step,
                                       max_rounds=5)

    def equal(case: Case) -> NegotiationStrategy:
        walk_away = min(case.best_rival, most(case))
        opening = min(target(case), walk_away)
        step = max(0.01, round_cpm((walk_away - opening) / DEFAULT_ROUNDS))
        return SimpleThresholdStrategy(opening, walk_away, concession_step=step,
                                       max_rounds=DEFAULT_ROUNDS)

    return {DEFAULT: default, BASELINE: simple, EQUAL: equal,
            "Adaptive": lambda case: AdaptiveStrategy(target(case), most(case))}


async def run(cases: list[Case]) -> list[Outcome]:
    outcomes = []
    for name, build in strategies().items():
        sellers = Sellers()
        async with NegotiationClient(api_key="bench-key", transport=sellers.transport(),
                                     max_retries=0) as client:
            for i, case in enumerate(cases):
                proposal = f"p{i}"
                sellers.add(proposal, case.tactic)
                result = await client.auto_negotiate(f"http://seller-{i}.bench", proposal,
                                                     build(case), asking_price=case.ask)
                price = result.final_price if result.outcome is NegotiationOutcome.ACCEPTED \
                    else None
                outcomes.append(Outcome(case, name, price, result.rounds_count))
    return outcomes


def report(outcomes: list[Outcome], console: Console) -> None:
    names = list(strategies())
    groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[(o.case.opponent, o.strategy)].append(o)
        groups[("ALL", o.strategy)].append(o)
    table = Table(title="Negotiation against sellers the project did not write "
                        "(zone share: failures count 0)")
    for col in ("opponent", "strategy", "negotiations (with a zone)", "agreement rate",
                "zone share", "mean price paid", "mean rounds"):
        table.add_column(col, justify="left" if col in ("opponent", "strategy") else "right")
    summary: dict[str, tuple[float, float]] = {}
    order = [*opponents(), "ALL"]
    for opponent in order:
        for name in names:
            rows = groups[(opponent, name)]
            zoned = [o for o in rows if o.case.zone > 0]
            agreed = [o for o in zoned if o.price is not None]
            rate = len(agreed) / len(zoned) if zoned else 0.0
            share = statistics.fmean(o.share for o in zoned) if zoned else 0.0
            paid = statistics.fmean(o.price for o in agreed if o.price) if agreed else 0.0
            if opponent == "ALL":
                summary[name] = (rate, share)
            table.add_row(opponent, name, f"{len(rows)} ({len(zoned)})", f"{rate:.1%}",
                          f"{share:.1%}", f"{paid:.2f}" if agreed else "-",
                          f"{statistics.fmean(o.rounds for o in rows):.1f}",
                          end_section=name == names[-1])
    console.print(table)
    record_table("negotiation", _markdown(groups, [*opponents(), "ALL"]))
    outside = [o for o in outcomes if o.case.zone <= 0 and o.price is not None]
    console.print(f"No-zone negotiations ending in a deal (a price above the buyer's max): "
                  f"{len(outside)}.")
    targets = Table(title="Negotiation targets (default beside each SimpleThreshold row)")
    for col in ("metric", "target", "baseline", DEFAULT, "baseline's", "difference", "met"):
        targets.add_column(col, justify="left" if col in ("metric", "baseline") else "right")
    d_rate, d_share = summary[DEFAULT]
    for baseline in (BASELINE, EQUAL):
        b_rate, b_share = summary[baseline]
        points = (d_share - b_share) * 100
        record("negotiation", f"zone share (failures 0) vs {baseline}",
               f">= {baseline} +15 points", f"{d_share:.1%} ({points:+.1f} points)",
               f"{baseline} {b_share:.1%}", points >= TARGET_SHARE_POINTS,
               f"(short by {TARGET_SHARE_POINTS - points:.1f})")
        record("negotiation", f"agreement rate vs {baseline}", f">= {baseline}",
               f"{d_rate:.1%}", f"{baseline} {b_rate:.1%}", d_rate >= b_rate,
               f"(lower by {(b_rate - d_rate) * 100:.1f} points)")
        targets.add_row("zone share", f">= +{TARGET_SHARE_POINTS:.0f} points", baseline,
                        f"{d_share:.1%}", f"{b_share:.1%}", f"{points:+.1f} points",
                        "yes" if points >= TARGET_SHARE_POINTS
                        else f"NO (short by {TARGET_SHARE_POINTS - points:.1f} points)")
        targets.add_row("agreement rate", "no lower", baseline, f"{d_rate:.1%}",
                        f"{b_rate:.1%}", f"{(d_rate - b_rate) * 100:+.1f} points",
                        "yes" if d_rate >= b_rate
                        else f"NO (lower by {(b_rate - d_rate) * 100:.1f} points)")
    console.print(targets)


def _rate_share(rows: list[Outcome]) -> tuple[str, str]:
    zoned = [o for o in rows if o.case.zone > 0]
    if not zoned:
        return "-", "-"
    agreed = sum(1 for o in zoned if o.price is not None)
    return (f"{agreed / len(zoned):.1%}", f"{statistics.fmean(o.share for o in zoned):.1%}")


def _markdown(groups: dict[tuple[str, str], list[Outcome]], order: list[str]) -> str:
    """Agreement and zone share per opponent, the default beside both SimpleThreshold rows."""
    header = ["opponent"] + [f"{name}: {what}" for name in (DEFAULT, BASELINE, EQUAL)
                             for what in ("agreement", "zone share")]
    rows = []
    for opponent in order:
        cells = [c for name in (DEFAULT, BASELINE, EQUAL)
                 for c in _rate_share(groups[(opponent, name)])]
        label = "**all**" if opponent == "ALL" else opponent
        rows.append([label, *(f"**{c}**" if opponent == "ALL" else c for c in cells)])
    return markdown_table(header, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--per-opponent", type=int, default=150)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = [draw_case(rng, name, make) for name, make in opponents().items()
             for _ in range(args.per_opponent)]
    report(asyncio.run(run(cases)), Console())


if __name__ == "__main__":
    main()
