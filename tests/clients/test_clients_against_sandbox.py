"""Every client against the sandbox seller network over real HTTP (in-process ASGI)."""

import logging
import socket

import pytest

from ad_buyer.media_kit.client import MediaKitClient
from ad_buyer.media_kit.models import MediaKitError, PackageDetail, PackageSummary, SearchFilter
from ad_buyer.models.buyer_identity import BuyerIdentity
from ad_buyer.models.money import to_micros
from ad_buyer.negotiation.client import NegotiationClient
from ad_buyer.negotiation.models import NegotiationOutcome
from ad_buyer.negotiation.strategies import (
    AdaptiveStrategy,
    CompetitiveStrategy,
    SimpleThresholdStrategy,
)
from ad_buyer.registry.client import RegistryClient
from ad_buyer.registry.models import TrustLevel
from ad_buyer.sandbox.config import FaultConfig
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox, running_sandbox_async


@pytest.fixture
def network() -> SandboxNetwork:
    """A fresh network, for tests that inject faults or outages."""
    return in_process_sandbox()


@pytest.fixture(scope="module")
def shared() -> SandboxNetwork:
    """One network for tests that only read or open their own negotiations."""
    return in_process_sandbox()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


async def test_registry_discovery_and_trust(shared: SandboxNetwork) -> None:
    async with RegistryClient(shared.registry_url, transport=shared.transport()) as registry:
        ctv = await registry.discover_sellers(capabilities_filter=["ctv"])
        everyone = await registry.discover_sellers()
        assert {s.agent_id for s in ctv} <= {s.agent_id for s in everyone}
        assert all(s.has_capability("ctv") for s in ctv)
        trust = {s.agent_id: (await registry.verify_agent(s.url)).trust_level for s in ctv}
        assert trust["streamwave"] is TrustLevel.PREFERRED
        assert trust["shadyreach"] is TrustLevel.BLOCKED
        unlisted = await registry.verify_agent(shared.seller_url("offgrid"))
        assert (unlisted.is_registered, unlisted.trust_level) == (False, TrustLevel.UNKNOWN)
        card = await registry.fetch_agent_card(shared.seller_url("offgrid"))
        assert card.url == shared.seller_url("offgrid")
        assert card.has_capability("ctv")


async def test_registry_outage_gives_empty_list(
    network: SandboxNetwork, caplog: pytest.LogCaptureFixture
) -> None:
    network.set_registry_outage(True)
    async with RegistryClient(network.registry_url, transport=network.transport(),
                              retry_backoff=0) as registry:
        with caplog.at_level(logging.WARNING):
            assert await registry.discover_sellers(["ctv"]) == []
            info = await registry.verify_agent(network.seller_url("streamwave"))
    assert info.trust_level is TrustLevel.UNKNOWN
    assert "503" in caplog.text


async def test_media_kit_tiers_and_aggregation(shared: SandboxNetwork) -> None:
    url = shared.seller_url("streamwave")
    async with MediaKitClient(transport=shared.transport()) as public:
        kit = await public.get_media_kit(url)
        summary = await public.get_package(url, kit.all_packages[0].package_id)
    assert type(summary) is PackageSummary
    assert summary.price_range
    identity = BuyerIdentity(seat_id="ttd-1", agency_id="omd-2", advertiser_id="coke-3")
    async with MediaKitClient(api_key="k", buyer_identity=identity,
                              transport=shared.transport()) as authed:
        detail = await authed.get_package(url, kit.all_packages[0].package_id)
        results = await authed.search_packages(url, "premium video",
                                               SearchFilter(buyer_tier="advertiser"))
        everything = await authed.aggregate_across_sellers(shared.seller_urls)
    assert isinstance(detail, PackageDetail)
    assert detail.exact_price is not None
    assert detail.seller_url == url
    assert all(r.seller_url == url for r in results)
    assert {p.seller_url for p in everything} == set(shared.seller_urls)
    assert kit.total_packages == len(kit.all_packages)


async def test_media_kit_faults(network: SandboxNetwork, caplog: pytest.LogCaptureFixture) -> None:
    flaky, broken = network.seller_url("vidnation"), network.seller_url("pixelpress")
    network.set_faults(flaky, FaultConfig(error_first_n=2, error_status=503))
    network.set_faults(broken, FaultConfig(malformed_rate=1.0))
    async with MediaKitClient(transport=network.transport(), retry_backoff=0) as client:
        packages = await client.list_packages(flaky)  # two 503s, then success
        assert packages
        with pytest.raises(MediaKitError, match="pixelpress"):
            await client.get_media_kit(broken)
        with caplog.at_level(logging.WARNING):
            combined = await client.aggregate_across_sellers(
                [flaky, broken, network.seller_url("soundwave")])
    assert {p.seller_url for p in combined} == {flaky, network.seller_url("soundwave")}
    assert "skipping seller" in caplog.text


async def test_aggregate_skips_a_refused_connection_on_loopback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    dead = closed_port_url()
    async with MediaKitClient(max_retries=0) as client:
        with caplog.at_level(logging.WARNING):
            assert await client.aggregate_across_sellers([dead]) == []
    assert f"skipping seller {dead}" in caplog.text


@pytest.mark.parametrize("wire_form", ["proposals", "messages", "auto"])
@pytest.mark.parametrize("make", [
    lambda lo, hi: SimpleThresholdStrategy(lo, hi, 1.0, 5),
    lambda lo, hi: AdaptiveStrategy(lo, hi),
    lambda lo, hi: CompetitiveStrategy(lo, hi, best_competing_price=hi * 0.98),
], ids=["simple", "adaptive", "competitive"])
async def test_negotiated_price_is_what_both_sides_agreed(
    shared: SandboxNetwork, wire_form: str, make: object
) -> None:
    url = shared.seller_url("vidnation")
    package = shared.seller_spec(url).packages[0]
    reservation = shared.reservation_price(url, package.package_id)
    strategy = make(round(reservation * 0.8, 2), round(reservation * 1.35, 2))  # type: ignore[operator]
    async with NegotiationClient(api_key="k", transport=shared.transport(),
                                 wire_form=wire_form) as client:  # type: ignore[arg-type]
        result = await client.auto_negotiate(url, f"quote-{package.package_id}", strategy)
        if wire_form == "auto":
            assert client._forms[url] == "messages"
    assert result.outcome is NegotiationOutcome.ACCEPTED, result.reason
    assert result.final_price is not None
    seller_side = next(n for n in shared.negotiations(url)
                       if n.negotiation_id == result.negotiation_id)
    assert seller_side.status == "accepted"
    assert seller_side.agreed_micros == to_micros(result.final_price)
    assert reservation <= result.final_price <= strategy.max_cpm


async def test_walk_away_declines_on_the_seller(shared: SandboxNetwork) -> None:
    url = shared.seller_url("primetime")  # a firm seller
    package = shared.seller_spec(url).packages[0]
    reservation = shared.reservation_price(url, package.package_id)
    strategy = SimpleThresholdStrategy(reservation * 0.5, reservation * 0.7, 0.5, 3)
    async with NegotiationClient(api_key="k", transport=shared.transport()) as client:
        result = await client.auto_negotiate(url, f"quote-{package.package_id}", strategy)
    assert result.outcome in (NegotiationOutcome.WALKED_AWAY, NegotiationOutcome.DECLINED)
    assert result.final_price is None
    assert all(n.agreed_micros is None for n in shared.negotiations(url))


async def test_public_tier_cannot_negotiate(shared: SandboxNetwork) -> None:
    import httpx

    url = shared.seller_url("vidnation")
    package = shared.seller_spec(url).packages[0]
    async with NegotiationClient(transport=shared.transport()) as client:
        with pytest.raises(httpx.HTTPStatusError) as err:
            await client.auto_negotiate(url, f"quote-{package.package_id}",
                                        SimpleThresholdStrategy(10, 20, 1, 3))
    assert err.value.response.status_code == 403


@pytest.mark.server
async def test_every_client_over_loopback_http() -> None:
    async with running_sandbox_async() as network:
        assert network.base_url.startswith("http://127.0.0.1:")
        async with RegistryClient(network.registry_url) as registry:
            sellers = await registry.discover_sellers(["online_video"])
            trust = await registry.verify_agent(sellers[0].url)
        assert trust.is_registered
        async with MediaKitClient(api_key="k") as media:
            packages = await media.aggregate_across_sellers([s.url for s in sellers])
            detail = await media.get_package(packages[0].seller_url, packages[0].package_id)
        assert isinstance(detail, PackageDetail)
        url = network.seller_url("vidnation")
        package = network.seller_spec(url).packages[0]
        reservation = network.reservation_price(url, package.package_id)
        async with NegotiationClient(api_key="k") as negotiation:
            result = await negotiation.auto_negotiate(
                url, f"quote-{package.package_id}",
                AdaptiveStrategy(round(reservation * 0.8, 2), round(reservation * 1.35, 2)))
        assert result.outcome is NegotiationOutcome.ACCEPTED
