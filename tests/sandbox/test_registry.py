"""Registry discovery, lookup, verification and outage, over HTTP."""

from __future__ import annotations

import httpx

from ad_buyer.registry.models import AgentCard, TrustInfo, TrustLevel
from ad_buyer.sandbox.config import SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork


async def test_discovery_filters_by_every_capability(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    r = await client.get(f"{network.registry_url}/agents",
                         params={"agent_type": "seller", "capabilities": "ctv,video"})
    assert r.status_code == 200
    cards = [AgentCard.model_validate(a) for a in r.json()["agents"]]
    assert cards, "expected CTV sellers"
    assert all(c.has_capability("ctv") and c.has_capability("video") for c in cards)
    assert "offgrid" not in {c.agent_id for c in cards}  # not registered
    audio = await client.get(f"{network.registry_url}/agents", params={"capabilities": "audio"})
    assert {a["agent_id"] for a in audio.json()["agents"]} == {
        "soundwave", "podnet", "europixel", "albiondigital"}


async def test_all_sellers_listed_with_trust_levels(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    r = await client.get(f"{network.registry_url}/agents", params={"agent_type": "seller"})
    agents = r.json()["agents"]
    assert len(agents) == len(network.sellers) - 1
    levels = {a["agent_id"]: a["trust_level"] for a in agents}
    assert levels["shadyreach"] == "blocked"
    assert {"preferred", "verified", "registered"} <= set(levels.values())
    other = await client.get(f"{network.registry_url}/agents", params={"agent_type": "buyer"})
    assert other.json() == {"agents": []}


async def test_agent_lookup_and_verify(client: httpx.AsyncClient,
                                       network: SandboxNetwork) -> None:
    r = await client.get(f"{network.registry_url}/agents/streamwave")
    card = AgentCard.model_validate(r.json())
    assert card.url == network.seller_url("streamwave")
    assert card.trust_level is TrustLevel.PREFERRED
    missing = await client.get(f"{network.registry_url}/agents/nope")
    assert missing.status_code == 404
    assert missing.json()["detail"]["error"] == "agent_not_found"

    info = TrustInfo.model_validate((await client.get(
        f"{network.registry_url}/verify",
        params={"agent_url": network.seller_url("streamwave") + "/"})).json())
    assert info.is_registered
    assert info.trust_level is TrustLevel.PREFERRED
    assert info.registry_id == "reg-streamwave"
    blocked = (await client.get(f"{network.registry_url}/verify",
                                params={"agent_url": network.seller_url("shadyreach")})).json()
    assert blocked["trust_level"] == "blocked"
    assert blocked["is_registered"] is True
    unknown = (await client.get(f"{network.registry_url}/verify",
                                params={"agent_url": network.seller_url("offgrid")})).json()
    assert unknown == {"is_registered": False, "trust_level": "unknown", "registry_id": None}


async def test_unregistered_seller_still_reachable(client: httpx.AsyncClient,
                                                   network: SandboxNetwork) -> None:
    r = await client.get(f"{network.seller_url('offgrid')}/.well-known/agent.json")
    assert r.status_code == 200
    assert r.json()["agent_id"] == "offgrid"
    assert "trust_level" not in r.json()


async def test_registry_outage_is_503_with_error_body(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    network.set_registry_outage(True)
    r = await client.get(f"{network.registry_url}/agents")
    assert r.status_code == 503
    assert r.json()["detail"]["error"] == "registry_unavailable"
    assert (await client.get(f"{network.registry_url}/verify",
                             params={"agent_url": "x"})).status_code == 503
    # sellers keep working during a registry outage
    assert (await client.get(f"{network.seller_url('pixelpress')}/media-kit")).status_code == 200
    network.set_registry_outage(False)
    assert (await client.get(f"{network.registry_url}/agents")).status_code == 200


async def test_registry_outage_from_config() -> None:
    network = SandboxNetwork(SandboxConfig(registry_outage=True))
    async with network.client() as client:
        assert (await client.get(f"{network.registry_url}/agents")).status_code == 503


async def test_verify_treats_loopback_names_alike() -> None:
    network = SandboxNetwork(base_url="http://localhost:8080")
    async with network.client() as client:
        r = await client.get(f"{network.registry_url}/verify", params={
            "agent_url": "http://127.0.0.1:8080/sellers/podnet"})
        assert r.json()["is_registered"] is True
        other_port = await client.get(f"{network.registry_url}/verify", params={
            "agent_url": "http://127.0.0.1:9999/sellers/podnet"})
        assert other_port.json()["is_registered"] is False
