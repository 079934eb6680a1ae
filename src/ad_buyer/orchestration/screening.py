"""Quote screening: the money guards on every quote, then normalize and rank.

A quote is refused (with a reason) for: no or negative price, wrong currency,
expired, inventory unavailable, a quote id this seller did not issue (another
seller answered with it and only that seller confirms it), a deal type the
campaign does not accept, or an effective CPM above ``max_cpm``. Survivors are
ranked relative to each other only. A quote's ``seller_id`` is not read: the
reference seller sends its organisation's id whichever agent answers
(PROTOCOL.md), so quotes are keyed by seller URL plus quote id.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from ad_buyer.booking.guards import GuardRejection, RejectionReason, check_quote
from ad_buyer.booking.quote_normalizer import NormalizedQuote, QuoteNormalizer
from ad_buyer.clients.deals_client import DealsClientError
from ad_buyer.models.money import Amount, micros_to_float, to_micros
from ad_buyer.orchestration.models import SellerQuoteResult

logger = logging.getLogger(__name__)


async def _close(client: Any) -> None:
    closer = getattr(client, "aclose", None)
    if closer is not None:
        await closer()


class QuoteScreener:
    """Guards and ranks one competitive set of quotes."""

    def __init__(self, normalizer: QuoteNormalizer, *, clock: Callable[[], datetime],
                 reliability: Callable[[list[str]], Mapping[str, float]] | None = None,
                 ) -> None:
        self.quote_normalizer = normalizer
        self.clock = clock
        self.reliability = reliability

    @staticmethod
    def quote_issuers(quote_results: Sequence[SellerQuoteResult]) -> dict[str, set[str]]:
        """Quote id -> every seller URL that answered with it."""
        issuers: dict[str, set[str]] = {}
        for r in quote_results:
            if r.quote is not None:
                issuers.setdefault(r.quote.quote_id, set()).add(r.seller_url)
        return issuers

    async def resolve_shared_quote_ids(
        self, quote_results: Sequence[SellerQuoteResult], open_client: Callable[[str], Any],
    ) -> dict[str, set[str]]:
        """For a quote id answered by several sellers, ask each whether it issued
        it (``GET /api/v1/quotes/{id}``); only sellers that confirm stay issuers."""
        issuers = self.quote_issuers(quote_results)
        for quote_id, urls in issuers.items():
            if len(urls) < 2:
                continue
            confirmed = set()
            for url in sorted(urls):
                client = open_client(url)
                try:
                    await client.get_quote(quote_id)
                    confirmed.add(url)
                except DealsClientError as exc:
                    logger.warning("%s does not confirm quote %s: %s", url, quote_id, exc)
                finally:
                    await _close(client)
            # One confirmed issuer: the others answered with its id. Otherwise keep
            # every claimant so each is refused (fail closed).
            issuers[quote_id] = confirmed if len(confirmed) == 1 else urls
        return issuers

    def screen(
        self, quote_results: Sequence[SellerQuoteResult], *, max_cpm: Amount | None = None,
        currency: str = "USD", deal_types: Sequence[str] | None = None,
        issuers: Mapping[str, set[str]] | None = None,
    ) -> tuple[list[NormalizedQuote], list[GuardRejection]]:
        """Guard every quote, normalize and rank the survivors."""
        if issuers is None:
            issuers = self.quote_issuers(quote_results)
        now = self.clock()
        rejections: list[GuardRejection] = []
        passed: list[SellerQuoteResult] = []
        for r in quote_results:
            if r.quote is None:
                continue
            rejection = check_quote(r.quote, seller_url=r.seller_url, currency=currency,
                                    now=now, issuers=issuers)
            if rejection is None and r.seller_url not in issuers.get(r.quote.quote_id, set()):
                rejection = GuardRejection(
                    RejectionReason.FOREIGN_QUOTE_ID,
                    f"quote id {r.quote.quote_id} was not issued by this seller",
                    r.seller_url, r.quote.quote_id)
            if rejection is None and deal_types and r.quote.deal_type.value not in deal_types:
                rejection = GuardRejection(
                    RejectionReason.DEAL_TYPE_NOT_ACCEPTED,
                    f"deal type {r.quote.deal_type.value} not in {list(deal_types)}",
                    r.seller_url, r.quote.quote_id)
            if rejection is not None:
                r.rejection_reason = rejection.reason.value
                rejections.append(rejection)
            else:
                passed.append(r)
        reliability = self._reliability([r.seller_url for r in passed])
        ranked = self.quote_normalizer.normalize_and_rank(
            [(r.quote, r.seller_id, r.seller_url) for r in passed if r.quote], reliability)
        if max_cpm is not None:
            cap = to_micros(max_cpm)
            over = [q for q in ranked if q.effective_cpm_micros > cap]
            for q in over:
                rejections.append(GuardRejection(
                    RejectionReason.OVER_MAX_CPM,
                    f"effective CPM {q.currency} {q.effective_cpm:,.2f} is above max CPM "
                    f"{micros_to_float(cap):,.2f}", q.seller_url, q.quote_id))
            if over:
                keep = {q.key for q in ranked} - {q.key for q in over}
                ranked = self.quote_normalizer.normalize_and_rank(
                    [(q.quote, q.seller_id, q.seller_url) for q in ranked
                     if q.key in keep and q.quote], reliability)
        return ranked, rejections

    def _reliability(self, urls: list[str]) -> Mapping[str, float] | None:
        return self.reliability(urls) if self.reliability is not None else None
