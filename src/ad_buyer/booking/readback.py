"""Read a booked deal back from the seller and compare it with what was agreed.

A booking answer is the seller's word at one moment; the deal it stores is what
will run. After every booking the buyer reads the deal back
(``GET /api/v1/deals/{id}``) and compares its price (``final_cpm``, currency),
impressions, flight, deal type and media type (when the deal states one) with
the agreed terms: the quote's terms at
the agreed (quoted or negotiated) price. Any difference, or a deal that cannot
be read, fails closed: the booker then cancels the deal where the seller
allows it, and otherwise records it as *held* (booked at the seller, not
accepted by the buyer, counted against the budget).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from ad_buyer.booking.quote_normalizer import NormalizedQuote
from ad_buyer.clients.deals_client import DealsClientError
from ad_buyer.models.deals import DealResponse
from ad_buyer.models.money import cost_micros, micros_to_float

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AgreedTerms:
    """What the buyer accepted for one deal."""

    quote_id: str
    cpm_micros: int
    currency: str
    impressions: int
    flight_start: date | None
    flight_end: date | None
    deal_type: str
    media_type: str | None = None

    @classmethod
    def of(cls, q: NormalizedQuote) -> AgreedTerms:
        terms = q.quote.terms if q.quote is not None else None
        return cls(quote_id=q.quote_id, cpm_micros=q.raw_cpm_micros, currency=q.currency,
                   impressions=q.impressions,
                   flight_start=terms.flight_start if terms else None,
                   flight_end=terms.flight_end if terms else None, deal_type=q.deal_type,
                   media_type=q.quote.media_type if q.quote is not None else None)


def _money(micros: int, currency: str) -> str:
    return f"{currency} {micros_to_float(micros):,.2f}"


def differences(deal: DealResponse, agreed: AgreedTerms) -> list[str]:
    """Every way the seller's deal differs from the agreed terms (empty: none)."""
    found: list[str] = []
    price = deal.pricing.final_cpm
    if deal.quote_id != agreed.quote_id:
        found.append(f"quote {deal.quote_id}, agreed quote {agreed.quote_id}")
    if price.currency != agreed.currency or price.amount_micros != agreed.cpm_micros:
        found.append(f"price {_money(price.amount_micros, price.currency)} CPM, agreed "
                     f"{_money(agreed.cpm_micros, agreed.currency)}")
    if deal.terms.impressions != agreed.impressions:
        found.append(f"impressions {deal.terms.impressions:,}, agreed {agreed.impressions:,}")
    flight = (deal.terms.flight_start, deal.terms.flight_end)
    wanted = (agreed.flight_start, agreed.flight_end)
    if None not in wanted and flight != wanted:
        found.append(f"flight {flight[0]}..{flight[1]}, agreed {wanted[0]}..{wanted[1]}")
    if deal.deal_type.value != agreed.deal_type:
        found.append(f"deal type {deal.deal_type.value}, agreed {agreed.deal_type}")
    if agreed.media_type and deal.media_type and deal.media_type != agreed.media_type:
        found.append(f"media type {deal.media_type}, agreed {agreed.media_type}")
    return found


@dataclass(frozen=True)
class ReadBack:
    """The seller's deal as read back (None if it could not be read) and how it differs."""

    deal: DealResponse | None
    differences: tuple[str, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.deal is not None and not self.differences and self.error is None

    def reason(self) -> str:
        if self.error is not None:
            return f"the booked deal could not be read back: {self.error}"
        return "the seller's deal differs from what was agreed: " + "; ".join(self.differences)

    def exposure_micros(self, agreed_cost_micros: int) -> int:
        """Budget a held deal takes: the larger of the agreed and the booked cost."""
        if self.deal is None:
            return agreed_cost_micros
        booked = cost_micros(self.deal.pricing.final_cpm.amount_micros,
                             self.deal.terms.impressions)
        return max(agreed_cost_micros, booked)


async def read_back(client: Any, booked: DealResponse, agreed: AgreedTerms) -> ReadBack:
    """GET the booked deal from its seller and compare both answers with ``agreed``."""
    try:
        stored: DealResponse = await client.get_deal(booked.deal_id)
    except DealsClientError as exc:
        return ReadBack(None, tuple(differences(booked, agreed)), error=str(exc))
    found = differences(booked, agreed)
    found += [f"read back: {d}" for d in differences(stored, agreed) if d not in found]
    if stored.deal_id != booked.deal_id:
        found.append(f"read back deal {stored.deal_id} for {booked.deal_id}")
    return ReadBack(stored, tuple(found))


async def deal_on_quote(client: Any, quote_id: str) -> DealResponse | None:
    """The deal the seller tied to ``quote_id`` (a reference seller stores a booked quote
    with its ``deal_id``); None when it names none or cannot say."""
    try:
        current = await client.get_quote(quote_id)
        if not current.deal_id:
            return None
        deal: DealResponse = await client.get_deal(current.deal_id)
    except DealsClientError as exc:
        logger.warning("could not read back quote %s: %s", quote_id, exc)
        return None
    return deal
