"""Reference dialect: what the IAB seller reference (v2.4.2) really sends.

PROTOCOL.md, "What the reference seller really sends", is the authority; the
reference seller's source fills in the rest (field names, defaults, the
``pricing_type``/``created_at`` extras, a seller id that names the
organisation rather than the agent).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from ad_buyer.sandbox.money import Money, dollars, money
from ad_buyer.sandbox.records import DealRecord, QuoteRecord, Terms
from ad_buyer.sandbox.vocabulary import DealType
from ad_buyer.sandbox.wire.native import activation

#: The reference seller's default organisation id, sent on every quote and deal
#: whichever agent answers: ``seller_id`` does not identify the seller.
ORGANIZATION_ID = "seller-premium-pub-001"
AGENT_VERSION = "2.4.2"
SKILLS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("discovery", "Inventory Discovery",
     "Search and browse available inventory, media kits, and packages",
     ("inventory", "search", "media-kit")),
    ("pricing", "Tiered Pricing", "Get pricing based on buyer identity with volume discounts",
     ("pricing", "cpm", "negotiation")),
    ("proposals", "Proposal Evaluation", "Submit and evaluate advertising proposals",
     ("proposals", "evaluation", "counter-offers")),
    ("negotiation", "Multi-Round Negotiation",
     "Engage in automated price negotiation with strategy-based responses",
     ("negotiation", "deals")),
    ("deals", "Deal Execution", "Generate OpenRTB-compatible deal IDs for DSP activation",
     ("deals", "openrtb", "execution")),
)

# ---- requests ----


class BuyerIdentity(BaseModel):
    seat_id: str | None = None
    agency_id: str | None = None
    advertiser_id: str | None = None
    dsp_platform: str | None = None


class QuoteRequest(BaseModel):
    idempotency_key: str
    product_id: str
    deal_type: DealType
    impressions: int | None = Field(default=None, gt=0)
    flight_start: date | None = None
    flight_end: date | None = None
    target_cpm: Money | None = None
    buyer_identity: BuyerIdentity | None = None
    media_type: Literal["digital", "ctv", "linear_tv"] = "digital"
    agent_url: str | None = None


class BookingRequest(BaseModel):
    idempotency_key: str
    quote_id: str
    buyer_identity: BuyerIdentity | None = None
    notes: str | None = None


class ProposalRequest(BaseModel):
    product_id: str
    deal_type: DealType
    price: float = Field(gt=0)
    impressions: int = Field(gt=0)
    start_date: date
    end_date: date
    buyer_id: str | None = None
    agency_id: str | None = None
    advertiser_id: str | None = None
    agent_url: str | None = None


class CounterOffer(BaseModel):
    """``POST /proposals/{id}/counter``: the seller reads ``buyer_price``, nothing else
    but an ``action``: ``price`` (seed 004's spelling) and ``quote_id`` are ignored."""

    buyer_price: float | None = Field(default=None, gt=0)
    action: str | None = None
    buyer_tier: str = "public"
    agency_id: str | None = None
    advertiser_id: str | None = None
    agent_url: str | None = None


class NegotiationMessage(BaseModel):
    idempotency_key: str
    action: Literal["counter", "accept", "reject", "final_offer"]
    proposal_id: str | None = None
    negotiation_id: str | None = None
    quote_id: str | None = None
    round_number: int | None = None
    buyer_price: Money | None = None
    rationale: str = ""
    buyer_identity: BuyerIdentity | None = None


class ChangeRequest(BaseModel):
    """Change requests belong to orders: no ``order_id``, no change."""

    order_id: str
    change_type: Literal["flight_dates", "impressions", "pricing", "creative", "targeting",
                         "cancellation", "other"]
    proposed_values: dict[str, Any] = Field(default_factory=dict)
    reason: str = ""
    requested_by: str = "system"


# ---- responses ----


def agent_card(name: str, url: str, inventory_types: list[str],
               currencies: list[str] | None = None) -> dict[str, Any]:
    """An A2A card: ``capabilities`` is an object, skills under ``capabilities.skills``;
    ``currencies`` only from a seller not pricing in USD (a sandbox extension)."""
    card: dict[str, Any] = {
        "name": name,
        "description": ("IAB OpenDirect 2.1 compliant seller agent for programmatic "
                        "advertising. Supports product discovery, tiered pricing, proposal "
                        "evaluation, multi-round negotiation, and deal execution."),
        "url": url,
        "version": AGENT_VERSION,
        "provider": {"name": name, "url": url},
        "capabilities": {
            "protocols": ["opendirect21"], "streaming": False, "push_notifications": False,
            "skills": [{"id": i, "name": n, "description": d, "tags": list(tags)}
                       for i, n, d, tags in SKILLS]},
        "authentication": {"schemes": ["api_key", "bearer"]},
        "inventory_types": sorted(inventory_types),
        "supported_deal_types": ["pg", "pmp", "preferred_deal", "private_auction"],
    }
    if currencies:
        card["currencies"] = currencies
    return card


def _pricing(t: Terms, price_micros: int) -> dict[str, Any]:
    return {"pricing_type": "fixed", "base_cpm": money(t.list_micros, t.currency).model_dump(),
            "tier_discount_pct": float(t.tier_discount_pct),
            "volume_discount_pct": float(t.volume_discount_pct),
            "final_cpm": money(price_micros, t.currency).model_dump(), "pricing_model": "cpm",
            "rationale": t.rationale}


def _terms(t: Terms) -> dict[str, Any]:
    return {"impressions": t.impressions, "flight_start": t.flight_start.isoformat(),
            "flight_end": t.flight_end.isoformat(), "guaranteed": t.guaranteed}


def _product(t: Terms) -> dict[str, Any]:
    return {"product_id": t.product_id, "name": t.product_name,
            "inventory_type": t.inventory_type}


def _stamp(value: Any) -> str:
    return f"{value.replace(tzinfo=None).isoformat()}Z"


def quote_json(q: QuoteRecord, *, read_back: bool = False) -> dict[str, Any]:
    """A quote; ``read_back`` is ``GET /api/v1/quotes/{id}``, which (as the reference
    seller does) no longer knows the media type it was requested with: ``digital``."""
    t = q.terms
    return {
        "quote_id": q.quote_id, "status": "booked" if q.deal_id else "available",
        "deal_type": t.deal_type.value, "product": _product(t),
        "pricing": _pricing(t, t.price_micros), "terms": _terms(t),
        "availability": {"inventory_available": q.inventory_available,
                         "estimated_fill_rate": q.fill_rate, "competing_demand": "moderate"},
        "buyer_tier": t.tier.value, "expires_at": _stamp(q.expires_at),
        "seller_id": ORGANIZATION_ID, "created_at": _stamp(q.created_at),
        "deal_id": q.deal_id,
        "media_type": "digital" if read_back else q.media_type or "digital",
    }


def deal_json(d: DealRecord) -> dict[str, Any]:
    t = d.terms
    return {
        "deal_id": d.deal_id, "deal_type": t.deal_type.value, "status": d.status,
        "quote_id": d.quote_id, "product": _product(t), "pricing": _pricing(t, t.price_micros),
        "terms": _terms(t), "buyer_tier": t.tier.value, "seller_id": ORGANIZATION_ID,
        "expires_at": _stamp(d.expires_at), "activation_instructions": activation(d.deal_id),
        "openrtb_params": {"id": d.deal_id,
                           "bidfloor": money(t.price_micros, t.currency).model_dump(),
                           "at": 3 if t.deal_type is DealType.PRIVATE_AUCTION else 1,
                           "wseat": d.seats, "wadomain": []},
        "created_at": _stamp(d.created_at), "media_type": d.media_type or "digital",
    }


NEGOTIATION_STATUS = {"negotiating": "active", "accepted": "accepted", "rejected": "rejected",
                      "declined": "rejected"}


def counter_json(negotiation_id: str, round_number: int, action: str, buyer_micros: int | None,
                 seller_micros: int, status: str, rounds_remaining: int,
                 rationale: str) -> dict[str, Any]:
    """A proposals-form round: prices as float dollars."""
    return {"negotiation_id": negotiation_id, "round_number": round_number, "action": action,
            "buyer_price": dollars(buyer_micros) if buyer_micros is not None else None,
            "seller_price": dollars(seller_micros), "concession_pct": 0.0,
            "cumulative_concession_pct": 0.0, "rationale": rationale,
            "status": NEGOTIATION_STATUS[status], "rounds_remaining": max(0, rounds_remaining)}


def message_json(negotiation_id: str, round_number: int, action: str, buyer_micros: int | None,
                 seller_micros: int, status: str, rounds_remaining: int,
                 rationale: str, currency: str = "USD") -> dict[str, Any]:
    """A messages-form round: prices as Money in the seller's currency."""
    return {"negotiation_id": negotiation_id, "status": NEGOTIATION_STATUS[status],
            "round": {"round_number": round_number,
                      "buyer_price": money(buyer_micros or 0, currency).model_dump(),
                      "seller_price": money(seller_micros, currency).model_dump(), "action": action,
                      "concession_pct": 0.0, "cumulative_concession_pct": 0.0,
                      "rationale": rationale},
            "rounds_remaining": max(0, rounds_remaining)}


def negotiation_status_json(negotiation_id: str, subject: str, product_id: str, tier: str,
                            status: str, max_rounds: int,
                            rounds: list[tuple[int, int | None, int, str]]) -> dict[str, Any]:
    """``GET /proposals/{id}/negotiation``: the negotiation's state and rounds (prices as
    float dollars). The reference seller also shows its floor here; the sandbox keeps
    its floor private (``floor_price`` is null)."""
    return {"negotiation_id": negotiation_id, "proposal_id": subject, "product_id": product_id,
            "buyer_tier": tier, "strategy": "standard", "base_price": None,
            "floor_price": None, "status": NEGOTIATION_STATUS[status],
            "total_rounds": len(rounds), "max_rounds": max_rounds,
            "rounds": [{"round_number": n,
                        "buyer_price": dollars(b) if b is not None else None,
                        "seller_price": dollars(s), "action": a} for n, b, s, a in rounds],
            "package_id": None}
