"""Stage 2, asking: one quote request at one seller within a time limit, a failure
turned into that seller's error result (one bad seller never stops the others), and
what came back told to the event bus and the seller performance record."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from ad_buyer.booking.guards import GuardRejection, classify_quote_error
from ad_buyer.clients.deals_client import DealsClientError
from ad_buyer.events.bus import EventBus, emit
from ad_buyer.events.models import EventType
from ad_buyer.models.deals import QuoteResponse
from ad_buyer.orchestration.models import DealParams, SellerQuoteResult
from ad_buyer.orchestration.seller_clients import SellerClientPool
from ad_buyer.orchestration.seller_performance import SellerPerformanceTracker
from ad_buyer.registry.models import AgentCard
from ad_buyer.registry.profile import SellerProfile

logger = logging.getLogger(__name__)


async def request_quote(clients: SellerClientPool, card: AgentCard, url: str,
                        params: DealParams, *, within_s: float,
                        **request: Any) -> QuoteResponse | SellerQuoteResult:
    """``request_quote(**request)`` at ``url`` within ``within_s`` seconds, ``media_type``
    in the seller's words; a failure, or a channel the seller cannot sell, comes back
    as the seller's error result (``params`` describe the deal)."""
    media_type, why_not = SellerProfile.of(card).media_type(request.get("media_type"))
    if why_not:
        return quote_error(card, params, why_not)
    request["media_type"] = media_type
    client = clients.open(url)
    try:
        async with asyncio.timeout(within_s):
            quote: QuoteResponse = await client.request_quote(**request)
            return quote
    except TimeoutError:
        return quote_error(card, params, f"quote timed out after {within_s:g}s")
    except DealsClientError as exc:
        return quote_error(card, params, str(exc))
    except Exception as exc:  # one bad seller never stops the others
        logger.warning("quote from %s failed", url, exc_info=True)
        return quote_error(card, params, f"{type(exc).__name__}: {exc}")
    finally:
        await SellerClientPool.close(client)


def quote_error(card: AgentCard, params: DealParams, error: str) -> SellerQuoteResult:
    """The seller's result for a quote that did not come, its rejection reason named
    when the error is one the quote guards know."""
    reason = classify_quote_error(error)
    if reason is not None:
        error = f"{reason.value}: {error}"
    return SellerQuoteResult(card.agent_id, card.url.rstrip("/"), None, params.deal_type,
                             error=error, rejection_reason=reason.value if reason else None)


def record_quotes(tracker: SellerPerformanceTracker | None,
                  results: Iterable[SellerQuoteResult]) -> None:
    """Each seller's answer (a price, or none) in its performance record."""
    if tracker is not None:
        for r in results:
            tracker.record_quote(
                r.seller_url, cpm_micros=r.quote.agreed_cpm.amount_micros if r.quote else None)


async def announce_quotes(event_bus: EventBus | None,
                          results: Sequence[SellerQuoteResult]) -> None:
    ok = [r for r in results if r.quote is not None]
    bad = [r for r in results if r.quote is None]
    await emit(event_bus, EventType.QUOTE_RECEIVED,
               quotes_received=len(ok), quotes_failed=len(bad),
               seller_ids_received=[r.seller_id for r in ok],
               seller_ids_failed=[r.seller_id for r in bad])


async def announce_rejections(event_bus: EventBus | None,
                              rejections: Iterable[GuardRejection]) -> None:
    for rejection in rejections:
        await emit(event_bus, EventType.QUOTE_REJECTED, **rejection.as_dict())
