import itertools

import pytest
from pydantic import ValidationError

from ad_buyer.identity.strategy import (
    CampaignGoal,
    DealContext,
    IdentityStrategy,
    SellerRelationship,
)
from ad_buyer.models.buyer_identity import AccessTier, BuyerIdentity, DealType
from ad_buyer.registry.models import TrustLevel

FULL = BuyerIdentity(
    seat_id="ttd-seat-123", seat_name="The Trade Desk",
    agency_id="omnicom-456", agency_name="OMD", agency_holding_company="Omnicom",
    advertiser_id="coca-cola-789", advertiser_name="Coca-Cola", advertiser_industry="CPG",
)


def context(value: float, relationship: SellerRelationship = SellerRelationship.TRUSTED,
            trust: TrustLevel | None = None, deal_type: DealType = DealType.PREFERRED_DEAL,
            goal: CampaignGoal = CampaignGoal.AWARENESS) -> DealContext:
    return DealContext(deal_value_usd=value, deal_type=deal_type, seller_relationship=relationship,
                       campaign_goal=goal, seller_trust=trust)


def test_seed_examples() -> None:
    strategy = IdentityStrategy(high_value_threshold_usd=100_000, mid_value_threshold_usd=25_000)
    assert strategy.recommend_tier(context(
        150_000, SellerRelationship.TRUSTED, deal_type=DealType.PROGRAMMATIC_GUARANTEED,
        goal=CampaignGoal.PERFORMANCE)) is AccessTier.ADVERTISER
    assert strategy.recommend_tier(context(
        10_000, SellerRelationship.UNKNOWN)) is AccessTier.SEAT
    assert strategy.estimate_savings(35.0, AccessTier.SEAT, AccessTier.AGENCY) == 1.75


@pytest.mark.parametrize(("value", "relationship", "trust", "expected"), [
    (30_000, SellerRelationship.TRUSTED, None, AccessTier.AGENCY),
    (30_000, SellerRelationship.NEW, None, AccessTier.AGENCY),
    (150_000, SellerRelationship.NEW, None, AccessTier.AGENCY),
    (150_000, SellerRelationship.TRUSTED, TrustLevel.PREFERRED, AccessTier.ADVERTISER),
    (150_000, SellerRelationship.TRUSTED, TrustLevel.VERIFIED, AccessTier.ADVERTISER),
    (150_000, SellerRelationship.NEW, TrustLevel.VERIFIED, AccessTier.AGENCY),
    (150_000, SellerRelationship.TRUSTED, TrustLevel.REGISTERED, AccessTier.AGENCY),
    (150_000, SellerRelationship.NEW, TrustLevel.REGISTERED, AccessTier.SEAT),
    (5_000, SellerRelationship.TRUSTED, TrustLevel.PREFERRED, AccessTier.SEAT),
])
def test_value_relationship_and_trust_caps(
    value: float, relationship: SellerRelationship, trust: TrustLevel | None,
    expected: AccessTier,
) -> None:
    assert IdentityStrategy().recommend_tier(context(value, relationship, trust)) is expected


def test_performance_goal_and_private_auction() -> None:
    strategy = IdentityStrategy()
    assert strategy.recommend_tier(context(
        30_000, goal=CampaignGoal.PERFORMANCE)) is AccessTier.ADVERTISER
    assert strategy.recommend_tier(context(
        500_000, deal_type=DealType.PRIVATE_AUCTION)) is AccessTier.AGENCY
    decision = strategy.recommend(context(500_000, SellerRelationship.NEW))
    assert any("capped at agency" in reason for reason in decision.reasons)


@pytest.mark.parametrize(("relationship", "goal", "deal_type"), list(itertools.product(
    SellerRelationship, CampaignGoal, DealType)))
def test_unknown_trust_never_sees_the_advertiser_and_blocked_sees_nothing(
    relationship: SellerRelationship, goal: CampaignGoal, deal_type: DealType,
) -> None:
    strategy = IdentityStrategy()
    for value in (0, 30_000, 10_000_000):
        unknown = strategy.recommend_tier(context(value, relationship, TrustLevel.UNKNOWN,
                                                  deal_type, goal))
        assert unknown.rank <= AccessTier.SEAT.rank
        assert strategy.build_identity(FULL, unknown).advertiser_id is None
        blocked = strategy.recommend_tier(context(value, relationship, TrustLevel.BLOCKED,
                                                  deal_type, goal))
        assert blocked is AccessTier.PUBLIC
        assert strategy.build_identity(FULL, blocked) == BuyerIdentity()
    no_registry_answer = strategy.recommend_tier(context(
        10_000_000, SellerRelationship.UNKNOWN, None, deal_type, goal))
    assert no_registry_answer is AccessTier.SEAT


def test_build_identity_masks_each_tier() -> None:
    strategy = IdentityStrategy()
    seat = strategy.build_identity(FULL, AccessTier.SEAT)
    assert seat.model_dump(exclude_none=True) == {"seat_id": "ttd-seat-123",
                                                  "seat_name": "The Trade Desk"}
    agency = strategy.build_identity(FULL, AccessTier.AGENCY)
    assert agency.get_access_tier() is AccessTier.AGENCY
    assert agency.agency_holding_company == "Omnicom"
    assert agency.advertiser_name is None
    assert strategy.build_identity(FULL, AccessTier.ADVERTISER) == FULL
    partial = BuyerIdentity(seat_id="s", advertiser_id="a")
    assert strategy.build_identity(partial, AccessTier.ADVERTISER).get_access_tier() is (
        AccessTier.SEAT)  # nothing invented: no agency id, so seat


def test_savings_in_both_directions_and_validation() -> None:
    strategy = IdentityStrategy()
    assert strategy.estimate_savings(35.0, AccessTier.PUBLIC, AccessTier.ADVERTISER) == 5.25
    assert strategy.estimate_savings(35.0, AccessTier.AGENCY, AccessTier.SEAT) == -1.75
    assert strategy.estimate_savings(33.33, AccessTier.SEAT, AccessTier.AGENCY) == 1.67
    with pytest.raises(ValueError, match="mid_value_threshold_usd"):
        IdentityStrategy(high_value_threshold_usd=10, mid_value_threshold_usd=20)
    with pytest.raises(ValidationError):
        context(-1)
