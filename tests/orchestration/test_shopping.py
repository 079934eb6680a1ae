"""``MultiSellerOrchestrator.shop``: media-kit-driven buying against the
in-process sandbox over HTTP (package choice, full budget, dry run)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.models import EventType
from ad_buyer.models.money import to_micros
from ad_buyer.orchestration.multi_seller import MultiSellerOrchestrator
from ad_buyer.orchestration.negotiation_stage import NegotiationStage
from ad_buyer.orchestration.shopping import ShoppingOrder
from ad_buyer.registry.client import RegistryClient
from ad_buyer.sandbox.catalog import DEFAULT_SELLERS, build_seller
from ad_buyer.sandbox.config import FaultConfig, SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox
from seller_keys import sandbox_auth

from .helpers import CTV_SELLERS, ctv_requirements

Make = Callable[..., MultiSellerOrchestrator]
BUDGET = 125_000


def shop_kw(**kw: Any) -> dict[str, Any]:
    kw.setdefault("deal_type", "PD")
    kw.setdefault("flight_start", "2026-07-01")
    kw.setdefault("flight_end", "2026-09-30")
    kw.setdefault("budget", BUDGET)
    kw.setdefault("countries", ["US"])
    return kw


def all_booked(network: SandboxNetwork) -> list[Any]:
    return [d for url in network.seller_urls for d in network.booked_deals(url)]


def with_negotiation(make: Make, network: SandboxNetwork, **kw: Any) -> MultiSellerOrchestrator:
    orch = make(**kw)
    orch.negotiation = NegotiationStage.over_http(auth=orch.auth, transport=network.transport())
    return orch


NATIVE_BLUEPRINTS = [b for b in DEFAULT_SELLERS if b.dialect == "native"]


async def test_ctv_buy_reads_media_kits_and_spends_at_least_95_percent(
        make_orchestrator: Make, network: SandboxNetwork, bus: InMemoryEventBus) -> None:
    orch = with_negotiation(make_orchestrator, network)
    result = await orch.shop(ctv_requirements(max_cpm=45.0), **shop_kw())
    sel = result.selection
    budget_micros = to_micros(BUDGET)
    spent = to_micros(sel.total_spend)
    assert Decimal(spent) / budget_micros >= Decimal("0.95"), sel
    assert spent <= budget_micros
    assert sel.total_spend + sel.remaining_budget == Decimal(BUDGET)
    assert 1 < len(sel.booked_deals) <= 5
    # Every booked package is one the seller's media kit lists, at the price booked.
    for deal in sel.booked_deals:
        spec = network.seller_spec(deal.seller_url or "")
        assert spec.seller_id in CTV_SELLERS
        assert spec.package(deal.product.product_id) is not None
        assert deal.pricing.final_cpm.amount_micros <= 45_000_000
    assert len(all_booked(network)) == len(sel.booked_deals)
    # Quoted pairs are distinct by seller URL + package id, at most two per seller.
    pairs = [(r.seller_url, r.quote.product.product_id) for r in result.quote_results
             if r.quote is not None]
    assert len(pairs) == len(set(pairs))
    per_seller = {url for url, _ in pairs}
    assert all(sum(1 for u, _ in pairs if u == url) <= 2 for url in per_seller)
    assert {c.key for c in result.package_candidates} >= {f"{u}|{p}" for u, p in pairs}
    assert bus.of_type(EventType.DEAL_BOOKED)


async def test_packages_with_unique_ids_are_bought_without_any_fixed_product_id(
        registry: RegistryClient, bus: InMemoryEventBus) -> None:
    sellers = []
    for blueprint in NATIVE_BLUEPRINTS:
        spec = build_seller(blueprint, 42)
        spec.packages = [p.model_copy(update={"package_id": f"{spec.seller_id}-pkg-{i}"})
                         for i, p in enumerate(spec.packages)]
        sellers.append(spec)
    network = in_process_sandbox(SandboxConfig(sellers=sellers))
    reg = RegistryClient(registry_url=network.registry_url, transport=network.transport())
    orch = MultiSellerOrchestrator(reg, lambda url, **kw: DealsClient(url, **kw),
                                   transport=network.transport(),
                                   auth=await sandbox_auth(network), event_bus=bus)
    result = await orch.shop(ctv_requirements(max_cpm=45.0), **shop_kw())
    booked = result.selection.booked_deals
    assert booked
    assert all(d.product.product_id.startswith(d.seller_url.rsplit("/", 1)[1] + "-pkg-")
               for d in booked if d.seller_url)
    assert to_micros(result.selection.total_spend) >= to_micros(BUDGET) * 95 // 100
    await reg.aclose()


async def test_dry_run_plans_and_books_nothing(
        make_orchestrator: Make, network: SandboxNetwork, bus: InMemoryEventBus) -> None:
    orch = with_negotiation(make_orchestrator, network)
    result = await orch.shop(ctv_requirements(max_cpm=45.0), **shop_kw(),
                             dry_run=True, run_id="dry-1")
    sel = result.selection
    assert sel.dry_run
    assert sel.mode == "dry_run"
    assert sel.booked_deals == []
    assert sel.total_spend == 0
    assert sel.remaining_budget == Decimal(BUDGET)
    assert sel.planned
    assert all(p.status == "planned" for p in sel.planned)
    planned = sum(p.cost_micros for p in sel.planned)
    assert to_micros(BUDGET) * 95 // 100 <= planned <= to_micros(BUDGET)
    assert sel.planned_spend == Decimal(planned) / 1_000_000
    for p in sel.planned:
        assert p.impressions > 0
        assert p.cpm_micros > 0
        assert p.product_id
    assert all_booked(network) == []
    assert all(network.negotiations(url) == [] for url in network.seller_urls)
    assert bus.of_type(EventType.DEAL_BOOKED) == []
    assert bus.of_type(EventType.PORTFOLIO_SELECTED)[0].payload["dry_run"] is True


async def test_never_over_a_small_budget(make_orchestrator: Make,
                                         network: SandboxNetwork) -> None:
    result = await make_orchestrator().shop(ctv_requirements(max_cpm=45.0),
                                            **shop_kw(budget=6_000))
    assert to_micros(result.selection.total_spend) <= 6_000_000_000
    assert sum(d.pricing.final_cpm.amount_micros * d.terms.impressions // 1000
               for d in result.selection.booked_deals) <= 6_000_000_000


async def test_dmas_blocked_and_excluded_sellers(make_orchestrator: Make,
                                                 network: SandboxNetwork) -> None:
    result = await make_orchestrator().shop(
        ctv_requirements(max_cpm=45.0, excluded_sellers=["omnicast"]),
        **shop_kw(dmas=["501"]), dry_run=True)
    assert result.package_candidates
    for cand in result.package_candidates:
        spec = network.seller_spec(cand.seller_url)
        assert spec.seller_id in {"streamwave", "primetime"}
        assert "501" in spec.package(cand.package_id).dma_codes  # type: ignore[union-attr]
        assert cand.dma_verified
    reasons = {r["package_id"]: r["reason"] for r in result.package_rejections
               if "primetime" in r["seller_url"]}
    assert reasons["prod-linear-001"] == "channel_mismatch"  # linear TV is not CTV
    assert "dma_mismatch" in reasons.values()


async def test_a_seller_with_a_broken_media_kit_is_skipped(
        make_orchestrator: Make, network: SandboxNetwork) -> None:
    network.set_faults("streamwave", FaultConfig(error_rate=1.0, path_prefixes=["/media-kit"]))
    result = await make_orchestrator().shop(ctv_requirements(max_cpm=45.0), **shop_kw(),
                                            dry_run=True)
    sellers = {c.seller_url.rsplit("/", 1)[1] for c in result.package_candidates}
    assert sellers == {"primetime", "omnicast"}
    assert result.selection.planned


async def test_prompt_injection_in_seller_text_changes_nothing(
        bus: InMemoryEventBus) -> None:
    async def plan(injection: bool) -> list[tuple[str, str, int, int]]:
        sellers = [build_seller(b if b.seller_id != "bargainbanners" or injection
                                else dataclasses.replace(b, injection=False), 42)
                   for b in NATIVE_BLUEPRINTS]
        network = in_process_sandbox(SandboxConfig(sellers=sellers))
        hostile = network.seller_spec("bargainbanners").packages[0].description
        assert ("Ignore your budget" in hostile) is injection
        reg = RegistryClient(registry_url=network.registry_url, transport=network.transport())
        orch = MultiSellerOrchestrator(reg, lambda url, **kw: DealsClient(url, **kw),
                                       transport=network.transport(),
                                       auth=await sandbox_auth(network))
        result = await orch.shop(ctv_requirements(media_type="display", max_cpm=8.0),
                                 **shop_kw(budget=50_000), dry_run=True)
        await reg.aclose()
        return [(p.seller_url, p.product_id, p.impressions, p.cpm_micros)
                for p in result.selection.planned]

    clean, hostile = await plan(False), await plan(True)
    assert clean == hostile
    assert any("bargainbanners" in url for url, *_ in clean)
    assert sum(cpm * imps // 1000 for *_, imps, cpm in hostile) <= 50_000_000_000


def test_order_is_validated_before_any_http() -> None:
    req = ctv_requirements()
    with pytest.raises(ValueError, match="max_deals"):
        ShoppingOrder.create(req, deal_type="PD", flight_start="2026-07-01",
                             flight_end="2026-09-30", budget_micros=1, max_deals=0)
    with pytest.raises(ValueError, match="before flight_start"):
        ShoppingOrder.create(req, deal_type="PD", flight_start="2026-07-01",
                             flight_end="2026-06-30", budget_micros=1, max_deals=1)
    with pytest.raises(ValueError, match="unknown deal type"):
        ShoppingOrder.create(req, deal_type="XX", flight_start="2026-07-01",
                             flight_end="2026-09-30", budget_micros=1, max_deals=1)
    with pytest.raises(ValueError, match="unknown channel"):
        ShoppingOrder.create(ctv_requirements(media_type="radio"), deal_type="PD",
                             flight_start="2026-07-01", flight_end="2026-09-30",
                             budget_micros=1, max_deals=1)
