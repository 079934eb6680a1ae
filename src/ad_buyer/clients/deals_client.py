"""``DealsClient``: quote-then-book with one seller (PROTOCOL.md, Quotes and deals).

Every write carries an idempotency key; 502/503/504 and transport failures are
retried with the *same* key (the seller returns the same result for a replayed
key), 4xx never. Delivery reports and change requests live here too: they are
the same seller's Deals API.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import httpx

from ad_buyer.clients.http import (
    DEFAULT_TIMEOUT,
    SellerClient,
    SellerHttpError,
    new_idempotency_key,
    parse_model,
)
from ad_buyer.models.buyer_identity import BuyerIdentity, DealType
from ad_buyer.models.deals import (
    ChangeRequest,
    ChangeRequestResponse,
    ChangeType,
    DealBookingRequest,
    DealResponse,
    DeliveryReport,
    QuoteRequest,
    QuoteResponse,
)
from ad_buyer.models.money import Amount, Money

logger = logging.getLogger(__name__)


class DealsClientError(SellerHttpError):
    """A Deals API call failed; ``status_code`` is None for transport failures."""


class QuoteRejectedError(DealsClientError):
    """The seller refused to quote (4xx): final, not retried."""


class BookingRefusedError(DealsClientError):
    """The seller refused to book (4xx, e.g. 409 already booked or sold out)."""


class DealsClient(SellerClient):
    """One seller's Deals API. Async context manager; ``aclose()`` otherwise."""

    error = DealsClientError

    def __init__(
        self,
        seller_url: str,
        *,
        api_key: str | None = None,
        auth: httpx.Auth | None = None,
        buyer_identity: BuyerIdentity | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        max_retries: int = 2,
        retry_backoff: float = 0.2,
    ) -> None:
        self.seller_url = seller_url.rstrip("/")
        self.buyer_identity = buyer_identity
        super().__init__(
            api_key=api_key,
            auth=auth,
            timeout=timeout,
            transport=transport,
            max_retries=max_retries,
            retry_backoff=retry_backoff,
        )

    def _identity(self, override: BuyerIdentity | None) -> dict[str, str]:
        identity = override or self.buyer_identity
        return identity.to_wire() if identity else {}

    async def request_quote(
        self,
        *,
        product_id: str,
        deal_type: DealType | str,
        impressions: int,
        flight_start: date | str,
        flight_end: date | str,
        target_cpm: Amount | None = None,
        media_type: str | None = None,
        buyer_identity: BuyerIdentity | None = None,
        negotiation_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> QuoteResponse:
        """Ask for a quote. Bad arguments raise ``pydantic.ValidationError`` before
        any HTTP call."""
        request = QuoteRequest(
            idempotency_key=idempotency_key or new_idempotency_key("quote"),
            product_id=product_id,
            deal_type=DealType(deal_type),
            impressions=impressions,
            flight_start=flight_start,
            flight_end=flight_end,
            target_cpm=Money.of(target_cpm) if target_cpm is not None else None,
            media_type=media_type,
            buyer_identity=self._identity(buyer_identity),
            negotiation_id=negotiation_id,
        )
        return await self.submit_quote_request(request)

    async def submit_quote_request(self, request: QuoteRequest) -> QuoteResponse:
        try:
            body = await self._call("POST", "/api/v1/quotes", json=request, retry=True)
        except DealsClientError as exc:
            self._raise_if_refused(exc, QuoteRejectedError)
            raise
        return self._quote(body.get("quote") if isinstance(body, dict) else None)

    async def get_quote(self, quote_id: str) -> QuoteResponse:
        body = await self._call("GET", f"/api/v1/quotes/{quote_id}", retry=True)
        return self._quote(body.get("quote", body) if isinstance(body, dict) else None)

    async def book_deal(
        self,
        quote_id: str,
        *,
        idempotency_key: str,
        buyer_identity: BuyerIdentity | None = None,
        notes: str | None = None,
    ) -> DealResponse:
        """Book a quote. The caller owns the idempotency key: it derives the key from
        its booking run and the quote, so a resumed run re-sends the same key and the
        seller answers with the deal it already booked."""
        request = DealBookingRequest(
            idempotency_key=idempotency_key,
            quote_id=quote_id,
            buyer_identity=self._identity(buyer_identity),
            notes=notes,
        )
        try:
            body = await self._call("POST", "/api/v1/deals", json=request, retry=True)
        except DealsClientError as exc:
            self._raise_if_refused(exc, BookingRefusedError)
            raise
        return self._deal(body.get("deal") if isinstance(body, dict) else None)

    async def get_deal(self, deal_id: str) -> DealResponse:
        body = await self._call("GET", f"/api/v1/deals/{deal_id}", retry=True)
        return self._deal(body.get("deal", body) if isinstance(body, dict) else None)

    async def get_performance(self, deal_id: str, *, as_of: str | None = None) -> DeliveryReport:
        """Delivery so far. ``as_of`` is a sandbox extension for simulated time."""
        params = {"as_of": as_of} if as_of else None
        body = await self._call(
            "GET", f"/api/v1/deals/{deal_id}/performance", params=params, retry=True
        )
        return parse_model(DeliveryReport, body, seller_url=self.seller_url,
                           what="delivery report", error=DealsClientError)

    async def request_change(
        self,
        deal_id: str,
        change_type: ChangeType,
        *,
        idempotency_key: str | None = None,
        impressions: int | None = None,
        budget: Amount | None = None,
        flight_end: date | None = None,
        reason: str = "",
        currency: str = "USD",
    ) -> ChangeRequestResponse:
        request = ChangeRequest(
            idempotency_key=idempotency_key or new_idempotency_key("change"),
            deal_id=deal_id,
            change_type=change_type,
            impressions=impressions,
            budget=Money.of(budget, currency) if budget is not None else None,
            flight_end=flight_end,
            reason=reason,
        )
        body = await self._call("POST", "/api/v1/change-requests", json=request, retry=True)
        return self._change(body)

    async def get_change_request(self, change_request_id: str) -> ChangeRequestResponse:
        body = await self._call("GET", f"/api/v1/change-requests/{change_request_id}",
                                retry=True)
        return self._change(body)

    async def cancel_deal(self, deal_id: str, *, idempotency_key: str,
                          reason: str = "") -> ChangeRequestResponse:
        """Cancel a booked deal (rollback) through the change-request endpoint."""
        return await self.request_change(
            deal_id, "cancel", idempotency_key=idempotency_key, reason=reason
        )

    async def _call(self, method: str, path: str, *, json: Any = None,
                    params: dict[str, Any] | None = None, retry: bool) -> Any:
        payload = json.model_dump(mode="json", exclude_none=True) if json is not None else None
        return await self._http.request(
            method, f"{self.seller_url}{path}", seller_url=self.seller_url,
            json=payload, params=params, retry=retry,
        )

    def _raise_if_refused(self, exc: DealsClientError, refusal: type[DealsClientError]) -> None:
        """A 4xx answer is final: re-raise it as ``refusal``."""
        if exc.status_code is not None and 400 <= exc.status_code < 500:
            raise refusal(
                str(exc), status_code=exc.status_code, seller_url=self.seller_url,
                error_code=exc.error_code,
            ) from exc

    def _quote(self, data: Any) -> QuoteResponse:
        quote = parse_model(QuoteResponse, data, seller_url=self.seller_url, what="quote",
                            error=DealsClientError)
        return quote.model_copy(update={"seller_url": self.seller_url})

    def _deal(self, data: Any) -> DealResponse:
        deal = parse_model(DealResponse, data, seller_url=self.seller_url, what="deal",
                           error=DealsClientError)
        return deal.model_copy(update={"seller_url": self.seller_url})

    def _change(self, data: Any) -> ChangeRequestResponse:
        return parse_model(ChangeRequestResponse, data, seller_url=self.seller_url,
                           what="change request", error=DealsClientError)
