"""Negotiation over HTTP: both wire forms, lazy opening, tiers, negotiated quotes."""

from __future__ import annotations

import httpx
import pytest

from ad_buyer.negotiation.models import (
    CounterResponse,
    NegotiationMessageResponse,
    ProposalResponse,
)
from ad_buyer.sandbox.network import SandboxNetwork

from .support import ADVERTISER, AGENCY, KEY, book, idem, quote

AGENCY_HEADERS = {**KEY, "X-Seat-ID": "s1", "X-Agency-ID": "a1"}


def proposal(price: float, product_id: str = "prod-display-001") -> dict[str, object]:
    return {"product_id": product_id, "deal_type": "PD", "price": price,
            "impressions": 1_000_000, "start_date": "2026-07-01", "end_date": "2026-07-31",
            "buyer_id": "ttd-seat-123", "agency_id": "omnicom-456"}


async def test_open_proposal_then_counter_rounds(client: httpx.AsyncClient,
                                                 network: SandboxNetwork) -> None:
    url = network.seller_url("pixelpress")  # conceder
    r = await client.post(f"{url}/proposals", json=proposal(1.0), headers=KEY)
    assert r.status_code == 200, r.text
    opened = ProposalResponse.model_validate(r.json())
    assert opened.recommendation == "counter"
    assert opened.counter_terms is not None
    assert opened.counter_terms.round_number == 1
    reservation = network.reservation_price(url, "prod-display-001")
    seen = [opened.counter_terms.proposed_price]
    for price in (1.5, 2.0):
        r = await client.post(f"{url}/proposals/{opened.proposal_id}/counter",
                              json={"buyer_price": price}, headers=KEY)
        counter = CounterResponse.model_validate(r.json())
        assert counter.negotiation_id == opened.counter_terms.negotiation_id
        seen.append(counter.seller_price)
    assert seen == sorted(seen, reverse=True)
    assert min(seen) >= reservation
    accepted = await client.post(f"{url}/proposals/{opened.proposal_id}/counter",
                                 json={"price": seen[-1], "action": "accept"}, headers=KEY)
    body = CounterResponse.model_validate(accepted.json())
    assert body.action == "accept"
    assert body.status == "accepted"
    assert body.seller_price == seen[-1]
    again = await client.post(f"{url}/proposals/{opened.proposal_id}/counter",
                              json={"price": 1.0}, headers=KEY)
    assert again.status_code == 409
    assert again.json()["detail"]["error"] == "negotiation_closed"


async def test_generous_opening_is_accepted(client: httpx.AsyncClient,
                                            network: SandboxNetwork) -> None:
    url = network.seller_url("pixelpress")
    r = await client.post(f"{url}/proposals", json=proposal(99.0), headers=KEY)
    assert r.json()["recommendation"] == "accept"
    assert r.json()["status"] == "accepted"


async def test_seed_style_lazy_negotiation_and_negotiated_quote(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    """The seed negotiates on ``quote-{package_id}`` with a bare "your-api-key"."""
    url = network.seller_url("streamwave")
    headers = {"X-API-Key": "your-api-key"}
    first = await client.post(f"{url}/proposals/quote-prod-ctv-001/counter",
                              json={"price": 20.0}, headers=headers)
    assert first.status_code == 200, first.text
    opening = CounterResponse.model_validate(first.json())
    assert opening.action == "counter"
    accepted = CounterResponse.model_validate((await client.post(
        f"{url}/proposals/quote-prod-ctv-001/counter",
        json={"price": opening.seller_price, "action": "accept"}, headers=headers)).json())
    assert accepted.status == "accepted"
    # quoting with the negotiation id prices at exactly the agreed CPM, and books at it
    q = await quote(client, url, identity=AGENCY, negotiation_id=accepted.negotiation_id)
    assert q["pricing"]["final_cpm"]["amount_micros"] == round(accepted.seller_price * 1e6)
    deal = await book(client, url, q["quote_id"])
    assert deal["pricing"]["final_cpm"] == q["pricing"]["final_cpm"]
    # the same alias opens a fresh negotiation once the first has ended
    fresh = await client.post(f"{url}/proposals/quote-prod-ctv-001/counter",
                              json={"price": 20.0}, headers=headers)
    assert fresh.json()["negotiation_id"] != accepted.negotiation_id


async def test_negotiated_quote_errors(client: httpx.AsyncClient,
                                       network: SandboxNetwork) -> None:
    url = network.seller_url("streamwave")
    opened = (await client.post(f"{url}/proposals/quote-prod-ctv-001/counter",
                                json={"price": 1.0}, headers=KEY)).json()
    body = {"idempotency_key": idem(), "product_id": "prod-ctv-001", "deal_type": "PD",
            "impressions": 1000, "flight_start": "2026-07-01", "flight_end": "2026-07-02",
            "negotiation_id": opened["negotiation_id"]}
    r = await client.post(f"{url}/api/v1/quotes", json=body, headers=KEY)
    assert r.status_code == 409
    assert r.json()["detail"]["error"] == "negotiation_not_accepted"
    r = await client.post(f"{url}/api/v1/quotes", headers=KEY,
                          json={**body, "idempotency_key": idem(), "negotiation_id": "neg-x"})
    assert r.status_code == 404


async def test_negotiation_on_a_quote_id(client: httpx.AsyncClient,
                                         network: SandboxNetwork) -> None:
    url = network.seller_url("vidnation")
    q = await quote(client, url, product_id="prod-olv-001", identity=ADVERTISER)
    r = await client.post(f"{url}/proposals/{q['quote_id']}/counter", json={"price": 1.0},
                          headers=KEY)
    assert r.status_code == 200
    assert r.json()["seller_price"] * 1e6 <= q["pricing"]["final_cpm"]["amount_micros"]


@pytest.mark.parametrize("headers", [{}, {**KEY, "X-Seat-ID": "seat-only"}])
async def test_public_and_seat_may_not_negotiate(client: httpx.AsyncClient,
                                                 network: SandboxNetwork,
                                                 headers: dict[str, str]) -> None:
    url = network.seller_url("pixelpress")
    r = await client.post(f"{url}/proposals/quote-prod-display-001/counter",
                          json={"price": 5.0}, headers=headers)
    assert r.status_code == 403
    assert r.json()["detail"]["error"] == "negotiation_not_allowed"
    seat_proposal = {**proposal(5.0), "agency_id": None}
    r = await client.post(f"{url}/proposals", json=seat_proposal, headers=headers)
    assert r.status_code == 403


async def test_counter_errors(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url("pixelpress")
    r = await client.post(f"{url}/proposals/prop-unknown/counter", json={"price": 5.0},
                          headers=KEY)
    assert r.status_code == 404
    assert r.json()["detail"]["error"] == "proposal_not_found"
    r = await client.post(f"{url}/proposals/quote-prod-nope-001/counter", json={"price": 5.0},
                          headers=KEY)
    assert r.status_code == 404
    for bad in (b"-5", b'"abc"', b"true", b"Infinity", b"NaN"):
        r = await client.post(f"{url}/proposals/quote-prod-display-001/counter",
                              content=b'{"price": ' + bad + b"}", headers=KEY)
        assert r.status_code == 422, bad
    r = await client.post(f"{url}/proposals", headers=KEY,
                          content=b'{"product_id": "prod-display-001", "deal_type": "PD", '
                                  b'"price": Infinity, "impressions": 1, '
                                  b'"start_date": "2026-07-01", "end_date": "2026-07-02"}')
    assert r.status_code == 422
    declined = await client.post(f"{url}/proposals/quote-prod-display-002/counter",
                                 json={"action": "decline"}, headers=KEY)
    assert declined.json()["status"] == "declined"
    assert declined.json()["action"] == "reject"


async def test_messages_form(client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url("appreach")
    body = {"idempotency_key": idem(), "action": "counter", "proposal_id": "quote-prod-mobile-001",
            "round_number": 1, "buyer_price": {"amount_micros": 2_000_000, "currency": "USD"}}
    r = await client.post(f"{url}/api/v1/negotiations/messages", json=body,
                          headers=AGENCY_HEADERS)
    assert r.status_code == 200, r.text
    first = NegotiationMessageResponse.model_validate(r.json())
    assert first.round.action == "counter"
    assert first.round.seller_price.amount_micros > 2_000_000
    replay = await client.post(f"{url}/api/v1/negotiations/messages", json=body,
                               headers=AGENCY_HEADERS)
    assert replay.json() == r.json()
    conflict = await client.post(f"{url}/api/v1/negotiations/messages",
                                 json={**body, "round_number": 2}, headers=AGENCY_HEADERS)
    assert conflict.status_code == 409
    no_key = {k: v for k, v in body.items() if k != "idempotency_key"}
    missing = await client.post(f"{url}/api/v1/negotiations/messages", json=no_key,
                                headers=AGENCY_HEADERS)
    assert missing.status_code == 422
    accept = {"idempotency_key": idem(), "action": "accept",
              "negotiation_id": first.negotiation_id, "round_number": 2}
    done = NegotiationMessageResponse.model_validate((await client.post(
        f"{url}/api/v1/negotiations/messages", json=accept, headers=AGENCY_HEADERS)).json())
    assert done.status == "accepted"
    assert done.round.seller_price == first.round.seller_price
    eur = {**body, "idempotency_key": idem(),
           "buyer_price": {"amount_micros": 2_000_000, "currency": "EUR"}}
    r = await client.post(f"{url}/api/v1/negotiations/messages", json=eur,
                          headers=AGENCY_HEADERS)
    assert r.status_code == 422


async def test_negotiation_disabled_package_does_not_concede(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    fixed = [(s, p) for s in network.sellers for p in s.packages if not p.negotiation_enabled]
    assert fixed, "the default network has packages with negotiation disabled"
    spec, package = fixed[0]
    url = network.seller_url(spec.seller_id)
    prices = []
    for _ in range(3):
        r = await client.post(f"{url}/proposals/quote-{package.package_id}/counter",
                              json={"price": 0.5}, headers=KEY)
        prices.append(r.json()["seller_price"])
    assert len(set(prices)) == 1


async def test_hard_bargaining_never_reaches_or_reveals_reservation(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    """Advertiser tier at 50M impressions: the deepest discounts the tiers allow."""
    for spec in network.sellers:
        if spec.dialect == "reference":  # keys of its own; see test_reference_dialect.py
            continue
        url = network.seller_url(spec.seller_id)
        package = spec.packages[0]
        reservation = network.reservation_price_micros(url, package.package_id)
        body = {**proposal(0.01, package.package_id), "impressions": 50_000_000,
                "advertiser_id": "coca-cola-789"}
        opened = (await client.post(f"{url}/proposals", json=body, headers=KEY)).json()
        asks = [round(opened["counter_terms"]["proposed_price"] * 1e6)]
        status = opened["status"]
        while status == "negotiating":
            r = (await client.post(f"{url}/proposals/{opened['proposal_id']}/counter",
                                   json={"buyer_price": 0.01}, headers=KEY)).json()
            asks.append(round(r["seller_price"] * 1e6))
            status = r["status"]
        assert status == "rejected"
        assert min(asks) > reservation, spec.seller_id
