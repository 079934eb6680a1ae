import httpx
import pytest
from negotiation_fake_seller import FakeSeller

from ad_buyer.negotiation.client import (
    NegotiationClient,
    NegotiationConnectError,
    NegotiationError,
    NegotiationHTTPError,
    NegotiationProtocolError,
    NegotiationTimeoutError,
)
from ad_buyer.negotiation.models import NegotiationOutcome, ProposalRequest
from ad_buyer.negotiation.strategies.simple_threshold import SimpleThresholdStrategy
from ad_buyer.negotiation.strategy import NegotiationContext, NegotiationStrategy

SELLER = "http://seller.test:8001"


def balanced() -> SimpleThresholdStrategy:
    return SimpleThresholdStrategy(target_cpm=20.0, max_cpm=30.0, concession_step=2.0,
                                   max_rounds=5)


def client_for(seller: object, **kwargs: object) -> NegotiationClient:
    return NegotiationClient(api_key="k", transport=httpx.MockTransport(seller),  # type: ignore[arg-type]
                             retry_backoff=0, **kwargs)  # type: ignore[arg-type]


async def test_seed_sequence_accepts_at_the_sellers_28() -> None:
    seller = FakeSeller([32.0, 28.0])
    async with client_for(seller, wire_form="proposals") as client:
        result = await client.auto_negotiate(SELLER, "prop-abc123", balanced())
    assert result.outcome is NegotiationOutcome.ACCEPTED
    assert result.final_price == 28.0
    assert result.rounds_count == 3
    assert [(r.buyer_price, r.seller_price, r.action) for r in result.rounds] == [
        (20.0, 32.0, "counter"), (22.0, 28.0, "counter"), (28.0, 28.0, "accept")]
    sent = [body for _, body in seller.requests]
    # Both spellings of the price (seed 004's and the reference seller's); the
    # accept carries the agreed price.
    assert sent == [{"buyer_price": 20.0, "price": 20.0}, {"buyer_price": 22.0, "price": 22.0},
                    {"buyer_price": 28.0, "price": 28.0, "action": "accept"}]
    assert all(path == "/proposals/prop-abc123/counter" for path, _ in seller.requests)


async def test_seller_accepting_our_offer_is_the_final_price() -> None:
    seller = FakeSeller([26.0, 23.0])
    async with client_for(seller, wire_form="proposals") as client:
        result = await client.auto_negotiate(
            SELLER, "p1", SimpleThresholdStrategy(20, 24, 3, 5))
    # 20 -> ask 26 (> max 24) -> 23 >= ask 23: seller accepts our 23.
    assert (result.outcome, result.final_price) == (NegotiationOutcome.ACCEPTED, 23.0)
    assert result.rounds[-1].action == "accept"


async def test_walks_away_when_the_seller_does_not_move() -> None:
    seller = FakeSeller([40.0, 40.0])
    async with client_for(seller, wire_form="proposals") as client:
        result = await client.auto_negotiate(SELLER, "p1", balanced())
    assert result.outcome is NegotiationOutcome.WALKED_AWAY
    assert result.final_price is None
    # A decline carries our last price (without one a reference seller answers 422).
    assert seller.requests[-1][1] == {"action": "decline", "buyer_price": 22.0, "price": 22.0}
    assert seller.closed


async def test_walks_away_after_max_rounds() -> None:
    seller = FakeSeller([50.0, 49.0, 48.0, 47.0, 46.0, 45.0])
    async with client_for(seller, wire_form="proposals") as client:
        result = await client.auto_negotiate(SELLER, "p1", balanced())
    assert result.outcome is NegotiationOutcome.WALKED_AWAY
    offers = [r.buyer_price for r in result.rounds if r.action != "reject"]
    assert offers == [20.0, 22.0, 24.0, 26.0, 28.0]


async def test_seller_rejecting_ends_as_walked_away() -> None:
    seller = FakeSeller([40.0, 38.0, 36.0], reject_after=2)
    async with client_for(seller, wire_form="proposals") as client:
        result = await client.auto_negotiate(
            SELLER, "p1", SimpleThresholdStrategy(20, 30, 1, 10))
    assert result.outcome is NegotiationOutcome.WALKED_AWAY  # seed 004
    assert result.final_price is None


async def test_messages_form_is_detected_and_sends_money() -> None:
    seller = FakeSeller([32.0, 28.0], forms=("messages",))
    async with client_for(seller) as client:
        result = await client.auto_negotiate(SELLER, "prop-1", balanced())
        assert client._forms[SELLER] == "messages"
    assert (result.outcome, result.final_price) == (NegotiationOutcome.ACCEPTED, 28.0)
    first, second, third = (body for _, body in seller.requests)
    # Every message names the proposal; never the negotiation id the seller issued
    # (a reference seller cannot find a negotiation by it).
    assert all(b["proposal_id"] == "prop-1" and "negotiation_id" not in b
               for b in (first, second, third))
    assert first["buyer_price"] == {"amount_micros": 20_000_000, "currency": "USD"}
    assert second["round_number"] == 2
    assert third["action"] == "accept"
    assert len({b["idempotency_key"] for b in (first, second, third)}) == 3


async def test_falls_back_to_proposals_and_remembers_the_seller() -> None:
    seller = FakeSeller([32.0, 28.0], forms=("proposals",))
    async with client_for(seller) as client:
        await client.auto_negotiate(SELLER, "prop-1", balanced())
        paths = [path for path, _ in seller.requests]
        assert paths[0] == "/api/v1/negotiations/messages"
        assert paths[1:] == ["/proposals/prop-1/counter"] * 3
        seller.__init__([25.0])  # type: ignore[misc]
        await client.auto_negotiate(SELLER, "prop-2", balanced())
    assert [path for path, _ in seller.requests] == ["/proposals/prop-2/counter"] * 2


async def test_structured_404_from_messages_is_not_a_missing_route() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"detail": {"error": "proposal_not_found",
                                                    "message": "no proposal p9"}})

    async with client_for(handler) as client:
        with pytest.raises(httpx.HTTPStatusError) as err:
            await client.auto_negotiate(SELLER, "p9", balanced())
    assert err.value.response.status_code == 404
    assert isinstance(err.value, NegotiationHTTPError)
    assert err.value.error_code == "proposal_not_found"


async def test_manual_step_by_step() -> None:
    seller = FakeSeller([32.0, 28.0])
    async with client_for(seller, wire_form="proposals") as client:
        session = await client.start_negotiation(SELLER, "prop-abc123", initial_price=20.0,
                                                 strategy=balanced())
        assert session.current_seller_price == 32.0
        round_2 = await client.counter_offer(session, price=22.0)
        assert (round_2.seller_price, round_2.action) == (28.0, "counter")
        confirmation = await client.accept(session)
        assert (confirmation.action, confirmation.seller_price) == ("accept", 28.0)
        assert session.closed
        with pytest.raises(NegotiationError, match="closed"):
            await client.counter_offer(session, 29.0)


async def test_accept_not_confirmed_is_an_error_outcome() -> None:
    seller = FakeSeller([32.0, 28.0])
    async with client_for(seller, wire_form="proposals") as client:
        session = await client.start_negotiation(SELLER, "p", 20.0)
        seller.override = {"action": "counter", "seller_price": 29.0, "status": "negotiating",
                           "rounds_remaining": 1}
        with pytest.raises(NegotiationProtocolError, match="did not confirm"):
            await client.accept(session)
    seller = FakeSeller([29.0])
    async with client_for(seller, wire_form="proposals") as client:
        seller.override = None
        result = await client.auto_negotiate(SELLER, "p", SimpleThresholdStrategy(20, 30, 2, 5))
        assert result.outcome is NegotiationOutcome.ACCEPTED
    liar = FakeSeller([32.0])
    liar.override = {"action": "accept", "seller_price": 31.0, "status": "accepted",
                     "rounds_remaining": 0}
    async with client_for(liar, wire_form="proposals") as client:
        result = await client.auto_negotiate(SELLER, "p", balanced())
    assert result.outcome is NegotiationOutcome.ERROR
    assert result.final_price is None
    assert "'accepted' $20.00 but quoted $31.00" in result.reason


async def test_start_needs_a_price_and_rejects_nonsense() -> None:
    async with client_for(FakeSeller([30.0]), wire_form="proposals") as client:
        with pytest.raises(ValueError, match="initial_price"):
            await client.start_negotiation(SELLER, "p")
        with pytest.raises(ValueError, match="positive"):
            await client.start_negotiation(SELLER, "p", initial_price=-1.0)
    with pytest.raises(ValueError, match="wire_form"):
        NegotiationClient(wire_form="soap")  # type: ignore[arg-type]


async def test_prices_are_rounded_to_cents() -> None:
    seller = FakeSeller([40.0])
    async with client_for(seller, wire_form="proposals") as client:
        session = await client.start_negotiation(SELLER, "p", initial_price=20.004)
    assert seller.requests[0][1] == {"buyer_price": 20.0, "price": 20.0}
    assert session.our_last_offer == 20.0


class OverEager(NegotiationStrategy):
    def should_accept(self, seller_price: float, context: NegotiationContext) -> bool:
        return False

    def next_offer(self, seller_price: float, context: NegotiationContext) -> float:
        return 20.0 if context.our_last_offer is None else 99.0

    def should_walk_away(self, seller_price: float, context: NegotiationContext) -> bool:
        return False


async def test_never_counters_above_the_sellers_ask() -> None:
    seller = FakeSeller([31.0])
    async with client_for(seller, wire_form="proposals") as client:
        result = await client.auto_negotiate(SELLER, "p", OverEager())
    assert (result.outcome, result.final_price) == (NegotiationOutcome.ACCEPTED, 31.0)
    assert seller.requests[-1][1] == {"buyer_price": 31.0, "price": 31.0, "action": "accept"}


# ---- errors surface as the httpx exceptions the seed catches ----

async def test_http_error_is_an_httpx_status_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json={"detail": {"error": "negotiation_not_allowed",
                                                    "message": "seat tier"}})

    async with client_for(handler, wire_form="proposals") as client:
        with pytest.raises(httpx.HTTPStatusError) as err:
            await client.auto_negotiate(SELLER, "p", balanced())
    assert err.value.response.status_code == 403
    assert isinstance(err.value, NegotiationError)
    assert err.value.seller_url == SELLER
    assert "seat tier" in str(err.value)


async def test_connect_error_is_an_httpx_connect_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    async with client_for(refuse, wire_form="proposals") as client:
        with pytest.raises(httpx.ConnectError) as err:
            await client.auto_negotiate(SELLER, "p", balanced())
    assert isinstance(err.value, NegotiationConnectError)
    assert err.value.request.url == f"{SELLER}/proposals/p/counter"


async def test_timeout_is_an_httpx_timeout_and_counters_are_not_retried() -> None:
    calls = []

    def slow(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ReadTimeout("slow", request=request)

    async with client_for(slow, wire_form="proposals") as client:
        with pytest.raises(httpx.TimeoutException) as err:
            await client.auto_negotiate(SELLER, "p", balanced())
    assert isinstance(err.value, NegotiationTimeoutError)
    assert len(calls) == 1  # a counter without an idempotency key is never repeated


async def test_messages_are_retried_with_the_same_key_after_a_503() -> None:
    seller = FakeSeller([25.0], forms=("messages",))
    replies = iter([503])

    def flaky(request: httpx.Request) -> httpx.Response:
        status = next(replies, None)
        if status is not None:
            seller.requests.append((request.url.path, {}))
            return httpx.Response(status, json={"detail": {"error": "busy", "message": "busy"}})
        return seller(request)

    async with client_for(flaky, wire_form="messages") as client:
        session = await client.start_negotiation(SELLER, "p", 20.0)
    assert session.current_seller_price == 25.0


async def test_malformed_answer_is_an_error_outcome_naming_the_seller() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"negotiation_id": "n", "action": "haggle"})

    async with client_for(handler, wire_form="proposals") as client:
        result = await client.auto_negotiate(SELLER, "p", balanced())
        assert result.outcome is NegotiationOutcome.ERROR
        assert SELLER in result.reason
        assert "action" in result.reason
        with pytest.raises(NegotiationProtocolError):
            await client.start_negotiation(SELLER, "p", 20.0)


async def test_open_proposal() -> None:
    sent = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={
            "proposal_id": "prop-9", "recommendation": "counter", "status": "negotiating",
            "counter_terms": {"proposed_price": 31.5, "negotiation_id": "neg-9",
                              "round_number": 1, "action": "counter"}})

    async with client_for(handler) as client:
        answer = await client.open_proposal(SELLER, ProposalRequest(
            product_id="pkg-1", deal_type="PD", price=24.0, impressions=1_000_000,
            start_date="2026-07-01", end_date="2026-09-30", agency_id="omd"))  # type: ignore[arg-type]
    assert answer.counter_terms is not None
    assert answer.counter_terms.proposed_price == 31.5
    assert sent[0].url.path == "/proposals"


class Stubborn(NegotiationStrategy):
    def should_accept(self, seller_price: float, context: NegotiationContext) -> bool:
        return False

    def next_offer(self, seller_price: float, context: NegotiationContext) -> float:
        return 10.0

    def should_walk_away(self, seller_price: float, context: NegotiationContext) -> bool:
        return False


async def test_a_strategy_that_never_decides_is_stopped() -> None:
    seller = FakeSeller([40.0])
    async with client_for(seller, wire_form="proposals", max_total_rounds=4) as client:
        result = await client.auto_negotiate(SELLER, "p", Stubborn())
    assert result.outcome is NegotiationOutcome.WALKED_AWAY
    assert [r.action for r in result.rounds] == ["counter"] * 4 + ["reject"]
    assert seller.closed


async def test_decline_failure_still_walks_away(caplog: pytest.LogCaptureFixture) -> None:
    seller = FakeSeller([40.0, 40.0])

    def handler(request: httpx.Request) -> httpx.Response:
        if b"decline" in request.content:
            return httpx.Response(422, json={"detail": "buyer_price is required"})
        return seller(request)

    async with client_for(handler, wire_form="proposals") as client:
        result = await client.auto_negotiate(SELLER, "p", balanced())
    assert result.outcome is NegotiationOutcome.WALKED_AWAY
    assert "could not notify" in caplog.text


async def test_accept_after_the_seller_already_accepted_returns_the_agreement() -> None:
    seller = FakeSeller([21.0])
    async with client_for(seller, wire_form="proposals") as client:
        session = await client.start_negotiation(SELLER, "p", 22.0)
        assert session.closed
        agreed = await client.accept(session)
    assert (agreed.action, agreed.buyer_price) == ("accept", 22.0)
    assert len(seller.requests) == 1


async def test_completed_negotiation_is_published() -> None:
    from ad_buyer.events.bus import InMemoryEventBus
    from ad_buyer.events.models import EventType

    bus = InMemoryEventBus()
    async with client_for(FakeSeller([32.0, 28.0]), wire_form="proposals",
                          event_bus=bus) as client:
        await client.auto_negotiate(SELLER, "prop-1", balanced())
    (event,) = bus.of_type(EventType.NEGOTIATION_COMPLETED)
    assert event.payload["outcome"] == "accepted"
    assert event.payload["final_price"] == 28.0
    assert event.payload["seller_url"] == SELLER
    assert "SimpleThresholdStrategy(target_cpm=20.0" in event.payload["strategy"]
