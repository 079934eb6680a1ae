"""Media kit wire models (PROTOCOL.md, Media kit) and the client's error type."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ad_buyer.clients.http import SellerHttpError


class MediaKitError(SellerHttpError):
    """A media kit call failed: HTTP error, unreachable seller or malformed body."""


class Placement(BaseModel):
    model_config = ConfigDict(extra="allow")

    placement_id: str
    name: str
    ad_formats: list[str] = Field(default_factory=list)
    dma_codes: list[str] = Field(default_factory=list)


class PackageSummary(BaseModel):
    """What anyone may see of a package: a price range, never an exact price."""

    model_config = ConfigDict(extra="allow")

    package_id: str
    name: str
    description: str = ""
    ad_formats: list[str] = Field(default_factory=list)
    device_types: list[int] = Field(default_factory=list)
    cat: list[str] = Field(default_factory=list)
    cattax: int | None = None
    geo_targets: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    price_range: str = ""
    rate_type: str = "cpm"
    is_featured: bool = False
    seller_url: str | None = Field(default=None, description="set by the buyer, not the wire")


class PackageDetail(PackageSummary):
    """An authenticated buyer's view: exact tier price and negotiation terms."""

    exact_price: float | None = None
    floor_price: float | None = None
    placements: list[Placement] = Field(default_factory=list)
    audience_segment_ids: list[str] = Field(default_factory=list)
    negotiation_enabled: bool = False
    volume_discounts_available: bool = False


class MediaKit(BaseModel):
    """``GET /media-kit``."""

    model_config = ConfigDict(extra="allow")

    seller_name: str
    total_packages: int
    featured: list[PackageSummary] = Field(default_factory=list)
    all_packages: list[PackageSummary] = Field(default_factory=list)


class SearchFilter(BaseModel):
    """Who is searching: sellers tailor results and prices to the tier."""

    buyer_tier: str | None = None
    agency_id: str | None = None
    advertiser_id: str | None = None
