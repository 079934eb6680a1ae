"""What a seller can do, read from its agent card: dialect, media types, cancels.

A native card (``capabilities`` a list) is a seller speaking PROTOCOL.md's main
sections. An A2A card (``capabilities`` an object with skills) is what the IAB
seller reference serves, and such a seller behaves as PROTOCOL.md's section
"What the reference seller really sends" says. From that:

- media types: a native seller takes our channel names; a reference seller
  prices ``digital``, ``ctv`` and ``linear_tv`` only, so online video, display,
  mobile app and performance are ``digital``, and audio and DOOH cannot be
  bought there (the quote is skipped with the reason);
- product ids: a reference seller quotes catalog products (the ``product_id``
  of a package's placements), never package ids;
- negotiated prices: a native seller re-quotes at an agreed price
  (``negotiation_id`` on the quote request); a reference seller books the
  negotiated quote itself at the agreed price;
- rollback: only a native seller cancels a single deal through a change
  request; a reference seller's change requests need an order id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ad_buyer.registry.models import AgentCard

Dialect = Literal["native", "reference"]

REFERENCE_MEDIA_TYPES: dict[str, str | None] = {
    "ctv": "ctv",
    "linear_tv": "linear_tv",
    "online_video": "digital",
    "display": "digital",
    "mobile_app": "digital",
    "performance": "digital",
    "audio": None,
    "dooh": None,
}
NO_DEAL_CANCEL = ("the seller has no deal-level cancel: its change requests belong to orders "
                  "and need an order_id")


@dataclass(frozen=True)
class SellerProfile:
    dialect: Dialect = "native"

    @classmethod
    def of(cls, card: AgentCard | None) -> SellerProfile:
        if card is not None and card.card_style == "a2a":
            return cls("reference")
        return cls("native")

    @property
    def reference(self) -> bool:
        return self.dialect == "reference"

    def media_type(self, channel: str | None) -> tuple[str | None, str]:
        """(the ``media_type`` to quote ``channel`` with, or None; why not)."""
        if channel is None or not self.reference:
            return channel, ""
        if channel in REFERENCE_MEDIA_TYPES.values():
            return channel, ""
        mapped = REFERENCE_MEDIA_TYPES.get(channel)
        if mapped is None:
            return None, (f"media_type_unsupported: the seller prices media types "
                          f"{', '.join(sorted({m for m in REFERENCE_MEDIA_TYPES.values() if m}))}"
                          f" only; it cannot sell {channel}")
        return mapped, ""

    @property
    def quotes_products(self) -> bool:
        """Quotes name a catalog product id (from a package's placements)."""
        return self.reference

    @property
    def requotes_negotiated_price(self) -> bool:
        """A quote requested with a ``negotiation_id`` carries the agreed price."""
        return not self.reference

    @property
    def cancel_unsupported(self) -> str | None:
        """Why the buyer cannot cancel a single deal here (None: it can)."""
        return NO_DEAL_CANCEL if self.reference else None
