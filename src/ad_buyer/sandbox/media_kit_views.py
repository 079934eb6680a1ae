"""What a seller shows of its packages and itself, in its dialect.

Native: summaries to anyone, detail (exact price, placements) to a key holder
on every package route. Reference: the public view everywhere except the
tier-gated routes (``/packages/{id}``, search), whose authenticated view lists
placements by ``product_id``/``product_name``; ``description`` may be null.
"""

from __future__ import annotations

from typing import Any

from ad_buyer.sandbox.auth import Caller
from ad_buyer.sandbox.catalog import CHANNELS
from ad_buyer.sandbox.config import PackageSpec, SellerSpec
from ad_buyer.sandbox.money import dollars
from ad_buyer.sandbox.pricing import price_range, quote_price_micros
from ad_buyer.sandbox.vocabulary import REFERENCE_INVENTORY_TYPE, Dialect
from ad_buyer.sandbox.wire import native, reference

PROTOCOLS = ["rest", "opendirect", "a2a", "mcp"]
# OpenRTB imp object names, which the reference seller uses for ad formats.
OPENRTB_FORMAT = {"display": "banner"}


def exact_price_micros(package: PackageSpec, caller: Caller) -> int:
    price, _, _ = quote_price_micros(package.list_cpm_micros, caller.tier, 0, False,
                                     package.floor_cpm_micros)
    return price


def audience_capabilities(package: PackageSpec, *, full: bool) -> dict[str, Any]:
    """The reference seller's audience block: supports-flags in public, lists with a key."""
    if full:
        return {"standard_segment_ids": list(package.audience_standard_ids),
                "standard_taxonomy_version": "1.1", "contextual_segment_ids": [],
                "contextual_taxonomy_version": "3.1", "agentic_capabilities": None}
    return {"standard_taxonomy_version": "1.1", "contextual_taxonomy_version": "3.1",
            "supports_standard": bool(package.audience_standard_ids),
            "supports_contextual": False, "supports_agentic": False,
            "agentic_spec_version": None}


# ---- native ----


def summary(package: PackageSpec, currency: str = "USD") -> native.PackageSummary:
    return native.PackageSummary(
        package_id=package.package_id, name=package.name, description=package.description or "",
        ad_formats=package.ad_formats, device_types=package.device_types, cat=package.cat,
        cattax=package.cattax, geo_targets=package.geo_targets,
        tags=[*package.tags, *package.audience_tags],
        price_range=price_range(package.list_cpm_micros, currency), rate_type="cpm",
        is_featured=package.is_featured,
        audience_capabilities=audience_capabilities(package, full=False))


def detail(package: PackageSpec, caller: Caller,
           currency: str = "USD") -> native.PackageDetail:
    placements = [
        native.Placement(placement_id=f"{package.package_id}-pl{i}",
                         name=f"{package.name} #{i}", ad_formats=package.ad_formats,
                         dma_codes=[dma])
        for i, dma in enumerate(package.dma_codes, start=1)
    ]
    return native.PackageDetail(
        **summary(package, currency).model_dump(exclude={"audience_capabilities"}),
        audience_capabilities=audience_capabilities(package, full=True),
        exact_price=dollars(exact_price_micros(package, caller)),
        floor_price=dollars(package.floor_cpm_micros), placements=placements,
        audience_segment_ids=package.audience_segment_ids,
        negotiation_enabled=package.negotiation_enabled,
        volume_discounts_available=package.volume_discounts_available)


def native_view(package: PackageSpec, caller: Caller, currency: str = "USD") -> dict[str, Any]:
    model = detail(package, caller, currency) if caller.authenticated \
        else summary(package, currency)
    return model.model_dump(mode="json")


def declared_currencies(spec: SellerSpec) -> list[str] | None:
    """What a card declares it prices in: nothing for USD, which a card that declares
    no currency is read as (the reference seller's cards declare none)."""
    return None if spec.currency == "USD" else [spec.currency]


def native_card(spec: SellerSpec, url: str) -> native.AgentCard:
    capabilities = [
        native.Capability(name=channel.value,
                          description=f"{channel.value.replace('_', ' ')} inventory",
                          tags=list(CHANNELS[channel].tags))
        for channel in spec.channels
    ]
    capabilities.append(native.Capability(
        name="negotiation", description="multi-round price negotiation for agency and "
        "advertiser tiers", tags=["negotiation", "proposals"]))
    return native.AgentCard(agent_id=spec.seller_id, name=spec.name, url=url,
                            protocols=PROTOCOLS, capabilities=capabilities,
                            trust_level=spec.trust_level, currencies=declared_currencies(spec))


# ---- reference ----


def _formats(package: PackageSpec) -> list[str]:
    return list(dict.fromkeys(OPENRTB_FORMAT.get(f, f) for f in package.ad_formats))


def public_view(package: PackageSpec, currency: str = "USD") -> dict[str, Any]:
    return {
        "package_id": package.package_id, "name": package.name,
        "description": package.description, "ad_formats": _formats(package),
        "device_types": package.device_types, "cat": package.cat, "cattax": package.cattax,
        "audience_capabilities": audience_capabilities(package, full=False),
        "geo_targets": package.geo_targets, "tags": [*package.tags, *package.audience_tags],
        "price_range": price_range(package.list_cpm_micros, currency), "rate_type": "cpm",
        "is_featured": package.is_featured,
    }


def authenticated_view(package: PackageSpec, caller: Caller,
                       currency: str = "USD") -> dict[str, Any]:
    return {
        **public_view(package, currency),
        "exact_price": dollars(exact_price_micros(package, caller)),
        "floor_price": dollars(package.floor_cpm_micros), "currency": currency,
        "placements": [{"product_id": package.product, "product_name": package.name,
                        "ad_formats": _formats(package), "device_types": package.device_types,
                        "weight": 1.0}],
        "audience_capabilities": audience_capabilities(package, full=True),
        "negotiation_enabled": package.negotiation_enabled,
        "volume_discounts_available": package.volume_discounts_available,
    }


def reference_view(package: PackageSpec, caller: Caller,
                   currency: str = "USD") -> dict[str, Any]:
    if caller.authenticated:
        return authenticated_view(package, caller, currency)
    return public_view(package, currency)


def reference_card(spec: SellerSpec, url: str) -> dict[str, Any]:
    return reference.agent_card(spec.name, url,
                                [REFERENCE_INVENTORY_TYPE[c] for c in spec.channels],
                                declared_currencies(spec))


# ---- both ----


def view(spec: SellerSpec, package: PackageSpec, caller: Caller) -> dict[str, Any]:
    """The tier-gated view of a package in the seller's dialect."""
    if spec.dialect is Dialect.REFERENCE:
        return reference_view(package, caller, spec.currency)
    return native_view(package, caller, spec.currency)


def matches(package: PackageSpec, query: str) -> int:
    """How many query words a package matches (0 = not a result)."""
    haystack = " ".join([package.name, package.description or "", package.channel.value,
                         *package.tags, *package.ad_formats]).lower()
    words = [w for w in query.lower().replace(",", " ").split() if w]
    return sum(1 for w in words if w in haystack) if words else 1


def capability_terms(spec: SellerSpec) -> set[str]:
    """Every word a registry matches a ``capabilities`` filter against for this seller:
    what its card declares (native capability tags; a reference card's inventory
    types and skill tags), plus the channel names the registry knows them by."""
    if spec.dialect is Dialect.REFERENCE:
        terms = {tag for *_, tags in reference.SKILLS for tag in tags}
        for channel in spec.channels:
            terms |= {channel.value, REFERENCE_INVENTORY_TYPE[channel]}
        return terms
    terms = {"negotiation", "proposals"}
    for channel in spec.channels:
        terms |= {channel.value, *CHANNELS[channel].tags}
    return terms


def card_in_dialect(spec: SellerSpec, url: str) -> dict[str, Any]:
    """The card the seller serves at ``/.well-known/agent.json``."""
    if spec.dialect is Dialect.REFERENCE:
        return reference_card(spec, url)
    return native_card(spec, url).model_dump(mode="json", exclude={"trust_level"},
                                             exclude_none=True)

