"""Native dialect: the shapes of PROTOCOL.md's main sections."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, model_validator

from ad_buyer.sandbox.money import Money, dollars, money
from ad_buyer.sandbox.records import DealRecord, QuoteRecord
from ad_buyer.sandbox.records import Terms as Terms_
from ad_buyer.sandbox.vocabulary import DealType, TrustLevel

# ---- requests ----


class Dated(BaseModel):
    flight_start: date
    flight_end: date

    @model_validator(mode="after")
    def _in_order(self) -> Dated:
        if self.flight_end < self.flight_start:
            raise ValueError(f"flight_end {self.flight_end} is before flight_start "
                             f"{self.flight_start}")
        return self


class QuoteRequest(Dated):
    idempotency_key: str
    product_id: str = Field(min_length=1)
    deal_type: DealType
    impressions: PositiveInt
    target_cpm: Money | None = None
    buyer_identity: dict[str, str] = Field(default_factory=dict)
    media_type: str | None = None
    negotiation_id: str | None = None


class BookingRequest(BaseModel):
    idempotency_key: str
    quote_id: str = Field(min_length=1)
    buyer_identity: dict[str, str] = Field(default_factory=dict)
    notes: str | None = None


ChangeType = Literal["increase_delivery", "throttle_delivery", "impressions", "budget",
                     "flight", "cancel"]


class ChangeRequest(BaseModel):
    idempotency_key: str
    deal_id: str
    change_type: ChangeType
    impressions: PositiveInt | None = None
    budget: Money | None = None
    flight_end: date | None = None
    reason: str = ""


class ProposalRequest(BaseModel):
    product_id: str
    deal_type: DealType
    price: float = Field(gt=0)
    impressions: PositiveInt
    start_date: date
    end_date: date
    buyer_id: str | None = None
    agency_id: str | None = None
    advertiser_id: str | None = None

    @model_validator(mode="after")
    def _in_order(self) -> ProposalRequest:
        if self.end_date < self.start_date:
            raise ValueError(f"end_date {self.end_date} is before start_date {self.start_date}")
        return self


class NegotiationMessage(BaseModel):
    idempotency_key: str
    action: Literal["counter", "accept", "reject", "final_offer"]
    negotiation_id: str | None = None
    proposal_id: str | None = None
    quote_id: str | None = None
    round_number: int = 0
    buyer_price: Money | None = None
    rationale: str = ""


class SearchRequest(BaseModel):
    query: str = ""
    buyer_tier: str | None = None
    agency_id: str | None = None
    advertiser_id: str | None = None


class KeyRequest(BaseModel):
    """``POST /auth/api-keys``: the identity the key will carry."""

    seat_id: str | None = None
    seat_name: str | None = None
    agency_id: str | None = None
    agency_name: str | None = None
    advertiser_id: str | None = None
    advertiser_name: str | None = None
    label: str = ""


# ---- responses ----


class Product(BaseModel):
    product_id: str
    name: str
    inventory_type: str


class Pricing(BaseModel):
    base_cpm: Money
    tier_discount_pct: float
    volume_discount_pct: float
    final_cpm: Money
    rationale: str


class Terms(BaseModel):
    impressions: int
    flight_start: date
    flight_end: date
    guaranteed: bool


class Availability(BaseModel):
    inventory_available: bool
    estimated_fill_rate: float


class Quote(BaseModel):
    quote_id: str
    status: str
    deal_type: DealType
    product: Product
    pricing: Pricing
    terms: Terms
    availability: Availability
    buyer_tier: str
    expires_at: datetime
    seller_id: str
    minimum_spend: Money
    negotiation_id: str | None = None


class Activation(BaseModel):
    ttd: str
    dv360: str
    xandr: str


class OpenRTB(BaseModel):
    id: str
    bidfloor: float
    at: int
    wseat: list[str]
    wadomain: list[str]


class Deal(BaseModel):
    deal_id: str
    deal_type: DealType
    status: str
    quote_id: str
    product: Product
    pricing: Pricing
    terms: Terms
    activation_instructions: Activation
    openrtb_params: OpenRTB


class DeliveryReport(BaseModel):
    deal_id: str
    as_of: datetime
    impressions_delivered: int
    spend: Money
    booked_impressions: int
    status: str


class ChangeAnswer(BaseModel):
    """A change request's state (stored, served by both POST and GET)."""

    change_request_id: str
    deal_id: str
    change_type: str
    status: Literal["pending", "approved", "rejected", "applied"]
    seller_message: str = ""
    impressions: int | None = None
    budget: Money | None = None
    flight_end: date | None = None


class Capability(BaseModel):
    name: str
    description: str
    tags: list[str]


class AgentCard(BaseModel):
    agent_id: str
    name: str
    url: str
    protocols: list[str]
    capabilities: list[Capability]
    trust_level: TrustLevel
    # Declared by a seller not pricing in USD; a card without it is read as USD.
    currencies: list[str] | None = None


class TrustAnswer(BaseModel):
    is_registered: bool
    trust_level: TrustLevel
    registry_id: str | None = None


class Placement(BaseModel):
    placement_id: str
    name: str
    ad_formats: list[str]
    dma_codes: list[str]


class PackageSummary(BaseModel):
    package_id: str
    name: str
    description: str
    ad_formats: list[str]
    device_types: list[int]
    cat: list[str]
    cattax: int
    geo_targets: list[str]
    tags: list[str]
    price_range: str
    rate_type: str
    is_featured: bool
    # Who the package reaches, in the reference seller's audience block.
    audience_capabilities: dict[str, Any]


class PackageDetail(PackageSummary):
    exact_price: float
    floor_price: float
    placements: list[Placement]
    audience_segment_ids: list[str]
    negotiation_enabled: bool
    volume_discounts_available: bool


class MediaKit(BaseModel):
    seller_name: str
    total_packages: int
    featured: list[PackageSummary]
    all_packages: list[PackageSummary]


class CounterTerms(BaseModel):
    proposed_price: float
    negotiation_id: str
    round_number: int
    action: str
    reason: str


class ProposalAnswer(BaseModel):
    proposal_id: str
    recommendation: Literal["accept", "counter", "reject"]
    status: str
    counter_terms: CounterTerms


class CounterAnswer(BaseModel):
    negotiation_id: str
    proposal_id: str
    round_number: int
    action: str
    seller_price: float
    status: str
    rounds_remaining: int
    reason: str


class MessageRound(BaseModel):
    round_number: int
    buyer_price: Money | None
    seller_price: Money
    action: str


class MessageAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    negotiation_id: str
    status: str
    round: MessageRound
    rounds_remaining: int
    reason: str


class KeyAnswer(BaseModel):
    key_id: str
    api_key: str
    identity: dict[str, str | None]
    role: str = "buyer"
    label: str
    expires_at: datetime | None = None
    warning: str = "Store this key securely. It will not be shown again."


# ---- rendering the seller's records ----


def _product(t: Terms_) -> Product:
    return Product(product_id=t.product_id, name=t.product_name, inventory_type=t.inventory_type)


def _pricing(t: Terms_, price_micros: int) -> Pricing:
    return Pricing(base_cpm=money(t.list_micros, t.currency),
                   tier_discount_pct=float(t.tier_discount_pct),
                   volume_discount_pct=float(t.volume_discount_pct),
                   final_cpm=money(price_micros, t.currency), rationale=t.rationale)


def _terms(t: Terms_) -> Terms:
    return Terms(impressions=t.impressions, flight_start=t.flight_start,
                 flight_end=t.flight_end, guaranteed=t.guaranteed)


def quote_json(q: QuoteRecord, seller_id: str) -> dict[str, Any]:
    t = q.terms
    quote = Quote(
        quote_id=q.quote_id, status="available", deal_type=t.deal_type, product=_product(t),
        pricing=_pricing(t, t.price_micros), terms=_terms(t),
        availability=Availability(inventory_available=q.inventory_available,
                                  estimated_fill_rate=q.fill_rate),
        buyer_tier=t.tier.value, expires_at=q.expires_at, seller_id=seller_id,
        minimum_spend=money(q.minimum_spend_micros, t.currency), negotiation_id=q.negotiation_id)
    return quote.model_dump(mode="json", exclude_none=True)


def activation(deal_id: str) -> dict[str, str]:
    return {"ttd": f"The Trade Desk: add deal ID {deal_id} in Inventory > Private Contracts",
            "dv360": f"DV360: accept deal {deal_id} under My Inventory > Marketplace",
            "xandr": f"Xandr: target deal {deal_id} in the line item's Deals section"}


def deal_json(d: DealRecord) -> dict[str, Any]:
    t = d.terms
    deal = Deal(
        deal_id=d.deal_id, deal_type=t.deal_type, status=d.status, quote_id=d.quote_id,
        product=_product(t), pricing=_pricing(t, t.price_micros), terms=_terms(t),
        activation_instructions=Activation(**activation(d.deal_id)),
        openrtb_params=OpenRTB(id=d.deal_id, bidfloor=dollars(t.price_micros),
                               at=1 if t.guaranteed else 3, wseat=d.seats, wadomain=[]))
    return deal.model_dump(mode="json")
