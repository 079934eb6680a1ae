"""Reference-dialect sellers answer as PROTOCOL.md's "What the reference seller really
sends" says, over raw HTTP (no buyer code reads these answers here)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ad_buyer.sandbox.config import SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.vocabulary import Dialect

from .support import AGENCY, idem

SELLER = "harborview"
IDENTITY = {"seat_id": "ttd-seat-123", "agency_id": "omnicom-456"}


async def issue_key(client: httpx.AsyncClient, url: str,
                    identity: dict[str, str] | None = None) -> dict[str, str]:
    r = await client.post(f"{url}/auth/api-keys", json={**(identity or IDENTITY),
                                                         "label": "test"})
    assert r.status_code == 200, r.text
    assert r.json()["api_key"].startswith("ask_live_")
    return {"X-API-Key": r.json()["api_key"]}


def product(network: SandboxNetwork, index: int = 0) -> tuple[str, str]:
    """(package id, product id) of a reference seller's package."""
    package = network.seller_spec(SELLER).packages[index]
    assert package.product_id is not None
    return package.package_id, package.product_id


def quote_body(product_id: str, **extra: Any) -> dict[str, Any]:
    return {"idempotency_key": idem(), "product_id": product_id, "deal_type": "PD",
            "impressions": 1_000_000, "flight_start": "2026-07-01", "flight_end": "2026-07-30",
            "media_type": "ctv", "buyer_identity": AGENCY, **extra}


async def test_agent_card_lists_skills_under_a_capabilities_object(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    card = (await client.get(f"{network.seller_url(SELLER)}/.well-known/agent.json")).json()
    assert isinstance(card["capabilities"], dict)
    assert {s["id"] for s in card["capabilities"]["skills"]} >= {"negotiation", "deals"}
    assert "agent_id" not in card
    assert card["inventory_types"] == ["ctv", "video"]


async def test_the_default_registry_lists_reference_cards_with_native_trust(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    agents = (await client.get(f"{network.registry_url}/agents",
                               params={"capabilities": "ctv"})).json()["agents"]
    by_id = {a["agent_id"]: a for a in agents}
    assert isinstance(by_id["harborview"]["capabilities"], dict)
    assert by_id["harborview"]["trust_level"] == "verified"
    assert isinstance(by_id["streamwave"]["capabilities"], list)


async def test_aamp_registry_lists_cards_by_id_and_answers_trust_separately() -> None:
    network = SandboxNetwork(SandboxConfig(dialect=Dialect.REFERENCE))
    async with network.client() as client:
        r = await client.get(f"{network.registry_url}/agents", params={"capabilities": "ctv"})
        agents = r.json()["agents"]
        assert {a["id"] for a in agents} >= {"streamwave", "harborview", "shadyreach"}
        assert all("trust_level" not in a and isinstance(a["capabilities"], dict)
                   for a in agents)
        trust = (await client.get(f"{network.registry_url}/agents/shadyreach/trust")).json()
        assert trust["trust_status"] == "blocked"
        approved = (await client.get(f"{network.registry_url}/agents/vidnation/trust")).json()
        assert approved["trust_status"] == "approved"
        verify = await client.get(f"{network.registry_url}/verify",
                                  params={"agent_url": network.seller_url("streamwave")})
        assert verify.status_code == 404  # no /verify on an AAMP registry
        assert all(s.dialect is Dialect.REFERENCE for s in network.sellers)


async def test_media_kit_has_no_seller_name_and_a_null_description(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url(SELLER)
    kit = (await client.get(f"{url}/media-kit")).json()
    assert "seller_name" not in kit
    assert kit["total_packages"] == len(kit["all_packages"])
    assert None in [p["description"] for p in kit["all_packages"]]
    assert all("placements" not in p and "exact_price" not in p for p in kit["all_packages"])


async def test_package_route_is_public_whatever_the_key_and_tiered_route_lists_products(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url(SELLER)
    key = await issue_key(client, url)
    package_id, product_id = product(network)
    public = (await client.get(f"{url}/media-kit/packages/{package_id}", headers=key)).json()
    assert "exact_price" not in public
    tiered = (await client.get(f"{url}/packages/{package_id}", headers=key)).json()
    [placement] = tiered["placements"]
    assert placement["product_id"] == product_id
    assert "placement_id" not in placement
    assert placement["product_name"]
    assert tiered["exact_price"] >= tiered["floor_price"]
    found = (await client.post(f"{url}/media-kit/search", json={"query": "streaming"},
                               headers=key)).json()["results"]
    assert any(p["placements"][0]["product_id"] == product_id for p in found)


async def test_quotes_take_product_ids_and_the_reference_media_types_only(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url(SELLER)
    key = await issue_key(client, url)
    package_id, product_id = product(network)
    by_package = await client.post(f"{url}/api/v1/quotes", json=quote_body(package_id),
                                   headers=key)
    assert by_package.status_code == 404
    assert "not found in catalog" in by_package.json()["detail"]["message"]
    olv = await client.post(f"{url}/api/v1/quotes",
                            json=quote_body(product_id, media_type="online_video"), headers=key)
    assert olv.status_code == 422
    keyless = quote_body(product_id)
    del keyless["idempotency_key"]
    assert (await client.post(f"{url}/api/v1/quotes", json=keyless,
                              headers=key)).status_code == 422
    r = await client.post(f"{url}/api/v1/quotes", json=quote_body(product_id), headers=key)
    assert r.status_code == 200, r.text
    quote = r.json()["quote"]
    assert quote["product"]["product_id"] == product_id
    assert quote["buyer_tier"] == "agency"
    assert quote["media_type"] == "ctv"
    assert set(quote["pricing"]["final_cpm"]) == {"amount_micros", "currency"}
    assert quote["seller_id"] != SELLER  # the organisation's id: not a seller identifier


async def test_no_key_is_public_whatever_identity_and_a_foreign_key_is_401(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url(SELLER)
    _, product_id = product(network)
    claimed = quote_body(product_id, buyer_identity={**IDENTITY, "advertiser_id": "adv-1"})
    public = (await client.post(f"{url}/api/v1/quotes", json=claimed)).json()["quote"]
    assert public["buyer_tier"] == "public"
    other = await issue_key(client, network.seller_url("lumacast"))
    foreign = await client.post(f"{url}/api/v1/quotes", json=quote_body(product_id),
                                headers=other)
    assert foreign.status_code == 401


async def test_advertiser_tier_is_the_floor_with_no_room_to_negotiate(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url = network.seller_url(SELLER)
    key = await issue_key(client, url, {**IDENTITY, "advertiser_id": "adv-1"})
    package = network.seller_spec(SELLER).packages[0]
    assert abs(package.floor_cpm_micros - package.list_cpm_micros * 85 // 100) <= 5_000  # cents
    r = await client.post(f"{url}/api/v1/quotes", json=quote_body(package.product), headers=key)
    quote = r.json()["quote"]
    assert quote["pricing"]["final_cpm"]["amount_micros"] == package.floor_cpm_micros
    below = await client.post(f"{url}/proposals/{quote['quote_id']}/counter",
                              json={"buyer_price": 1.0}, headers=key)
    assert round(below.json()["seller_price"] * 1e6) == package.floor_cpm_micros


async def _quoted(client: httpx.AsyncClient, network: SandboxNetwork,
                  ) -> tuple[str, dict[str, str], dict[str, Any]]:
    url = network.seller_url(SELLER)
    key = await issue_key(client, url)
    r = await client.post(f"{url}/api/v1/quotes", json=quote_body(product(network)[1]),
                          headers=key)
    return url, key, r.json()["quote"]


async def test_proposals_form_reads_buyer_price_and_finds_negotiations_by_quote_id(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url, key, quote = await _quoted(client, network)
    counter = f"{url}/proposals/{quote['quote_id']}/counter"
    only_price = await client.post(counter, json={"price": 1.0}, headers=key)
    assert only_price.status_code == 422  # seed 004's "price" alone is not read
    first = (await client.post(counter, json={"buyer_price": 1.0}, headers=key)).json()
    assert first["status"] == "active"
    assert first["action"] in ("counter", "final_offer")
    by_neg_id = await client.post(f"{url}/proposals/{first['negotiation_id']}/counter",
                                  json={"buyer_price": 1.0}, headers=key)
    assert by_neg_id.status_code == 404  # not findable by the id it issued
    no_price_decline = await client.post(counter, json={"action": "decline"}, headers=key)
    assert no_price_decline.status_code == 422
    ask = first["seller_price"]
    accepted = (await client.post(counter, json={"action": "accept"}, headers=key)).json()
    assert (accepted["action"], accepted["seller_price"]) == ("accept", ask)  # at its ask


async def test_a_priced_decline_closes_the_negotiation(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url, key, quote = await _quoted(client, network)
    counter = f"{url}/proposals/{quote['quote_id']}/counter"
    await client.post(counter, json={"buyer_price": 1.0}, headers=key)
    declined = await client.post(counter, json={"action": "decline", "buyer_price": 1.0},
                                 headers=key)
    assert (declined.json()["action"], declined.json()["status"]) == ("reject", "rejected")
    again = await client.post(counter, json={"buyer_price": 2.0}, headers=key)
    assert again.status_code == 400
    assert "rejected" in again.json()["detail"]


async def test_messages_form_keys_by_subject_and_the_deal_books_the_agreed_price(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    url, key, quote = await _quoted(client, network)
    quoted = quote["pricing"]["final_cpm"]["amount_micros"]
    message = {"action": "counter", "quote_id": quote["quote_id"], "round_number": 1,
               "buyer_price": {"amount_micros": quoted - 500_000, "currency": "USD"}}
    r = await client.post(f"{url}/api/v1/negotiations/messages",
                          json={**message, "idempotency_key": idem()}, headers=key)
    assert r.status_code == 200, r.text
    reply = r.json()
    lost = await client.post(f"{url}/api/v1/negotiations/messages", headers=key, json={
        **message, "negotiation_id": reply["negotiation_id"], "idempotency_key": idem()})
    assert lost.status_code == 404  # negotiation_id outranks quote_id, and is not a key
    ask = reply["round"]["seller_price"]
    accept = await client.post(f"{url}/api/v1/negotiations/messages", headers=key, json={
        "action": "accept", "quote_id": quote["quote_id"], "buyer_price": ask,
        "idempotency_key": idem()})
    assert accept.json()["status"] == "accepted"
    requote = await client.post(f"{url}/api/v1/quotes", headers=key, json=quote_body(
        product(network)[1], negotiation_id=reply["negotiation_id"]))
    assert requote.json()["quote"]["pricing"]["final_cpm"]["amount_micros"] == quoted
    deal = (await client.post(f"{url}/api/v1/deals", headers=key, json={
        "idempotency_key": idem(), "quote_id": quote["quote_id"]})).json()["deal"]
    assert deal["pricing"]["final_cpm"] == ask  # booked at the agreed price
    assert deal["openrtb_params"]["bidfloor"] == ask  # Money, not a number
    assert deal["status"] == "proposed"
    read = (await client.get(f"{url}/api/v1/deals/{deal['deal_id']}", headers=key)).json()
    assert read["deal"] == deal


@pytest.mark.parametrize("body", [
    {"deal_id": "x", "change_type": "cancel", "reason": "rollback"},
    {"order_id": "ord-1", "change_type": "cancel"},
])
async def test_change_requests_need_an_order_and_have_no_deal_cancel(
        client: httpx.AsyncClient, network: SandboxNetwork, body: dict[str, Any]) -> None:
    url = network.seller_url(SELLER)
    r = await client.post(f"{url}/api/v1/change-requests",
                          json={**body, "idempotency_key": idem()},
                          headers=await issue_key(client, url))
    assert r.status_code == 422


async def test_issued_keys_survive_a_restart(tmp_path: Any) -> None:
    state = tmp_path / "state.json"
    first = SandboxNetwork(state_path=state)
    async with first.client() as client:
        key = await issue_key(client, first.seller_url(SELLER))
    again = SandboxNetwork(state_path=state)
    async with again.client() as client:
        r = await client.post(f"{again.seller_url(SELLER)}/api/v1/quotes", headers=key,
                              json=quote_body(again.seller_spec(SELLER).packages[0].product))
    assert r.status_code == 200
    assert r.json()["quote"]["buyer_tier"] == "agency"


async def test_around_a_resume_the_seller_holds_the_agreed_price_on_the_booked_quote(
        client: httpx.AsyncClient, network: SandboxNetwork) -> None:
    """What a resumed buyer finds (PROTOCOL.md, "around a resume"): the negotiation is
    accepted and refuses a counter, the quote is repriced and tied to its deal, a second
    booking is a 409 and the deal stays proposed."""
    url, key, quote = await _quoted(client, network)
    quoted = quote["pricing"]["final_cpm"]["amount_micros"]
    counter = f"{url}/proposals/{quote['quote_id']}/counter"
    first = (await client.post(counter, json={"buyer_price": quoted / 1e6 - 0.5},
                               headers=key)).json()
    accepted = (await client.post(counter, json={"action": "accept"}, headers=key)).json()
    assert accepted["status"] == "accepted"
    agreed = accepted["seller_price"]
    assert agreed == first["seller_price"]
    assert agreed < quoted / 1e6
    again = await client.post(counter, json={"buyer_price": agreed - 1}, headers=key)
    assert again.status_code == 400
    assert again.json()["detail"] == "Negotiation is accepted, cannot counter"
    status = (await client.get(f"{url}/proposals/{quote['quote_id']}/negotiation",
                               headers=key)).json()
    assert status["status"] == "accepted"
    assert status["rounds"][-1]["seller_price"] == agreed
    deal = (await client.post(f"{url}/api/v1/deals", headers=key, json={
        "idempotency_key": idem(), "quote_id": quote["quote_id"]})).json()["deal"]
    assert deal["status"] == "proposed"
    read = (await client.get(f"{url}/api/v1/quotes/{quote['quote_id']}", headers=key)).json()
    assert read["quote"]["status"] == "booked"
    assert read["quote"]["deal_id"] == deal["deal_id"]
    assert read["quote"]["pricing"]["final_cpm"]["amount_micros"] == round(agreed * 1e6)
    assert read["quote"]["media_type"] == "digital"  # it forgot the ctv it was asked for
    twice = await client.post(f"{url}/api/v1/deals", headers=key, json={
        "idempotency_key": idem(), "quote_id": quote["quote_id"]})
    assert twice.status_code == 409
    assert twice.json()["detail"]["error"] == "quote_already_booked"
    none = await client.get(f"{url}/proposals/q-unknown/negotiation", headers=key)
    assert none.status_code == 404
