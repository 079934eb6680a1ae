"""The per-seller share cap: no seller takes more than its share of a channel.

By default no seller takes more than 40% of a channel's approved budget when at
least three sellers quote for the channel (with fewer, the cap would leave money
unspendable). The share is held in total: what a seller already holds in the
channel (booked, held, unknown) counts against it, whatever the number or order
of proposals and bookings. ``ad-buyer run --max-seller-share PCT`` (or ``none``)
sets another share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_FLOOR, Decimal

from pydantic import BaseModel, ConfigDict, Field

from ad_buyer.models.money import from_micros
from ad_buyer.orchestration.seller_room import over_room, seller_key

DEFAULT_SELLER_SHARE_PCT = Decimal(40)
MIN_SELLERS_FOR_CAP = 3


class ShareCap(BaseModel):
    """The largest share of a channel's budget one seller may take (None: no cap)."""

    model_config = ConfigDict(frozen=True)

    seller_share_pct: Decimal | None = Field(default=DEFAULT_SELLER_SHARE_PCT, gt=0, le=100)
    min_sellers: int = Field(default=MIN_SELLERS_FOR_CAP, ge=1)

    def applies(self, quoting_sellers: int) -> bool:
        return self.seller_share_pct is not None and quoting_sellers >= self.min_sellers

    def cap_micros(self, channel_budget_micros: int) -> int:
        assert self.seller_share_pct is not None
        share = Decimal(channel_budget_micros) * self.seller_share_pct / 100
        return int(share.to_integral_value(ROUND_FLOOR))

    def room(self, channel_budget_micros: int, quoting_sellers: Iterable[str],
             held_by_seller: Mapping[str, int]) -> dict[str, int] | None:
        """What each seller may still take in the channel, or None when the cap does
        not apply (no cap, or fewer than ``min_sellers`` sellers quoting)."""
        sellers = {seller_key(s) for s in quoting_sellers}
        if not self.applies(len(sellers)):
            return None
        cap = self.cap_micros(channel_budget_micros)
        held = {seller_key(s): v for s, v in held_by_seller.items()}
        return {s: max(0, cap - held.get(s, 0)) for s in sellers | set(held)}

    def describe(self) -> str:
        if self.seller_share_pct is None:
            return "no per-seller share cap"
        return (f"no seller above {self.seller_share_pct.normalize():f}% of a channel's "
                f"budget when {self.min_sellers} or more sellers quote for it")


def share_violations(spend: Iterable[tuple[str, int]], room: Mapping[str, int]) -> list[str]:
    """Each seller past its room under the cap, in words."""
    return [f"{seller} would take {from_micros(total):,.2f}, over its share cap "
            f"(room left {from_micros(room[seller]):,.2f})"
            for seller, total in over_room(spend, room).items()]


def parse_share(text: str) -> ShareCap:
    """``40``, ``40%``, ``none`` or ``off`` (the CLI option)."""
    raw = text.strip().lower().rstrip("%").strip()
    if raw in ("none", "off", "no"):
        return ShareCap(seller_share_pct=None)
    try:
        value = Decimal(raw)
    except ArithmeticError:
        raise ValueError(f"{text!r} is not a share: give a percent (40) or 'none'") from None
    if not value.is_finite() or not 0 < value <= 100:
        raise ValueError(f"a seller share must be above 0 and at most 100%, got {text!r}")
    return ShareCap(seller_share_pct=value)


