"""The operator's view of a served sandbox (``/sandbox-admin``): not a seller API.

A test or benchmark that drives a buyer in another process reads what the
sellers really hold here, and sets faults on a running sandbox.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from ad_buyer.sandbox.money import Money
from ad_buyer.sandbox.vocabulary import DealType


class HeldDeal(BaseModel):
    """A deal as the seller holds it; ``cancelled_at`` is set once it was cancelled."""

    seller_id: str
    seller_url: str
    deal_id: str
    quote_id: str
    status: str
    product_id: str
    package_id: str
    deal_type: DealType
    impressions: int
    final_cpm: Money
    cost: Money
    created_at: datetime
    cancelled_at: datetime | None = None

    @property
    def live(self) -> bool:
        return self.cancelled_at is None


class HeldDeals(BaseModel):
    deals: list[HeldDeal]


class HeldNegotiation(BaseModel):
    """A negotiation as the seller holds it: the ids it is known by (its proposal id and
    the quote ids it was opened on), its status and, once accepted, the agreed price."""

    seller_id: str
    seller_url: str
    negotiation_id: str
    package_id: str
    refs: list[str]
    status: str
    rounds: int
    agreed_cpm: Money | None = None


class HeldNegotiations(BaseModel):
    negotiations: list[HeldNegotiation]
