"""What a seller shows of its packages: summaries to anyone, detail to a key."""

from __future__ import annotations

from typing import Any

from ad_buyer.media_kit.models import PackageDetail, PackageSummary, Placement
from ad_buyer.models.money import micros_to_float
from ad_buyer.registry.models import AgentCapability, AgentCard
from ad_buyer.sandbox.auth import Caller
from ad_buyer.sandbox.catalog import CHANNELS
from ad_buyer.sandbox.config import PackageSpec, SellerSpec
from ad_buyer.sandbox.pricing import price_range, tier_price_micros

PROTOCOLS = ["rest", "opendirect", "a2a", "mcp"]


def _audience_capabilities(package: PackageSpec, *, full: bool) -> dict[str, Any]:
    """The reference seller's audience block: supports-flags in public, lists with a key."""
    if full:
        return {"standard_segment_ids": list(package.audience_standard_ids),
                "standard_taxonomy_version": "1.1", "contextual_segment_ids": [],
                "contextual_taxonomy_version": "3.1", "agentic_capabilities": None}
    return {"standard_taxonomy_version": "1.1", "contextual_taxonomy_version": "3.1",
            "supports_standard": bool(package.audience_standard_ids),
            "supports_contextual": False, "supports_agentic": False,
            "agentic_spec_version": None}


def summary(package: PackageSpec) -> PackageSummary:
    return PackageSummary(
        package_id=package.package_id, name=package.name, description=package.description,
        ad_formats=package.ad_formats, device_types=package.device_types, cat=package.cat,
        cattax=package.cattax, geo_targets=package.geo_targets,
        tags=[*package.tags, *package.audience_tags],
        price_range=price_range(package.list_cpm_micros), rate_type="cpm",
        is_featured=package.is_featured,
        audience_capabilities=_audience_capabilities(package, full=False))


def detail(package: PackageSpec, caller: Caller) -> PackageDetail:
    placements = [
        Placement(placement_id=f"{package.package_id}-pl{i}", name=f"{package.name} #{i}",
                  ad_formats=package.ad_formats, dma_codes=[dma])
        for i, dma in enumerate(package.dma_codes, start=1)
    ]
    return PackageDetail(
        **summary(package).model_dump(exclude={"seller_url", "audience_capabilities"}),
        audience_capabilities=_audience_capabilities(package, full=True),
        exact_price=micros_to_float(tier_price_micros(package.list_cpm_micros, caller.tier)),
        floor_price=micros_to_float(package.floor_cpm_micros),
        placements=placements,
        audience_segment_ids=package.audience_segment_ids,
        negotiation_enabled=package.negotiation_enabled,
        volume_discounts_available=package.volume_discounts_available,
    )


def view(package: PackageSpec, caller: Caller) -> dict[str, Any]:
    model = detail(package, caller) if caller.authenticated else summary(package)
    return model.model_dump(mode="json", exclude={"seller_url"})


def matches(package: PackageSpec, query: str) -> int:
    """How many query words a package matches (0 = not a result)."""
    haystack = " ".join([package.name, package.description, package.channel.value,
                         *package.tags, *package.ad_formats]).lower()
    words = [w for w in query.lower().replace(",", " ").split() if w]
    return sum(1 for w in words if w in haystack) if words else 1


def agent_card(spec: SellerSpec, url: str) -> AgentCard:
    capabilities = [
        AgentCapability(name=channel.value,
                        description=f"{channel.value.replace('_', ' ')} inventory",
                        tags=list(CHANNELS[channel].tags))
        for channel in spec.channels
    ]
    capabilities.append(AgentCapability(
        name="negotiation", description="multi-round price negotiation for agency and "
        "advertiser tiers", tags=["negotiation", "proposals"]))
    return AgentCard(agent_id=spec.seller_id, name=spec.name, url=url, protocols=PROTOCOLS,
                     capabilities=capabilities, trust_level=spec.trust_level)
