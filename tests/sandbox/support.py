"""Helpers for the sandbox tests: identities, a fake clock, quote and book calls."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx

KEY = {"X-API-Key": "test-key"}
AGENCY = {"seat_id": "ttd-seat-123", "agency_id": "omnicom-456"}
ADVERTISER = {**AGENCY, "advertiser_id": "coca-cola-789"}
SEAT = {"seat_id": "ttd-seat-123"}


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


_counter = iter(range(1, 1_000_000))


def idem() -> str:
    return f"test-key-{next(_counter):06d}"


def quote_body(product_id: str = "prod-ctv-001", impressions: int = 1_000_000,
               identity: dict[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    return {"idempotency_key": idem(), "product_id": product_id, "deal_type": "PD",
            "impressions": impressions, "flight_start": "2026-07-01",
            "flight_end": "2026-07-30", "buyer_identity": identity or AGENCY, **extra}


async def quote(client: httpx.AsyncClient, seller_url: str, **kwargs: Any) -> dict[str, Any]:
    r = await client.post(f"{seller_url}/api/v1/quotes", json=quote_body(**kwargs), headers=KEY)
    assert r.status_code == 200, r.text
    return dict(r.json()["quote"])


async def book(client: httpx.AsyncClient, seller_url: str, quote_id: str) -> dict[str, Any]:
    r = await client.post(f"{seller_url}/api/v1/deals",
                          json={"idempotency_key": idem(), "quote_id": quote_id}, headers=KEY)
    assert r.status_code == 200, r.text
    return dict(r.json()["deal"])
