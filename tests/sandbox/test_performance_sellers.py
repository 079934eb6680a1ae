"""The performance-channel sellers: seeded, discoverable, and harmless to the rest.

The fingerprints below were computed from ``default_sellers`` *before* the
performance sellers were added; they pin the original twelve sellers' catalogs
(packages, prices, inventory) and registry cards exactly.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import pytest

from ad_buyer.media_kit.models import PackageDetail
from ad_buyer.orchestration.package_selection import PackageCriteria, select_packages
from ad_buyer.registry.models import TrustLevel
from ad_buyer.sandbox.catalog import DEFAULT_SELLERS, build_seller, default_sellers
from ad_buyer.sandbox.config import Channel, SandboxConfig
from ad_buyer.sandbox.media_kit_views import native_card
from ad_buyer.sandbox.network import SandboxNetwork

from .support import KEY

ORIGINAL_IDS = ["streamwave", "primetime", "vidnation", "pixelpress", "appreach", "soundwave",
                "metroscreens", "omnicast", "podnet", "bargainbanners", "shadyreach", "offgrid"]
PERFORMANCE_IDS = ["convertly", "clickpath"]
REFERENCE_IDS = ["harborview", "lumacast", "brightpage"]
FOREIGN_CURRENCY_IDS = ["rheinstream", "europixel", "seinemedia", "thamesview",
                        "albiondigital", "britcast"]
# Fields added to the specs after the pin (defaults for the original sellers, or, for
# the audience facts, derived from each package's noun without a random draw).
LATER_FIELDS: dict[str, Any] = {"dialect": True, "currency": True, "packages": {"__all__": {
    "product_id", "audience_standard_ids", "audience_tags"}},
    "faults": {"respond_late_rate", "respond_late_first_n", "methods", "deal_media_type"}}
# sha256 of the original twelve SellerSpecs (JSON, sorted keys), per seed.
ORIGINAL_CATALOG_SHA256 = {
    42: "bbfeefb2c254a8118e0524f98c2aab2f0e11e81bee0860a8316703025f647ea4",
    7: "9a4dd1c3619cbe4a2281d5c56f69fce490318912ec311649f6c441b924fa2388",
    2027: "f55dd986dabdacd19d4d60a03d3e839de20313566b5c3190ea955c9d97cdb02a",
}
# sha256 of their agent cards (seed 42, url http://x/{seller_id}).
ORIGINAL_CARDS_SHA256 = "646044a3e47ab1413a37e9a7c823b71d4ad08d4286f47e90da3c3b7e6b5a8871"


def _sha256(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize("seed", sorted(ORIGINAL_CATALOG_SHA256))
def test_original_sellers_catalogs_are_unchanged(seed: int) -> None:
    original = [s for s in default_sellers(seed) if s.seller_id in ORIGINAL_IDS]
    assert [s.seller_id for s in original] == ORIGINAL_IDS
    assert all(s.dialect == "native" for s in original)
    assert all(p.product_id is None for s in original for p in s.packages)
    assert _sha256([s.model_dump(mode="json", exclude=LATER_FIELDS) for s in original]) == \
        ORIGINAL_CATALOG_SHA256[seed]


def test_original_sellers_registry_cards_are_unchanged() -> None:
    original = [s for s in default_sellers(42) if s.seller_id in ORIGINAL_IDS]
    # Later field: a card declares its currencies when not USD (theirs are USD).
    cards = [native_card(s, f"http://x/{s.seller_id}").model_dump(
        mode="json", exclude={"currencies"}) for s in original]
    assert _sha256(cards) == ORIGINAL_CARDS_SHA256
    assert all(native_card(s, "http://x").currencies is None for s in original)


def test_default_world_has_the_performance_sellers_after_the_original_ones() -> None:
    sellers = default_sellers(42)
    assert [s.seller_id for s in sellers] == \
        ORIGINAL_IDS + PERFORMANCE_IDS + REFERENCE_IDS + FOREIGN_CURRENCY_IDS
    performance = [s for s in sellers if Channel.PERFORMANCE in s.channels]
    assert [s.seller_id for s in performance] == PERFORMANCE_IDS
    assert all(s.registered for s in performance)
    assert {s.trust_level for s in performance} == {TrustLevel.VERIFIED, TrustLevel.REGISTERED}


@pytest.mark.parametrize("seed", [42, 7, 2027])
def test_performance_packages_are_seeded_realistic_and_well_formed(seed: int) -> None:
    for seller in default_sellers(seed):
        if seller.seller_id not in PERFORMANCE_IDS:
            continue
        assert seller.channels == [Channel.PERFORMANCE]
        ids = [p.package_id for p in seller.packages]
        assert ids == [f"prod-performance-{i:03d}" for i in range(1, len(ids) + 1)]
        assert 2 <= len(ids) <= 3
        assert [p.is_featured for p in seller.packages] == [True] + [False] * (len(ids) - 1)
        for package in seller.packages:
            assert 3_000_000 <= package.list_cpm_micros <= 12_000_000
            assert package.floor_cpm_micros < package.reservation_cpm_micros \
                < package.list_cpm_micros
            assert "US" in package.geo_targets
            assert "performance" in package.tags
            assert not {"display", "banner", "video", "online_video", "mobile_app"} \
                & set(package.tags)
        assert seller.packages[0].negotiation_enabled


def test_performance_sellers_repeat_per_seed_and_do_not_depend_on_each_other() -> None:
    blueprints = {b.seller_id: b for b in DEFAULT_SELLERS}
    for seller_id in PERFORMANCE_IDS:
        alone = build_seller(blueprints[seller_id], 42)
        in_world = next(s for s in default_sellers(42) if s.seller_id == seller_id)
        assert alone == in_world
        assert build_seller(blueprints[seller_id], 7) != alone


async def test_registry_finds_performance_sellers_by_the_capability_the_buyer_asks_for(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    r = await client.get(f"{network.registry_url}/agents",
                         params={"capabilities": "performance"})
    assert r.status_code == 200
    found = {a["agent_id"]: a["trust_level"] for a in r.json()["agents"]}
    assert found == {"convertly": "verified", "clickpath": "registered"}
    for other in ("display", "online_video", "mobile_app", "ctv"):
        r = await client.get(f"{network.registry_url}/agents",
                             params={"capabilities": other})
        assert not {a["agent_id"] for a in r.json()["agents"]} & set(PERFORMANCE_IDS)
    r = await client.get(f"{network.registry_url}/verify",
                         params={"agent_url": network.seller_url("convertly")})
    assert r.json()["is_registered"] is True


async def test_performance_media_kit_packages_fit_the_performance_channel_only(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    packages: list[PackageDetail] = []
    for seller_id in PERFORMANCE_IDS:
        url = network.seller_url(seller_id)
        r = await client.get(f"{url}/media-kit/packages")
        assert r.status_code == 200, r.text
        ids = [row["package_id"] for row in r.json()["packages"]]
        assert ids
        for package_id in ids:
            r = await client.get(f"{url}/media-kit/packages/{package_id}", headers=KEY)
            assert r.status_code == 200, r.text
            assert not any("reservation" in key for key in r.json())
            detail = PackageDetail.model_validate({**r.json(), "seller_url": url})
            assert detail.exact_price is not None
            assert detail.exact_price <= 12.0
            packages.append(detail)
    cap = 15_000_000
    performance = select_packages(packages, PackageCriteria(
        channel="performance", countries=("US",), max_cpm_micros=cap))
    assert performance.candidates
    assert {c.seller_url.rsplit("/", 1)[1] for c in performance.candidates} == \
        set(PERFORMANCE_IDS)
    assert all(r["reason"] == "over_per_seller_cap" for r in performance.rejected)
    for other in ("display", "online_video", "mobile_app"):
        picked = select_packages(packages, PackageCriteria(channel=other))
        assert picked.candidates == []
        assert {r["reason"] for r in picked.rejected} == {"channel_mismatch"}


def test_an_explicit_seller_list_still_replaces_the_default_world() -> None:
    only = [s for s in default_sellers(42) if s.seller_id == "convertly"]
    network = SandboxNetwork(SandboxConfig(sellers=only))
    assert [s.seller_id for s in network.sellers] == ["convertly"]
    assert [c.agent_id for c in network.registry.listings] == ["convertly"]
