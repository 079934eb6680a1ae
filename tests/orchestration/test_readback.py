"""Reading a booked deal back (issue #8, item 5): any difference from the agreed price,
impressions, flight or deal type, or a deal that cannot be read, fails closed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ad_buyer.booking.quote_normalizer import QuoteNormalizer
from ad_buyer.booking.readback import AgreedTerms, differences, read_back
from ad_buyer.clients.deals_client import DealsClientError
from ad_buyer.models.deals import DealResponse
from ad_buyer.models.money import Money

from .test_quote_normalizer import quote

AGREED = AgreedTerms.of(QuoteNormalizer().normalize_quote(quote("q-1", 20.0), "s", "http://s"))


def deal(**changes: Any) -> DealResponse:
    data: dict[str, Any] = {
        "deal_id": "d-1", "deal_type": "PD", "quote_id": "q-1", "product": {"product_id": "p"},
        "pricing": {"base_cpm": {"amount_micros": 20_000_000},
                    "final_cpm": {"amount_micros": 20_000_000}},
        "terms": {"impressions": 100_000, "flight_start": "2026-07-01",
                  "flight_end": "2026-07-31"},
        "openrtb_params": {"id": "d-1", "bidfloor": {"amount_micros": 20_000_000,
                                                     "currency": "USD"}}}
    for path, value in changes.items():
        target = data
        *parents, leaf = path.split("__")
        for part in parents:
            target = target[part]
        target[leaf] = value
    return DealResponse.model_validate(data)


def test_the_agreed_terms_are_the_quotes_at_the_agreed_price() -> None:
    assert (AGREED.cpm_micros, AGREED.impressions, AGREED.deal_type) == (20_000_000, 100_000,
                                                                         "PD")
    assert (AGREED.flight_start, AGREED.flight_end) == (date(2026, 7, 1), date(2026, 7, 31))
    assert differences(deal(), AGREED) == []


@pytest.mark.parametrize(("change", "value", "words"), [
    ("pricing__final_cpm", {"amount_micros": 21_000_000}, "price USD 21.00 CPM, agreed USD 20.00"),
    ("pricing__final_cpm", {"amount_micros": 20_000_000, "currency": "EUR"}, "price EUR 20.00"),
    ("terms__impressions", 90_000, "impressions 90,000, agreed 100,000"),
    ("terms__flight_end", "2026-08-31", "flight 2026-07-01..2026-08-31"),
    ("deal_type", "PA", "deal type PA, agreed PD"),
    ("quote_id", "q-2", "quote q-2, agreed quote q-1"),
])
def test_each_difference_is_named(change: str, value: Any, words: str) -> None:
    [found] = differences(deal(**{change: value}), AGREED)
    assert words in found


def test_bidfloor_is_read_as_money_or_number() -> None:
    as_number = deal(openrtb_params={"id": "d-1", "bidfloor": 20.0})
    assert as_number.openrtb_params is not None
    assert as_number.openrtb_params.bidfloor == Money(amount_micros=20_000_000)
    assert deal().openrtb_params.bidfloor == Money(amount_micros=20_000_000)  # type: ignore[union-attr]


class Seller:
    def __init__(self, stored: DealResponse | Exception) -> None:
        self.stored = stored

    async def get_deal(self, deal_id: str) -> DealResponse:
        if isinstance(self.stored, Exception):
            raise self.stored
        return self.stored


async def test_a_deal_that_changed_at_the_seller_fails_the_read_back() -> None:
    ok = await read_back(Seller(deal()), deal(), AGREED)
    assert ok.ok
    changed = await read_back(Seller(deal(terms__impressions=50_000)), deal(), AGREED)
    assert not changed.ok
    assert changed.differences == ("read back: impressions 50,000, agreed 100,000",)
    assert changed.exposure_micros(2_000_000_000) == 2_000_000_000
    dearer = await read_back(Seller(deal(pricing__final_cpm={"amount_micros": 40_000_000})),
                             deal(), AGREED)
    assert dearer.exposure_micros(2_000_000_000) == 4_000_000_000  # the worse of the two


async def test_a_deal_that_cannot_be_read_fails_closed() -> None:
    lost = await read_back(Seller(DealsClientError("HTTP 503", status_code=503)), deal(), AGREED)
    assert not lost.ok
    assert lost.deal is None
    assert "could not be read back: HTTP 503" in lost.reason()
