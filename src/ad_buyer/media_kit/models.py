"""Media kit wire models (PROTOCOL.md, Media kit) and the client's error type.

Read as the reference seller really sends them too: no ``seller_name`` on the
media kit, ``description: null``, and placements keyed by ``product_id`` /
``product_name`` (the catalog products a reference seller quotes).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ad_buyer.clients.http import SellerHttpError


class MediaKitError(SellerHttpError):
    """A media kit call failed: HTTP error, unreachable seller or malformed body."""


class Placement(BaseModel):
    """A native ``{placement_id, name}`` or a reference ``{product_id, product_name}``."""

    model_config = ConfigDict(extra="allow")

    placement_id: str | None = None
    product_id: str | None = None
    name: str = ""
    ad_formats: list[str] = Field(default_factory=list)
    dma_codes: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _name_from_product(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("name") and data.get("product_name"):
            return {**data, "name": data["product_name"]}
        return data

    @model_validator(mode="after")
    def _identified(self) -> Placement:
        if not (self.placement_id or self.product_id):
            raise ValueError("a placement needs a placement_id or a product_id")
        return self


class PackageSummary(BaseModel):
    """What anyone may see of a package: a price range, never an exact price."""

    model_config = ConfigDict(extra="allow")

    package_id: str
    name: str
    description: str = Field(default="", description="a seller's null reads as empty")
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

    @field_validator("description", mode="before")
    @classmethod
    def _null_description(cls, value: Any) -> Any:
        return "" if value is None else value


class PackageDetail(PackageSummary):
    """An authenticated buyer's view: exact tier price and negotiation terms."""

    exact_price: float | None = None
    floor_price: float | None = None
    placements: list[Placement] = Field(default_factory=list)
    audience_segment_ids: list[str] = Field(default_factory=list)
    negotiation_enabled: bool = False
    volume_discounts_available: bool = False

    @property
    def product_id(self) -> str | None:
        """The catalog product a seller quotes for this package (its first placement's)."""
        return next((p.product_id for p in self.placements if p.product_id), None)


class MediaKit(BaseModel):
    """``GET /media-kit``. A reference seller sends no ``seller_name``."""

    model_config = ConfigDict(extra="allow")

    seller_name: str | None = None
    total_packages: int
    featured: list[PackageSummary] = Field(default_factory=list)
    all_packages: list[PackageSummary] = Field(default_factory=list)


class SearchFilter(BaseModel):
    """Who is searching: sellers tailor results and prices to the tier."""

    buyer_tier: str | None = None
    agency_id: str | None = None
    advertiser_id: str | None = None
