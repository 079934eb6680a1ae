"""Negotiation strategies against every sandbox seller persona.

    python benchmarks/negotiation_benchmark.py [--tier advertiser] [--max-markup 1.3]

For every negotiable package of every sandbox seller, each strategy
negotiates once (in-process ASGI, real HTTP semantics) with:

- ``buyer_max`` = reservation x ``--max-markup`` (the zone of agreement is
  [reservation, buyer_max]; the reservation is read through the sandbox's
  Python-only introspection, never over HTTP);
- ``target`` = reservation x ``--target-ratio``;
- Competitive's best competing quote = reservation + ``--competing-share``
  of the zone (a rival that is cheaper than our ceiling, not free).

Reported per persona and strategy: agreement rate, the share of the zone
the buyer kept, (buyer_max - agreed) / (buyer_max - reservation), averaged
over agreements, and mean rounds.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from rich.console import Console
from rich.table import Table

from ad_buyer.models.buyer_identity import BuyerIdentity
from ad_buyer.models.money import micros_to_float, to_micros
from ad_buyer.negotiation.client import NegotiationClient
from ad_buyer.negotiation.models import NegotiationOutcome
from ad_buyer.negotiation.strategies import (
    AdaptiveStrategy,
    CompetitiveStrategy,
    SimpleThresholdStrategy,
)
from ad_buyer.negotiation.strategy import NegotiationStrategy, round_cpm
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox

IDENTITIES = {
    "agency": BuyerIdentity(seat_id="bench-seat", agency_id="bench-agency"),
    "advertiser": BuyerIdentity(seat_id="bench-seat", agency_id="bench-agency",
                                advertiser_id="bench-advertiser"),
}

StrategyFactory = Callable[[float, float, float], NegotiationStrategy]


def strategies(competing_share: float) -> dict[str, StrategyFactory]:
    def competitive(target: float, ceiling: float, reservation: float) -> NegotiationStrategy:
        rival = reservation + (ceiling - reservation) * competing_share
        return CompetitiveStrategy(target, ceiling, best_competing_price=round_cpm(rival))

    return {
        "SimpleThreshold": lambda target, ceiling, _: SimpleThresholdStrategy(
            target, ceiling, concession_step=round_cpm((ceiling - target) / 5), max_rounds=5),
        "Adaptive": lambda target, ceiling, _: AdaptiveStrategy(target, ceiling),
        "Competitive": competitive,
    }


@dataclass
class Outcome:
    persona: str
    strategy: str
    agreed: bool
    captured: Decimal | None
    rounds: int


async def negotiate_all(network: SandboxNetwork, args: argparse.Namespace) -> list[Outcome]:
    gate = asyncio.Semaphore(8)
    outcomes: list[Outcome] = []
    factories = strategies(args.competing_share)
    # One buyer seat per strategy: a seller keys open negotiations by buyer and
    # package, so strategies sharing a seat would play in each other's rounds.
    clients = {
        name: NegotiationClient(
            api_key="bench-key", transport=network.transport(),
            buyer_identity=IDENTITIES[args.tier].model_copy(
                update={"seat_id": f"bench-seat-{name.lower()}"}))
        for name in factories
    }

    async def one(seller_id: str, package_id: str, name: str) -> None:
        url = network.seller_url(seller_id)
        reservation_micros = network.reservation_price_micros(url, package_id)
        reservation = micros_to_float(reservation_micros)
        ceiling = round_cpm(reservation * args.max_markup)
        target = round_cpm(reservation * args.target_ratio)
        async with gate:
            result = await clients[name].auto_negotiate(
                url, f"quote-{package_id}", factories[name](target, ceiling, reservation))
        captured = None
        agreed = result.outcome is NegotiationOutcome.ACCEPTED
        if agreed and result.final_price is not None:
            zone = to_micros(ceiling) - reservation_micros
            captured = Decimal(to_micros(ceiling) - to_micros(result.final_price)) / zone
        persona = network.seller_spec(url).persona.value
        outcomes.append(Outcome(persona, name, agreed, captured, result.rounds_count))

    try:
        await asyncio.gather(*(
            one(spec.seller_id, package.package_id, name)
            # The quote-{package} alias and the demo key are the native dialect's.
            for spec in network.sellers if spec.dialect == "native"
            for package in spec.packages if package.negotiation_enabled
            for name in factories
        ))
    finally:
        for client in clients.values():
            await client.aclose()
    return outcomes


def report(outcomes: list[Outcome], args: argparse.Namespace) -> Table:
    table = Table(title=(f"Negotiation benchmark ({args.tier} tier, buyer max = reservation x "
                         f"{args.max_markup}, target x {args.target_ratio})"))
    for column in ("persona", "strategy", "negotiations", "agreement rate",
                   "zone captured (mean)", "mean rounds"):
        table.add_column(column, justify="left" if column in ("persona", "strategy") else "right")
    groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[(o.persona, o.strategy)].append(o)
        groups[("ALL", o.strategy)].append(o)
    order = list(strategies(args.competing_share))
    for (persona, name) in sorted(groups, key=lambda k: (k[0] == "ALL", k[0],
                                                         order.index(k[1]))):
        rows = groups[(persona, name)]
        agreed = [o.captured for o in rows if o.agreed and o.captured is not None]
        rate = len(agreed) / len(rows)
        captured = f"{sum(agreed) / len(agreed):.1%}" if agreed else "-"
        rounds = sum(o.rounds for o in rows) / len(rows)
        table.add_row(persona, name, str(len(rows)), f"{rate:.0%}", captured, f"{rounds:.1f}",
                      end_section=name == order[-1])
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tier", choices=sorted(IDENTITIES), default="advertiser")
    parser.add_argument("--max-markup", type=float, default=1.3)
    parser.add_argument("--target-ratio", type=float, default=0.8)
    parser.add_argument("--competing-share", type=float, default=0.6)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    from ad_buyer.sandbox.config import SandboxConfig

    network = in_process_sandbox(SandboxConfig(seed=args.seed))
    outcomes = asyncio.run(negotiate_all(network, args))
    Console(width=110).print(report(outcomes, args))


if __name__ == "__main__":
    main()
