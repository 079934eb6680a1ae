# ruff: noqa: I001, B007, E501 - the seed documents' code is kept as written
"""Seed 002 (multi-seller discovery and shopping), its examples as written.

Only the seller URLs change: the seed's ``seller-a.example.com`` hosts become
sandbox sellers on 127.0.0.1 (tests reach no other network), and an
unreachable seller is a closed loopback port.
"""

import asyncio
import re
import socket

import httpx
import pytest

from ad_buyer.sandbox.network import SandboxNetwork

pytestmark = pytest.mark.server


def dead_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_complete_multi_seller_workflow(
    registry_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # ---- the seed's "Example: Complete Multi-Seller Workflow", verbatim ----
    import asyncio
    from ad_buyer.registry.client import RegistryClient
    from ad_buyer.registry.models import TrustLevel
    from ad_buyer.media_kit.client import MediaKitClient
    from ad_buyer.media_kit.models import MediaKitError
    from ad_buyer.negotiation.client import NegotiationClient
    from ad_buyer.negotiation.strategies.simple_threshold import SimpleThresholdStrategy
    from ad_buyer.identity.strategy import (
        IdentityStrategy, DealContext, SellerRelationship, CampaignGoal,
    )
    from ad_buyer.models.buyer_identity import BuyerIdentity, DealType

    async def multi_seller_workflow():
        # --- Configuration ---
        budget = 50_000.0
        campaign_name = "Q3 CTV Campaign"  # noqa: F841 - as in the seed
        target_cpm = 22.0
        max_cpm = 35.0
        full_identity = BuyerIdentity(
            seat_id="ttd-seat-123",
            seat_name="The Trade Desk",
            agency_id="omnicom-456",
            agency_name="OMD",
            agency_holding_company="Omnicom",
            advertiser_id="coca-cola-789",
            advertiser_name="Coca-Cola",
            advertiser_industry="CPG",
        )
        id_strategy = IdentityStrategy()
        neg_strategy = SimpleThresholdStrategy(
            target_cpm=target_cpm,
            max_cpm=max_cpm,
            concession_step=2.0,
            max_rounds=5,
        )
        # --- Step 1: Discover CTV sellers ---
        registry = RegistryClient()
        sellers = await registry.discover_sellers(capabilities_filter=["ctv"])
        print(f"Discovered {len(sellers)} CTV sellers")
        # --- Step 2: Verify trust ---
        verified_sellers = []
        for seller in sellers:
            trust = await registry.verify_agent(seller.url)
            if trust.trust_level not in (TrustLevel.UNKNOWN, TrustLevel.BLOCKED):
                verified_sellers.append(seller)
            else:
                print(f"  Skipping {seller.name} (trust: {trust.trust_level.value})")
        print(f"Verified {len(verified_sellers)} sellers")
        # --- Step 3: Browse media kits ---
        async with MediaKitClient(api_key="your-api-key") as media_client:
            seller_urls = [s.url for s in verified_sellers]
            all_packages = await media_client.aggregate_across_sellers(seller_urls)
            print(f"Found {len(all_packages)} packages total")
            # --- Step 4: Compare CTV packages ---
            ctv_packages = [
                pkg for pkg in all_packages
                if "video" in pkg.ad_formats or "ctv" in pkg.tags
            ]
            print(f"Filtered to {len(ctv_packages)} CTV-relevant packages")
            # Get detailed pricing
            detailed = []
            for pkg in ctv_packages:
                try:
                    detail = await media_client.get_package(pkg.seller_url, pkg.package_id)
                    detailed.append(detail)
                except MediaKitError:
                    pass  # Skip packages we cannot fetch details for
        # --- Step 5: Negotiate with sellers that allow it ---
        negotiable = [
            pkg for pkg in detailed
            if getattr(pkg, "negotiation_enabled", False)
        ]
        print(f"Negotiating with {len(negotiable)} sellers")
        neg_results = {}
        for pkg in negotiable:
            client = NegotiationClient(api_key="your-api-key")
            try:
                result = await client.auto_negotiate(
                    seller_url=pkg.seller_url,
                    proposal_id=f"quote-{pkg.package_id}",
                    strategy=neg_strategy,
                )
                neg_results[pkg.package_id] = result
                print(f"  {pkg.name}: {result.outcome.value} at ${result.final_price}")
            except Exception as e:
                print(f"  {pkg.name}: negotiation failed ({e})")
        # --- Step 6: Select portfolio ---
        scored = []
        for pkg in detailed:
            result = neg_results.get(pkg.package_id)
            price = (result.final_price if result and result.final_price
                     else getattr(pkg, "exact_price", None))
            if price:
                scored.append((price, pkg, result))
        scored.sort(key=lambda x: x[0])  # Cheapest first
        selected = []
        remaining = budget
        for price, pkg, result in scored:
            allocation = min(remaining, 15_000)  # Cap per seller
            if allocation > 0:
                selected.append((pkg, result, price, allocation))
                remaining -= allocation
            if remaining <= 0:
                break
        print(f"\nSelected {len(selected)} packages, ${budget - remaining:.0f} allocated")
        # --- Step 7: Book deals ---
        for pkg, result, price, allocation in selected:
            tier = id_strategy.recommend_tier(DealContext(
                deal_value_usd=allocation,
                deal_type=DealType.PREFERRED_DEAL,
                seller_relationship=SellerRelationship.NEW,
                campaign_goal=CampaignGoal.AWARENESS,
            ))
            identity = id_strategy.build_identity(full_identity, tier)
            print(f"  Booking {pkg.name} @ ${price} CPM")
            print(f"    Seller: {pkg.seller_url}")
            print(f"    Identity tier: {identity.get_access_tier().value}")
            print(f"    Allocation: ${allocation:,.0f}")
            # Submit booking via POST /bookings (see Step 7 above)
        print("\nWorkflow complete.")

    # Run
    asyncio.run(multi_seller_workflow())
    # ---- end of the seed's code ----

    out = capsys.readouterr().out
    discovered = int(re.search(r"Discovered (\d+) CTV sellers", out)[1])  # type: ignore[index]
    verified = int(re.search(r"Verified (\d+) sellers", out)[1])  # type: ignore[index]
    assert 0 < verified < discovered  # the blocked seller is skipped
    assert "(trust: blocked)" in out
    assert ": accepted at $" in out
    assert "negotiation failed" not in out
    assert re.search(r"Selected [1-9]\d* packages, \$50000 allocated", out)
    assert "Identity tier: seat" in out  # $15K, new seller: seat only
    assert "Identity tier: advertiser" not in out
    assert out.rstrip().endswith("Workflow complete.")


async def test_steps_1_to_5(
    registry_env: str, loopback_sandbox: SandboxNetwork, capsys: pytest.CaptureFixture[str]
) -> None:
    from ad_buyer.registry.client import RegistryClient

    registry = RegistryClient(
        registry_url=registry_env,  # the seed: "http://localhost:8080/agent-registry"
        cache_ttl_seconds=300,
        timeout=15.0,
    )
    all_sellers = await registry.discover_sellers()
    ctv_sellers = await registry.discover_sellers(
        capabilities_filter=["ctv"]
    )
    for seller in ctv_sellers:
        print(f"{seller.name} ({seller.url})")
        print(f"  Protocols: {seller.protocols}")
        print(f"  Capabilities: {[c.name for c in seller.capabilities]}")

    from ad_buyer.registry.models import TrustLevel
    for seller in ctv_sellers:
        trust_info = await registry.verify_agent(seller.url)
        print(f"{seller.name}: {trust_info.trust_level.value}")
        print(f"  Registered: {trust_info.is_registered}")
        if trust_info.registry_id:
            print(f"  Registry ID: {trust_info.registry_id}")
    trusted_sellers = [
        seller for seller in ctv_sellers
        if (await registry.verify_agent(seller.url)).trust_level
        not in (TrustLevel.UNKNOWN, TrustLevel.BLOCKED)
    ]

    from ad_buyer.media_kit.client import MediaKitClient
    from ad_buyer.media_kit.models import SearchFilter
    seller_a = loopback_sandbox.seller_url("streamwave")  # "http://seller-a.example.com:8001"
    async with MediaKitClient(api_key="your-api-key") as media_client:
        seller_urls = [s.url for s in trusted_sellers]
        all_packages = await media_client.aggregate_across_sellers(seller_urls)
        print(f"Found {len(all_packages)} packages across {len(seller_urls)} sellers")
        for pkg in all_packages:
            print(f"  [{pkg.seller_url}] {pkg.name} -- {pkg.price_range}")
        kit = await media_client.get_media_kit(seller_a)
        print(f"Seller: {kit.seller_name}")
        print(f"Total packages: {kit.total_packages}")
        print(f"Featured packages: {len(kit.featured)}")
        for pkg in kit.featured:
            print(f"  {pkg.name} -- {pkg.price_range} ({pkg.ad_formats})")
        results = await media_client.search_packages(
            seller_url=seller_a,
            query="premium video",
            filters=SearchFilter(buyer_tier="agency", agency_id="omnicom-456"),
        )
        # Step 4
        shortlist = []
        for pkg in all_packages:
            if "video" in pkg.ad_formats:
                detail = await media_client.get_package(pkg.seller_url, pkg.package_id)
                shortlist.append(detail)
        shortlist.sort(key=lambda p: getattr(p, "exact_price", None) or float("inf"))
        print("=== Video Package Comparison ===")
        for pkg in shortlist:
            price = getattr(pkg, "exact_price", None)
            floor = getattr(pkg, "floor_price", None)
            neg = getattr(pkg, "negotiation_enabled", False)
            print(f"  {pkg.name} @ {pkg.seller_url}")
            print(f"    Price: ${price} CPM" if price else f"    Range: {pkg.price_range}")
            if floor:
                print(f"    Floor: ${floor} CPM")
            print(f"    Negotiable: {'Yes' if neg else 'No'}")
            print(f"    Formats: {pkg.ad_formats}")
            print()

    # Step 5
    from ad_buyer.negotiation.client import NegotiationClient
    from ad_buyer.negotiation.strategies.simple_threshold import SimpleThresholdStrategy

    strategy = SimpleThresholdStrategy(
        target_cpm=20.0,
        max_cpm=30.0,
        concession_step=2.0,
        max_rounds=5,
    )

    async def negotiate_with_seller(seller_url, proposal_id):
        """Run a negotiation with a single seller."""
        client = NegotiationClient(api_key="your-seller-api-key")
        try:
            result = await client.auto_negotiate(
                seller_url=seller_url,
                proposal_id=proposal_id,
                strategy=strategy,
            )
            return result
        except Exception as e:
            print(f"Negotiation failed with {seller_url}: {e}")
            return None

    tasks = [
        negotiate_with_seller(pkg.seller_url, f"quote-{pkg.package_id}")
        for pkg in shortlist
        if getattr(pkg, "negotiation_enabled", False)
    ]
    results = await asyncio.gather(*tasks)
    for result in results:
        if result and result.outcome.value == "accepted":
            print(f"  Deal at ${result.final_price} CPM ({result.rounds_count} rounds)")
    await registry.aclose()

    out = capsys.readouterr().out
    assert {s.agent_id for s in ctv_sellers} <= {s.agent_id for s in all_sellers}
    assert "StreamWave CTV: preferred" in out
    assert "Registry ID: reg-streamwave" in out
    assert all(s.url != loopback_sandbox.seller_url("shadyreach") for s in trusted_sellers)
    assert "Seller: StreamWave CTV" in out
    assert "Floor: $" in out
    assert results
    assert all(r is not None for r in results)
    assert all(r.final_price is None or r.final_price <= 30.0 for r in results)
    assert any(r.outcome.value == "accepted" for r in results)


def test_identity_strategy_examples(capsys: pytest.CaptureFixture[str]) -> None:
    from ad_buyer.identity.strategy import IdentityStrategy, DealContext, SellerRelationship, CampaignGoal
    from ad_buyer.models.buyer_identity import BuyerIdentity, AccessTier, DealType

    strategy = IdentityStrategy(
        high_value_threshold_usd=100_000,
        mid_value_threshold_usd=25_000,
    )
    full_identity = BuyerIdentity(
        seat_id="ttd-seat-123",
        seat_name="The Trade Desk",
        agency_id="omnicom-456",
        agency_name="OMD",
        agency_holding_company="Omnicom",
        advertiser_id="coca-cola-789",
        advertiser_name="Coca-Cola",
        advertiser_industry="CPG",
    )
    seller_a_context = DealContext(
        deal_value_usd=150_000,
        deal_type=DealType.PROGRAMMATIC_GUARANTEED,
        seller_relationship=SellerRelationship.TRUSTED,
        campaign_goal=CampaignGoal.PERFORMANCE,
    )
    seller_b_context = DealContext(
        deal_value_usd=10_000,
        deal_type=DealType.PREFERRED_DEAL,
        seller_relationship=SellerRelationship.UNKNOWN,
        campaign_goal=CampaignGoal.AWARENESS,
    )
    tier_a = strategy.recommend_tier(seller_a_context)  # ADVERTISER (high value + trusted + PG)
    tier_b = strategy.recommend_tier(seller_b_context)  # SEAT (low value + unknown)
    identity_for_a = strategy.build_identity(full_identity, tier_a)
    identity_for_b = strategy.build_identity(full_identity, tier_b)
    print(f"Seller A sees: {identity_for_a.get_access_tier().value}")
    print(f"Seller B sees: {identity_for_b.get_access_tier().value}")
    savings = strategy.estimate_savings(
        base_price=35.0,  # $35 CPM base
        current_tier=AccessTier.SEAT,  # Currently at seat tier
        target_tier=AccessTier.AGENCY,  # Considering agency tier
    )
    print(f"Estimated savings: ${savings:.2f} per CPM")

    assert (tier_a, tier_b) == (AccessTier.ADVERTISER, AccessTier.SEAT)
    assert capsys.readouterr().out.splitlines() == [
        "Seller A sees: advertiser", "Seller B sees: seat", "Estimated savings: $1.75 per CPM"]
    assert identity_for_b.agency_id is None
    assert identity_for_b.advertiser_name is None


async def test_caching_and_error_handling(
    registry_env: str, loopback_sandbox: SandboxNetwork, capsys: pytest.CaptureFixture[str]
) -> None:
    from ad_buyer.registry.client import RegistryClient
    from ad_buyer.registry.models import AgentCard
    from ad_buyer.media_kit.client import MediaKitClient
    from ad_buyer.media_kit.models import MediaKitError
    from ad_buyer.negotiation.client import NegotiationClient
    from ad_buyer.negotiation.strategies.simple_threshold import SimpleThresholdStrategy

    registry = RegistryClient(cache_ttl_seconds=30)
    registry = RegistryClient(cache_ttl_seconds=900)  # 15 minutes
    await registry.discover_sellers(capabilities_filter=["ctv"])
    registry._cache.invalidate("discover:ctv")
    registry._cache.clear()
    fresh_sellers = await registry.discover_sellers(capabilities_filter=["ctv"])
    assert fresh_sellers

    loopback_sandbox.set_registry_outage(True)
    try:
        sellers = await registry.discover_sellers()
        if not sellers:
            print("Registry unavailable, using cached/known sellers")
            sellers = [
                AgentCard(agent_id="known-1", name="Seller A", url="http://seller-a:8001"),
                AgentCard(agent_id="known-2", name="Seller B", url="http://seller-b:8001"),
            ]
    finally:
        loopback_sandbox.set_registry_outage(False)
    assert [s.agent_id for s in sellers] == ["known-1", "known-2"]

    seller_b = dead_url()  # the seed's "http://seller-b:8001", which is down
    async with MediaKitClient(api_key="your-api-key", timeout=15.0, max_retries=0) as media_client:
        seller_urls = [loopback_sandbox.seller_url("streamwave"), seller_b,
                       loopback_sandbox.seller_url("vidnation")]
        packages = await media_client.aggregate_across_sellers(seller_urls)
        try:
            detail = await media_client.get_package(seller_b, "pkg-123")  # noqa: F841
        except MediaKitError as e:
            print(f"Seller error: {e} (status {e.status_code})")
    assert {p.seller_url for p in packages} == {seller_urls[0], seller_urls[2]}

    async def safe_negotiate(seller_url, proposal_id, strategy):
        """Negotiate with error handling."""
        client = NegotiationClient(api_key="your-api-key")
        try:
            return await client.auto_negotiate(seller_url, proposal_id, strategy)
        except httpx.HTTPStatusError as e:
            print(f"Negotiation HTTP error with {seller_url}: {e.response.status_code}")
            return None
        except httpx.ConnectError:
            print(f"Cannot reach {seller_url}")
            return None
        except httpx.TimeoutException:
            print(f"Negotiation timed out with {seller_url}")
            return None

    strategy = SimpleThresholdStrategy(20.0, 30.0, 2.0, 5)
    assert await safe_negotiate(seller_b, "prop-1", strategy) is None
    vidnation = loopback_sandbox.seller_url("vidnation")
    assert await safe_negotiate(vidnation, "no-such-proposal", strategy) is None
    await registry.aclose()

    out = capsys.readouterr().out
    assert "Registry unavailable, using cached/known sellers" in out
    assert "Seller error:" in out
    assert "(status None)" in out
    assert f"Cannot reach {seller_b}" in out
    assert f"Negotiation HTTP error with {vidnation}: 404" in out
