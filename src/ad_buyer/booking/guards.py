"""Money guards, fail-closed: a quote or a booking that cannot be proven safe
is refused with a reason a media buyer can read, and nothing is booked.

- :func:`check_quote`: price present and positive, campaign currency, not
  expired, inventory available, quote id really issued by that seller, at or
  under ``max_cpm``.
- :class:`BudgetGuard`: reserves spend before a booking; nothing is reserved
  past the budget. Reservations are synchronous, so concurrent asyncio tasks
  cannot both take the last dollar.
- :func:`check_booked_deal`: the booked ``final_cpm`` must equal the agreed
  (quoted or negotiated) price, in the same currency, for the same quote.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from ad_buyer.models.deals import DealResponse, QuoteResponse
from ad_buyer.models.money import micros_to_float

logger = logging.getLogger(__name__)


class RejectionReason(StrEnum):
    NO_PRICE = "no_price"
    NEGATIVE_CPM = "negative_cpm"
    CURRENCY_MISMATCH = "currency_mismatch"
    EXPIRED = "expired_quote"
    FOREIGN_QUOTE_ID = "foreign_quote_id"
    INVENTORY_UNAVAILABLE = "inventory_unavailable"
    OVER_MAX_CPM = "over_max_cpm"
    OVER_BUDGET = "over_budget"
    PRICE_DRIFT = "booking_price_drift"
    BOOKED_TERMS_MISMATCH = "booked_terms_mismatch"
    NEGOTIATED_PRICE_MISMATCH = "negotiated_price_mismatch"
    DEAL_TYPE_NOT_ACCEPTED = "deal_type_not_accepted"
    GUARD_ERROR = "guard_error"


@dataclass(frozen=True)
class GuardRejection:
    """Why a quote or booking was refused."""

    reason: RejectionReason
    message: str
    seller_url: str = ""
    quote_id: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason.value, "message": self.message,
                "seller_url": self.seller_url, "quote_id": self.quote_id}


def _fmt(micros: int, currency: str) -> str:
    return f"{currency} {micros_to_float(micros):,.2f}"


def classify_quote_error(message: str) -> RejectionReason | None:
    """A quote body that failed to parse for lack of a price is a no-price quote."""
    lowered = message.lower()
    if "malformed quote" in lowered and ("final_cpm" in lowered or "pricing" in lowered):
        return RejectionReason.NO_PRICE
    return None


def check_quote(
    quote: QuoteResponse,
    *,
    seller_url: str,
    currency: str = "USD",
    max_cpm_micros: int | None = None,
    now: datetime | None = None,
    issuers: Mapping[str, set[str]] | None = None,
) -> GuardRejection | None:
    """None if the quote may be ranked and booked, else the first reason not to.

    ``issuers`` maps quote id to every seller URL that answered with it in this
    run: a quote id answered by two sellers was not issued by both.
    """
    try:
        return _check_quote(quote, seller_url=seller_url, currency=currency,
                            max_cpm_micros=max_cpm_micros, now=now or datetime.now(UTC),
                            issuers=issuers or {})
    except Exception as exc:  # fail closed: a quote we cannot check is not booked
        logger.warning("quote guard failed on %s from %s", quote.quote_id, seller_url,
                       exc_info=True)
        return GuardRejection(RejectionReason.GUARD_ERROR,
                              f"quote could not be checked: {exc}", seller_url, quote.quote_id)


def _check_quote(quote: QuoteResponse, *, seller_url: str, currency: str,
                 max_cpm_micros: int | None, now: datetime,
                 issuers: Mapping[str, set[str]]) -> GuardRejection | None:
    def reject(reason: RejectionReason, message: str) -> GuardRejection:
        return GuardRejection(reason, message, seller_url, quote.quote_id)

    price = quote.agreed_cpm
    if price.amount_micros == 0:
        return reject(RejectionReason.NO_PRICE, f"quote {quote.quote_id} has no price")
    if price.amount_micros < 0:
        return reject(RejectionReason.NEGATIVE_CPM,
                      f"quote {quote.quote_id} has a negative CPM "
                      f"({_fmt(price.amount_micros, price.currency)})")
    if price.currency != currency:
        return reject(RejectionReason.CURRENCY_MISMATCH,
                      f"quote {quote.quote_id} is priced in {price.currency}, "
                      f"the campaign budget is in {currency}")
    expires = quote.expires_at
    if expires is not None:
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=UTC)
        if expires <= now:
            return reject(RejectionReason.EXPIRED,
                          f"quote {quote.quote_id} expired at {expires.isoformat()}")
    if quote.status.lower() == "expired":
        return reject(RejectionReason.EXPIRED, f"quote {quote.quote_id} has status expired")
    if not quote.availability.inventory_available:
        return reject(RejectionReason.INVENTORY_UNAVAILABLE,
                      f"seller reports no inventory available for quote {quote.quote_id}")
    others = issuers.get(quote.quote_id, set()) - {seller_url}
    if others:
        return reject(RejectionReason.FOREIGN_QUOTE_ID,
                      f"quote id {quote.quote_id} was also returned by "
                      f"{', '.join(sorted(others))}; not issued by this seller")
    if max_cpm_micros is not None and price.amount_micros > max_cpm_micros:
        return reject(RejectionReason.OVER_MAX_CPM,
                      f"CPM {_fmt(price.amount_micros, currency)} is above max CPM "
                      f"{_fmt(max_cpm_micros, currency)}")
    return None


def check_booked_deal(
    deal: DealResponse,
    *,
    quote_id: str,
    agreed_cpm_micros: int,
    currency: str,
    seller_url: str,
) -> GuardRejection | None:
    """None if the seller booked what was agreed; else why the deal must be undone."""
    booked = deal.pricing.final_cpm
    if deal.quote_id != quote_id:
        return GuardRejection(RejectionReason.FOREIGN_QUOTE_ID,
                              f"deal {deal.deal_id} was booked against quote {deal.quote_id}, "
                              f"not {quote_id}", seller_url, quote_id)
    if booked.currency != currency:
        return GuardRejection(RejectionReason.CURRENCY_MISMATCH,
                              f"deal {deal.deal_id} booked in {booked.currency}, "
                              f"agreed in {currency}", seller_url, quote_id)
    if booked.amount_micros != agreed_cpm_micros:
        return GuardRejection(RejectionReason.PRICE_DRIFT,
                              f"deal {deal.deal_id} booked at "
                              f"{_fmt(booked.amount_micros, currency)} CPM, agreed "
                              f"{_fmt(agreed_cpm_micros, currency)}",
                              seller_url, quote_id)
    return None


class BudgetGuard:
    """Budget reservations in integer micros; never reserves past the budget."""

    def __init__(self, budget_micros: int, *, max_cpm_micros: int | None = None,
                 currency: str = "USD") -> None:
        if budget_micros < 0:
            raise ValueError("budget must not be negative")
        self.budget_micros = budget_micros
        self.max_cpm_micros = max_cpm_micros
        self.currency = currency
        self._reserved: dict[str, int] = {}

    @property
    def committed_micros(self) -> int:
        return sum(self._reserved.values())

    @property
    def remaining_micros(self) -> int:
        return self.budget_micros - self.committed_micros

    def reserve(self, key: str, cost_micros: int, *, cpm_micros: int,
                seller_url: str = "", quote_id: str = "") -> GuardRejection | None:
        """Reserve ``cost_micros`` under ``key``; a rejection if it does not fit."""
        if key in self._reserved:
            return None
        if self.max_cpm_micros is not None and cpm_micros > self.max_cpm_micros:
            return GuardRejection(RejectionReason.OVER_MAX_CPM,
                                  f"CPM {_fmt(cpm_micros, self.currency)} is above max CPM "
                                  f"{_fmt(self.max_cpm_micros, self.currency)}",
                                  seller_url, quote_id)
        if cost_micros <= 0:
            return GuardRejection(RejectionReason.NO_PRICE,
                                  "deal has no positive cost", seller_url, quote_id)
        if cost_micros > self.remaining_micros:
            return GuardRejection(RejectionReason.OVER_BUDGET,
                                  f"cost {_fmt(cost_micros, self.currency)} exceeds remaining "
                                  f"budget {_fmt(self.remaining_micros, self.currency)}",
                                  seller_url, quote_id)
        self._reserved[key] = cost_micros
        return None

    def hold(self, key: str, cost_micros: int) -> None:
        """Count a deal live at a seller, over budget if it must be: money held is
        never hidden (a later reservation then finds less, or nothing, left)."""
        self._reserved[key] = max(self._reserved.get(key, 0), cost_micros)

    def release(self, key: str) -> int:
        """Free a reservation (failed or cancelled booking); returns what was freed."""
        return self._reserved.pop(key, 0)
