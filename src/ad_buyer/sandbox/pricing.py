"""Seller-side pricing: tier and volume discounts in integer micros."""

from __future__ import annotations

import math
from decimal import Decimal

from ad_buyer.sandbox.money import dollars_exact, round_to_cent
from ad_buyer.sandbox.vocabulary import AccessTier

# (minimum impressions, discount %), largest first.
VOLUME_TIERS: tuple[tuple[int, Decimal], ...] = (
    (50_000_000, Decimal("20")),
    (20_000_000, Decimal("15")),
    (10_000_000, Decimal("10")),
    (5_000_000, Decimal("5")),
)

#: A reference seller's floor: 85% of list, the advertiser-tier price.
REFERENCE_FLOOR_PCT = Decimal("85")


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


def reference_floor_micros(list_micros: int) -> int:
    return discounted(list_micros, 100 - REFERENCE_FLOOR_PCT)


def quote_price_micros(list_micros: int, tier: AccessTier, impressions: int,
                       volume_enabled: bool, floor_micros: int = 0,
                       ) -> tuple[int, Decimal, Decimal]:
    """(final CPM micros, tier discount %, volume discount %); never under ``floor_micros``."""
    volume = volume_discount_pct(tier, impressions) if volume_enabled else Decimal("0")
    final = discounted(tier_price_micros(list_micros, tier), volume)
    return max(final, floor_micros), tier.discount_pct, volume


CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£"}


def price_range(list_micros: int, currency: str = "USD") -> str:
    """The public range: wide enough to hide the exact, floor and reserve prices."""
    price = dollars_exact(list_micros)
    low = max(1, math.floor(price * Decimal("0.8")))
    high = math.ceil(price * Decimal("1.1"))
    sign = CURRENCY_SIGNS.get(currency)
    return f"{sign}{low}-{sign}{high} CPM" if sign else f"{low}-{high} {currency} CPM"
