"""Shared builders for orchestration tests."""

from __future__ import annotations

from typing import Any

from ad_buyer.models.money import Amount
from ad_buyer.orchestration.multi_seller import (
    DealParams,
    InventoryRequirements,
    MultiSellerOrchestrator,
    OrchestrationResult,
)
from ad_buyer.sandbox.network import SandboxNetwork

CTV_SELLERS = ("streamwave", "primetime", "omnicast")


def ctv_requirements(**kw: Any) -> InventoryRequirements:
    kw.setdefault("media_type", "ctv")
    kw.setdefault("deal_types", ["PD", "PG"])
    kw.setdefault("max_cpm", 60.0)
    return InventoryRequirements(**kw)


def ctv_params(**kw: Any) -> DealParams:
    kw.setdefault("product_id", "prod-ctv-001")
    kw.setdefault("deal_type", "PD")
    kw.setdefault("impressions", 500_000)
    kw.setdefault("flight_start", "2026-07-01")
    kw.setdefault("flight_end", "2026-09-30")
    return DealParams(**kw)


async def buy_ctv(orch: MultiSellerOrchestrator, *, budget: Amount = 1_000_000,
                  max_deals: int = 3, **options: Any) -> OrchestrationResult:
    """The CTV buy most tests make: the sellers' ``prod-ctv-001``, PD, 500k impressions."""
    return await orch.orchestrate(ctv_requirements(), ctv_params(), budget=budget,
                                  max_deals=max_deals, **options)


def booked_at(network: SandboxNetwork, seller_id: str) -> list[Any]:
    return network.booked_deals(seller_id)


def active_at(network: SandboxNetwork, seller_id: str) -> list[Any]:
    return network.active_deals(seller_id)
