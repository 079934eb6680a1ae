"""Which buyer identity each seller sees during orchestration.

Wraps :class:`~ad_buyer.identity.strategy.IdentityStrategy` with the
registry's trust level and the buyer's relationship per seller. Hard rule,
restated here as a second lock: a seller whose trust is unknown never sees
more than the seat; a blocked seller sees nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ad_buyer.identity.strategy import (
    CampaignGoal,
    DealContext,
    IdentityStrategy,
    SellerRelationship,
)
from ad_buyer.models.buyer_identity import AccessTier, BuyerIdentity, DealType
from ad_buyer.registry.models import AgentCard, TrustLevel


class IdentityPolicy:
    """Per-seller masked identities; ``None`` when the buyer has no identity."""

    def __init__(
        self,
        full_identity: BuyerIdentity | None,
        strategy: IdentityStrategy | None = None,
        *,
        relationships: Mapping[str, SellerRelationship] | None = None,
        campaign_goal: CampaignGoal = CampaignGoal.PERFORMANCE,
    ) -> None:
        self.full_identity = full_identity
        self.strategy = strategy or IdentityStrategy()
        self.relationships = dict(relationships or {})
        self.campaign_goal = campaign_goal

    def relationship(self, card: AgentCard) -> SellerRelationship:
        url = card.url.rstrip("/")
        return (self.relationships.get(url) or self.relationships.get(card.agent_id)
                or SellerRelationship.NEW)

    def tier_for(self, card: AgentCard, *, deal_type: str,
                 deal_value_usd: float | Decimal) -> AccessTier:
        context = DealContext(
            deal_value_usd=Decimal(str(max(deal_value_usd, 0))),
            deal_type=DealType(deal_type),
            seller_relationship=self.relationship(card),
            campaign_goal=self.campaign_goal,
            seller_trust=card.trust_level,
        )
        tier = self.strategy.recommend_tier(context)
        if card.trust_level is TrustLevel.BLOCKED:
            return AccessTier.PUBLIC
        if card.trust_level is TrustLevel.UNKNOWN and tier.rank > AccessTier.SEAT.rank:
            return AccessTier.SEAT
        return tier

    def identity_for(self, card: AgentCard, *, deal_type: str,
                     deal_value_usd: float | Decimal) -> BuyerIdentity | None:
        if self.full_identity is None:
            return None
        tier = self.tier_for(card, deal_type=deal_type, deal_value_usd=deal_value_usd)
        return self.strategy.build_identity(self.full_identity, tier)
