"""Negotiation personas and the engine's tier caps, as pure functions."""

from __future__ import annotations

import pytest

from ad_buyer.models.buyer_identity import AccessTier, DealType
from ad_buyer.sandbox.config import Persona
from ad_buyer.sandbox.negotiation_engine import Negotiation, NegotiationClosedError
from ad_buyer.sandbox.personas import PersonaInput, persona_ask

START, LIMIT = 40_000_000, 30_000_000


def asks(persona: Persona, rounds: int = 5) -> list[int]:
    return [persona_ask(persona, PersonaInput(START, LIMIT, r, rounds, (START,), ()))
            for r in range(1, rounds)]


def conceded_share(persona: Persona, round_number: int) -> float:
    return (START - asks(persona)[round_number - 1]) / (START - LIMIT)


def test_firm_barely_moves() -> None:
    assert all(START - a <= (START - LIMIT) * 0.1 for a in asks(Persona.FIRM))


def test_linear_concedes_evenly_to_its_limit() -> None:
    values = asks(Persona.LINEAR)
    steps = [a - b for a, b in zip([START, *values], values, strict=False)]
    assert max(steps) - min(steps) <= 1
    assert values[-1] == LIMIT


def test_boulware_holds_then_concedes_late() -> None:
    assert conceded_share(Persona.BOULWARE, 1) < 0.05
    assert conceded_share(Persona.BOULWARE, 2) < conceded_share(Persona.LINEAR, 2)
    assert asks(Persona.BOULWARE)[-1] == LIMIT


def test_conceder_concedes_early() -> None:
    assert conceded_share(Persona.CONCEDER, 1) > 0.6
    assert conceded_share(Persona.CONCEDER, 1) > conceded_share(Persona.LINEAR, 1)


def test_tit_for_tat_mirrors_the_buyer() -> None:
    data = PersonaInput(START, LIMIT, 3, 5, (START, 38_000_000), (20_000_000, 23_500_000))
    assert persona_ask(Persona.TIT_FOR_TAT, data) == 38_000_000 - 3_500_000
    stubborn = PersonaInput(START, LIMIT, 3, 5, (START, 38_000_000), (20_000_000, 20_000_000))
    assert persona_ask(Persona.TIT_FOR_TAT, stubborn) == 38_000_000


def make(persona: Persona, tier: AccessTier = AccessTier.AGENCY, *, reservation: int = 25_000_000,
         start: int = START) -> Negotiation:
    return Negotiation(
        negotiation_id="neg-1", proposal_id="prop-1", package_id="prod-ctv-001", tier=tier,
        deal_type=DealType.PREFERRED_DEAL, impressions=1_000_000, persona=persona,
        start_micros=start, floor_micros=20_000_000, reservation_micros=reservation,
        limit_micros=reservation + 500_000)


@pytest.mark.parametrize("persona", list(Persona))
@pytest.mark.parametrize("tier", [AccessTier.AGENCY, AccessTier.ADVERTISER])
def test_never_below_reservation_and_within_tier_caps(persona: Persona, tier: AccessTier) -> None:
    # A reservation low enough that the tier caps bind, and one high enough that it binds.
    for reservation in (20_500_000, 36_000_000):
        negotiation = make(persona, tier, reservation=reservation)
        rules = negotiation.rules
        offer = 10_000_000
        previous = START
        while not negotiation.closed:
            reply = negotiation.offer(offer)
            assert reply.seller_micros >= reservation
            if reply.action in ("counter", "final_offer"):
                assert previous - reply.seller_micros <= START * rules.per_round_pct / 100 + 1
                assert START - reply.seller_micros <= START * rules.total_pct / 100 + 1
                previous = reply.seller_micros
            offer += 1_000_000
        assert len(negotiation.rounds) <= rules.max_rounds
        if negotiation.status == "accepted":
            assert negotiation.agreed_micros is not None
            assert negotiation.agreed_micros >= reservation


def test_final_offer_then_one_more_counter_ends_it() -> None:
    negotiation = make(Persona.LINEAR)
    actions = [negotiation.offer(1_000_000).action for _ in range(5)]
    assert actions == ["counter", "counter", "counter", "final_offer", "reject"]
    assert negotiation.status == "rejected"
    with pytest.raises(NegotiationClosedError):
        negotiation.offer(50_000_000)


def test_accept_when_offer_reaches_next_ask() -> None:
    negotiation = make(Persona.CONCEDER)
    reply = negotiation.offer(39_000_000)
    assert reply.action == "accept"
    assert negotiation.agreed_micros == 39_000_000


def test_buyer_accepts_current_ask_and_declines() -> None:
    negotiation = make(Persona.FIRM)
    ask = negotiation.offer(20_000_000).seller_micros
    reply = negotiation.accept()
    assert reply.action == "accept"
    assert negotiation.agreed_micros == ask
    other = make(Persona.FIRM)
    assert other.decline().status == "declined"


def test_advertiser_gets_more_rounds_than_agency() -> None:
    agency, advertiser = make(Persona.LINEAR), make(Persona.LINEAR, AccessTier.ADVERTISER)
    for negotiation in (agency, advertiser):
        while not negotiation.closed:
            negotiation.offer(1_000_000)
    assert len(agency.rounds) == 5
    assert len(advertiser.rounds) == 6
    assert min(advertiser.seller_prices) < min(agency.seller_prices)
