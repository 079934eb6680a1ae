"""The share caps: no seller, and no package, takes more than its share of a channel.

By default no seller takes more than 40% of a channel's approved budget when at
least three sellers quote for the channel, and no package (one seller's product)
more than 40% when at least three packages quote for it (with fewer, a cap would
leave money unspendable). Each share is held in total: what a seller or package
already holds in the channel (booked, held, unknown) counts against it, whatever
the number or order of proposals and bookings. A brief can set the seller share
("no seller above 30%", "no seller cap"); ``ad-buyer run --max-seller-share PCT``
(or ``none``) overrides the brief, and ``--max-package-share`` sets the package share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_FLOOR, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ad_buyer.models.brief import CampaignBrief
from ad_buyer.models.money import from_micros
from ad_buyer.orchestration.seller_room import over_room, seller_key

DEFAULT_SELLER_SHARE_PCT = Decimal(40)
MIN_SELLERS_FOR_CAP = 3
DEFAULT_PACKAGE_SHARE_PCT = Decimal(40)
MIN_PACKAGES_FOR_CAP = 3
ShareSource = Literal["default", "brief", "option"]


def _floor_share(budget_micros: int, pct: Decimal) -> int:
    return int((Decimal(budget_micros) * pct / 100).to_integral_value(ROUND_FLOOR))


def _room(cap: int, keys: set[str], held: Mapping[str, int]) -> dict[str, int]:
    return {k: max(0, cap - held.get(k, 0)) for k in keys | set(held)}


class ShareCap(BaseModel):
    """The largest share of a channel's budget one seller, and one package, may take
    (None: no cap). ``seller_share_source`` says who set the seller share: the
    default, the brief, or the command's option (which wins over the brief)."""

    model_config = ConfigDict(frozen=True)

    seller_share_pct: Decimal | None = Field(default=DEFAULT_SELLER_SHARE_PCT, gt=0, le=100)
    min_sellers: int = Field(default=MIN_SELLERS_FOR_CAP, ge=1)
    seller_share_source: ShareSource = "default"
    package_share_pct: Decimal | None = Field(default=DEFAULT_PACKAGE_SHARE_PCT, gt=0, le=100)
    min_packages: int = Field(default=MIN_PACKAGES_FOR_CAP, ge=1)

    def for_brief(self, brief: CampaignBrief) -> ShareCap:
        """The caps a run of ``brief`` holds: the brief's seller share, unless the
        command's option set one."""
        if self.seller_share_source == "option":
            return self
        if brief.no_seller_share_cap:
            return self.model_copy(update={"seller_share_pct": None,
                                           "seller_share_source": "brief"})
        if brief.max_seller_share_pct is not None:
            return self.model_copy(update={"seller_share_pct": brief.max_seller_share_pct,
                                           "seller_share_source": "brief"})
        return self

    def applies(self, quoting_sellers: int) -> bool:
        return self.seller_share_pct is not None and quoting_sellers >= self.min_sellers

    def cap_micros(self, channel_budget_micros: int) -> int:
        assert self.seller_share_pct is not None
        return _floor_share(channel_budget_micros, self.seller_share_pct)

    def room(self, channel_budget_micros: int, quoting_sellers: Iterable[str],
             held_by_seller: Mapping[str, int]) -> dict[str, int] | None:
        """What each seller may still take in the channel, or None when the cap does
        not apply (no cap, or fewer than ``min_sellers`` sellers quoting)."""
        sellers = {seller_key(s) for s in quoting_sellers}
        if not self.applies(len(sellers)):
            return None
        held = {seller_key(s): v for s, v in held_by_seller.items()}
        return _room(self.cap_micros(channel_budget_micros), sellers, held)

    def package_room(self, channel_budget_micros: int, quoting_packages: Iterable[str],
                     held_by_package: Mapping[str, int]) -> dict[str, int] | None:
        """What each package (:func:`~ad_buyer.orchestration.package_room.package_key`)
        may still take in the channel, or None when the package cap does not apply."""
        packages = set(quoting_packages)
        if self.package_share_pct is None or len(packages) < self.min_packages:
            return None
        cap = _floor_share(channel_budget_micros, self.package_share_pct)
        return _room(cap, packages, held_by_package)

    def describe(self) -> str:
        if self.seller_share_pct is None:
            seller = "no per-seller share cap"
        else:
            seller = (f"no seller above {self.seller_share_pct.normalize():f}% of a channel's "
                      f"budget when {self.min_sellers} or more sellers quote for it")
        if self.seller_share_source != "default":
            seller += f" (set by the {self.seller_share_source})"
        if self.package_share_pct is None:
            return seller + "; no per-package share cap"
        return (f"{seller}; no package above {self.package_share_pct.normalize():f}% when "
                f"{self.min_packages} or more packages quote")


def share_violations(spend: Iterable[tuple[str, int]], room: Mapping[str, int],
                     what: str = "seller") -> list[str]:
    """Each seller (or package) past its room under the cap, in words."""
    return [f"{what} {key} would take {from_micros(total):,.2f}, over its share cap "
            f"(room left {from_micros(room[key]):,.2f})"
            for key, total in over_room(spend, room).items()]


def parse_share_pct(text: str, what: str = "seller") -> Decimal | None:
    """``40``, ``40%``, ``none`` or ``off`` (the CLI options): the percent, None for no cap."""
    raw = text.strip().lower().rstrip("%").strip()
    if raw in ("none", "off", "no"):
        return None
    try:
        value = Decimal(raw)
    except ArithmeticError:
        raise ValueError(f"{text!r} is not a share: give a percent (40) or 'none'") from None
    if not value.is_finite() or not 0 < value <= 100:
        raise ValueError(f"a {what} share must be above 0 and at most 100%, got {text!r}")
    return value


def parse_share(text: str | None, package_text: str | None = None) -> ShareCap:
    """The caps the command's options set: ``--max-seller-share`` (None: not given, the
    brief's or the default applies) and ``--max-package-share`` (None: the default)."""
    fields: dict[str, object] = {}
    if text is not None:
        fields.update(seller_share_pct=parse_share_pct(text), seller_share_source="option")
    if package_text is not None:
        fields["package_share_pct"] = parse_share_pct(package_text, "package")
    return ShareCap.model_validate(fields)


