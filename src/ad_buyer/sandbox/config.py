"""Configuration of the sandbox seller world: sellers, packages, faults."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ad_buyer.sandbox.vocabulary import Channel, Dialect, TrustLevel

__all__ = ["Channel", "DeliveryProfile", "Dialect", "FaultConfig", "PackageSpec", "Persona",
           "SandboxConfig", "SellerSpec", "TrustLevel"]


class Persona(StrEnum):
    """How a seller concedes in a negotiation."""

    FIRM = "firm"
    LINEAR = "linear"
    BOULWARE = "boulware"
    CONCEDER = "conceder"
    TIT_FOR_TAT = "tit_for_tat"


class DeliveryProfile(StrEnum):
    ON_PACE = "on_pace"
    UNDER = "under"
    OVER = "over"
    STALL = "stall"


QuoteAnomaly = Literal["no_price", "negative_cpm", "currency_mismatch", "expired",
                       "foreign_quote_id"]
DeliveryAnomaly = Literal["regress", "overspend"]


class FaultConfig(BaseModel):
    """Faults one seller injects. Rates draw from a seeded RNG, so runs repeat.

    ``timeout_rate`` hangs ``hang_seconds`` before handling a request (nothing
    happens at the seller); ``respond_late_rate`` (and ``respond_late_first_n``)
    handles it first and then hangs ``hang_seconds`` before answering: the seller
    has acted (booked a deal, say) and the buyer times out or dies without
    hearing of it.

    ``path_prefixes`` restricts the transport faults (latency, errors, hangs,
    malformed bodies) to paths under the seller root starting with one of them,
    and ``methods`` to those HTTP methods (``["POST"]`` with ``/api/v1/deals``:
    bookings only, not the deal lookups).
    """

    model_config = ConfigDict(extra="forbid")

    latency_ms: int = Field(default=0, ge=0)
    error_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    error_status: int = Field(default=503, ge=500, le=599)
    error_first_n: int = Field(default=0, ge=0, description="fail the first N requests")
    timeout_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    hang_seconds: float = Field(default=60.0, gt=0)
    malformed_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    # The seller does the work (books the deal), then answers only after
    # ``hang_seconds``: to the buyer, a timeout whose outcome is unknown.
    respond_late_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    respond_late_first_n: int = Field(default=0, ge=0)
    path_prefixes: list[str] | None = None
    methods: list[str] | None = None
    refuse_bookings: bool = False
    quote_anomaly: QuoteAnomaly | None = None
    booking_price_drift_pct: float = 0.0
    # A reference seller's deal that names another media type than its quote (seen:
    # a ``ctv`` quote whose deal says ``digital``).
    deal_media_type: str | None = None
    delivery_anomaly: DeliveryAnomaly | None = None
    reject_change_requests: bool = False

    @property
    def has_transport_faults(self) -> bool:
        """Any latency, error, hang, late answer or malformed body set (without one,
        the fault injector passes every request on untouched)."""
        return bool(self.latency_ms or self.error_rate or self.error_first_n
                    or self.timeout_rate or self.malformed_rate or self.respond_late_rate
                    or self.respond_late_first_n)

    def applies_to(self, path: str, method: str = "GET") -> bool:
        if self.methods and method.upper() not in {m.upper() for m in self.methods}:
            return False
        if not self.path_prefixes:
            return True
        return any(path.startswith(p) for p in self.path_prefixes)


class PackageSpec(BaseModel):
    """One package. ``reservation_cpm`` is private: never serialised over HTTP.

    ``product_id`` is the catalog product the package sells: a reference seller
    quotes products, not packages. None means the package id is the product id
    (the native sellers' catalogs).
    """

    package_id: str
    channel: Channel
    name: str
    description: str | None
    ad_formats: list[str]
    device_types: list[int]
    cat: list[str]
    cattax: int = 2
    geo_targets: list[str]
    dma_codes: list[str]
    tags: list[str]
    audience_segment_ids: list[str] = Field(default_factory=list)
    # Who the package reaches: IAB Audience Taxonomy 1.1 ids (ages, gender,
    # household; served as audience_capabilities.standard_segment_ids) and
    # audience tags served with the package's tags (kids_safe, family, mature...).
    audience_standard_ids: list[str] = Field(default_factory=list)
    audience_tags: list[str] = Field(default_factory=list)
    list_cpm_micros: int = Field(gt=0)
    floor_cpm_micros: int = Field(gt=0)
    reservation_cpm_micros: int = Field(gt=0)
    estimated_fill_rate: float = Field(ge=0.0, le=1.0)
    minimum_spend_micros: int = Field(ge=0)
    max_impressions: int = Field(gt=0)
    negotiation_enabled: bool = True
    volume_discounts_available: bool = True
    is_featured: bool = False
    product_id: str | None = None

    @property
    def product(self) -> str:
        return self.product_id or self.package_id


class SellerSpec(BaseModel):
    seller_id: str
    name: str
    channels: list[Channel]
    trust_level: TrustLevel = TrustLevel.REGISTERED
    registered: bool = True
    persona: Persona = Persona.LINEAR
    delivery_profile: DeliveryProfile = DeliveryProfile.ON_PACE
    reject_change_types: list[str] = Field(default_factory=list)
    packages: list[PackageSpec] = Field(default_factory=list)
    faults: FaultConfig = Field(default_factory=FaultConfig)
    dialect: Dialect = Dialect.NATIVE
    # What every price, quote, deal and delivery report of this seller is in; its
    # agent card declares it (``currencies``) and it refuses money in another.
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")

    def package(self, package_id: str) -> PackageSpec | None:
        return next((p for p in self.packages if p.package_id == package_id), None)

    def product(self, product_id: str) -> PackageSpec | None:
        """The package selling catalog product ``product_id``."""
        return next((p for p in self.packages if p.product == product_id), None)


class SandboxConfig(BaseModel):
    """The world: a seed and the sellers (``None`` -> the default network).

    ``dialect`` set: every seller speaks it, and with ``reference`` the registry
    answers in the AAMP shape. None: each seller's own dialect, native registry.
    """

    seed: int = 42
    dialect: Dialect | None = None
    sellers: list[SellerSpec] | None = None
    quote_ttl_seconds: int = Field(default=900, gt=0)
    registry_outage: bool = False
    demo_seat_id: str = "demo-seat"
    demo_agency_id: str = "demo-agency"
