"""Injected faults: transport faults, quote/booking anomalies, delivery anomalies."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from ad_buyer.clients.deals_client import DealsClient, DealsClientError
from ad_buyer.sandbox.config import FaultConfig, SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork

from .support import KEY, book, idem, quote, quote_body

SELLER = "pixelpress"
PRODUCT = "prod-display-001"


async def test_latency(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    network.set_faults(SELLER, FaultConfig(latency_ms=150))
    started = time.perf_counter()
    r = await client.get(f"{network.seller_url(SELLER)}/media-kit")
    assert r.status_code == 200
    assert time.perf_counter() - started >= 0.15


async def test_error_first_n_then_recovers(client: httpx.AsyncClient,
                                           network: SandboxNetwork) -> None:
    network.set_faults(SELLER, FaultConfig(error_first_n=2, error_status=502))
    url = network.seller_url(SELLER)
    codes = [(await client.get(f"{url}/media-kit")).status_code for _ in range(3)]
    assert codes == [502, 502, 200]
    failing = await client.get(f"{network.seller_url('streamwave')}/media-kit")
    assert failing.status_code == 200  # faults are per seller


async def test_retrying_client_gets_through_transient_errors(network: SandboxNetwork) -> None:
    network.set_faults(SELLER, FaultConfig(error_first_n=1, error_status=503,
                                           path_prefixes=["/api/v1/quotes"]))
    async with DealsClient(network.seller_url(SELLER), api_key="k", retry_backoff=0.001,
                           transport=network.transport()) as deals:
        q = await deals.request_quote(product_id=PRODUCT, deal_type="PD", impressions=1000,
                                      flight_start="2026-07-01", flight_end="2026-07-02")
    assert q.product.product_id == PRODUCT
    assert len(network.seller_for(SELLER).trading.quotes) == 1


def error_pattern(seed: int) -> list[int]:
    network = SandboxNetwork(SandboxConfig(seed=seed))
    network.set_faults(SELLER, FaultConfig(error_rate=0.5, error_status=500))
    app = network.seller_for(SELLER).ctx.faults
    return [int(app._draw(0.5)) for _ in range(20)]


async def test_error_rate_is_seeded(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    network.set_faults(SELLER, FaultConfig(error_rate=0.5, error_status=500))
    url = network.seller_url(SELLER)
    first = [(await client.get(f"{url}/media-kit")).status_code for _ in range(20)]
    assert set(first) == {200, 500}
    network.set_faults(SELLER, FaultConfig(error_rate=0.5, error_status=500))
    again = [(await client.get(f"{url}/media-kit")).status_code for _ in range(20)]
    assert again == first
    assert error_pattern(1) == error_pattern(1)
    assert error_pattern(1) != error_pattern(2)


async def test_error_body_shape(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    network.set_faults(SELLER, FaultConfig(error_rate=1.0, error_status=504))
    r = await client.get(f"{network.seller_url(SELLER)}/media-kit")
    assert r.status_code == 504
    assert set(r.json()["detail"]) >= {"error", "message"}


async def test_timeout_hangs_past_the_client_timeout(network: SandboxNetwork) -> None:
    # In-process (ASGITransport) httpx has no socket timeouts; the buyer's JsonHttp
    # enforces its own deadline, which is what this exercises. Over a real socket
    # see test_server.py.
    network.set_faults(SELLER, FaultConfig(timeout_rate=1.0, hang_seconds=5))
    started = time.perf_counter()
    async with DealsClient(network.seller_url(SELLER), timeout=0.1, max_retries=0,
                           transport=network.transport()) as deals:
        with pytest.raises(DealsClientError, match="timed out"):
            await deals.get_quote("q-1")
    assert time.perf_counter() - started < 2


async def test_malformed_json(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    network.set_faults(SELLER, FaultConfig(malformed_rate=1.0))
    r = await client.get(f"{network.seller_url(SELLER)}/media-kit")
    assert r.status_code == 200
    with pytest.raises(ValueError):  # noqa: PT011 - json's own error
        r.json()


async def test_path_prefixes_restrict_faults(client: httpx.AsyncClient,
                                             network: SandboxNetwork) -> None:
    network.set_faults(SELLER, FaultConfig(error_rate=1.0, path_prefixes=["/api/v1/deals"]))
    url = network.seller_url(SELLER)
    assert (await client.get(f"{url}/media-kit")).status_code == 200
    q = await quote(client, url, product_id=PRODUCT)
    r = await client.post(f"{url}/api/v1/deals", headers=KEY,
                          json={"idempotency_key": idem(), "quote_id": q["quote_id"]})
    assert r.status_code == 503
    network.clear_faults()
    assert (await client.post(f"{url}/api/v1/deals", headers=KEY, json={
        "idempotency_key": idem(), "quote_id": q["quote_id"]})).status_code == 200


async def test_respond_late_books_first_and_answers_late(client: httpx.AsyncClient,
                                                        network: SandboxNetwork) -> None:
    """A timeout after the seller booked: the deal exists though the buyer heard nothing,
    and the same key, replayed, answers with that deal."""
    url = network.seller_url(SELLER)
    q = await quote(client, url, product_id=PRODUCT)
    network.set_faults(SELLER, FaultConfig(respond_late_rate=1.0, hang_seconds=30,
                                           path_prefixes=["/api/v1/deals"], methods=["POST"]))
    body = {"idempotency_key": idem(), "quote_id": q["quote_id"]}
    started = time.perf_counter()
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(client.post(f"{url}/api/v1/deals", headers=KEY, json=body), 0.3)
    assert time.perf_counter() - started < 5
    [held] = network.booked_deals(url)
    assert held.quote_id == q["quote_id"]
    # Only bookings answer late: a deal lookup (GET, same path) is answered at once.
    looked_up = await asyncio.wait_for(
        client.get(f"{url}/api/v1/deals/{held.deal.deal_id}", headers=KEY), 2)
    assert looked_up.json()["deal"]["deal_id"] == held.deal.deal_id
    network.clear_faults()
    replay = await client.post(f"{url}/api/v1/deals", headers=KEY, json=body)
    assert replay.json()["deal"]["deal_id"] == held.deal.deal_id
    assert len(network.booked_deals(url)) == 1


def test_methods_restrict_faults() -> None:
    faults = FaultConfig(error_rate=1.0, path_prefixes=["/api/v1/deals"], methods=["post"])
    assert faults.applies_to("/api/v1/deals", "POST")
    assert not faults.applies_to("/api/v1/deals/deal-1", "GET")
    assert not faults.applies_to("/api/v1/quotes", "POST")
    assert FaultConfig().applies_to("/media-kit", "GET")


async def test_booking_refusal(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url(SELLER)
    q = await quote(client, url, product_id=PRODUCT)
    network.set_faults(SELLER, FaultConfig(refuse_bookings=True))
    r = await client.post(f"{url}/api/v1/deals", headers=KEY,
                          json={"idempotency_key": idem(), "quote_id": q["quote_id"]})
    assert r.status_code == 409
    assert r.json()["detail"]["error"] == "booking_refused"
    assert network.booked_deals(url) == []


@pytest.mark.parametrize("anomaly", ["no_price", "negative_cpm", "currency_mismatch",
                                     "expired", "foreign_quote_id"])
async def test_quote_anomalies(client: httpx.AsyncClient, network: SandboxNetwork,
                               anomaly: str) -> None:
    url = network.seller_url(SELLER)
    network.set_faults(SELLER, FaultConfig(quote_anomaly=anomaly))  # type: ignore[arg-type]
    r = await client.post(f"{url}/api/v1/quotes", json=quote_body(PRODUCT), headers=KEY)
    assert r.status_code == 200
    q = r.json()["quote"]
    stored = next(iter(network.seller_for(SELLER).trading.quotes.values()))
    if anomaly == "no_price":
        assert "final_cpm" not in q["pricing"]
    elif anomaly == "negative_cpm":
        assert q["pricing"]["final_cpm"]["amount_micros"] < 0
    elif anomaly == "currency_mismatch":
        assert q["pricing"]["final_cpm"]["currency"] == "EUR"
    elif anomaly == "expired":
        assert q["expires_at"] < network.clock().isoformat()
        booked = await client.post(f"{url}/api/v1/deals", headers=KEY, json={
            "idempotency_key": idem(), "quote_id": q["quote_id"]})
        assert booked.status_code == 410
    else:
        assert q["quote_id"] != stored.quote_id
        assert SELLER not in q["quote_id"]
        booked = await client.post(f"{url}/api/v1/deals", headers=KEY, json={
            "idempotency_key": idem(), "quote_id": q["quote_id"]})
        assert booked.status_code == 404


async def test_booking_price_drift(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url(SELLER)
    q = await quote(client, url, product_id=PRODUCT)
    network.set_faults(SELLER, FaultConfig(booking_price_drift_pct=10))
    deal = await book(client, url, q["quote_id"])
    quoted = q["pricing"]["final_cpm"]["amount_micros"]
    booked = deal["pricing"]["final_cpm"]["amount_micros"]
    assert abs(booked - quoted * 1.1) <= 10_000
    assert deal["openrtb_params"]["bidfloor"] == booked / 1e6


async def _deal(client: httpx.AsyncClient, url: str) -> str:
    q = await quote(client, url, product_id=PRODUCT, impressions=2_000_000)
    return str((await book(client, url, q["quote_id"]))["deal_id"])


async def test_delivery_regress(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url(SELLER)
    deal_id = await _deal(client, url)
    network.set_faults(SELLER, FaultConfig(delivery_anomaly="regress"))
    first = (await client.get(f"{url}/api/v1/deals/{deal_id}/performance",
                              params={"as_of": "2026-07-10"})).json()
    second = (await client.get(f"{url}/api/v1/deals/{deal_id}/performance",
                               params={"as_of": "2026-07-20"})).json()
    assert 0 < second["impressions_delivered"] < first["impressions_delivered"]


async def test_delivery_overspend(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url(SELLER)
    deal_id = await _deal(client, url)
    network.set_faults(SELLER, FaultConfig(delivery_anomaly="overspend"))
    report = (await client.get(f"{url}/api/v1/deals/{deal_id}/performance",
                               params={"as_of": "2026-07-10"})).json()
    cpm = network.booked_deals(url)[0].price_micros
    assert report["spend"]["amount_micros"] > cpm * report["booked_impressions"] // 1000


async def test_change_request_rejection_fault(client: httpx.AsyncClient,
                                              network: SandboxNetwork) -> None:
    url = network.seller_url(SELLER)
    deal_id = await _deal(client, url)
    network.set_faults(SELLER, FaultConfig(reject_change_requests=True))
    r = await client.post(f"{url}/api/v1/change-requests", headers=KEY, json={
        "idempotency_key": idem(), "deal_id": deal_id, "change_type": "throttle_delivery"})
    assert r.json()["status"] == "rejected"
    # a cancel (rollback) is still honoured
    r = await client.post(f"{url}/api/v1/change-requests", headers=KEY, json={
        "idempotency_key": idem(), "deal_id": deal_id, "change_type": "cancel"})
    assert r.json()["status"] == "approved"


def test_set_faults_unknown_seller(network: SandboxNetwork) -> None:
    with pytest.raises(KeyError):
        network.set_faults("nope", FaultConfig())
    network.set_faults(network.seller_url(SELLER), FaultConfig(latency_ms=1))
    assert network.seller_for(SELLER).ctx.faults.config.latency_ms == 1


async def test_unknown_seller_path_is_404(client: httpx.AsyncClient,
                                          network: SandboxNetwork) -> None:
    r = await client.get(f"{network.base_url}/sellers/nope/media-kit")
    assert r.status_code == 404
    assert r.json()["detail"]["error"] == "seller_not_found"


@pytest.mark.parametrize("fault", [
    {"latency_ms": 5}, {"error_rate": 0.5}, {"error_first_n": 1}, {"timeout_rate": 0.1},
    {"malformed_rate": 0.1}, {"respond_late_rate": 0.1}, {"respond_late_first_n": 1}])
def test_every_transport_fault_sends_requests_through_the_injector(
        fault: dict[str, float]) -> None:
    assert FaultConfig(**fault).has_transport_faults  # type: ignore[arg-type]
    assert not FaultConfig(path_prefixes=["/api"], methods=["POST"],
                           refuse_bookings=True).has_transport_faults
