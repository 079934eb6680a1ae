"""Negotiation endpoints, both wire forms: ``/proposals`` and ``/api/v1/negotiations``.

Native sellers accept every spelling PROTOCOL.md's main section lists
(``price`` or ``buyer_price``, ``accept``/``decline`` actions). Reference
sellers read what the IAB reference reads: ``buyer_price`` only (``price`` is
ignored), an ``accept`` without a price is a counter at the seller's ask, a
``decline`` without ``buyer_price`` is a 422, and a negotiation is found by
its proposal or quote id, never by the negotiation id the seller issued.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from fastapi import APIRouter, Depends, Request

from ad_buyer.sandbox.auth import Caller
from ad_buyer.sandbox.context import SellerContext, json_body
from ad_buyer.sandbox.errors import SandboxError, validation_list
from ad_buyer.sandbox.idempotency import require_key
from ad_buyer.sandbox.money import Money, dollars, micros_of, money
from ad_buyer.sandbox.negotiation_desk import NegotiationDesk
from ad_buyer.sandbox.negotiation_engine import Negotiation, NegotiationClosedError, Reply
from ad_buyer.sandbox.wire import native, reference


class NegotiatingSeller(Protocol):
    """What the negotiation endpoints use of a seller (``SandboxSeller`` is one)."""

    @property
    def ctx(self) -> SellerContext: ...

    @property
    def desk(self) -> NegotiationDesk: ...


ACCEPT_WORDS = {"accept", "accepted"}
DECLINE_WORDS = {"decline", "declined", "reject", "rejected", "walk_away"}


def _price_micros(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise SandboxError(422, "validation_error", f"{field} must be a number")
    try:
        micros = micros_of(value)
    except (ArithmeticError, ValueError) as exc:
        raise SandboxError(422, "validation_error", f"{field} must be a number") from exc
    if micros <= 0:
        raise SandboxError(422, "validation_error", f"{field} must be positive")
    return micros


def _closed(seller: NegotiatingSeller, exc: NegotiationClosedError,
            negotiation: Negotiation) -> SandboxError:
    if seller.ctx.reference:
        status = "rejected" if negotiation.status == "declined" else negotiation.status
        message = f"Negotiation is {status}, cannot counter"
        return SandboxError(400, "negotiation_closed", message, detail=message)
    return SandboxError(409, "negotiation_closed", str(exc))


def _play(seller: NegotiatingSeller, negotiation: Negotiation, action: str, price: int | None,
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
        raise _closed(seller, exc, negotiation) from exc


def _missing_buyer_price() -> SandboxError:
    problem = {"loc": ("body", "buyer_price"), "msg": "Field required", "type": "missing"}
    return SandboxError(422, "validation_error", "body.buyer_price: Field required",
                        detail=validation_list([problem]))


def negotiation_router(current_seller: Callable[[Request], NegotiatingSeller]) -> APIRouter:
    """Routes for the seller named by the mount's ``seller_id`` path parameter."""
    router = APIRouter()
    seller_dep = Depends(current_seller)

    def caller_for(seller: NegotiatingSeller, request: Request,
                   claimed: dict[str, Any] | None = None) -> Caller:
        caller = seller.ctx.caller(request, claimed)
        seller.desk.check_may_negotiate(caller)
        return caller

    @router.post("/proposals")
    async def open_proposal(request: Request,
                            seller: NegotiatingSeller = seller_dep) -> dict[str, Any]:
        ctx = seller.ctx
        body = await json_body(request)
        req: native.ProposalRequest | reference.ProposalRequest = (
            ctx.validate(reference.ProposalRequest, body) if ctx.reference
            else ctx.validate(native.ProposalRequest, body))
        claimed = {"seat_id": req.buyer_id, "agency_id": req.agency_id,
                   "advertiser_id": req.advertiser_id}
        caller = caller_for(seller, request, {k: v for k, v in claimed.items() if v})
        price = _price_micros(req.price, "price")
        package = (ctx.spec.product(req.product_id) if ctx.reference
                   else ctx.spec.package(req.product_id))
        if package is None:
            raise SandboxError(404, "product_not_found",
                               f"Product '{req.product_id}' not found in catalog.")
        negotiation = seller.desk.open(caller, package.package_id, req.deal_type,
                                       req.impressions)
        reply = _play(seller, negotiation, "counter", price)
        recommendation = {"accept": "accept", "reject": "reject"}.get(reply.action, "counter")
        terms = native.CounterTerms(
            proposed_price=dollars(reply.seller_micros),
            negotiation_id=negotiation.negotiation_id, round_number=reply.round_number,
            action=reply.action, reason=reply.reason)
        answer = native.ProposalAnswer(proposal_id=negotiation.proposal_id,
                                       recommendation=recommendation, status=reply.status,
                                       counter_terms=terms).model_dump(mode="json")
        if ctx.reference:
            answer.update(status=reference.NEGOTIATION_STATUS[reply.status], approval_id=None,
                          pricing_verified=False, pricing_verification_reason="", errors=[])
        return answer

    @router.post("/proposals/{proposal_id}/counter")
    async def counter(proposal_id: str, request: Request,
                      seller: NegotiatingSeller = seller_dep) -> dict[str, Any]:
        body = await json_body(request)
        if seller.ctx.reference:
            return reference_counter(seller, proposal_id, body, caller_for(seller, request))
        caller = caller_for(seller, request)
        action = str(body.get("action") or "counter").lower()
        raw_price = body.get("buyer_price", body.get("price"))
        price = None if raw_price is None else _price_micros(raw_price, "price")
        negotiation = seller.desk.find_or_open(proposal_id, caller)
        reply = _play(seller, negotiation, action, price, buyer_final=action == "final_offer")
        return native.CounterAnswer(
            negotiation_id=negotiation.negotiation_id, proposal_id=negotiation.proposal_id,
            round_number=reply.round_number, action=reply.action,
            seller_price=dollars(reply.seller_micros), status=reply.status,
            rounds_remaining=reply.rounds_remaining, reason=reply.reason).model_dump(mode="json")

    @router.get("/proposals/{proposal_id}/negotiation")
    async def negotiation_status(proposal_id: str, request: Request,
                                 seller: NegotiatingSeller = seller_dep) -> dict[str, Any]:
        """Where a negotiation stands, by the id the buyer uses (a resume reads it)."""
        negotiation = seller.desk.lookup(proposal_id, seller.ctx.caller(request, None))
        if negotiation is None:
            raise SandboxError(404, "negotiation_not_found",
                               "No negotiation found for this proposal",
                               detail="No negotiation found for this proposal")
        package = seller.ctx.spec.package(negotiation.package_id)
        product = (package.product if seller.ctx.reference else package.package_id) \
            if package else negotiation.package_id
        return reference.negotiation_status_json(
            negotiation.negotiation_id, proposal_id, product, negotiation.tier.value,
            negotiation.status, negotiation.rules.max_rounds,
            [(r.round_number, r.buyer_micros, r.seller_micros, r.action)
             for r in negotiation.rounds])

    @router.post("/api/v1/negotiations/messages")
    async def message(request: Request, seller: NegotiatingSeller = seller_dep) -> dict[str, Any]:
        ctx = seller.ctx
        body = await json_body(request)
        key = require_key(body)
        replay = ctx.idempotency.lookup("negotiation", key, body)
        if replay is not None:
            return dict(replay.body)
        if ctx.reference:
            result = reference_message(seller, body, caller_for(seller, request))
        else:
            result = native_message(seller, body, caller_for(seller, request))
        ctx.idempotency.save("negotiation", key, body, 200, result)
        return result

    return router


def _message_price(price: Money | None, currency: str) -> int | None:
    """A messages-form ``buyer_price`` in micros (the seller's currency, positive), or None."""
    if price is None:
        return None
    if price.currency != currency:
        raise SandboxError(422, "currency_not_supported",
                           f"buyer_price currency {price.currency} is not {currency}")
    if price.amount_micros <= 0:
        raise SandboxError(422, "validation_error", "buyer_price must be positive")
    return price.amount_micros


def native_message(seller: NegotiatingSeller, body: dict[str, Any],
                   caller: Caller) -> dict[str, Any]:
    msg = seller.ctx.validate(native.NegotiationMessage, body)
    ref = msg.negotiation_id or msg.proposal_id or msg.quote_id
    if ref is None:
        raise SandboxError(422, "validation_error",
                           "one of negotiation_id, proposal_id or quote_id is required")
    currency = seller.ctx.spec.currency
    price = _message_price(msg.buyer_price, currency)
    negotiation = seller.desk.find_or_open(ref, caller)
    reply = _play(seller, negotiation, msg.action, price, buyer_final=msg.action == "final_offer")
    return native.MessageAnswer(
        negotiation_id=negotiation.negotiation_id, status=reply.status,
        round=native.MessageRound(
            round_number=reply.round_number,
            buyer_price=money(price, currency) if price is not None else None,
            seller_price=money(reply.seller_micros, currency), action=reply.action),
        rounds_remaining=reply.rounds_remaining, reason=reply.reason).model_dump(mode="json")


def reference_counter(seller: NegotiatingSeller, subject: str, body: dict[str, Any],
                      caller: Caller) -> dict[str, Any]:
    """The legacy proposals form, as the reference seller reads it."""
    req = seller.ctx.validate(reference.CounterOffer, body)
    action = (req.action or "counter").lower()
    negotiation = seller.desk.find_or_open(subject, caller)
    if req.buyer_price is not None:
        price: int | None = micros_of(req.buyer_price)
    elif action in ACCEPT_WORDS:
        price = negotiation.current_ask  # read as a counter at the seller's ask
    else:
        raise _missing_buyer_price()
    if action in DECLINE_WORDS:
        reply = _play(seller, negotiation, "decline", price)
    else:
        reply = _play(seller, negotiation, "counter", price, buyer_final=action == "final_offer")
    return reference.counter_json(negotiation.negotiation_id, reply.round_number, reply.action,
                                  price, reply.seller_micros, reply.status,
                                  reply.rounds_remaining, reply.reason)


def reference_message(seller: NegotiatingSeller, body: dict[str, Any],
                      caller: Caller) -> dict[str, Any]:
    """The messages form, as the reference seller reads it: the subject is
    ``proposal_id or negotiation_id or quote_id``; accept and reject are terminal
    moves on an existing negotiation, at the seller's last stated price."""
    msg = seller.ctx.validate(reference.NegotiationMessage, body)
    subject = msg.proposal_id or msg.negotiation_id or msg.quote_id
    if subject is None:
        raise SandboxError(400, "unsupported_capability",
                           "Negotiation requires proposal_id, negotiation_id, or quote_id.")
    price = _message_price(msg.buyer_price, seller.ctx.spec.currency)
    if msg.action in ("accept", "reject"):
        negotiation = seller.desk.by_subject(subject)
        if negotiation is None:
            raise SandboxError(404, "negotiation_not_found",
                               "No negotiation found for this proposal",
                               detail="No negotiation found for this proposal")
        reply = _play(seller, negotiation, "decline" if msg.action == "reject" else "accept",
                      None)
    else:
        if price is None:
            raise _missing_buyer_price()
        negotiation = seller.desk.find_or_open(subject, caller)
        reply = _play(seller, negotiation, "counter", price,
                      buyer_final=msg.action == "final_offer")
    return reference.message_json(negotiation.negotiation_id, reply.round_number, reply.action,
                                  price, reply.seller_micros, reply.status,
                                  reply.rounds_remaining, reply.reason,
                                  seller.ctx.spec.currency)
