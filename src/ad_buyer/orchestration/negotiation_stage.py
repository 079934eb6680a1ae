"""Cross-seller negotiation inside orchestration.

For each ranked quote whose seller lets the buyer negotiate (the quote was
priced at the agency or advertiser tier): open a proposal, negotiate with a
:class:`CompetitiveStrategy` whose leverage point is the best competing
effective CPM from the *other* sellers (translated into this seller's raw
CPM; it goes past it, up to the ask, only at the seller's deadline), and on
agreement re-quote with the ``negotiation_id`` so the quote is
locked at the agreed price. The re-quote must carry exactly the agreed price;
otherwise the original quote is kept and the mismatch is reported.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from ad_buyer.booking.quote_normalizer import NormalizedQuote
from ad_buyer.clients.http import SellerHttpError
from ad_buyer.models.buyer_identity import AccessTier, BuyerIdentity
from ad_buyer.models.money import Amount, micros_to_float, to_micros
from ad_buyer.negotiation.client import NegotiationClient
from ad_buyer.negotiation.models import NegotiationOutcome, ProposalRequest
from ad_buyer.negotiation.strategies.competitive import CompetitiveStrategy
from ad_buyer.negotiation.strategy import NegotiationContext, NegotiationStrategy
from ad_buyer.orchestration.models import DealParams

logger = logging.getLogger(__name__)

NEGOTIABLE_TIERS = {AccessTier.AGENCY.value, AccessTier.ADVERTISER.value}

StrategyFactory = Callable[[NormalizedQuote, float, float, float | None], NegotiationStrategy]
ClientFactory = Callable[[str, BuyerIdentity | None], Any]


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
    def over_http(cls, *, api_key: str | None = None, transport: Any = None,
                  timeout: float = 30.0, **kw: Any) -> NegotiationStage:
        """A stage whose clients are :class:`NegotiationClient` per seller."""
        return cls(lambda _url, identity: NegotiationClient(
            api_key=api_key, transport=transport, timeout=timeout, buyer_identity=identity), **kw)

    async def run(self, ranked: Sequence[NormalizedQuote], params: DealParams,
                  deals_client_for: Callable[[str], Any], *,
                  identity_for: Callable[[str], BuyerIdentity | None],
                  max_cpm: Amount | None = None,
                  ) -> tuple[list[NormalizedQuote], list[dict[str, Any]]]:
        """(quotes, some re-quoted at negotiated prices; one record per negotiation)."""
        sem = asyncio.Semaphore(self.max_concurrency)
        eligible = [q for q in ranked[: self.max_negotiations]
                    if q.quote is not None and q.quote.buyer_tier in NEGOTIABLE_TIERS]
        results = await asyncio.gather(*(
            self._one(q, ranked, params, deals_client_for, identity_for, max_cpm, sem)
            for q in eligible))
        replaced = {q.key: new for q, (new, _) in zip(eligible, results, strict=True) if new}
        records = [rec for _, rec in results]
        return [replaced.get(q.key, q) for q in ranked], records

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
                   max_cpm: Amount | None, sem: asyncio.Semaphore,
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
                agreed, negotiation_id = await self._negotiate(client, q, params, strategy,
                                                               identity, record)
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
            return await self._requote(q, params, deals_client_for, agreed, negotiation_id,
                                       record)

    async def _negotiate(self, client: Any, q: NormalizedQuote, params: DealParams,
                         strategy: NegotiationStrategy, identity: BuyerIdentity | None,
                         record: dict[str, Any]) -> tuple[float | None, str | None]:
        assert q.quote is not None
        opening = strategy.next_offer(q.raw_cpm, NegotiationContext(seller_asking_price=q.raw_cpm))
        proposal = await client.open_proposal(q.seller_url, ProposalRequest(
            product_id=q.quote.product.product_id, deal_type=q.quote.deal_type, price=opening,
            impressions=q.impressions, start_date=q.quote.terms.flight_start,
            end_date=q.quote.terms.flight_end,
            buyer_id=identity.seat_id if identity else None,
            agency_id=identity.agency_id if identity else None,
            advertiser_id=identity.advertiser_id if identity else None))
        terms = proposal.counter_terms
        if proposal.recommendation == "reject":
            record.update(outcome=NegotiationOutcome.DECLINED.value, rounds=0)
            return None, None
        if proposal.recommendation == "accept":
            record.update(outcome=NegotiationOutcome.ACCEPTED.value, final_price=opening,
                          rounds=0)
            return opening, terms.negotiation_id if terms else proposal.proposal_id
        result = await client.auto_negotiate(
            q.seller_url, proposal.proposal_id, strategy,
            asking_price=terms.proposed_price if terms else q.raw_cpm)
        record.update(outcome=result.outcome.value, final_price=result.final_price,
                      rounds=result.rounds_count, negotiation_id=result.negotiation_id,
                      reason=result.reason)
        if result.outcome != NegotiationOutcome.ACCEPTED or result.final_price is None:
            return None, None
        return result.final_price, result.negotiation_id

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
