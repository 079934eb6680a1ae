"""The sandbox sellers' own words: channels, tiers, deal types, trust, dialects.

The sandbox is a counterparty, not a mirror of the buyer: it imports nothing
from the buyer's packages, so these enums are the sellers' vocabulary. Values
match PROTOCOL.md, which is what both sides read.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum


class Channel(StrEnum):
    """What a sandbox seller sells (its catalog's channels)."""

    CTV = "ctv"
    ONLINE_VIDEO = "online_video"
    DISPLAY = "display"
    MOBILE_APP = "mobile_app"
    PERFORMANCE = "performance"
    AUDIO = "audio"
    DOOH = "dooh"
    LINEAR_TV = "linear_tv"


class TrustLevel(StrEnum):
    """How far the registry operator vetted a seller (the native registry's words)."""

    PREFERRED = "preferred"
    VERIFIED = "verified"
    REGISTERED = "registered"
    UNKNOWN = "unknown"
    BLOCKED = "blocked"


class AccessTier(StrEnum):
    PUBLIC = "public"
    SEAT = "seat"
    AGENCY = "agency"
    ADVERTISER = "advertiser"

    @property
    def rank(self) -> int:
        return list(AccessTier).index(self)

    @property
    def discount_pct(self) -> Decimal:
        return Decimal(5 * self.rank)  # 0, 5, 10, 15

    @property
    def can_negotiate(self) -> bool:
        return self.rank >= AccessTier.AGENCY.rank


class DealType(StrEnum):
    PROGRAMMATIC_GUARANTEED = "PG"
    PREFERRED_DEAL = "PD"
    PRIVATE_AUCTION = "PA"


class Dialect(StrEnum):
    """Which wire shapes a seller (or the registry) speaks.

    ``native``: PROTOCOL.md's main sections. ``reference``: its section "What
    the reference seller really sends" (the IAB seller reference, v2.4.2).
    """

    NATIVE = "native"
    REFERENCE = "reference"


# ---- the reference seller's vocabulary ----

#: ``media_type`` values a reference seller prices; anything else is a 422.
REFERENCE_MEDIA_TYPES: tuple[str, ...] = ("digital", "ctv", "linear_tv")

#: The media type a reference seller files each channel's inventory under
#: (None: it has no media type for it, so it does not sell that channel).
REFERENCE_MEDIA_TYPE: dict[Channel, str | None] = {
    Channel.CTV: "ctv",
    Channel.LINEAR_TV: "linear_tv",
    Channel.ONLINE_VIDEO: "digital",
    Channel.DISPLAY: "digital",
    Channel.MOBILE_APP: "digital",
    Channel.PERFORMANCE: "digital",
    Channel.AUDIO: None,
    Channel.DOOH: None,
}

#: ``inventory_types`` on a reference agent card (the seller's catalog words).
REFERENCE_INVENTORY_TYPE: dict[Channel, str] = {
    Channel.CTV: "ctv",
    Channel.LINEAR_TV: "linear_tv",
    Channel.ONLINE_VIDEO: "video",
    Channel.DISPLAY: "display",
    Channel.MOBILE_APP: "mobile_app",
    Channel.PERFORMANCE: "native",
    Channel.AUDIO: "audio",
    Channel.DOOH: "dooh",
}

#: An AAMP-style registry's trust words for the native trust levels.
AAMP_TRUST_STATUS: dict[TrustLevel, str] = {
    TrustLevel.PREFERRED: "preferred",
    TrustLevel.VERIFIED: "approved",
    TrustLevel.REGISTERED: "registered",
    TrustLevel.UNKNOWN: "unknown",
    TrustLevel.BLOCKED: "blocked",
}
