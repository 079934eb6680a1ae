"""Quotes and bookings: pricing by tier and volume, idempotency, expiry, errors."""

from __future__ import annotations

import httpx
import pytest

from ad_buyer.models.deals import DealResponse, QuoteResponse
from ad_buyer.sandbox.network import SandboxNetwork

from .support import ADVERTISER, AGENCY, KEY, SEAT, FakeClock, idem, quote, quote_body


@pytest.mark.parametrize(("identity", "impressions", "tier", "tier_pct", "volume_pct"), [
    (SEAT, 30_000_000, "seat", 5.0, 0.0),  # no volume discount below agency
    (AGENCY, 1_000_000, "agency", 10.0, 0.0),
    (AGENCY, 5_000_000, "agency", 10.0, 5.0),
    (AGENCY, 10_000_000, "agency", 10.0, 10.0),
    (ADVERTISER, 20_000_000, "advertiser", 15.0, 15.0),
    (ADVERTISER, 50_000_000, "advertiser", 15.0, 20.0),
])
async def test_quote_pricing_by_tier_and_volume(
        client: httpx.AsyncClient, network: SandboxNetwork, identity: dict[str, str],
        impressions: int, tier: str, tier_pct: float, volume_pct: float) -> None:
    url = network.seller_url("streamwave")  # prod-ctv-001 offers volume discounts
    package = network.seller_spec(url).package("prod-ctv-001")
    assert package is not None
    assert package.volume_discounts_available
    q = QuoteResponse.model_validate(
        await quote(client, url, identity=identity, impressions=impressions))
    assert q.buyer_tier == tier
    assert q.pricing.tier_discount_pct == tier_pct
    assert q.pricing.volume_discount_pct == volume_pct
    expected = package.list_cpm_micros * (100 - tier_pct) / 100 * (100 - volume_pct) / 100
    assert abs(q.pricing.final_cpm.amount_micros - expected) <= 10_000  # rounded to the cent
    assert q.pricing.final_cpm.amount_micros % 10_000 == 0
    assert q.pricing.base_cpm.amount_micros == package.list_cpm_micros
    assert q.seller_id == "streamwave"
    assert q.minimum_spend is not None
    assert q.availability.estimated_fill_rate == package.estimated_fill_rate
    assert q.expires_at is not None


async def test_quote_without_key_is_public(client: httpx.AsyncClient,
                                           network: SandboxNetwork) -> None:
    url = network.seller_url("streamwave")
    r = await client.post(f"{url}/api/v1/quotes", json=quote_body(identity=ADVERTISER))
    q = r.json()["quote"]
    assert q["buyer_tier"] == "public"
    assert q["pricing"]["tier_discount_pct"] == 0.0
    assert q["pricing"]["final_cpm"] == q["pricing"]["base_cpm"]


async def test_quote_errors(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url("streamwave")
    body = quote_body()
    del body["idempotency_key"]
    r = await client.post(f"{url}/api/v1/quotes", json=body, headers=KEY)
    assert r.status_code == 422
    assert r.json()["detail"]["error"] == "idempotency_key_required"
    r = await client.post(f"{url}/api/v1/quotes", json=quote_body("prod-nope-001"), headers=KEY)
    assert r.status_code == 404
    assert r.json()["detail"]["error"] == "product_not_found"
    r = await client.post(f"{url}/api/v1/quotes", headers=KEY,
                          json=quote_body(flight_end="2026-06-01"))
    assert r.status_code == 422
    assert "flight_end" in r.json()["detail"]["message"]
    r = await client.get(f"{url}/api/v1/quotes/q-nope")
    assert r.status_code == 404


async def test_quote_idempotency(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url("vidnation")
    body = quote_body("prod-olv-001")
    first = await client.post(f"{url}/api/v1/quotes", json=body, headers=KEY)
    again = await client.post(f"{url}/api/v1/quotes", json=body, headers=KEY)
    assert again.json() == first.json()
    changed = await client.post(f"{url}/api/v1/quotes", json={**body, "impressions": 7},
                                headers=KEY)
    assert changed.status_code == 409
    assert changed.json()["detail"]["error"] == "idempotency_conflict"
    got = await client.get(f"{url}/api/v1/quotes/{first.json()['quote']['quote_id']}")
    assert got.json() == first.json()


async def test_book_deal_and_idempotency(client: httpx.AsyncClient,
                                         network: SandboxNetwork) -> None:
    url = network.seller_url("pixelpress")
    q = await quote(client, url, product_id="prod-display-001", identity=ADVERTISER)
    body = {"idempotency_key": idem(), "quote_id": q["quote_id"], "buyer_identity": ADVERTISER}
    first = await client.post(f"{url}/api/v1/deals", json=body, headers=KEY)
    assert first.status_code == 200
    deal = DealResponse.model_validate(first.json()["deal"])
    assert deal.pricing.final_cpm == QuoteResponse.model_validate(q).pricing.final_cpm
    assert deal.openrtb_params is not None
    assert deal.openrtb_params.wseat == ["ttd-seat-123"]
    assert first.json()["deal"]["openrtb_params"]["bidfloor"] == \
        q["pricing"]["final_cpm"]["amount_micros"] / 1e6  # a number in the native dialect
    assert deal.openrtb_params.bidfloor.amount_micros == q["pricing"]["final_cpm"]["amount_micros"]
    assert deal.activation_instructions.ttd
    assert deal.status == "booked"
    replay = await client.post(f"{url}/api/v1/deals", json=body, headers=KEY)
    assert replay.json() == first.json()
    assert len(network.booked_deals(url)) == 1
    twice = await client.post(f"{url}/api/v1/deals", headers=KEY,
                              json={**body, "idempotency_key": idem()})
    assert twice.status_code == 409
    assert twice.json()["detail"]["error"] == "quote_already_booked"
    conflict = await client.post(f"{url}/api/v1/deals", json={**body, "notes": "x"},
                                 headers=KEY)
    assert conflict.status_code == 409
    assert conflict.json()["detail"]["error"] == "idempotency_conflict"
    got = await client.get(f"{url}/api/v1/deals/{deal.deal_id}")
    assert got.json() == first.json()
    assert (await client.get(f"{url}/api/v1/deals/nope")).status_code == 404
    assert len(network.booked_deals(url)) == 1


async def test_booking_errors(client: httpx.AsyncClient, network: SandboxNetwork,
                              clock: FakeClock) -> None:
    url = network.seller_url("pixelpress")
    r = await client.post(f"{url}/api/v1/deals", json={"quote_id": "q-x"}, headers=KEY)
    assert r.status_code == 422
    r = await client.post(f"{url}/api/v1/deals", headers=KEY,
                          json={"idempotency_key": idem(), "quote_id": "q-unknown"})
    assert r.status_code == 404
    q = await quote(client, url, product_id="prod-display-001")
    clock.advance(seconds=901)
    r = await client.post(f"{url}/api/v1/deals", headers=KEY,
                          json={"idempotency_key": idem(), "quote_id": q["quote_id"]})
    assert r.status_code == 410
    assert r.json()["detail"]["error"] == "quote_expired"
    assert network.booked_deals(url) == []


async def test_unavailable_inventory_is_quoted_but_not_booked(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url("pixelpress")
    package = network.seller_spec(url).package("prod-display-001")
    assert package is not None
    q = await quote(client, url, product_id="prod-display-001",
                    impressions=package.max_impressions + 1)
    assert q["availability"]["inventory_available"] is False
    r = await client.post(f"{url}/api/v1/deals", headers=KEY,
                          json={"idempotency_key": idem(), "quote_id": q["quote_id"]})
    assert r.status_code == 409
    assert r.json()["detail"]["error"] == "inventory_unavailable"
    assert network.booked_deals(url) == []


async def test_same_package_id_priced_per_seller(client: httpx.AsyncClient,
                                                 network: SandboxNetwork) -> None:
    a = await quote(client, network.seller_url("streamwave"))
    b = await quote(client, network.seller_url("omnicast"))
    assert a["product"]["product_id"] == b["product"]["product_id"] == "prod-ctv-001"
    assert a["seller_id"] != b["seller_id"]
    assert a["pricing"]["base_cpm"] != b["pricing"]["base_cpm"]


async def test_deals_client_round_trip(network: SandboxNetwork) -> None:
    """The buyer's own DealsClient speaks to the sandbox unchanged."""
    from ad_buyer.clients.deals_client import DealsClient
    from ad_buyer.models.buyer_identity import BuyerIdentity, DealType

    url = network.seller_url("soundwave")
    async with DealsClient(url, api_key="k", transport=network.transport()) as deals:
        q = await deals.request_quote(
            product_id="prod-audio-001", deal_type=DealType.PREFERRED_DEAL,
            impressions=2_000_000, flight_start="2026-07-01", flight_end="2026-07-31",
            buyer_identity=BuyerIdentity(**AGENCY))
        deal = await deals.book_deal(q.quote_id, idempotency_key=idem())
        assert deal.pricing.final_cpm == q.pricing.final_cpm
        report = await deals.get_performance(deal.deal_id, as_of="2026-07-10")
        assert report.booked_impressions == 2_000_000
