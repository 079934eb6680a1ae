"""Wire models for quotes, deals, delivery and change requests (PROTOCOL.md).

Field names are the seller API's own. The buyer adds ``seller_url`` to quotes
and deals it receives: package and quote ids repeat across sellers, so the
buyer keys everything by seller URL plus id. It also sets ``negotiated_cpm``
on a quote whose price it agreed in a negotiation keyed by that quote (a
reference seller books such a quote at the agreed price).

Read as the reference seller really sends them: ``openrtb_params.bidfloor`` is
Money there (a number in the native shape), and quotes and deals carry a few
extras (``pricing_type``, ``created_at``, ``media_type``) that are kept.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator, model_validator

from ad_buyer.models.buyer_identity import DealType
from ad_buyer.models.money import Money


class WireModel(BaseModel):
    """Seller payloads: unknown fields are kept, so newer sellers still parse."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class FlightDates(BaseModel):
    flight_start: date
    flight_end: date

    @model_validator(mode="after")
    def _end_not_before_start(self) -> FlightDates:
        if self.flight_end < self.flight_start:
            raise ValueError(
                f"flight_end {self.flight_end} is before flight_start {self.flight_start}"
            )
        return self


class QuoteRequest(FlightDates):
    """``POST /api/v1/quotes``. Validated before any HTTP call."""

    model_config = ConfigDict(extra="forbid")

    idempotency_key: str = Field(min_length=8)
    product_id: str = Field(min_length=1)
    deal_type: DealType
    impressions: PositiveInt
    target_cpm: Money | None = None
    buyer_identity: dict[str, str] = Field(default_factory=dict)
    media_type: str | None = None
    # Sandbox and newer sellers: quote at the price a negotiation agreed.
    negotiation_id: str | None = None

    @field_validator("target_cpm")
    @classmethod
    def _target_positive(cls, value: Money | None) -> Money | None:
        if value is not None and value.amount_micros <= 0:
            raise ValueError("target_cpm must be positive")
        return value


class QuoteProduct(WireModel):
    product_id: str
    name: str = ""
    inventory_type: str | None = None


class QuotePricing(WireModel):
    base_cpm: Money
    tier_discount_pct: float = 0.0
    volume_discount_pct: float = 0.0
    final_cpm: Money
    rationale: str = ""


class QuoteTerms(WireModel):
    impressions: int
    flight_start: date
    flight_end: date
    guaranteed: bool = False


class QuoteAvailability(WireModel):
    inventory_available: bool = True
    estimated_fill_rate: float | None = None


class QuoteResponse(WireModel):
    """The ``quote`` object of a quote response."""

    quote_id: str
    status: str = "available"
    deal_type: DealType
    product: QuoteProduct
    pricing: QuotePricing
    terms: QuoteTerms
    availability: QuoteAvailability = Field(default_factory=QuoteAvailability)
    buyer_tier: str = "public"
    expires_at: datetime | None = None
    seller_id: str | None = None
    minimum_spend: Money | None = None
    negotiation_id: str | None = None
    media_type: str | None = None
    # The reference seller ties a booked quote to its deal (``status: booked``).
    deal_id: str | None = None
    seller_url: str | None = Field(default=None, description="set by the buyer, not the wire")
    negotiated_cpm: Money | None = Field(
        default=None, description="set by the buyer, not the wire: the price agreed in a "
        "negotiation on this quote, which the deal must book at")

    @property
    def agreed_cpm(self) -> Money:
        """The price a booking of this quote must carry: negotiated, else quoted."""
        return self.negotiated_cpm or self.pricing.final_cpm


class DealBookingRequest(BaseModel):
    """``POST /api/v1/deals``."""

    model_config = ConfigDict(extra="forbid")

    idempotency_key: str = Field(min_length=8)
    quote_id: str = Field(min_length=1)
    buyer_identity: dict[str, str] = Field(default_factory=dict)
    notes: str | None = None


class ActivationInstructions(WireModel):
    ttd: str | None = None
    dv360: str | None = None
    xandr: str | None = None


class OpenRTBParams(WireModel):
    id: str
    bidfloor: Money = Field(description="Money, or a number of dollars on the wire")
    at: int = 3
    wseat: list[str] = Field(default_factory=list)
    wadomain: list[str] = Field(default_factory=list)


    @field_validator("bidfloor", mode="before")
    @classmethod
    def _bidfloor_as_money(cls, value: object) -> object:
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            return Money.of(value)
        return value


class DealStatus(StrEnum):
    PROPOSED = "proposed"
    BOOKED = "booked"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class DealResponse(WireModel):
    """The ``deal`` object of a booking response."""

    deal_id: str
    deal_type: DealType
    status: str = DealStatus.BOOKED.value
    quote_id: str
    product: QuoteProduct
    pricing: QuotePricing
    terms: QuoteTerms
    activation_instructions: ActivationInstructions = Field(
        default_factory=ActivationInstructions
    )
    openrtb_params: OpenRTBParams | None = None
    media_type: str | None = None
    seller_url: str | None = Field(default=None, description="set by the buyer, not the wire")

    @property
    def confirmed(self) -> bool:
        """The seller says the deal is live (``proposed`` awaits its confirmation)."""
        return self.status.lower() not in ("proposed", "cancelled", "expired", "rejected")


class DeliveryReport(WireModel):
    """``GET /api/v1/deals/{id}/performance``: delivery so far."""

    deal_id: str
    as_of: datetime
    impressions_delivered: int
    spend: Money
    booked_impressions: int
    status: str = DealStatus.ACTIVE.value


ChangeType = Literal["increase_delivery", "throttle_delivery", "impressions", "budget",
                     "flight", "cancel"]


class ChangeRequest(BaseModel):
    """``POST /api/v1/change-requests``: ask a seller to change a live deal."""

    model_config = ConfigDict(extra="forbid")

    idempotency_key: str = Field(min_length=8)
    deal_id: str
    change_type: ChangeType
    impressions: PositiveInt | None = None
    budget: Money | None = None
    flight_end: date | None = None
    reason: str = ""


class ChangeRequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    APPLIED = "applied"


class ChangeRequestResponse(WireModel):
    change_request_id: str
    deal_id: str
    change_type: str
    status: ChangeRequestStatus
    seller_message: str = ""
    impressions: int | None = None
    budget: Money | None = None
    flight_end: date | None = None


