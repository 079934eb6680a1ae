"""Which registered sellers a brief may buy from, checked before any quote.

From the registry's listing alone (no media kit, no quote):

- the planner's excluded and included seller names are resolved to sellers
  (:mod:`~ad_buyer.orchestration.seller_names`); a name that matches none stops
  the run;
- with "only these sellers", every channel of the brief needs one of them that
  sells it;
- some seller in scope must sell in the brief's currency. A seller's currencies
  are those its agent card declares (``currencies``, ``supported_currencies``
  or ``currency``); a card that declares none is read as USD only, the
  reference seller's default (its packages and quotes are priced in USD).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ad_buyer.orchestration.seller_names import (
    SellerMatch,
    SellerNameError,
    resolve_sellers,
    seller_label,
)
from ad_buyer.registry.models import AgentCard, TrustLevel, seller_currencies


class SellerScopeError(ValueError):
    """The brief cannot be bought from the registered sellers; nothing was quoted."""

    def __init__(self, field_name: str, message: str) -> None:
        self.field = field_name
        super().__init__(message)


@dataclass(frozen=True)
class SellerScope:
    """The resolved exclusions and inclusions, as ids and URLs discovery compares."""

    excluded: list[SellerMatch] = field(default_factory=list)
    included: list[SellerMatch] = field(default_factory=list)

    @property
    def excluded_keys(self) -> list[str]:
        return sorted({k for m in self.excluded for k in m.keys})

    @property
    def included_keys(self) -> list[str]:
        return sorted({k for m in self.included for k in m.keys})

    def describe(self) -> list[str]:
        lines = [f"excluded {m.describe()}" for m in self.excluded]
        lines += [f"only {m.describe()}" for m in self.included]
        return lines


def _sells(card: AgentCard, media_type: str) -> bool:
    return card.has_capability(media_type)


def scope_sellers(*, excluded: Sequence[str], included: Sequence[str], currency: str,
                  media_types: Sequence[str], cards: Sequence[AgentCard]) -> SellerScope:
    """Resolve names and check currency and coverage; :class:`SellerScopeError` if not."""
    if (excluded or included) and not cards:
        raise SellerScopeError("sellers", "the registry lists no sellers, so the seller names "
                                          "in the brief cannot be checked; nothing was quoted")
    try:
        scope = SellerScope(excluded=resolve_sellers(excluded, cards, "excluded seller"),
                            included=resolve_sellers(included, cards, "included seller"))
    except SellerNameError as exc:
        raise SellerScopeError("sellers", str(exc)) from exc
    clash = {m.card.agent_id for m in scope.excluded} & {m.card.agent_id for m in scope.included}
    if clash:
        raise SellerScopeError("sellers", f"{', '.join(sorted(clash))} is both excluded and "
                                          "one of the only sellers to use")
    out = set(scope.excluded_keys)
    allowed = [c for c in cards if c.trust_level is not TrustLevel.BLOCKED
               and not ({c.agent_id, c.url.rstrip("/")} & out)]
    if scope.included:
        only = set(scope.included_keys)
        allowed = [c for c in allowed if {c.agent_id, c.url.rstrip("/")} & only]
        for media_type in media_types:
            if not any(_sells(c, media_type) for c in allowed):
                names = ", ".join(seller_label(m.card) for m in scope.included)
                raise SellerScopeError(
                    "sellers", f"{media_type}: none of the only sellers the brief allows "
                               f"({names}) sells it; nothing was quoted")
    relevant = [c for c in allowed if any(_sells(c, m) for m in media_types)] or allowed
    if relevant and not any(currency in seller_currencies(c) for c in relevant):
        sold = sorted({cur for c in relevant for cur in seller_currencies(c)})
        raise SellerScopeError(
            "currency", f"no registered seller sells in {currency} (the sellers for "
                        f"{', '.join(media_types)} sell in {', '.join(sold)}); nothing was "
                        "quoted. Restate the budget in one of those currencies")
    return scope
