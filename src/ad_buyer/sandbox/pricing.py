"""Seller-side pricing: tier and volume discounts in integer micros."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from ad_buyer.models.buyer_identity import AccessTier
from ad_buyer.models.money import from_micros

# (minimum impressions, discount %), largest first.
VOLUME_TIERS: tuple[tuple[int, Decimal], ...] = (
    (50_000_000, Decimal("20")),
    (20_000_000, Decimal("15")),
    (10_000_000, Decimal("10")),
    (5_000_000, Decimal("5")),
)

_CENT_MICROS = 10_000


def round_to_cent(micros: Decimal | int) -> int:
    """Micros rounded half-up to a whole cent (CPMs on the wire are cents)."""
    cents = (Decimal(micros) / _CENT_MICROS).to_integral_value(ROUND_HALF_UP)
    return int(cents) * _CENT_MICROS


def volume_discount_pct(tier: AccessTier, impressions: int) -> Decimal:
    """Volume discounts reward agency and advertiser buyers only."""
    if not tier.can_negotiate:
        return Decimal("0")
    for threshold, pct in VOLUME_TIERS:
        if impressions >= threshold:
            return pct
    return Decimal("0")


def discounted(micros: int, pct: Decimal) -> int:
    return round_to_cent(Decimal(micros) * (100 - pct) / 100)


def tier_price_micros(list_micros: int, tier: AccessTier) -> int:
    return discounted(list_micros, tier.discount_pct)


def quote_price_micros(list_micros: int, tier: AccessTier, impressions: int,
                       volume_enabled: bool) -> tuple[int, Decimal, Decimal]:
    """(final CPM micros, tier discount %, volume discount %)."""
    volume = volume_discount_pct(tier, impressions) if volume_enabled else Decimal("0")
    final = discounted(tier_price_micros(list_micros, tier), volume)
    return final, tier.discount_pct, volume


def price_range(list_micros: int) -> str:
    """The public range: wide enough to hide the exact, floor and reserve prices."""
    price = from_micros(list_micros)
    low = max(1, math.floor(price * Decimal("0.8")))
    high = math.ceil(price * Decimal("1.1"))
    return f"${low}-${high} CPM"
