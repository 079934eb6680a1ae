# ruff: noqa: I001 - the seed documents' code is kept as written
"""Seed 004 (negotiation), its examples as written against the loopback sandbox.

The seed's ``http://seller.example.com:8001`` becomes a sandbox seller on
127.0.0.1 and ``prop-abc123`` the sandbox proposal alias ``quote-{package}``.
"""

import pytest

from ad_buyer.models.money import to_micros
from ad_buyer.sandbox.network import SandboxNetwork

pytestmark = pytest.mark.server


@pytest.fixture
def seller(loopback_sandbox: SandboxNetwork) -> tuple[str, str]:
    """A linear-persona seller whose package prices sit around the seed's $20-$30."""
    url = loopback_sandbox.seller_url("vidnation")
    package = loopback_sandbox.seller_spec(url).packages[0]
    return url, f"quote-{package.package_id}"


async def test_auto_negotiate(seller: tuple[str, str], loopback_sandbox: SandboxNetwork,
                              capsys: pytest.CaptureFixture[str]) -> None:
    seller_url, proposal_id = seller
    from ad_buyer.negotiation.client import NegotiationClient
    from ad_buyer.negotiation.strategies.simple_threshold import SimpleThresholdStrategy

    client = NegotiationClient(api_key="your-seller-api-key")

    strategy = SimpleThresholdStrategy(
        target_cpm=20.0,
        max_cpm=30.0,
        concession_step=2.0,
        max_rounds=5,
    )

    result = await client.auto_negotiate(
        seller_url=seller_url,
        proposal_id=proposal_id,
        strategy=strategy,
    )

    print(f"Outcome: {result.outcome}")       # "accepted" or "walked_away"
    print(f"Final price: ${result.final_price}")  # e.g. 28.0
    print(f"Rounds: {result.rounds_count}")    # e.g. 3
    await client.aclose()

    assert result.outcome.value == "accepted"
    assert result.final_price is not None
    assert result.final_price <= 30.0
    assert result.rounds_count == len(result.rounds)
    agreed = next(n for n in loopback_sandbox.negotiations(seller_url)
                  if n.negotiation_id == result.negotiation_id)
    assert agreed.agreed_micros == to_micros(result.final_price)
    assert f"Final price: ${result.final_price}" in capsys.readouterr().out


async def test_manual_step_by_step(seller: tuple[str, str],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    seller_url, proposal_id = seller
    from ad_buyer.negotiation.client import NegotiationClient
    from ad_buyer.negotiation.strategies.simple_threshold import SimpleThresholdStrategy

    client = NegotiationClient(api_key="your-seller-api-key")
    strategy = SimpleThresholdStrategy(target_cpm=20, max_cpm=30, concession_step=2, max_rounds=5)

    # Start with our opening offer
    session = await client.start_negotiation(
        seller_url=seller_url,
        proposal_id=proposal_id,
        initial_price=20.0,
        strategy=strategy,
    )

    print(f"Seller countered at: ${session.current_seller_price}")

    # Send our counter-offer
    round_2 = await client.counter_offer(session, price=22.0)
    print(f"Seller response: ${round_2.seller_price} ({round_2.action})")

    # Accept or continue
    if round_2.action == "accept" or round_2.seller_price <= 30.0:
        confirmation = await client.accept(session)
        print("Deal accepted!")
    else:
        await client.decline(session)
        print("Walked away.")
    await client.aclose()

    out = capsys.readouterr().out
    assert "Deal accepted!" in out
    assert confirmation.action == "accept"
    assert session.closed


async def test_custom_strategy_drives_auto_negotiate(
    seller: tuple[str, str], loopback_sandbox: SandboxNetwork
) -> None:
    seller_url, proposal_id = seller
    from ad_buyer.negotiation.strategy import NegotiationStrategy, NegotiationContext

    class MyCustomStrategy(NegotiationStrategy):
        def should_accept(self, seller_price: float, context: NegotiationContext) -> bool:
            """Accept if seller's price is acceptable."""
            return seller_price <= 25.0

        def next_offer(self, seller_price: float, context: NegotiationContext) -> float:
            """Calculate our next counter-offer."""
            if context.our_last_offer is None:
                return 18.0  # Opening offer
            # Split the difference
            return (context.our_last_offer + seller_price) / 2

        def should_walk_away(self, seller_price: float, context: NegotiationContext) -> bool:
            """Walk away after 3 rounds or if seller isn't budging."""
            if context.rounds_completed >= 3:
                return True
            if (context.seller_previous_price is not None  # noqa: SIM103 - the seed's code
                    and seller_price >= context.seller_previous_price):
                return True  # Seller isn't moving
            return False

    from ad_buyer.negotiation.client import NegotiationClient

    async with NegotiationClient(api_key="your-seller-api-key") as client:
        result = await client.auto_negotiate(seller_url, proposal_id, MyCustomStrategy())
    assert result.rounds[0].buyer_price == 18.0
    assert result.outcome.value in ("accepted", "walked_away", "declined")
    if result.outcome.value == "accepted":
        assert result.final_price is not None
        assert result.final_price <= 25.0
    else:
        assert result.rounds_count <= 4


async def test_eligibility_check_and_data_models(
    seller: tuple[str, str], loopback_sandbox: SandboxNetwork
) -> None:
    seller_url, proposal_id = seller
    from ad_buyer.models.buyer_identity import BuyerContext, BuyerIdentity
    from ad_buyer.negotiation.client import NegotiationClient
    from ad_buyer.negotiation.models import NegotiationOutcome
    from ad_buyer.negotiation.strategies.simple_threshold import SimpleThresholdStrategy

    identity = BuyerIdentity(seat_id="ttd-seat-123", agency_id="omnicom-456")
    buyer_context = BuyerContext(identity=identity)
    client = NegotiationClient(api_key="k", buyer_identity=identity)
    strategy = SimpleThresholdStrategy(20.0, 30.0, 2.0, 5)
    result = None
    if buyer_context.can_negotiate():
        result = await client.auto_negotiate(seller_url, proposal_id, strategy)
    await client.aclose()
    assert result is not None
    assert result.outcome in (NegotiationOutcome.ACCEPTED, NegotiationOutcome.WALKED_AWAY)
    assert {"proposal_id", "outcome", "final_price", "rounds_count", "rounds",
            "completed_at"} <= set(type(result).model_fields)
    first = result.rounds[0]
    assert {"round_number", "buyer_price", "seller_price", "action", "rationale",
            "timestamp"} <= set(type(first).model_fields)
    seat_only = BuyerContext(identity=BuyerIdentity(seat_id="ttd-seat-123"))
    assert not seat_only.can_negotiate()
