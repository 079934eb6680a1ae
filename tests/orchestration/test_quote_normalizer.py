"""QuoteNormalizer: effective CPM, the seed's 60/20/20 score, optional reliability."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ad_buyer.booking.quote_normalizer import NormalizedQuote, QuoteNormalizer, SupplyPathInfo
from ad_buyer.models.deals import QuoteResponse
from ad_buyer.models.money import to_micros


def quote(qid: str, cpm: float, deal_type: str = "PD", fill: float | None = 0.9,
          seller: str = "s", impressions: int = 100_000, **kw: Any) -> QuoteResponse:
    return QuoteResponse.model_validate({
        "quote_id": qid, "deal_type": deal_type, "seller_id": seller,
        "product": {"product_id": "p"},
        "pricing": {"base_cpm": {"amount_micros": to_micros(cpm)},
                    "final_cpm": {"amount_micros": to_micros(cpm)}},
        "terms": {"impressions": impressions, "flight_start": date(2026, 7, 1),
                  "flight_end": date(2026, 7, 31)},
        "availability": {"estimated_fill_rate": fill}, **kw})


def test_private_auction_floor_is_marked_up_twenty_percent() -> None:
    nq = QuoteNormalizer().normalize_quote(quote("q", 20.0, "PA"))
    assert nq.raw_cpm_micros == 20_000_000
    assert nq.effective_cpm_micros == 24_000_000


def test_supply_path_fees_are_added() -> None:
    normalizer = QuoteNormalizer(supply_paths={
        "seller-a": SupplyPathInfo("seller-a", intermediary_fee_pct=5.0, tech_fee_cpm=0.50)})
    nq = normalizer.normalize_quote(quote("q", 20.0), seller_id="seller-a")
    assert nq.effective_cpm_micros == 21_500_000  # 20 + 5% + 0.50
    assert nq.fee_estimate == pytest.approx(1.5)
    assert normalizer.normalize_quote(quote("q", 20.0), seller_id="other").fee_estimate == 0


def test_score_weights_best_cpm_gets_full_cpm_component() -> None:
    ranked = QuoteNormalizer().normalize_and_rank([
        (quote("a", 20.0, "PG", fill=1.0), "a", "http://a"),
        (quote("b", 25.0, "PD", fill=None), "b", "http://b"),
    ])
    a, b = ranked
    assert a.quote_id == "a"
    assert a.score == pytest.approx(0.6 * 100 + 0.2 * 100 + 0.2 * 100)
    # b: CPM 20/25*100 = 80; PD 70; fill default 70%
    assert b.score == pytest.approx(0.6 * 80 + 0.2 * 70 + 0.2 * 70)
    assert b.fill_rate == pytest.approx(0.7)


def test_reliability_is_off_by_default_and_blends_when_on() -> None:
    quotes = [(quote("a", 20.0), "a", "http://a"), (quote("b", 20.0), "b", "http://b")]
    plain = QuoteNormalizer().normalize_and_rank(quotes, {"http://a": 0.0})
    assert plain[0].score == plain[1].score
    weighted = QuoteNormalizer(reliability_weight=0.5).normalize_and_rank(
        quotes, {"http://a": 0.0, "http://b": 1.0})
    assert weighted[0].quote_id == "b"
    assert weighted[0].score - weighted[1].score == pytest.approx(50.0)


def test_cost_includes_fees_and_minimum_spend() -> None:
    nq = QuoteNormalizer().normalize_quote(
        quote("q", 10.0, impressions=1000, minimum_spend={"amount_micros": 50_000_000}))
    assert isinstance(nq, NormalizedQuote)
    assert nq.cost_micros == 50_000_000  # $10 for 1000 imps < $50 minimum
    assert nq.key == "|q"


def test_non_positive_price_is_refused() -> None:
    with pytest.raises(ValueError, match="no positive price"):
        QuoteNormalizer().normalize_quote(quote("q", 0.0))


def test_reliability_weight_is_bounded() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        QuoteNormalizer(reliability_weight=1.5)
