"""Media kit endpoints, agent cards, tiers and the private reservation price."""

from __future__ import annotations

import json

import httpx
import pytest

from ad_buyer.media_kit.models import MediaKit, PackageDetail, PackageSummary
from ad_buyer.models.money import micros_to_float
from ad_buyer.sandbox.catalog import PROMPT_INJECTION
from ad_buyer.sandbox.network import SandboxNetwork

from .support import KEY


async def test_media_kit_and_packages(client: httpx.AsyncClient,
                                      network: SandboxNetwork) -> None:
    url = network.seller_url("omnicast")
    kit = MediaKit.model_validate((await client.get(f"{url}/media-kit")).json())
    assert kit.seller_name == "OmniCast Media"
    assert kit.total_packages == len(kit.all_packages) >= 8
    assert [p.package_id for p in kit.featured] == [kit.all_packages[0].package_id]
    assert all(p.price_range.endswith(" CPM") for p in kit.all_packages)
    featured = (await client.get(f"{url}/media-kit/packages",
                                 params={"featured_only": "true"})).json()["packages"]
    assert [p["package_id"] for p in featured] == [kit.featured[0].package_id]
    everything = (await client.get(f"{url}/media-kit/packages")).json()["packages"]
    assert len(everything) == kit.total_packages


async def test_package_ids_repeat_across_ctv_sellers(network: SandboxNetwork) -> None:
    ctv_sellers = [s for s in network.sellers if s.package("prod-ctv-001")]
    assert len(ctv_sellers) >= 4


@pytest.mark.parametrize(("headers", "exact"), [
    ({}, None),
    ({**KEY, "X-Seat-ID": "s1"}, "seat"),
    ({**KEY, "X-Seat-ID": "s1", "X-Agency-ID": "a1"}, "agency"),
    ({**KEY, "X-Seat-ID": "s1", "X-Agency-ID": "a1", "X-Advertiser-ID": "v1"}, "advertiser"),
    ({"X-Seat-ID": "s1", "X-Agency-ID": "a1", "X-Advertiser-ID": "v1"}, None),  # no key
    ({"Authorization": "Bearer k", "X-Seat-ID": "s1"}, "seat"),
])
async def test_package_detail_tier_prices(client: httpx.AsyncClient, network: SandboxNetwork,
                                          headers: dict[str, str], exact: str | None) -> None:
    url = network.seller_url("streamwave")
    r = await client.get(f"{url}/media-kit/packages/prod-ctv-001", headers=headers)
    assert r.status_code == 200
    list_micros = network.seller_spec("streamwave").package("prod-ctv-001").list_cpm_micros  # type: ignore[union-attr]
    if exact is None:
        assert "exact_price" not in r.json()
        PackageSummary.model_validate(r.json())
        return
    detail = PackageDetail.model_validate(r.json())
    discount = {"seat": 0.95, "agency": 0.90, "advertiser": 0.85}[exact]
    assert detail.exact_price == pytest.approx(round(micros_to_float(list_micros) * discount, 2))
    assert detail.floor_price is not None
    assert detail.floor_price < detail.exact_price
    assert detail.placements
    assert detail.placements[0].dma_codes


async def test_key_without_identity_is_demo_agency(client: httpx.AsyncClient,
                                                   network: SandboxNetwork) -> None:
    url = network.seller_url("streamwave")
    detail = (await client.get(f"{url}/media-kit/packages/prod-ctv-001", headers=KEY)).json()
    list_price = network.seller_spec("streamwave").package("prod-ctv-001").list_cpm_micros  # type: ignore[union-attr]
    assert detail["exact_price"] == pytest.approx(round(micros_to_float(list_price) * 0.9, 2))


async def test_unknown_package_is_404(client: httpx.AsyncClient,
                                      network: SandboxNetwork) -> None:
    r = await client.get(f"{network.seller_url('streamwave')}/media-kit/packages/nope")
    assert r.status_code == 404
    assert r.json()["detail"]["error"] == "package_not_found"


async def test_search(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url("streamwave")
    body = {"query": "premium video", "buyer_tier": "agency", "agency_id": "omnicom-456"}
    authed = (await client.post(f"{url}/media-kit/search", json=body, headers=KEY)).json()
    assert authed["results"]
    assert all("exact_price" in p for p in authed["results"])
    public = (await client.post(f"{url}/media-kit/search", json=body)).json()
    assert public["results"]
    assert all("exact_price" not in p for p in public["results"])
    none = (await client.post(f"{url}/media-kit/search", json={"query": "zzzz"})).json()
    assert none == {"results": []}


async def test_agent_card(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    card = (await client.get(f"{network.seller_url('primetime')}/.well-known/agent.json")).json()
    assert card["url"] == network.seller_url("primetime")
    assert {"rest", "a2a", "mcp"} <= set(card["protocols"])
    names = {c["name"] for c in card["capabilities"]}
    assert {"linear_tv", "ctv"} <= names


async def test_channels_and_prompt_injection_seller(network: SandboxNetwork) -> None:
    channels = {c.value for s in network.sellers for c in s.channels}
    assert channels == {"ctv", "online_video", "display", "mobile_app", "performance", "audio",
                        "dooh", "linear_tv"}
    assert len(network.sellers) >= 10
    injected = network.seller_spec("bargainbanners")
    assert injected.trust_level.value == "registered"
    assert all(PROMPT_INJECTION in p.description for p in injected.packages)
    for spec in network.sellers:
        for p in spec.packages:
            assert p.channel.value in p.tags
            if spec.dialect == "reference":  # floor 85% of list; it never goes under it
                assert p.floor_cpm_micros == p.reservation_cpm_micros < p.list_cpm_micros
            else:
                assert p.floor_cpm_micros < p.reservation_cpm_micros < p.list_cpm_micros


async def test_reservation_price_never_served(client: httpx.AsyncClient,
                                              network: SandboxNetwork) -> None:
    url = network.seller_url("streamwave")
    reservation = network.reservation_price("streamwave", "prod-ctv-001")
    micros = network.reservation_price_micros(url, "prod-ctv-001")
    bodies = [
        (await client.get(f"{url}/media-kit")).text,
        (await client.get(f"{url}/media-kit/packages/prod-ctv-001", headers=KEY)).text,
        (await client.post(f"{url}/media-kit/search", json={"query": "ctv"}, headers=KEY)).text,
    ]
    for text in bodies:
        assert "reservation" not in text
        assert str(micros) not in text
        assert f"{reservation}" not in json.dumps(text)
