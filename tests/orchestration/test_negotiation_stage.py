"""Negotiation inside orchestration: cross-seller walk-away, re-quote at the
agreed price, booked at exactly that price; identity per seller trust."""

from __future__ import annotations

from collections.abc import Callable

from ad_buyer.clients.credentials import SellerKeyAuth
from ad_buyer.identity.strategy import IdentityStrategy, SellerRelationship
from ad_buyer.models.buyer_identity import AccessTier, BuyerIdentity
from ad_buyer.models.money import to_micros
from ad_buyer.orchestration.identity import IdentityPolicy
from ad_buyer.orchestration.multi_seller import MultiSellerOrchestrator
from ad_buyer.orchestration.negotiation_stage import NegotiationStage
from ad_buyer.registry.models import AgentCard, TrustLevel
from ad_buyer.sandbox.network import SandboxNetwork

from .helpers import ctv_params, ctv_requirements

Make = Callable[..., MultiSellerOrchestrator]


async def test_negotiated_deals_are_booked_at_the_agreed_price(
        make_orchestrator: Make, network: SandboxNetwork, auth: SellerKeyAuth) -> None:
    stage = NegotiationStage.over_http(auth=auth, transport=network.transport())
    orch = make_orchestrator(negotiation=stage)
    result = await orch.orchestrate(ctv_requirements(), ctv_params(target_cpm=20.0),
                                    budget=1_000_000, max_deals=3)
    assert result.negotiations, "agency-tier quotes should be negotiated"
    for record in result.negotiations:
        assert record["walk_away"] <= record["ask"]
    accepted = [r for r in result.negotiations
                if r.get("outcome") == "accepted" and r.get("requoted_quote_id")]
    assert accepted, result.negotiations
    deals = {d.quote_id: d for d in result.selection.booked_deals}
    for record in accepted:
        assert record["final_price"] <= record["ask"]
        deal = deals.get(record["requoted_quote_id"])
        if deal is not None:
            assert deal.pricing.final_cpm.amount_micros == to_micros(record["final_price"])
    ranked = {q.quote_id for q in result.ranked_quotes}
    assert {r["requoted_quote_id"] for r in accepted} <= ranked


def test_walk_away_is_the_best_competing_effective_cpm() -> None:
    from ad_buyer.booking.quote_normalizer import QuoteNormalizer

    from .test_quote_normalizer import quote

    ranked = QuoteNormalizer().normalize_and_rank([
        (quote("a", 30.0), "a", "http://a"), (quote("b", 25.0), "b", "http://b")])
    by_id = {q.quote_id: q for q in ranked}
    assert NegotiationStage.walk_away_price(by_id["a"], ranked) == 25.0
    assert NegotiationStage.walk_away_price(by_id["b"], ranked) == 30.0
    assert NegotiationStage.walk_away_price(by_id["a"], [by_id["a"]]) == 30.0


FULL = BuyerIdentity(seat_id="s", agency_id="a", advertiser_id="adv")


def card(trust: TrustLevel) -> AgentCard:
    return AgentCard(agent_id="x", name="x", url="http://x", trust_level=trust)


def test_advertiser_identity_never_goes_to_unknown_trust_sellers() -> None:
    policy = IdentityPolicy(FULL, IdentityStrategy())
    big = {"deal_type": "PG", "deal_value_usd": 10_000_000}
    assert policy.tier_for(card(TrustLevel.UNKNOWN), **big) == AccessTier.SEAT
    assert policy.identity_for(card(TrustLevel.UNKNOWN), **big) == BuyerIdentity(seat_id="s")
    assert policy.tier_for(card(TrustLevel.BLOCKED), **big) == AccessTier.PUBLIC
    assert policy.tier_for(card(TrustLevel.PREFERRED), **big) == AccessTier.AGENCY  # new seller
    trusted = IdentityPolicy(FULL, relationships={"http://x": SellerRelationship.TRUSTED})
    assert trusted.tier_for(card(TrustLevel.PREFERRED), **big) == AccessTier.ADVERTISER
    assert trusted.tier_for(card(TrustLevel.UNKNOWN), **big) == AccessTier.SEAT
    assert IdentityPolicy(None).identity_for(card(TrustLevel.PREFERRED), **big) is None
