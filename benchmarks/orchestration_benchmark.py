"""Orchestration wall time: 50 sandbox sellers, 200 ms latency each, concurrency 5/10/50.

One command: ``python benchmarks/orchestration_benchmark.py`` (about 30 s).
Real HTTP: the sandbox is served by uvicorn on 127.0.0.1 (``running_sandbox``);
every seller call waits ``--latency-ms`` before answering. The table compares
the quote stage with the ideal ``ceil(N / c) x latency`` and shows the whole
``orchestrate`` (discover, quote, screen, rank, verify and book 3 deals).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import time

from rich.console import Console
from rich.table import Table

from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.orchestration.multi_seller import (
    DealParams,
    InventoryRequirements,
    MultiSellerOrchestrator,
)
from ad_buyer.registry.client import RegistryClient
from ad_buyer.sandbox.catalog import default_sellers
from ad_buyer.sandbox.config import FaultConfig, SandboxConfig, SellerSpec
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import running_sandbox
from ad_buyer.sandbox.vocabulary import TrustLevel


def sellers(n: int, latency_ms: int) -> list[SellerSpec]:
    base = next(s for s in default_sellers() if s.seller_id == "streamwave")
    return [base.model_copy(update={
        "seller_id": f"seller-{i:03d}", "name": f"Seller {i:03d}",
        "trust_level": TrustLevel.VERIFIED,
        "faults": FaultConfig(latency_ms=latency_ms)}) for i in range(n)]


def orchestrator(network: SandboxNetwork, concurrency: int) -> MultiSellerOrchestrator:
    return MultiSellerOrchestrator(
        registry_client=RegistryClient(registry_url=network.registry_url, cache_ttl_seconds=0.001),
        deals_client_factory=lambda url, **kw: DealsClient(url, **kw),
        max_concurrency=concurrency, quote_timeout=30)


PARAMS = DealParams(product_id="prod-ctv-001", deal_type="PD", impressions=500_000,
                    flight_start="2026-07-01", flight_end="2026-09-30")
REQUIREMENTS = InventoryRequirements(media_type="ctv", max_cpm=60.0)


async def measure(network: SandboxNetwork, concurrency: int) -> tuple[float, float, int, int]:
    orch = orchestrator(network, concurrency)
    cards = await orch.discover_sellers(REQUIREMENTS)
    start = time.perf_counter()
    quotes = await orch.request_quotes_parallel(cards, PARAMS)
    quote_s = time.perf_counter() - start
    start = time.perf_counter()
    result = await orch.orchestrate(REQUIREMENTS, PARAMS, budget=1_000_000, max_deals=3)
    full_s = time.perf_counter() - start
    await orch.registry_client.aclose()
    await orch.aclose()
    return quote_s, full_s, sum(1 for q in quotes if q.quote), len(result.selection.booked_deals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sellers", type=int, default=50)
    parser.add_argument("--latency-ms", type=int, default=200)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[5, 10, 50])
    args = parser.parse_args()
    latency = args.latency_ms / 1000
    table = Table(title=f"orchestrate {args.sellers} sellers, {args.latency_ms} ms latency "
                        "each, real HTTP on loopback")
    for col in ("concurrency", "quotes ok", "quote stage s", "ideal s", "vs ideal",
                "orchestrate s", "booked"):
        table.add_column(col, justify="right")
    config = SandboxConfig(sellers=sellers(args.sellers, args.latency_ms))
    with running_sandbox(config) as network:
        for c in args.concurrency:
            quote_s, full_s, ok, booked = asyncio.run(measure(network, c))
            ideal = math.ceil(args.sellers / c) * latency
            table.add_row(str(c), f"{ok}/{args.sellers}", f"{quote_s:.2f}", f"{ideal:.2f}",
                          f"{quote_s / ideal:.2f}x", f"{full_s:.2f}", str(booked))
    Console().print(table)
    Console().print("ideal = ceil(N / concurrency) x latency for the quote stage. "
                    "orchestrate = discovery + quote stage + screening + quote "
                    "verification (GET) + booking; each seller call pays the latency.")


if __name__ == "__main__":
    main()
