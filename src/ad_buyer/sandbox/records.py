"""What a seller remembers about its quotes and deals, whatever dialect it speaks.

Handlers keep these records (persisted with the seller's state); the wire
modules render them in the seller's dialect.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel

from ad_buyer.sandbox.vocabulary import AccessTier, DealType


class Terms(BaseModel):
    """The product, size, flight and price a quote offered or a deal booked."""

    package_id: str
    product_id: str
    product_name: str
    inventory_type: str
    deal_type: DealType
    impressions: int
    flight_start: date
    flight_end: date
    list_micros: int
    price_micros: int
    tier: AccessTier
    tier_discount_pct: Decimal
    volume_discount_pct: Decimal
    rationale: str
    currency: str = "USD"

    @property
    def guaranteed(self) -> bool:
        return self.deal_type is DealType.PROGRAMMATIC_GUARANTEED


class QuoteRecord(BaseModel):
    quote_id: str
    terms: Terms
    created_at: datetime
    expires_at: datetime
    fill_rate: float
    minimum_spend_micros: int
    inventory_available: bool
    media_type: str | None = None
    negotiation_id: str | None = None
    deal_id: str | None = None


class DealRecord(BaseModel):
    deal_id: str
    quote_id: str
    status: str
    terms: Terms
    media_type: str | None = None
    seats: list[str]
    created_at: datetime
    expires_at: datetime
