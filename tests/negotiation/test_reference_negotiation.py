"""NegotiationClient against a reference-dialect seller, both wire forms (issue #8, item 4):
quote_id on every message, price and buyer_price, the opening sent once, accept and
decline in forms the seller honours, a decline that closes the negotiation there."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ad_buyer.clients.credentials import SellerKeyAuth
from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.models.deals import QuoteResponse
from ad_buyer.negotiation.client import (
    NegotiationClient,
    NegotiationHTTPError,
    NegotiationProtocolError,
)
from ad_buyer.negotiation.models import CounterResponse, NegotiationOutcome
from ad_buyer.negotiation.strategies import SimpleThresholdStrategy
from ad_buyer.sandbox.network import SandboxNetwork
from seller_keys import sandbox_auth
from wire_spy import Spy

SELLER = "harborview"
FORMS = ["proposals", "messages"]


@pytest.fixture
def network() -> SandboxNetwork:
    return SandboxNetwork()  # the default world: harborview speaks the reference dialect


@pytest.fixture
async def auth(network: SandboxNetwork) -> SellerKeyAuth:
    return await sandbox_auth(network)


async def agency_quote(network: SandboxNetwork, auth: SellerKeyAuth) -> QuoteResponse:
    spec = network.seller_spec(SELLER)
    async with DealsClient(network.seller_url(SELLER), auth=auth,
                           transport=network.transport()) as deals:
        quote = await deals.request_quote(
            product_id=spec.packages[0].product, deal_type="PD", impressions=400_000,
            flight_start="2026-07-01", flight_end="2026-07-31", media_type="ctv")
    assert quote.buyer_tier == "agency"
    return quote


def client(network: SandboxNetwork, auth: SellerKeyAuth, form: str,
           spy: Spy) -> NegotiationClient:
    return NegotiationClient(auth=auth, transport=spy, wire_form=form)  # type: ignore[arg-type]


def sent_bodies(spy: Spy) -> list[dict[str, Any]]:
    return [b for b in spy.bodies("/counter") + spy.bodies("/negotiations/messages")]


@pytest.mark.parametrize("form", FORMS)
async def test_agreement_on_a_quote_books_at_the_agreed_price(
        network: SandboxNetwork, auth: SellerKeyAuth, form: str) -> None:
    quote = await agency_quote(network, auth)
    ask = quote.pricing.final_cpm.amount_micros / 1e6
    spy = Spy(network.transport())
    async with client(network, auth, form, spy) as negotiator:
        result = await negotiator.auto_negotiate(
            network.seller_url(SELLER), quote.quote_id,
            SimpleThresholdStrategy(ask * 0.8, ask, ask * 0.03, 6),
            asking_price=ask, quote_id=quote.quote_id)
    assert result.outcome is NegotiationOutcome.ACCEPTED
    assert result.final_price is not None
    bodies = sent_bodies(spy)
    assert all(b["quote_id"] == quote.quote_id for b in bodies)
    assert all("negotiation_id" not in b for b in bodies)
    if form == "proposals":
        assert all(b["price"] == b["buyer_price"] for b in bodies)
        assert bodies[-1]["action"] == "accept"
        assert bodies[-1]["buyer_price"] == result.final_price
    [nego] = network.negotiations(SELLER)
    assert nego.status == "accepted"
    assert len(nego.rounds) == result.rounds_count  # the opening went once
    assert nego.buyer_offers[0] == round(result.rounds[0].buyer_price * 1e6)
    async with DealsClient(network.seller_url(SELLER), auth=auth,
                           transport=network.transport()) as deals:
        deal = await deals.book_deal(quote.quote_id, idempotency_key="book-agreed-0001")
    assert deal.pricing.final_cpm.amount_micros == round(result.final_price * 1e6)


@pytest.mark.parametrize("form", FORMS)
async def test_a_decline_closes_the_negotiation_at_the_seller(
        network: SandboxNetwork, auth: SellerKeyAuth, form: str) -> None:
    quote = await agency_quote(network, auth)
    spy = Spy(network.transport())
    async with client(network, auth, form, spy) as negotiator:
        result = await negotiator.auto_negotiate(
            network.seller_url(SELLER), quote.quote_id,
            SimpleThresholdStrategy(1.0, 2.0, 0.5, 1), quote_id=quote.quote_id)
        assert result.outcome is NegotiationOutcome.WALKED_AWAY
        assert result.rounds[-1].action == "reject"
        with pytest.raises(NegotiationHTTPError) as err:  # the seller's negotiation is over
            await negotiator.start_negotiation(
                network.seller_url(SELLER), quote.quote_id, 3.0, quote_id=quote.quote_id)
    assert err.value.status_code == 400
    [nego] = network.negotiations(SELLER)
    assert nego.status == "declined"
    decline = sent_bodies(spy)[1]
    assert decline["quote_id"] == quote.quote_id
    if form == "proposals":  # priced, or the reference seller answers 422
        assert (decline["action"], decline["buyer_price"]) == ("decline", 1.0)
    else:
        assert decline["action"] == "reject"


async def test_a_reply_with_only_seller_price_and_action_is_valid() -> None:
    replies = iter([{"seller_price": 28.0, "action": "counter"},
                    {"seller_price": 28.0, "action": "accept"}])
    transport = httpx.MockTransport(lambda _r: httpx.Response(200, json=next(replies)))
    assert CounterResponse.model_validate({"seller_price": 28.0, "action": "counter"})
    async with NegotiationClient(transport=transport, wire_form="proposals") as negotiator:
        result = await negotiator.auto_negotiate(
            "http://seller.test", "prop-1", SimpleThresholdStrategy(20, 30, 2, 5))
    assert (result.outcome, result.final_price) == (NegotiationOutcome.ACCEPTED, 28.0)


def _seller_whose_proposals_form_cannot_decline(serves_messages: bool) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/counter"):  # reads every body as a counter
            return httpx.Response(200, json={"action": "counter", "seller_price": 30.0,
                                             "status": "active"})
        if serves_messages:
            return httpx.Response(200, json={
                "negotiation_id": "n", "status": "rejected", "round": {
                    "round_number": 3, "action": "reject",
                    "seller_price": {"amount_micros": 30_000_000, "currency": "USD"}}})
        return httpx.Response(404, json={"detail": "Not Found"})
    return httpx.MockTransport(answer)


async def test_a_decline_the_proposals_form_ignores_is_sent_as_a_reject_message() -> None:
    transport = _seller_whose_proposals_form_cannot_decline(serves_messages=True)
    async with NegotiationClient(transport=transport, wire_form="proposals") as negotiator:
        session = await negotiator.start_negotiation("http://s.test", "q-1", 20.0,
                                                     quote_id="q-1")
        closing = await negotiator.decline(session)
    assert closing.action == "reject"
    assert session.closed


async def test_a_decline_no_form_confirms_is_an_error() -> None:
    transport = _seller_whose_proposals_form_cannot_decline(serves_messages=False)
    async with NegotiationClient(transport=transport, wire_form="proposals") as negotiator:
        session = await negotiator.start_negotiation("http://s.test", "q-1", 20.0,
                                                     quote_id="q-1")
        with pytest.raises(NegotiationProtocolError, match="did not close"):
            await negotiator.decline(session)
    assert session.closed  # we are done either way
