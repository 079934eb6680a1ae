"""Sellers pricing in EUR and GBP: their cards declare it, and every amount they
send (media kit, quote, deal, negotiation round, delivery report) is in it; money
in another currency is refused."""

from __future__ import annotations

import httpx
import pytest

from ad_buyer.sandbox.catalog import default_sellers
from ad_buyer.sandbox.network import SandboxNetwork

from .support import ADVERTISER, KEY, book, idem, quote
from .test_reference_dialect import issue_key, quote_body

FOREIGN = {"rheinstream": "EUR", "europixel": "EUR", "seinemedia": "EUR",
           "thamesview": "GBP", "albiondigital": "GBP", "britcast": "GBP"}


def test_the_default_network_sells_ctv_and_display_in_eur_and_gbp() -> None:
    sellers = {s.seller_id: s for s in default_sellers(42)}
    assert {sid: sellers[sid].currency for sid in FOREIGN} == FOREIGN
    assert {s.currency for sid, s in sellers.items() if sid not in FOREIGN} == {"USD"}
    for currency in ("EUR", "GBP"):
        theirs = [s for s in sellers.values() if s.currency == currency and s.registered]
        channels = {c.value for s in theirs for c in s.channels}
        assert {"ctv", "display", "online_video", "audio"} <= channels
        assert len([s for s in theirs if "ctv" in {c.value for c in s.channels}]) >= 2
        assert len([s for s in theirs if "display" in {c.value for c in s.channels}]) >= 2
    assert all("DE" in p.geo_targets for p in sellers["rheinstream"].packages)
    assert all("GB" in p.geo_targets for p in sellers["thamesview"].packages)


async def test_cards_declare_a_currency_other_than_usd(client: httpx.AsyncClient,
                                                       network: SandboxNetwork) -> None:
    listing = (await client.get(f"{network.registry_url}/agents")).json()["agents"]
    declared = {a["agent_id"]: a.get("currencies") for a in listing}
    assert {sid: declared[sid] for sid in FOREIGN} == {s: [c] for s, c in FOREIGN.items()}
    assert {v for sid, v in declared.items() if sid not in FOREIGN} == {None}
    for seller_id in ("rheinstream", "seinemedia"):  # native and reference cards
        card = (await client.get(
            f"{network.seller_url(seller_id)}/.well-known/agent.json")).json()
        assert card["currencies"] == ["EUR"]


async def test_a_native_seller_prices_quotes_deals_and_delivery_in_its_currency(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url("thamesview")
    kit = (await client.get(f"{url}/media-kit")).json()
    assert all(p["price_range"].startswith("£") for p in kit["all_packages"])
    q = await quote(client, url, identity=ADVERTISER)
    assert q["pricing"]["final_cpm"]["currency"] == "GBP"
    assert q["pricing"]["base_cpm"]["currency"] == "GBP"
    assert q["minimum_spend"]["currency"] == "GBP"
    deal = await book(client, url, q["quote_id"])
    assert deal["pricing"]["final_cpm"] == q["pricing"]["final_cpm"]
    held = network.booked_deals("thamesview")
    assert [d.deal.terms.currency for d in held] == ["GBP"]
    report = (await client.get(f"{url}/api/v1/deals/{deal['deal_id']}/performance",
                               params={"as_of": "2026-07-15"})).json()
    assert report["spend"]["currency"] == "GBP"
    dollars = await client.post(f"{url}/api/v1/change-requests", headers=KEY, json={
        "idempotency_key": idem(), "deal_id": deal["deal_id"], "change_type": "budget",
        "budget": {"amount_micros": 5_000_000_000, "currency": "USD"}})
    assert dollars.status_code == 422
    assert dollars.json()["detail"]["error"] == "currency_not_supported"


@pytest.mark.parametrize(("currency", "status"), [("USD", 422), ("EUR", 200)])
async def test_a_negotiation_round_is_in_the_sellers_currency_only(
        client: httpx.AsyncClient, network: SandboxNetwork, currency: str,
        status: int) -> None:
    url = network.seller_url("rheinstream")
    q = await quote(client, url, identity=ADVERTISER)
    r = await client.post(f"{url}/api/v1/negotiations/messages", headers=KEY, json={
        "idempotency_key": idem(), "action": "counter", "quote_id": q["quote_id"],
        "buyer_price": {"amount_micros": 10_000_000, "currency": currency}})
    assert r.status_code == status, r.text
    if status == 200:
        assert r.json()["round"]["seller_price"]["currency"] == "EUR"


async def test_a_reference_seller_prices_in_its_currency(client: httpx.AsyncClient,
                                                         network: SandboxNetwork) -> None:
    url = network.seller_url("britcast")
    key = await issue_key(client, url)
    package = network.seller_spec("britcast").packages[0]
    detail = (await client.get(f"{url}/packages/{package.package_id}", headers=key)).json()
    assert detail["currency"] == "GBP"
    r = await client.post(f"{url}/api/v1/quotes", json=quote_body(package.product),
                          headers=key)
    assert r.status_code == 200, r.text
    q = r.json()["quote"]
    assert q["pricing"]["final_cpm"]["currency"] == "GBP"
    booked = await client.post(f"{url}/api/v1/deals", headers=key, json={
        "idempotency_key": idem(), "quote_id": q["quote_id"]})
    assert booked.status_code == 200, booked.text
    deal = booked.json()["deal"]
    assert deal["openrtb_params"]["bidfloor"]["currency"] == "GBP"
    assert [d.deal.terms.currency for d in network.booked_deals("britcast")] == ["GBP"]


async def test_the_buyers_budget_change_is_in_the_deals_currency(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    from ad_buyer.clients.deals_client import DealsClient, DealsClientError

    url = network.seller_url("albiondigital")
    q = await quote(client, url, product_id="prod-display-001", identity=ADVERTISER)
    deal = await book(client, url, q["quote_id"])
    deals = DealsClient(url, api_key="test-key", transport=network.transport())
    with pytest.raises(DealsClientError):
        await deals.request_change(deal["deal_id"], "budget", budget=4000)  # USD
    answer = await deals.request_change(deal["deal_id"], "budget", budget=4000, currency="GBP")
    assert answer.status.value == "approved"
