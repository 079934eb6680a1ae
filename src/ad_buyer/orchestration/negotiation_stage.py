"""Cross-seller negotiation inside orchestration.

For each ranked quote whose seller lets the buyer negotiate (the quote was
priced at the agency or advertiser tier): negotiate *on the quote* (the quote
id is the negotiation's subject and rides on every message, so the opening
offer is sent once and a reference seller can find the negotiation) with a
:class:`CompetitiveStrategy` whose leverage point is the best competing
effective CPM from the *other* sellers (translated into this seller's raw
CPM; it goes past it, up to the ask, only at the seller's deadline). On
agreement:

- a seller that re-quotes at agreed prices (native) is asked for a quote with
  the ``negotiation_id``; the re-quote must carry exactly the agreed price,
  otherwise the original quote is kept and the mismatch is reported;
- a reference seller books the negotiated quote itself at the agreed price,
  so the quote is kept with ``negotiated_cpm`` set; the booking's read-back
  proves the seller booked that price.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import httpx

from ad_buyer.booking.quote_normalizer import NormalizedQuote
from ad_buyer.clients.http import SellerHttpError
from ad_buyer.models.buyer_identity import AccessTier, BuyerIdentity
from ad_buyer.models.money import Amount, Money, micros_to_float, to_micros
from ad_buyer.negotiation.client import NegotiationClient
from ad_buyer.negotiation.models import NegotiationOutcome
from ad_buyer.negotiation.replies import NegotiationState
from ad_buyer.negotiation.strategies.competitive import CompetitiveStrategy
from ad_buyer.negotiation.strategy import NegotiationStrategy
from ad_buyer.orchestration.models import DealParams
from ad_buyer.registry.profile import SellerProfile

logger = logging.getLogger(__name__)

NEGOTIABLE_TIERS = {AccessTier.AGENCY.value, AccessTier.ADVERTISER.value}

StrategyFactory = Callable[[NormalizedQuote, float, float, float | None], NegotiationStrategy]
ClientFactory = Callable[[str, BuyerIdentity | None], Any]


async def seller_side(client: Any, q: NormalizedQuote,
                      record: dict[str, Any]) -> tuple[float | None, str | None] | None:
    """The negotiation the seller already holds on ``q``'s quote, if it has ended:
    (agreed price or None, negotiation id), recorded in ``record``. None when there is
    none, it is still open, or the seller cannot say (then the buyer negotiates)."""
    read = getattr(client, "negotiation_state", None)
    if read is None:
        return None
    try:
        state: NegotiationState | None = await read(q.seller_url, q.quote_id)
    except SellerHttpError as exc:
        logger.warning("could not read the negotiation on %s at %s: %s", q.quote_id,
                       q.seller_url, exc)
        return None
    if state is None or not (state.accepted or state.ended):
        return None
    record.update(rounds=state.rounds, negotiation_id=state.negotiation_id, resumed=True)
    if state.accepted and state.agreed_price is not None:
        logger.warning("negotiation on %s at %s was agreed at %.2f before this run: taken "
                       "as agreed, nothing sent", q.quote_id, q.seller_url, state.agreed_price)
        record.update(outcome=NegotiationOutcome.ACCEPTED.value, final_price=state.agreed_price,
                      reason="agreed at the seller before the run resumed (read back; "
                             "nothing sent)")
        return state.agreed_price, state.negotiation_id
    record.update(outcome=NegotiationOutcome.WALKED_AWAY.value, final_price=None,
                  reason=f"the seller's negotiation on this quote had already ended "
                         f"({state.status}); nothing sent")
    return None, None


def competitive_strategy(quote: NormalizedQuote, ask: float, walk_away: float,
                         target: float | None) -> NegotiationStrategy:
    """The default: CompetitiveStrategy bounded by the ask and the competition."""
    return CompetitiveStrategy(target_cpm=min(target or ask * 0.8, ask), max_cpm=ask,
                               best_competing_price=walk_away)


class NegotiationStage:
    """Negotiates the top ranked quotes in parallel (bounded)."""

    def __init__(self, client_factory: ClientFactory, *,
                 strategy_factory: StrategyFactory = competitive_strategy,
                 max_negotiations: int = 10, max_concurrency: int = 5) -> None:
        self.client_factory = client_factory
        self.strategy_factory = strategy_factory
        self.max_negotiations = max_negotiations
        self.max_concurrency = max_concurrency

    @classmethod
    def over_http(cls, *, auth: httpx.Auth | None = None, transport: Any = None,
                  timeout: float = 30.0, **kw: Any) -> NegotiationStage:
        """A stage whose clients are :class:`NegotiationClient` per seller."""
        return cls(lambda _url, identity: NegotiationClient(
            auth=auth, transport=transport, timeout=timeout, buyer_identity=identity), **kw)

    async def run(self, ranked: Sequence[NormalizedQuote], params: DealParams,
                  deals_client_for: Callable[[str], Any], *,
                  identity_for: Callable[[str], BuyerIdentity | None],
                  profile_for: Callable[[str], SellerProfile] | None = None,
                  max_cpm: Amount | None = None,
                  ) -> tuple[list[NormalizedQuote], list[dict[str, Any]]]:
        """(quotes, some at negotiated prices; one record per negotiation)."""
        sem = asyncio.Semaphore(self.max_concurrency)
        profile_of = profile_for or (lambda _url: SellerProfile())
        eligible = [q for q in ranked[: self.max_negotiations]
                    if q.quote is not None and q.quote.buyer_tier in NEGOTIABLE_TIERS]
        results = await asyncio.gather(*(
            self._one(q, ranked, params, deals_client_for, identity_for,
                      profile_of(q.seller_url), max_cpm, sem)
            for q in eligible))
        replaced = {q.key: new for q, (new, _) in zip(eligible, results, strict=True) if new}
        records = [rec for _, rec in results]
        return [replaced.get(q.key, q) for q in ranked], records

    async def negotiate_quote(self, quote: NormalizedQuote, rivals: Sequence[NormalizedQuote],
                              params: DealParams, deals_client_for: Callable[[str], Any], *,
                              identity_for: Callable[[str], BuyerIdentity | None],
                              profile: SellerProfile | None = None,
                              max_cpm: Amount | None = None,
                              ) -> tuple[NormalizedQuote | None, dict[str, Any]]:
        """One chosen quote toward ``params.target_cpm``; the best rival quote from
        another seller bounds the walk-away. (re-priced quote or None, record)."""
        return await self._one(quote, [quote, *rivals], params, deals_client_for, identity_for,
                               profile or SellerProfile(), max_cpm, asyncio.Semaphore(1))

    @staticmethod
    def walk_away_price(quote: NormalizedQuote, ranked: Sequence[NormalizedQuote]) -> float:
        """Best other-seller effective CPM, in this seller's raw CPM; else the ask."""
        others = [q.effective_cpm_micros for q in ranked if q.seller_url != quote.seller_url]
        if not others:
            return quote.raw_cpm
        ratio = Decimal(quote.raw_cpm_micros) / Decimal(quote.effective_cpm_micros)
        return micros_to_float(int(Decimal(min(others)) * ratio))

    async def _one(self, q: NormalizedQuote, ranked: Sequence[NormalizedQuote],
                   params: DealParams, deals_client_for: Callable[[str], Any],
                   identity_for: Callable[[str], BuyerIdentity | None],
                   profile: SellerProfile, max_cpm: Amount | None, sem: asyncio.Semaphore,
                   ) -> tuple[NormalizedQuote | None, dict[str, Any]]:
        assert q.quote is not None
        ask = q.raw_cpm
        if max_cpm is not None:
            ask = min(ask, micros_to_float(to_micros(max_cpm)))
        walk_away = min(self.walk_away_price(q, ranked), ask)
        record: dict[str, Any] = {"seller_id": q.seller_id, "seller_url": q.seller_url,
                                  "quote_id": q.quote_id, "ask": q.raw_cpm,
                                  "walk_away": walk_away}
        identity = identity_for(q.seller_url)
        async with sem:
            client = self.client_factory(q.seller_url, identity)
            try:
                strategy = self.strategy_factory(q, ask, walk_away, params.target_cpm)
                agreed, negotiation_id = await self._negotiate(client, q, strategy, record)
            except (SellerHttpError, ValueError) as exc:
                record.update(outcome=NegotiationOutcome.ERROR.value, error=str(exc))
                logger.warning("negotiation with %s failed: %s", q.seller_url, exc)
                return None, record
            finally:
                closer = getattr(client, "aclose", None)
                if closer is not None:
                    await closer()
            if agreed is None:
                return None, record
            if not profile.requotes_negotiated_price:
                return self._agreed_on_quote(q, agreed, negotiation_id, record), record
            return await self._requote(q, params, deals_client_for, agreed, negotiation_id,
                                       record)

    @staticmethod
    async def _negotiate(client: Any, q: NormalizedQuote, strategy: NegotiationStrategy,
                         record: dict[str, Any]) -> tuple[float | None, str | None]:
        """Negotiate on the quote itself: its id is the subject and the quote id.

        The seller's side first: a negotiation it already holds on this quote (a
        run stopped mid-negotiation and resumed) is taken as it stands, never
        countered again."""
        held = await seller_side(client, q, record)
        if held is not None:
            return held
        try:
            result = await client.auto_negotiate(q.seller_url, q.quote_id, strategy,
                                                 asking_price=q.raw_cpm, quote_id=q.quote_id,
                                                 currency=q.currency)
        except SellerHttpError as exc:
            if exc.status_code != 400:
                raise
            held = await seller_side(client, q, record)  # "Negotiation is accepted, ..."
            if held is None:
                raise
            return held
        record.update(outcome=result.outcome.value, final_price=result.final_price,
                      rounds=result.rounds_count, negotiation_id=result.negotiation_id,
                      reason=result.reason,
                      offered=result.rounds[-1].buyer_price if result.rounds else None)
        if result.outcome != NegotiationOutcome.ACCEPTED or result.final_price is None:
            return None, None
        return result.final_price, result.negotiation_id

    @staticmethod
    def _agreed_on_quote(q: NormalizedQuote, agreed: float, negotiation_id: str | None,
                         record: dict[str, Any]) -> NormalizedQuote:
        """The same quote, now at the agreed price (the seller books it at that price)."""
        assert q.quote is not None
        record["agreed_on_quote_id"] = q.quote_id
        quote = q.quote.model_copy(update={
            "negotiated_cpm": Money(amount_micros=to_micros(agreed), currency=q.currency),
            "negotiation_id": negotiation_id})
        return dataclasses.replace(q, quote=quote)

    async def _requote(self, q: NormalizedQuote, params: DealParams,
                       deals_client_for: Callable[[str], Any], agreed: float,
                       negotiation_id: str | None, record: dict[str, Any],
                       ) -> tuple[NormalizedQuote | None, dict[str, Any]]:
        assert q.quote is not None
        client = deals_client_for(q.seller_url)
        try:
            quote = await client.request_quote(
                product_id=q.quote.product.product_id, deal_type=q.quote.deal_type,
                impressions=q.impressions, flight_start=q.quote.terms.flight_start,
                flight_end=q.quote.terms.flight_end, media_type=params.media_type,
                negotiation_id=negotiation_id)
        except SellerHttpError as exc:
            record["requote_error"] = str(exc)
            return None, record
        finally:
            closer = getattr(client, "aclose", None)
            if closer is not None:
                await closer()
        price = quote.pricing.final_cpm
        if price.amount_micros != to_micros(agreed) or price.currency != q.currency:
            record["requote_error"] = (
                f"negotiated_price_mismatch: re-quote {quote.quote_id} priced "
                f"{price.currency} {micros_to_float(price.amount_micros):,.2f}, agreed "
                f"{q.currency} {agreed:,.2f}; original quote kept")
            return None, record
        record["requoted_quote_id"] = quote.quote_id
        quote = quote.model_copy(update={"seller_url": q.seller_url,
                                         "negotiation_id": negotiation_id})
        return dataclasses.replace(q, quote=quote, quote_id=quote.quote_id), record
