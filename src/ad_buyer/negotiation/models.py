"""Negotiation wire models (both forms in PROTOCOL.md) and the buyer's records.

CPM prices here are floats rounded to the cent, as the seed documents type
them; nothing in this module sums them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, PositiveInt, model_validator

from ad_buyer.models.buyer_identity import DealType
from ad_buyer.models.money import Money


def _now() -> datetime:
    return datetime.now(UTC)


SellerAction = Literal["counter", "final_offer", "accept", "reject"]


class NegotiationOutcome(StrEnum):
    ACCEPTED = "accepted"
    WALKED_AWAY = "walked_away"
    DECLINED = "declined"
    ERROR = "error"


class NegotiationRound(BaseModel):
    round_number: int
    buyer_price: float
    seller_price: float
    action: str
    rationale: str = ""
    timestamp: datetime = Field(default_factory=_now)


class NegotiationSession(BaseModel):
    """An open negotiation, driven round by round.

    ``proposal_id`` is the id the seller finds the negotiation by (a proposal id,
    or a quote id for a negotiation on a quote); ``quote_id`` is the quote it
    negotiates, sent with every message when known.
    """

    proposal_id: str
    seller_url: str
    negotiation_id: str
    current_seller_price: float
    our_last_offer: float | None = None
    rounds: list[NegotiationRound] = Field(default_factory=list)
    started_at: datetime = Field(default_factory=_now)
    wire_form: Literal["proposals", "messages"] = "proposals"
    seller_final: bool = False
    closed: bool = False
    seller_rounds_remaining: int | None = None
    quote_id: str | None = None
    currency: str = "USD"  # what the messages form's Money offers are in


class NegotiationResult(BaseModel):
    proposal_id: str
    outcome: NegotiationOutcome
    final_price: float | None = None
    rounds_count: int = 0
    rounds: list[NegotiationRound] = Field(default_factory=list)
    completed_at: datetime = Field(default_factory=_now)
    negotiation_id: str | None = None
    seller_url: str | None = None
    reason: str = ""


# ---- wire: POST /proposals and /proposals/{id}/counter (reference seller) ----


class ProposalRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

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
    def _end_not_before_start(self) -> ProposalRequest:
        if self.end_date < self.start_date:
            raise ValueError(f"end_date {self.end_date} is before start_date {self.start_date}")
        return self


class CounterTerms(BaseModel):
    model_config = ConfigDict(extra="allow")

    proposed_price: float
    negotiation_id: str
    round_number: int = 0
    action: str = "counter"
    reason: str = ""


class ProposalResponse(BaseModel):
    model_config = ConfigDict(extra="allow")

    proposal_id: str
    recommendation: Literal["accept", "counter", "reject"]
    status: str
    counter_terms: CounterTerms | None = None


class CounterResponse(BaseModel):
    """Answer to ``POST /proposals/{id}/counter``; seed 004's minimal
    ``{seller_price, action}`` is a complete answer."""

    model_config = ConfigDict(extra="allow")

    negotiation_id: str = ""
    round_number: int = 0
    action: SellerAction
    seller_price: float
    status: str = ""
    rounds_remaining: int = 0
    reason: str = Field(default="", validation_alias=AliasChoices("reason", "rationale"))


# ---- wire: POST /api/v1/negotiations/messages (newer form) ----


class NegotiationMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    idempotency_key: str = Field(min_length=8)
    action: Literal["counter", "accept", "reject", "final_offer"]
    negotiation_id: str | None = None
    proposal_id: str | None = None
    quote_id: str | None = None
    round_number: int
    buyer_price: Money | None = None
    rationale: str = ""


class MessageRound(BaseModel):
    model_config = ConfigDict(extra="allow")

    round_number: int
    buyer_price: Money | None = None
    seller_price: Money
    action: SellerAction
    rationale: str = ""


class NegotiationMessageResponse(BaseModel):
    model_config = ConfigDict(extra="allow")

    negotiation_id: str
    status: str
    round: MessageRound
    rounds_remaining: int = 0
    reason: str = ""
