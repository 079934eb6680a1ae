"""Quotes and deal bookings for one seller (quote-then-book, idempotent)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from ad_buyer.models.buyer_identity import DealType
from ad_buyer.models.deals import (
    ActivationInstructions,
    DealBookingRequest,
    DealResponse,
    OpenRTBParams,
    QuoteAvailability,
    QuotePricing,
    QuoteProduct,
    QuoteRequest,
    QuoteResponse,
    QuoteTerms,
)
from ad_buyer.models.money import Money, micros_to_float
from ad_buyer.sandbox.auth import Caller
from ad_buyer.sandbox.config import PackageSpec
from ad_buyer.sandbox.context import SellerContext, validate_body
from ad_buyer.sandbox.delivery import DeliveryPlan
from ad_buyer.sandbox.errors import SandboxError
from ad_buyer.sandbox.idempotency import require_key
from ad_buyer.sandbox.negotiation_desk import NegotiationDesk, QuoteRef
from ad_buyer.sandbox.pricing import quote_price_micros, round_to_cent

logger = logging.getLogger(__name__)


@dataclass
class StoredQuote:
    quote: QuoteResponse
    package: PackageSpec
    caller: Caller
    price_micros: int
    expires_at: datetime
    deal_id: str | None = None


@dataclass
class StoredDeal:
    deal: DealResponse
    quote_id: str
    price_micros: int
    plan: DeliveryPlan
    caller: Caller
    last_as_of: datetime | None = None
    last_reported: int | None = None


def wire(model: QuoteResponse | DealResponse) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude={"seller_url"}, exclude_none=True)


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
        return QuoteRef(stored.package.package_id, stored.quote.deal_type,
                        stored.quote.terms.impressions, stored.price_micros)

    # ---- quotes ----

    def _priced(self, req: QuoteRequest, package: PackageSpec,
                caller: Caller) -> tuple[int, Decimal, Decimal, str]:
        if req.negotiation_id is None:
            final, tier_pct, volume_pct = quote_price_micros(
                package.list_cpm_micros, caller.tier, req.impressions,
                package.volume_discounts_available)
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

    def create_quote(self, body: dict[str, Any], caller_of: Any) -> dict[str, Any]:
        key = require_key(body)
        replay = self.ctx.idempotency.lookup("quote", key, body)
        if replay is not None:
            return dict(replay.body)
        req = validate_body(QuoteRequest, body)
        package = self.ctx.spec.package(req.product_id)
        if package is None:
            raise SandboxError(404, "product_not_found",
                               f"no product {req.product_id!r} at seller {self.ctx.seller_id}")
        caller: Caller = caller_of(req.buyer_identity)
        final, tier_pct, volume_pct, rationale = self._priced(req, package, caller)
        now = self.ctx.clock()
        expires_at = now + timedelta(seconds=self.ctx.config.quote_ttl_seconds)
        if self.ctx.faults.config.quote_anomaly == "expired":
            expires_at = now - timedelta(minutes=5)
        quote = QuoteResponse(
            quote_id=self.ctx.new_id("q"),
            status="available",
            deal_type=req.deal_type,
            product=QuoteProduct(product_id=package.package_id, name=package.name,
                                 inventory_type=package.channel.value),
            pricing=QuotePricing(
                base_cpm=Money(amount_micros=package.list_cpm_micros),
                tier_discount_pct=float(tier_pct), volume_discount_pct=float(volume_pct),
                final_cpm=Money(amount_micros=final), rationale=rationale),
            terms=QuoteTerms(impressions=req.impressions, flight_start=req.flight_start,
                             flight_end=req.flight_end,
                             guaranteed=req.deal_type is DealType.PROGRAMMATIC_GUARANTEED),
            availability=QuoteAvailability(
                inventory_available=req.impressions <= package.max_impressions,
                estimated_fill_rate=package.estimated_fill_rate),
            buyer_tier=caller.tier.value,
            expires_at=expires_at,
            seller_id=self.ctx.seller_id,
            minimum_spend=Money(amount_micros=package.minimum_spend_micros),
            negotiation_id=req.negotiation_id,
        )
        self.quotes[quote.quote_id] = StoredQuote(quote, package, caller, final, expires_at)
        result = {"quote": self._quote_wire(quote)}
        self.ctx.idempotency.save("quote", key, body, 200, result)
        return result

    def _quote_wire(self, quote: QuoteResponse) -> dict[str, Any]:
        data = wire(quote)
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
            data["quote_id"] = quote.quote_id.replace(f"-{self.ctx.seller_id}-", f"-{peer}-")
        return data

    def get_quote(self, quote_id: str) -> dict[str, Any]:
        stored = self.quotes.get(quote_id)
        if stored is None:
            raise SandboxError(404, "quote_not_found", f"no quote {quote_id!r}")
        return {"quote": self._quote_wire(stored.quote)}

    # ---- deals ----

    def book(self, body: dict[str, Any], caller_of: Any) -> dict[str, Any]:
        key = require_key(body)
        replay = self.ctx.idempotency.lookup("deal", key, body)
        if replay is not None:
            return dict(replay.body)
        req = validate_body(DealBookingRequest, body)
        faults = self.ctx.faults.config
        stored = self.quotes.get(req.quote_id)
        if stored is None:
            raise SandboxError(404, "quote_not_found", f"no quote {req.quote_id!r}")
        if faults.refuse_bookings:
            raise SandboxError(409, "booking_refused",
                               f"seller {self.ctx.seller_id} refused the booking")
        if stored.deal_id is not None:
            raise SandboxError(409, "quote_already_booked",
                               f"quote {req.quote_id} was already booked as {stored.deal_id}")
        if not stored.quote.availability.inventory_available:
            raise SandboxError(409, "inventory_unavailable",
                               f"{stored.package.package_id} cannot deliver "
                               f"{stored.quote.terms.impressions} impressions in this flight")
        if self.ctx.clock() >= stored.expires_at:
            raise SandboxError(410, "quote_expired",
                               f"quote {req.quote_id} expired at {stored.expires_at.isoformat()}")
        caller: Caller = caller_of(req.buyer_identity) if req.buyer_identity else stored.caller
        price = stored.price_micros
        if faults.booking_price_drift_pct:
            price = round_to_cent(Decimal(price) * (100 + Decimal(
                repr(faults.booking_price_drift_pct))) / 100)
        quote = stored.quote
        deal_id = self.ctx.new_id("deal")
        pricing = quote.pricing.model_copy(update={"final_cpm": Money(amount_micros=price)})
        deal = DealResponse(
            deal_id=deal_id, deal_type=quote.deal_type, status="booked", quote_id=quote.quote_id,
            product=quote.product, pricing=pricing, terms=quote.terms,
            activation_instructions=ActivationInstructions(
                ttd=f"The Trade Desk: add deal ID {deal_id} in Inventory > Private Contracts",
                dv360=f"DV360: accept deal {deal_id} under My Inventory > Marketplace",
                xandr=f"Xandr: target deal {deal_id} in the line item's Deals section"),
            openrtb_params=OpenRTBParams(
                id=deal_id, bidfloor=micros_to_float(price),
                at=1 if quote.deal_type is DealType.PROGRAMMATIC_GUARANTEED else 3,
                wseat=[caller.identity.seat_id] if caller.identity.seat_id else [],
                wadomain=[]),
        )
        plan = DeliveryPlan(
            flight_start=quote.terms.flight_start, flight_end=quote.terms.flight_end,
            booked_impressions=quote.terms.impressions, profile=self.ctx.spec.delivery_profile,
            jitter=self.ctx.rng("jitter", deal_id).uniform(0.97, 1.03))
        stored.deal_id = deal_id
        self.deals[deal_id] = StoredDeal(deal, quote.quote_id, price, plan, caller)
        logger.info("sandbox %s booked %s at %s micros", self.ctx.seller_id, deal_id, price)
        result = {"deal": wire(deal)}
        self.ctx.idempotency.save("deal", key, body, 200, result)
        return result

    def deal(self, deal_id: str) -> StoredDeal:
        stored = self.deals.get(deal_id)
        if stored is None:
            raise SandboxError(404, "deal_not_found", f"no deal {deal_id!r}")
        return stored

    def get_deal(self, deal_id: str) -> dict[str, Any]:
        return {"deal": wire(self.deal(deal_id).deal)}
