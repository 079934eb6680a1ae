"""Who the buyer says it is, and what each level of disclosure unlocks.

Tiers follow PROTOCOL.md: public (nothing revealed), seat (DSP seat id),
agency (seat + agency id), advertiser (seat + agency + advertiser id).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class AccessTier(StrEnum):
    PUBLIC = "public"
    SEAT = "seat"
    AGENCY = "agency"
    ADVERTISER = "advertiser"

    @property
    def rank(self) -> int:
        return _TIER_ORDER.index(self)

    @property
    def discount_pct(self) -> Decimal:
        return TIER_DISCOUNT_PCT[self]

    @property
    def can_negotiate(self) -> bool:
        return self in (AccessTier.AGENCY, AccessTier.ADVERTISER)


_TIER_ORDER = [AccessTier.PUBLIC, AccessTier.SEAT, AccessTier.AGENCY, AccessTier.ADVERTISER]

TIER_DISCOUNT_PCT: dict[AccessTier, Decimal] = {
    AccessTier.PUBLIC: Decimal("0"),
    AccessTier.SEAT: Decimal("5"),
    AccessTier.AGENCY: Decimal("10"),
    AccessTier.ADVERTISER: Decimal("15"),
}


class DealType(StrEnum):
    """OpenRTB deal types, with the wire codes sellers use."""

    PROGRAMMATIC_GUARANTEED = "PG"
    PREFERRED_DEAL = "PD"
    PRIVATE_AUCTION = "PA"


class BuyerIdentity(BaseModel):
    """Everything the buyer could reveal; a strategy masks it per seller."""

    model_config = ConfigDict(frozen=True)

    seat_id: str | None = None
    seat_name: str | None = None
    agency_id: str | None = None
    agency_name: str | None = None
    agency_holding_company: str | None = None
    advertiser_id: str | None = None
    advertiser_name: str | None = None
    advertiser_industry: str | None = None

    def get_access_tier(self) -> AccessTier:
        """The tier this identity earns: each tier needs every id below it."""
        if not self.seat_id:
            return AccessTier.PUBLIC
        if not self.agency_id:
            return AccessTier.SEAT
        if not self.advertiser_id:
            return AccessTier.AGENCY
        return AccessTier.ADVERTISER

    @property
    def access_tier(self) -> AccessTier:
        return self.get_access_tier()

    def to_headers(self) -> dict[str, str]:
        """``X-Seat-ID`` / ``X-Agency-ID`` / ``X-Advertiser-ID`` for the ids set (GETs)."""
        pairs = {
            "X-Seat-ID": self.seat_id,
            "X-Agency-ID": self.agency_id,
            "X-Advertiser-ID": self.advertiser_id,
        }
        return {name: value for name, value in pairs.items() if value}

    def to_wire(self) -> dict[str, str]:
        """The ``buyer_identity`` object sent to sellers: only what is set."""
        return {k: v for k, v in self.model_dump().items() if v}


class BuyerContext(BaseModel):
    """An identity plus whether the seller can authenticate it."""

    identity: BuyerIdentity
    is_authenticated: bool = True

    @property
    def effective_tier(self) -> AccessTier:
        # Without a key the seller treats the buyer as public whatever it claims.
        if not self.is_authenticated:
            return AccessTier.PUBLIC
        return self.identity.get_access_tier()

    def can_negotiate(self) -> bool:
        return self.effective_tier.can_negotiate
