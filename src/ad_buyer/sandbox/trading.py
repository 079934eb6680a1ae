"""Quotes and deal bookings for one seller (quote-then-book, idempotent).

Both dialects quote and book the same way; they differ in what they accept
and answer. A reference-dialect seller quotes catalog *product* ids (a package
id is a 404), checks ``media_type`` against its vocabulary, ignores a
``negotiation_id`` on a quote, and books a quote whose quote-keyed
negotiation was accepted at the agreed price. A native seller prices a quote
requested with the ``negotiation_id`` of an accepted negotiation at the
agreed price.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ad_buyer.sandbox.auth import Caller
from ad_buyer.sandbox.config import PackageSpec
from ad_buyer.sandbox.context import SellerContext
from ad_buyer.sandbox.delivery import DeliveryPlan
from ad_buyer.sandbox.errors import SandboxError
from ad_buyer.sandbox.idempotency import require_key
from ad_buyer.sandbox.money import round_to_cent
from ad_buyer.sandbox.negotiation_desk import NegotiationDesk, QuoteRef
from ad_buyer.sandbox.pricing import quote_price_micros
from ad_buyer.sandbox.records import DealRecord, QuoteRecord, Terms
from ad_buyer.sandbox.vocabulary import DealType
from ad_buyer.sandbox.wire import native, reference

logger = logging.getLogger(__name__)

CallerOf = Callable[[dict[str, str]], Caller]
DEAL_ACCEPTANCE_WINDOW = timedelta(days=30)


@dataclass
class StoredQuote:
    record: QuoteRecord
    caller: Caller

    @property
    def quote_id(self) -> str:
        return self.record.quote_id

    @property
    def price_micros(self) -> int:
        return self.record.terms.price_micros


@dataclass
class StoredDeal:
    deal: DealRecord
    price_micros: int
    plan: DeliveryPlan
    caller: Caller
    last_as_of: datetime | None = None
    last_reported: int | None = None

    @property
    def quote_id(self) -> str:
        return self.deal.quote_id


class _Quote(BaseModel):
    """A quote request in either dialect, as the desk prices it."""

    product_id: str
    deal_type: DealType
    impressions: int
    flight_start: date
    flight_end: date
    identity: dict[str, str]
    media_type: str | None = None
    negotiation_id: str | None = None


class TradingDesk:
    def __init__(self, ctx: SellerContext) -> None:
        self.ctx = ctx
        self.quotes: dict[str, StoredQuote] = {}
        self.deals: dict[str, StoredDeal] = {}
        self.negotiations = NegotiationDesk(ctx, self._quote_ref)

    def _quote_ref(self, quote_id: str) -> QuoteRef | None:
        stored = self.quotes.get(quote_id)
        if stored is None:
            return None
        t = stored.record.terms
        return QuoteRef(t.package_id, t.deal_type, t.impressions, t.price_micros)

    # ---- quotes ----

    def _parse_quote(self, body: dict[str, Any]) -> _Quote:
        if not self.ctx.reference:
            native_req = self.ctx.validate(native.QuoteRequest, body)
            return _Quote(identity=native_req.buyer_identity,
                          **native_req.model_dump(exclude={"buyer_identity", "target_cpm",
                                                           "idempotency_key"}))
        req = self.ctx.validate(reference.QuoteRequest, body)
        # The reference seller's defaults: flight from today for 30 days, and (no
        # product minimum here) a million impressions.
        start = req.flight_start or self.ctx.clock().date()
        end = req.flight_end or start + timedelta(days=30)
        if end < start:
            raise SandboxError(400, "invalid_flight", "flight_end is before flight_start")
        identity = req.buyer_identity.model_dump(exclude_none=True) if req.buyer_identity else {}
        identity.pop("dsp_platform", None)
        return _Quote(product_id=req.product_id, deal_type=req.deal_type,
                      impressions=req.impressions or 1_000_000, flight_start=start,
                      flight_end=end, identity=identity, media_type=req.media_type)

    def _package_for(self, product_id: str) -> PackageSpec:
        spec = self.ctx.spec
        package = spec.product(product_id) if self.ctx.reference else spec.package(product_id)
        if package is None:
            if self.ctx.reference:
                raise SandboxError(404, "product_not_found",
                                   f"Product '{product_id}' not found in catalog.")
            raise SandboxError(404, "product_not_found",
                               f"no product {product_id!r} at seller {self.ctx.seller_id}")
        return package

    def _priced(self, req: _Quote, package: PackageSpec,
                caller: Caller) -> tuple[int, Decimal, Decimal, str]:
        if req.negotiation_id is None or self.ctx.reference:
            final, tier_pct, volume_pct = quote_price_micros(
                package.list_cpm_micros, caller.tier, req.impressions,
                package.volume_discounts_available, package.floor_cpm_micros
                if self.ctx.reference else 0)
            return final, tier_pct, volume_pct, (
                f"{caller.tier.value} tier discount {tier_pct}%, volume discount {volume_pct}%")
        negotiation = self.negotiations.get(req.negotiation_id)
        if negotiation is None:
            raise SandboxError(404, "negotiation_not_found",
                               f"no negotiation {req.negotiation_id!r} at this seller")
        if negotiation.status != "accepted" or negotiation.agreed_micros is None:
            raise SandboxError(409, "negotiation_not_accepted",
                               f"negotiation {req.negotiation_id} is {negotiation.status}")
        if negotiation.package_id != package.package_id:
            raise SandboxError(409, "negotiation_product_mismatch",
                               f"negotiation {req.negotiation_id} is for "
                               f"{negotiation.package_id}, not {package.package_id}")
        return (negotiation.agreed_micros, Decimal("0"), Decimal("0"),
                f"price agreed in negotiation {negotiation.negotiation_id}")

    def create_quote(self, body: dict[str, Any], caller_of: CallerOf) -> dict[str, Any]:
        key = require_key(body)
        replay = self.ctx.idempotency.lookup("quote", key, body)
        if replay is not None:
            return dict(replay.body)
        req = self._parse_quote(body)
        package = self._package_for(req.product_id)
        caller = caller_of(req.identity)
        final, tier_pct, volume_pct, rationale = self._priced(req, package, caller)
        now = self.ctx.clock()
        expires_at = now + timedelta(seconds=self.ctx.config.quote_ttl_seconds)
        if self.ctx.faults.config.quote_anomaly == "expired":
            expires_at = now - timedelta(minutes=5)
        record = QuoteRecord(
            quote_id=self.ctx.new_id("q"),
            terms=Terms(package_id=package.package_id,
                        product_id=package.product if self.ctx.reference else package.package_id,
                        product_name=package.name, inventory_type=package.channel.value,
                        deal_type=req.deal_type, impressions=req.impressions,
                        flight_start=req.flight_start, flight_end=req.flight_end,
                        list_micros=package.list_cpm_micros, price_micros=final,
                        tier=caller.tier, tier_discount_pct=tier_pct,
                        volume_discount_pct=volume_pct, rationale=rationale,
                        currency=self.ctx.spec.currency),
            created_at=now, expires_at=expires_at, fill_rate=package.estimated_fill_rate,
            minimum_spend_micros=package.minimum_spend_micros,
            inventory_available=req.impressions <= package.max_impressions,
            media_type=req.media_type,
            negotiation_id=None if self.ctx.reference else req.negotiation_id)
        self.quotes[record.quote_id] = StoredQuote(record, caller)
        result = {"quote": self._quote_wire(record)}
        self.ctx.idempotency.save("quote", key, body, 200, result)
        return result

    def _quote_wire(self, record: QuoteRecord, *, read_back: bool = False) -> dict[str, Any]:
        if self.ctx.reference:
            data = reference.quote_json(record, read_back=read_back)
        else:
            data = native.quote_json(record, self.ctx.seller_id)
        anomaly = self.ctx.faults.config.quote_anomaly
        pricing = data["pricing"]
        if anomaly == "no_price":
            pricing.pop("final_cpm", None)
        elif anomaly == "negative_cpm":
            pricing["final_cpm"]["amount_micros"] = -abs(pricing["final_cpm"]["amount_micros"])
        elif anomaly == "currency_mismatch":
            for name in ("base_cpm", "final_cpm"):
                pricing[name]["currency"] = "EUR"
        elif anomaly == "foreign_quote_id":
            peer = next((p for p in self.ctx.peer_ids if p != self.ctx.seller_id), "other")
            data["quote_id"] = record.quote_id.replace(f"-{self.ctx.seller_id}-", f"-{peer}-")
        return data

    def get_quote(self, quote_id: str) -> dict[str, Any]:
        stored = self.quotes.get(quote_id)
        if stored is None:
            raise SandboxError(404, "quote_not_found", f"no quote {quote_id!r}")
        return {"quote": self._quote_wire(stored.record, read_back=True)}

    # ---- deals ----

    def _booking_identity(self, body: dict[str, Any]) -> tuple[str, dict[str, str]]:
        if self.ctx.reference:
            req = self.ctx.validate(reference.BookingRequest, body)
            claimed = req.buyer_identity.model_dump(exclude_none=True) if req.buyer_identity \
                else {}
            claimed.pop("dsp_platform", None)
            return req.quote_id, claimed
        native_req = self.ctx.validate(native.BookingRequest, body)
        return native_req.quote_id, native_req.buyer_identity

    def _booked_price(self, stored: StoredQuote) -> tuple[int, str]:
        """The quoted price, or a reference seller's price agreed on this quote."""
        price, rationale = stored.price_micros, stored.record.terms.rationale
        if self.ctx.reference:
            agreed = self.negotiations.agreed_on(stored.quote_id)
            if agreed is not None:
                price = agreed.agreed_micros or price
                rationale = f"{rationale} | Negotiated ({agreed.negotiation_id})"
        return price, rationale

    def book(self, body: dict[str, Any], caller_of: CallerOf) -> dict[str, Any]:
        key = require_key(body)
        replay = self.ctx.idempotency.lookup("deal", key, body)
        if replay is not None:
            return dict(replay.body)
        quote_id, claimed = self._booking_identity(body)
        faults = self.ctx.faults.config
        stored = self.quotes.get(quote_id)
        if stored is None:
            raise SandboxError(404, "quote_not_found", f"no quote {quote_id!r}")
        if faults.refuse_bookings:
            raise SandboxError(409, "booking_refused",
                               f"seller {self.ctx.seller_id} refused the booking")
        record = stored.record
        if record.deal_id is not None:
            raise SandboxError(409, "quote_already_booked",
                               "Quote status is 'booked', expected 'available'."
                               if self.ctx.reference else
                               f"quote {quote_id} was already booked as {record.deal_id}")
        if not record.inventory_available:
            raise SandboxError(409, "inventory_unavailable",
                               f"{record.terms.product_id} cannot deliver "
                               f"{record.terms.impressions} impressions in this flight")
        now = self.ctx.clock()
        if now >= record.expires_at:
            raise SandboxError(410, "quote_expired",
                               f"quote {quote_id} expired at {record.expires_at.isoformat()}")
        caller = caller_of(claimed) if claimed else stored.caller
        price, rationale = self._booked_price(stored)
        if faults.booking_price_drift_pct:
            price = round_to_cent(Decimal(price) * (100 + Decimal(
                repr(faults.booking_price_drift_pct))) / 100)
        deal_id = self.ctx.new_id("deal")
        terms = record.terms.model_copy(update={"price_micros": price, "rationale": rationale})
        deal = DealRecord(
            deal_id=deal_id, quote_id=quote_id,
            status="proposed" if self.ctx.reference else "booked", terms=terms,
            media_type=(faults.deal_media_type or record.media_type) if self.ctx.reference
            else None,
            seats=[caller.identity.seat_id] if caller.identity.seat_id else [],
            created_at=now, expires_at=now + DEAL_ACCEPTANCE_WINDOW)
        plan = DeliveryPlan(
            flight_start=terms.flight_start, flight_end=terms.flight_end,
            booked_impressions=terms.impressions, profile=self.ctx.spec.delivery_profile,
            jitter=self.ctx.rng("jitter", deal_id).uniform(0.97, 1.03))
        # The reference seller stores the quote as booked: tied to its deal and, when a
        # negotiation on it was accepted, repriced to the agreed price.
        stored.record = record.model_copy(update={
            "deal_id": deal_id, "terms": terms if self.ctx.reference else record.terms})
        self.deals[deal_id] = StoredDeal(deal, price, plan, caller)
        logger.info("sandbox %s booked %s at %s micros", self.ctx.seller_id, deal_id, price)
        result = {"deal": self.deal_wire(deal)}
        self.ctx.idempotency.save("deal", key, body, 200, result)
        return result

    def deal_wire(self, deal: DealRecord) -> dict[str, Any]:
        return reference.deal_json(deal) if self.ctx.reference else native.deal_json(deal)

    def deal(self, deal_id: str) -> StoredDeal:
        stored = self.deals.get(deal_id)
        if stored is None:
            raise SandboxError(404, "deal_not_found", f"no deal {deal_id!r}")
        return stored

    def get_deal(self, deal_id: str) -> dict[str, Any]:
        return {"deal": self.deal_wire(self.deal(deal_id).deal)}
