"""Seed 004 fidelity (issue 16): both documented reply shapes, flat or nested, on
either route; a confirmed negotiation is never declined; a seller's reject is
``walked_away``; a zero opening offer is a result; ``concession_step=0`` is allowed."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from ad_buyer.negotiation.client import NegotiationClient
from ad_buyer.negotiation.models import NegotiationOutcome
from ad_buyer.negotiation.strategies.simple_threshold import SimpleThresholdStrategy
from ad_buyer.negotiation.strategy import NegotiationContext, NegotiationStrategy

SELLER = "http://seller.test:8001"
Shape = Callable[[float, str], dict[str, Any]]


class Scripted:
    """A seller answering each request with the next scripted body (200)."""

    def __init__(self, replies: list[dict[str, Any]]) -> None:
        self.replies = list(replies)
        self.requests: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else {}
        self.requests.append((request.url.path, body))
        if not self.replies:
            return httpx.Response(500, json={"detail": "nothing more was expected"})
        return httpx.Response(200, json=self.replies.pop(0))

    def actions(self) -> list[str]:
        return [str(b.get("action", "counter")) for _, b in self.requests]


def client_for(seller: Scripted, form: str) -> NegotiationClient:
    return NegotiationClient(api_key="k", transport=httpx.MockTransport(seller),
                             wire_form=form, retry_backoff=0)  # type: ignore[arg-type]


def money(price: float) -> dict[str, Any]:
    return {"amount_micros": round(price * 1_000_000), "currency": "USD"}


def flat_counter(price: float, action: str) -> dict[str, Any]:
    return {"seller_price": price, "action": action}


def nested_counter(price: float, action: str) -> dict[str, Any]:
    return {"negotiation_id": "neg-1", "status": "active",
            "round": {"round_number": 1, "seller_price": money(price), "action": action}}


def flat_confirmation(price: float, _action: str) -> dict[str, Any]:
    return {"status": "accepted", "deal_price": price, "proposal_id": "prop-001"}


def nested_confirmation(price: float, _action: str) -> dict[str, Any]:
    return {"status": "accepted", "round": {"deal_price": money(price)}}


def balanced() -> SimpleThresholdStrategy:
    return SimpleThresholdStrategy(target_cpm=20.0, max_cpm=30.0, concession_step=2.0,
                                   max_rounds=5)


@pytest.mark.parametrize("form", ["proposals", "messages"])
@pytest.mark.parametrize("counter", [flat_counter, nested_counter])
@pytest.mark.parametrize("confirm", [flat_confirmation, nested_confirmation])
async def test_every_documented_shape_on_either_route_agrees_at_28(
        form: str, counter: Shape, confirm: Shape) -> None:
    seller = Scripted([counter(32.0, "counter"), counter(28.0, "counter"),
                       confirm(28.0, "accept")])
    async with client_for(seller, form) as client:
        result = await client.auto_negotiate(SELLER, "prop-001", balanced())
    assert result.outcome is NegotiationOutcome.ACCEPTED
    assert result.final_price == 28.0
    assert result.rounds_count == 3
    # The seller confirmed: the buyer sends nothing more (no decline after it).
    assert seller.actions() == ["counter", "counter", "accept"]
    assert seller.replies == []


@pytest.mark.parametrize("form", ["proposals", "messages"])
async def test_seller_confirms_and_the_buyer_sends_nothing_more(form: str) -> None:
    """The reference buyer's own case: the first answer is at the buyer's max, the
    buyer accepts and the seller confirms with ``{status, deal_price}`` only."""
    seller = Scripted([{"negotiation_id": "neg-abc123", "status": "active",
                        "current_price": 28.0, "round_number": 1},
                       {"status": "accepted", "deal_price": 28.0}])
    async with client_for(seller, form) as client:
        result = await client.auto_negotiate(SELLER, "prop-001", balanced())
    assert (result.outcome, result.final_price) == (NegotiationOutcome.ACCEPTED, 28.0)
    assert len(seller.requests) == 2
    assert seller.actions()[-1] == "accept"


async def test_an_unreadable_answer_to_our_accept_is_an_error_without_a_decline() -> None:
    seller = Scripted([flat_counter(28.0, "counter"), {"note": "ok"}])
    async with client_for(seller, "proposals") as client:
        result = await client.auto_negotiate(SELLER, "prop-001", balanced())
    assert result.outcome is NegotiationOutcome.ERROR
    assert seller.actions() == ["counter", "accept"]  # it may have confirmed: no decline


@pytest.mark.parametrize("reject", [{"status": "rejected"}, {"status": "declined"},
                                    {"seller_price": 40.0, "action": "reject"}])
async def test_a_seller_reject_ends_as_walked_away(reject: dict[str, Any]) -> None:
    seller = Scripted([flat_counter(40.0, "counter"), reject])
    async with client_for(seller, "messages") as client:
        result = await client.auto_negotiate(SELLER, "prop-001", SimpleThresholdStrategy(
            20, 30, 2, 5))
    assert result.outcome is NegotiationOutcome.WALKED_AWAY
    assert result.final_price is None
    assert len(seller.requests) == 2  # nothing sent after the seller ended it


class Opening(NegotiationStrategy):
    def __init__(self, opening: float) -> None:
        self.opening = opening

    def should_accept(self, seller_price: float, context: NegotiationContext) -> bool:
        return False

    def next_offer(self, seller_price: float, context: NegotiationContext) -> float:
        return self.opening

    def should_walk_away(self, seller_price: float, context: NegotiationContext) -> bool:
        return False


@pytest.mark.parametrize("opening", [0.0, -5.0, float("nan"), float("inf")])
async def test_a_zero_or_invalid_opening_offer_is_an_error_result(opening: float) -> None:
    seller = Scripted([])
    async with client_for(seller, "proposals") as client:
        result = await client.auto_negotiate(SELLER, "prop-001", Opening(opening))
    assert result.outcome is NegotiationOutcome.ERROR
    assert "invalid offer" in result.reason
    assert result.rounds_count == 0
    assert seller.requests == []  # nothing sent


async def test_concession_step_zero_keeps_offering_the_target() -> None:
    seller = Scripted([flat_counter(p, "counter") for p in (38.0, 36.0, 34.0)]
                      + [{"status": "rejected"}])
    strategy = SimpleThresholdStrategy(target_cpm=20.0, max_cpm=30.0, concession_step=0.0,
                                       max_rounds=10)
    assert strategy.next_offer(35.0, NegotiationContext(our_last_offer=20.0)) == 20.0
    async with client_for(seller, "proposals") as client:
        result = await client.auto_negotiate(SELLER, "prop-001", strategy)
    assert [body["buyer_price"] for _, body in seller.requests] == [20.0, 20.0, 20.0, 20.0]
    assert result.outcome is NegotiationOutcome.WALKED_AWAY
