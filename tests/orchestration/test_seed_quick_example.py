"""Seed 001's Quick Example, as written, against the sandbox served on loopback.

Run unchanged (no API key: every quote is public tier), it must book: the
default world's reference-dialect CTV sellers price public CTV under $35, as
real CTV does, and quote the catalog product ``prod-ctv-001`` behind their own
package ids.
"""

from __future__ import annotations

import pytest

from ad_buyer.sandbox.config import SandboxConfig
from ad_buyer.sandbox.testing import running_sandbox_async
from ad_buyer.sandbox.vocabulary import Dialect

pytestmark = pytest.mark.server


@pytest.mark.parametrize("dialect", [None, Dialect.REFERENCE],
                         ids=["default-world", "serve--dialect-reference"])
async def test_quick_example_runs_as_written(capsys: pytest.CaptureFixture[str],
                                             dialect: Dialect | None) -> None:
    async with running_sandbox_async(SandboxConfig(dialect=dialect)) as network:
        registry_url = network.registry_url
        from ad_buyer.clients.deals_client import DealsClient
        from ad_buyer.events.bus import InMemoryEventBus
        from ad_buyer.orchestration.multi_seller import (
            DealParams,
            InventoryRequirements,
            MultiSellerOrchestrator,
        )
        from ad_buyer.registry.client import RegistryClient

        # Setup
        registry = RegistryClient(registry_url=registry_url)
        bus = InMemoryEventBus()
        orchestrator = MultiSellerOrchestrator(
            registry_client=registry,
            deals_client_factory=lambda url, **kw: DealsClient(url, **kw),
            event_bus=bus,
        )
        # Run the full flow
        result = await orchestrator.orchestrate(
            inventory_requirements=InventoryRequirements(
                media_type="ctv",
                deal_types=["PD", "PG"],
                max_cpm=35.0,
            ),
            deal_params=DealParams(
                product_id="prod-ctv-001",
                deal_type="PD",
                impressions=500_000,
                flight_start="2026-07-01",
                flight_end="2026-09-30",
            ),
            budget=100_000.0,
            max_deals=3,
        )
        # Inspect the result
        print(f"Sellers discovered: {len(result.discovered_sellers)}")
        print(f"Quotes received: {len([q for q in result.quote_results if q.quote])}")
        print(f"Deals booked: {len(result.selection.booked_deals)}")
        print(f"Total spend: ${result.selection.total_spend:,.2f}")
        print(f"Remaining budget: ${result.selection.remaining_budget:,.2f}")
        await registry.aclose()

    out = capsys.readouterr().out
    ctv_sellers = ("streamwave", "primetime", "omnicast", "harborview", "lumacast")
    assert "Sellers discovered: 5" in out
    assert "Quotes received: 5" in out
    deals = result.selection.booked_deals
    assert f"Deals booked: {len(deals)}" in out
    assert 1 <= len(deals) <= 3
    assert all(d.pricing.final_cpm.amount_micros <= 35_000_000 for d in deals)
    assert all(d.product.product_id == "prod-ctv-001" for d in deals)
    assert "Total spend: $" in out
    assert "Remaining budget: $" in out
    assert result.selection.total_spend + result.selection.remaining_budget == 100_000
    booked = sum(len(network.booked_deals(s)) for s in ctv_sellers)
    assert booked == len(deals)
