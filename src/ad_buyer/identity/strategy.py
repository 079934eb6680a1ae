"""``IdentityStrategy``: how much buyer identity each seller gets to see (seed 002).

Revealing more unlocks better tier pricing (PROTOCOL.md, Buyer tiers) but
exposes buying patterns, so the tier is the *lowest* of these limits:

1. deal value: below ``mid_value_threshold_usd`` SEAT, below
   ``high_value_threshold_usd`` AGENCY, else ADVERTISER; a TRUSTED seller on
   a PERFORMANCE campaign from the mid threshold up gets ADVERTISER (audience
   matching needs the advertiser id);
2. relationship: TRUSTED and ESTABLISHED sellers may see everything, NEW
   ones up to AGENCY, UNKNOWN ones up to SEAT;
3. registry trust (``seller_trust``, when known): PREFERRED everything,
   VERIFIED up to AGENCY (ADVERTISER if also TRUSTED), REGISTERED up to SEAT
   (AGENCY if TRUSTED), UNKNOWN up to SEAT, BLOCKED nothing at all;
4. deal type: a private auction never needs more than AGENCY.

Hard rules, whatever the value: a seller whose trust is unknown (registry
says UNKNOWN, or no registry answer and the relationship is UNKNOWN) never
sees the advertiser (capped at SEAT); a BLOCKED seller sees nothing (PUBLIC).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from ad_buyer.models.brief import CampaignGoal as CampaignGoal  # the brief's goal
from ad_buyer.models.buyer_identity import AccessTier, BuyerIdentity, DealType
from ad_buyer.models.money import cents, to_decimal
from ad_buyer.registry.models import TrustLevel


class SellerRelationship(StrEnum):
    """The buyer's own history with a seller."""

    TRUSTED = "trusted"
    ESTABLISHED = "established"
    NEW = "new"
    UNKNOWN = "unknown"


class DealContext(BaseModel):
    """What the strategy weighs for one seller and one deal."""

    model_config = ConfigDict(frozen=True)

    deal_value_usd: Decimal = Field(ge=0)
    deal_type: DealType
    seller_relationship: SellerRelationship
    campaign_goal: CampaignGoal
    seller_trust: TrustLevel | None = None


class TierRecommendation(BaseModel):
    """A tier and the reasons for it, for the rationale log."""

    tier: AccessTier
    reasons: list[str]


_RELATIONSHIP_CAP = {
    SellerRelationship.TRUSTED: AccessTier.ADVERTISER,
    SellerRelationship.ESTABLISHED: AccessTier.ADVERTISER,
    SellerRelationship.NEW: AccessTier.AGENCY,
    SellerRelationship.UNKNOWN: AccessTier.SEAT,
}

_TRUST_CAP = {
    TrustLevel.PREFERRED: AccessTier.ADVERTISER,
    TrustLevel.VERIFIED: AccessTier.AGENCY,
    TrustLevel.REGISTERED: AccessTier.SEAT,
    TrustLevel.UNKNOWN: AccessTier.SEAT,
    TrustLevel.BLOCKED: AccessTier.PUBLIC,
}

_TIER_FIELDS: dict[AccessTier, tuple[str, ...]] = {
    AccessTier.PUBLIC: (),
    AccessTier.SEAT: ("seat_id", "seat_name"),
    AccessTier.AGENCY: ("agency_id", "agency_name", "agency_holding_company"),
    AccessTier.ADVERTISER: ("advertiser_id", "advertiser_name", "advertiser_industry"),
}


def _lower(a: AccessTier, b: AccessTier) -> AccessTier:
    return a if a.rank <= b.rank else b


def _raise_one(tier: AccessTier) -> AccessTier:
    order = list(AccessTier)
    return order[min(tier.rank + 1, len(order) - 1)]


class IdentityStrategy:
    """Recommends a disclosure tier per seller and masks the identity to match."""

    def __init__(
        self,
        high_value_threshold_usd: float | Decimal = 100_000,
        mid_value_threshold_usd: float | Decimal = 25_000,
    ) -> None:
        high, mid = to_decimal(high_value_threshold_usd), to_decimal(mid_value_threshold_usd)
        if mid < 0 or high < mid:
            raise ValueError("need 0 <= mid_value_threshold_usd <= high_value_threshold_usd")
        self.high_value_threshold_usd = high
        self.mid_value_threshold_usd = mid

    def recommend_tier(self, context: DealContext) -> AccessTier:
        return self.recommend(context).tier

    def recommend(self, context: DealContext) -> TierRecommendation:
        value = context.deal_value_usd
        trusted = context.seller_relationship is SellerRelationship.TRUSTED
        reasons: list[str] = []
        if value >= self.high_value_threshold_usd:
            tier = AccessTier.ADVERTISER
            reasons.append(f"high-value deal (${value:,.0f}) justifies full disclosure")
        elif value >= self.mid_value_threshold_usd:
            tier = AccessTier.AGENCY
            if trusted and context.campaign_goal is CampaignGoal.PERFORMANCE:
                tier = AccessTier.ADVERTISER
                reasons.append("mid-value performance deal with a trusted seller")
            else:
                reasons.append(f"mid-value deal (${value:,.0f})")
        else:
            tier = AccessTier.SEAT
            reasons.append(f"low-value deal (${value:,.0f}): seat only")

        cap = _RELATIONSHIP_CAP[context.seller_relationship]
        if cap.rank < tier.rank:
            reasons.append(f"{context.seller_relationship.value} seller: capped at {cap.value}")
        tier = _lower(tier, cap)

        if context.seller_trust is not None:
            trust_cap = _TRUST_CAP[context.seller_trust]
            if trusted and context.seller_trust in (TrustLevel.VERIFIED, TrustLevel.REGISTERED):
                trust_cap = _raise_one(trust_cap)
            if trust_cap.rank < tier.rank:
                reasons.append(f"registry trust {context.seller_trust.value}: "
                               f"capped at {trust_cap.value}")
            tier = _lower(tier, trust_cap)

        if context.deal_type is DealType.PRIVATE_AUCTION and tier is AccessTier.ADVERTISER:
            tier = AccessTier.AGENCY
            reasons.append("private auction: advertiser id not needed")

        # The hard rules, restated so no change above can break them.
        if context.seller_trust is TrustLevel.BLOCKED:
            tier = AccessTier.PUBLIC
        elif self._trust_unknown(context):
            tier = _lower(tier, AccessTier.SEAT)
        return TierRecommendation(tier=tier, reasons=reasons)

    @staticmethod
    def _trust_unknown(context: DealContext) -> bool:
        if context.seller_trust is None:
            return context.seller_relationship is SellerRelationship.UNKNOWN
        return context.seller_trust is TrustLevel.UNKNOWN

    @staticmethod
    def build_identity(full_identity: BuyerIdentity, tier: AccessTier) -> BuyerIdentity:
        """``full_identity`` with everything above ``tier`` removed.

        If the full identity lacks an id the tier needs, the result earns a
        lower tier (check ``get_access_tier()``); nothing is invented.
        """
        allowed = {name for t in AccessTier if t.rank <= tier.rank for name in _TIER_FIELDS[t]}
        return BuyerIdentity(**{
            name: value for name, value in full_identity.model_dump().items() if name in allowed
        })

    @staticmethod
    def estimate_savings(
        base_price: float | Decimal, current_tier: AccessTier, target_tier: AccessTier
    ) -> float:
        """CPM saved by moving from ``current_tier`` to ``target_tier`` (negative
        if the target discounts less), rounded to the cent."""
        delta_pct = target_tier.discount_pct - current_tier.discount_pct
        return float(cents(to_decimal(base_price) * delta_pct / 100))
