"""Negotiation endpoints, both wire forms: ``/proposals`` and ``/api/v1/negotiations``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, Request

from ad_buyer.models.money import Money, micros_to_float, to_micros
from ad_buyer.negotiation.models import (
    CounterResponse,
    CounterTerms,
    MessageRound,
    NegotiationMessage,
    NegotiationMessageResponse,
    ProposalRequest,
    ProposalResponse,
)
from ad_buyer.sandbox.auth import Caller
from ad_buyer.sandbox.context import json_body, validate_body
from ad_buyer.sandbox.errors import SandboxError
from ad_buyer.sandbox.idempotency import require_key
from ad_buyer.sandbox.negotiation_engine import Negotiation, NegotiationClosedError, Reply

if TYPE_CHECKING:
    from ad_buyer.sandbox.seller_app import SandboxSeller

ACCEPT_WORDS = {"accept", "accepted"}
DECLINE_WORDS = {"decline", "declined", "reject", "rejected", "walk_away"}


def _price_micros(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise SandboxError(422, "validation_error", f"{field} must be a number")
    try:
        micros = to_micros(value)
    except (ArithmeticError, ValueError) as exc:
        raise SandboxError(422, "validation_error", f"{field} must be a number") from exc
    if micros <= 0:
        raise SandboxError(422, "validation_error", f"{field} must be positive")
    return micros


def _play(negotiation: Negotiation, action: str, price: int | None,
          buyer_final: bool = False) -> Reply:
    try:
        if action in DECLINE_WORDS:
            return negotiation.decline()
        if action in ACCEPT_WORDS:
            return negotiation.accept(price)
        if price is None:
            raise SandboxError(422, "validation_error", "a counter-offer needs a price")
        return negotiation.offer(price, buyer_final=buyer_final)
    except NegotiationClosedError as exc:
        raise SandboxError(409, "negotiation_closed", str(exc)) from exc


def negotiation_router(current_seller: Callable[[Request], SandboxSeller]) -> APIRouter:
    """Routes for the seller named by the mount's ``seller_id`` path parameter."""
    router = APIRouter()
    seller_dep = Depends(current_seller)

    def caller_for(seller: SandboxSeller, request: Request,
                   claimed: dict[str, Any] | None = None) -> Caller:
        caller = seller.ctx.caller(request, claimed)
        seller.desk.check_may_negotiate(caller)
        return caller

    @router.post("/proposals")
    async def open_proposal(request: Request,
                            seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        req = validate_body(ProposalRequest, await json_body(request))
        claimed = {"seat_id": req.buyer_id, "agency_id": req.agency_id,
                   "advertiser_id": req.advertiser_id}
        caller = caller_for(seller, request, {k: v for k, v in claimed.items() if v})
        _price_micros(req.price, "price")
        negotiation = seller.desk.open(caller, req.product_id, req.deal_type, req.impressions)
        reply = _play(negotiation, "counter", _price_micros(req.price, "price"))
        recommendation = {"accept": "accept", "reject": "reject"}.get(reply.action, "counter")
        response = ProposalResponse(
            proposal_id=negotiation.proposal_id,
            recommendation=recommendation,
            status=reply.status,
            counter_terms=CounterTerms(
                proposed_price=micros_to_float(reply.seller_micros),
                negotiation_id=negotiation.negotiation_id, round_number=reply.round_number,
                action=reply.action, reason=reply.reason),
        )
        return response.model_dump(mode="json")

    @router.post("/proposals/{proposal_id}/counter")
    async def counter(proposal_id: str, request: Request,
                      seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        body = await json_body(request)
        caller = caller_for(seller, request)
        action = str(body.get("action") or "counter").lower()
        raw_price = body.get("buyer_price", body.get("price"))
        price = None if raw_price is None else _price_micros(raw_price, "price")
        negotiation = seller.desk.find_or_open(proposal_id, caller)
        reply = _play(negotiation, action, price, buyer_final=action == "final_offer")
        response = CounterResponse(
            negotiation_id=negotiation.negotiation_id, round_number=reply.round_number,
            action=reply.action, seller_price=micros_to_float(reply.seller_micros),
            status=reply.status, rounds_remaining=reply.rounds_remaining, reason=reply.reason)
        return {**response.model_dump(mode="json"), "proposal_id": negotiation.proposal_id}

    @router.post("/api/v1/negotiations/messages")
    async def message(request: Request, seller: SandboxSeller = seller_dep) -> dict[str, Any]:
        ctx = seller.ctx
        body = await json_body(request)
        key = require_key(body)
        replay = ctx.idempotency.lookup("negotiation", key, body)
        if replay is not None:
            return dict(replay.body)
        msg = validate_body(NegotiationMessage, body)
        ref = msg.negotiation_id or msg.proposal_id or msg.quote_id
        if ref is None:
            raise SandboxError(422, "validation_error",
                               "one of negotiation_id, proposal_id or quote_id is required")
        caller = caller_for(seller, request)
        if msg.buyer_price is not None and msg.buyer_price.currency != "USD":
            raise SandboxError(422, "currency_not_supported",
                               f"buyer_price currency {msg.buyer_price.currency} is not USD")
        price = msg.buyer_price.amount_micros if msg.buyer_price else None
        if price is not None and price <= 0:
            raise SandboxError(422, "validation_error", "buyer_price must be positive")
        negotiation = seller.desk.find_or_open(ref, caller)
        reply = _play(negotiation, msg.action, price, buyer_final=msg.action == "final_offer")
        response = NegotiationMessageResponse(
            negotiation_id=negotiation.negotiation_id, status=reply.status,
            round=MessageRound(
                round_number=reply.round_number,
                buyer_price=Money(amount_micros=price) if price is not None else None,
                seller_price=Money(amount_micros=reply.seller_micros), action=reply.action),
            rounds_remaining=reply.rounds_remaining, reason=reply.reason)
        result = response.model_dump(mode="json")
        ctx.idempotency.save("negotiation", key, body, 200, result)
        return result

    return router
