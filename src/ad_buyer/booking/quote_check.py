"""Before a booking: the seller confirms the quote it issued, at the price it was
ranked (or agreed) at. A quote the seller has already tied to a deal answers with
that deal (a resumed run finds what it booked before the stop)."""

from __future__ import annotations

from typing import Any

from ad_buyer.booking.guards import GuardRejection, RejectionReason
from ad_buyer.booking.quote_normalizer import NormalizedQuote
from ad_buyer.booking.readback import deal_on_quote
from ad_buyer.clients.deals_client import DealsClientError
from ad_buyer.models.deals import DealResponse
from ad_buyer.models.money import micros_to_float


async def confirm_quote(client: Any, q: NormalizedQuote) -> GuardRejection | DealResponse | None:
    """None when the seller stands by ``q`` as ranked; the deal already booked on it;
    or why it cannot be booked (unknown to the seller, another quote, a new price)."""
    try:
        current = await client.get_quote(q.quote_id)
    except DealsClientError as exc:
        if exc.status_code == 404:
            return GuardRejection(RejectionReason.FOREIGN_QUOTE_ID,
                                  f"seller does not recognise quote id {q.quote_id}: "
                                  "not issued by this seller", q.seller_url, q.quote_id)
        return GuardRejection(RejectionReason.GUARD_ERROR,
                              f"could not verify quote {q.quote_id}: {exc}",
                              q.seller_url, q.quote_id)
    if current.quote_id != q.quote_id:
        return GuardRejection(RejectionReason.FOREIGN_QUOTE_ID,
                              f"seller answered quote {current.quote_id} for {q.quote_id}",
                              q.seller_url, q.quote_id)
    if current.deal_id:
        deal = await deal_on_quote(client, q.quote_id)
        if deal is not None:
            return deal
    price = current.pricing.final_cpm
    quoted = q.quote.pricing.final_cpm if q.quote is not None else None
    expected = quoted.amount_micros if quoted is not None else q.raw_cpm_micros
    # A seller may reprice the quote to the price agreed on it: that is no drift.
    if price.amount_micros not in (expected, q.raw_cpm_micros) or price.currency != q.currency:
        return GuardRejection(RejectionReason.PRICE_DRIFT,
                              f"quote {q.quote_id} now priced {price.currency} "
                              f"{micros_to_float(price.amount_micros):,.2f}, ranked at "
                              f"{q.currency} {micros_to_float(expected):,.2f}",
                              q.seller_url, q.quote_id)
    return None
