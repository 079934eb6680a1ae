"""DealsClient against scripted transports: retries, typed errors, validation."""

import asyncio
import json
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from ad_buyer.clients.deals_client import (
    BookingRefusedError,
    DealsClient,
    DealsClientError,
    QuoteRejectedError,
)

SELLER = "http://seller.test/sellers/s1"

QUOTE = {
    "quote_id": "q-1",
    "status": "available",
    "deal_type": "PD",
    "product": {"product_id": "prod-ctv-001", "name": "CTV", "inventory_type": "ctv"},
    "pricing": {
        "base_cpm": {"amount_micros": 30_000_000, "currency": "USD"},
        "tier_discount_pct": 10.0,
        "volume_discount_pct": 0.0,
        "final_cpm": {"amount_micros": 27_000_000, "currency": "USD"},
        "rationale": "agency tier",
    },
    "terms": {"impressions": 500_000, "flight_start": "2026-07-01",
              "flight_end": "2026-09-30", "guaranteed": False},
    "availability": {"inventory_available": True, "estimated_fill_rate": 0.9},
    "buyer_tier": "agency",
    "expires_at": "2026-12-01T00:00:00Z",
    "seller_id": "s1",
}

QUOTE_ARGS: dict[str, Any] = {
    "product_id": "prod-ctv-001", "deal_type": "PD", "impressions": 500_000,
    "flight_start": "2026-07-01", "flight_end": "2026-09-30", "target_cpm": 25.0,
}


class Script:
    """A transport answering from a list of (status, body) and recording requests."""

    def __init__(self, *answers: tuple[int, Any]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status, body = self.answers.pop(0)
        if isinstance(body, str):
            return httpx.Response(status, text=body)
        return httpx.Response(status, json=body)

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests]


def client(script: Any, **kw: Any) -> DealsClient:
    return DealsClient(SELLER, transport=httpx.MockTransport(script), retry_backoff=0, **kw)


async def test_quote_is_parsed_and_keyed_by_seller_url():
    script = Script((200, {"quote": QUOTE}))
    async with client(script, api_key="k") as deals:
        quote = await deals.request_quote(**QUOTE_ARGS)
    assert quote.pricing.final_cpm.amount_micros == 27_000_000
    assert quote.seller_url == SELLER
    sent = script.bodies[0]
    assert sent["target_cpm"] == {"amount_micros": 25_000_000, "currency": "USD"}
    assert sent["idempotency_key"].startswith("quote-")
    assert script.requests[0].headers["X-API-Key"] == "k"


async def test_5xx_is_retried_with_the_same_idempotency_key():
    script = Script((503, {"detail": {"error": "busy", "message": "try later"}}),
                    (502, "bad gateway"), (200, {"quote": QUOTE}))
    async with client(script) as deals:
        await deals.request_quote(**QUOTE_ARGS)
    keys = {b["idempotency_key"] for b in script.bodies}
    assert len(script.requests) == 3
    assert len(keys) == 1


async def test_5xx_exhausting_retries_raises_with_status():
    script = Script(*[(503, {"detail": {"error": "down", "message": "maintenance"}})] * 3)
    async with client(script) as deals:
        with pytest.raises(DealsClientError, match="HTTP 503: maintenance") as info:
            await deals.request_quote(**QUOTE_ARGS)
    assert info.value.status_code == 503
    assert info.value.seller_url == SELLER
    assert len(script.requests) == 3


async def test_4xx_is_final_and_typed():
    script = Script((404, {"detail": {"error": "not_found", "message": "no such product"}}))
    async with client(script) as deals:
        with pytest.raises(QuoteRejectedError, match="no such product") as info:
            await deals.request_quote(**QUOTE_ARGS)
    assert info.value.error_code == "not_found"
    assert len(script.requests) == 1


async def test_booking_refusal_is_typed_and_not_retried():
    script = Script((409, {"detail": {"error": "already_booked", "message": "quote booked"}}))
    async with client(script) as deals:
        with pytest.raises(BookingRefusedError, match="quote booked"):
            await deals.book_deal("q-1", idempotency_key="book-0001")
    assert len(script.requests) == 1
    assert script.bodies[0] == {"idempotency_key": "book-0001", "quote_id": "q-1",
                                "buyer_identity": {}}


async def test_malformed_json_names_the_seller():
    script = Script(*[(200, "{not json")] * 3)
    async with client(script) as deals:
        with pytest.raises(DealsClientError, match=f"malformed JSON from {SELLER}"):
            await deals.get_deal("d-1")


async def test_malformed_body_names_the_field():
    broken = {**QUOTE, "pricing": {**QUOTE["pricing"]}}
    del broken["pricing"]["final_cpm"]
    script = Script((200, {"quote": broken}))
    async with client(script) as deals:
        with pytest.raises(DealsClientError, match=r"malformed quote from .*pricing\.final_cpm"):
            await deals.request_quote(**QUOTE_ARGS)


async def test_slow_seller_hits_the_overall_deadline():
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200, json={"quote": QUOTE})

    deals = DealsClient(SELLER, transport=httpx.MockTransport(slow), timeout=0.05,
                        max_retries=0)
    with pytest.raises(DealsClientError, match=r"timed out after 0\.05s"):
        await deals.request_quote(**QUOTE_ARGS)
    await deals.aclose()


async def test_connection_failure_is_typed():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    deals = DealsClient(SELLER, transport=httpx.MockTransport(refuse), max_retries=1,
                        retry_backoff=0)
    with pytest.raises(DealsClientError, match="ConnectError") as info:
        await deals.get_quote("q-1")
    assert info.value.status_code is None
    await deals.aclose()


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"impressions": 0}, "impressions"),
        ({"impressions": -5}, "impressions"),
        ({"flight_end": "2026-06-01"}, "flight_end 2026-06-01 is before flight_start"),
        ({"deal_type": "XX"}, "'XX' is not a valid DealType"),
        ({"target_cpm": -1}, "target_cpm must be positive"),
    ],
)
async def test_impossible_requests_fail_before_any_http_call(override, field):
    script = Script()
    async with client(script) as deals:
        with pytest.raises((ValidationError, ValueError), match=field):
            await deals.request_quote(**{**QUOTE_ARGS, **override})
    assert script.requests == []


def test_timeout_must_be_positive():
    with pytest.raises(ValueError, match="timeout must be positive"):
        DealsClient(SELLER, timeout=0)
