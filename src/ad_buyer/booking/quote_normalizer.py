"""Make quotes from different sellers comparable: effective CPM and a 0-100 score.

Effective CPM = deal-type-adjusted CPM (PA floors +20%, the expected clearing
price) + intermediary fee % of it + tech fee CPM. Money is integer micros here;
the float fields on :class:`NormalizedQuote` are for display and the seed API.

Score (seed 001): 60% CPM (relative: the best effective CPM in the set gets
100, others ``best / own * 100``), 20% deal type (PG 100, PD 70, PA 40), 20%
fill rate (70% when not reported). An optional reliability component (seller
performance, 0-1) is off by default (``reliability_weight=0``); when on, the
score is ``(1 - w) * seed_score + w * reliability * 100``, so the seed's
60/20/20 mix keeps its proportions inside the first term.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ad_buyer.models.buyer_identity import DealType
from ad_buyer.models.deals import QuoteResponse
from ad_buyer.models.money import cost_micros, micros_to_float, to_micros

PA_CLEARING_MARKUP = Decimal("1.20")
DEAL_TYPE_SCORES: dict[DealType, Decimal] = {
    DealType.PROGRAMMATIC_GUARANTEED: Decimal(100),
    DealType.PREFERRED_DEAL: Decimal(70),
    DealType.PRIVATE_AUCTION: Decimal(40),
}
DEFAULT_FILL_RATE = Decimal("0.70")
CPM_WEIGHT = Decimal("0.60")
DEAL_TYPE_WEIGHT = Decimal("0.20")
FILL_WEIGHT = Decimal("0.20")


@dataclass(frozen=True)
class SupplyPathInfo:
    """Fees on a seller's supply path: SSP/exchange take-rate and tech fees."""

    seller_id: str
    intermediary_fee_pct: float = 0.0
    tech_fee_cpm: float = 0.0


@dataclass
class NormalizedQuote:
    """A quote with its effective CPM, spend estimate and composite score."""

    seller_id: str
    quote_id: str
    raw_cpm: float
    effective_cpm: float
    deal_type: str
    fee_estimate: float
    minimum_spend: float
    score: float
    raw_cpm_micros: int
    effective_cpm_micros: int
    impressions: int
    fill_rate: float
    seller_url: str = ""
    currency: str = "USD"
    quote: QuoteResponse | None = None
    score_breakdown: dict[str, float] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Seller URL plus quote id: quote ids repeat across sellers."""
        return f"{self.seller_url}|{self.quote_id}"

    @property
    def minimum_spend_micros(self) -> int:
        if self.quote is not None and self.quote.minimum_spend is not None:
            return self.quote.minimum_spend.amount_micros
        return to_micros(self.minimum_spend)

    @property
    def cost_micros(self) -> int:
        """Budget this deal commits: effective CPM x impressions, at least the
        seller's minimum spend. Fees and the PA clearing estimate count."""
        return max(cost_micros(self.effective_cpm_micros, self.impressions),
                   self.minimum_spend_micros)


def _round_micros(value: Decimal) -> int:
    return int(value.to_integral_value(ROUND_HALF_UP))


def _fill_rate(quote: QuoteResponse) -> Decimal:
    reported = quote.availability.estimated_fill_rate
    if reported is None:
        return DEFAULT_FILL_RATE
    rate = Decimal(repr(float(reported)))
    if rate > 1:  # some sellers report a percentage
        rate = rate / 100
    return min(max(rate, Decimal(0)), Decimal(1))


class QuoteNormalizer:
    """Normalizes and ranks quotes; see the module docstring for the formula."""

    def __init__(
        self,
        supply_paths: Mapping[str, SupplyPathInfo] | None = None,
        *,
        reliability_weight: float = 0.0,
    ) -> None:
        if not 0.0 <= reliability_weight <= 1.0:
            raise ValueError("reliability_weight must be between 0 and 1")
        self.supply_paths = dict(supply_paths or {})
        self.reliability_weight = Decimal(repr(reliability_weight))

    def effective_cpm_micros(self, raw_cpm_micros: int, deal_type: DealType,
                             seller_id: str, seller_url: str = "") -> tuple[int, int]:
        """(effective CPM, fee estimate), both in micros."""
        adjusted = Decimal(raw_cpm_micros)
        if deal_type == DealType.PRIVATE_AUCTION:
            adjusted *= PA_CLEARING_MARKUP
        path = self.supply_paths.get(seller_id) or self.supply_paths.get(seller_url)
        fees = Decimal(0)
        if path is not None:
            fees = (adjusted * Decimal(repr(path.intermediary_fee_pct)) / 100
                    + to_micros(path.tech_fee_cpm))
        return _round_micros(adjusted + fees), _round_micros(fees)

    def normalize_quote(self, quote: QuoteResponse, seller_id: str | None = None,
                        seller_url: str | None = None) -> NormalizedQuote:
        """One quote, scored as if alone (its CPM sub-score is 100)."""
        return self.normalize_and_rank([(quote, seller_id, seller_url)])[0]

    def normalize_and_rank(
        self,
        quotes: Iterable[QuoteResponse | tuple[QuoteResponse, str | None, str | None]],
        reliability: Mapping[str, float] | None = None,
    ) -> list[NormalizedQuote]:
        """Normalize a competitive set and return it best score first.

        ``quotes`` holds quotes or ``(quote, seller_id, seller_url)``;
        ``reliability`` maps seller URL (or id) to 0-1 and is used only when
        ``reliability_weight`` > 0.
        """
        staged: list[tuple[QuoteResponse, str, str, int, int, int]] = []
        for item in quotes:
            quote, sid, url = item if isinstance(item, tuple) else (item, None, None)
            seller_id = sid or quote.seller_id or ""
            seller_url = url or quote.seller_url or ""
            raw = quote.agreed_cpm.amount_micros
            if raw <= 0:
                raise ValueError(f"quote {quote.quote_id} from {seller_url or seller_id} "
                                 "has no positive price; guard it before normalizing")
            effective, fees = self.effective_cpm_micros(raw, quote.deal_type, seller_id,
                                                        seller_url)
            staged.append((quote, seller_id, seller_url, raw, effective, fees))
        if not staged:
            return []
        best = min(s[4] for s in staged)
        ranked = [self._score(s, best, reliability or {}) for s in staged]
        ranked.sort(key=lambda n: (-n.score, n.effective_cpm_micros, n.key))
        return ranked

    def _score(self, staged: tuple[QuoteResponse, str, str, int, int, int], best: int,
               reliability: Mapping[str, float]) -> NormalizedQuote:
        quote, seller_id, seller_url, raw, effective, fees = staged
        cpm_score = Decimal(best) / Decimal(effective) * 100
        type_score = DEAL_TYPE_SCORES[quote.deal_type]
        fill = _fill_rate(quote)
        fill_score = fill * 100
        seed_score = (CPM_WEIGHT * cpm_score + DEAL_TYPE_WEIGHT * type_score
                      + FILL_WEIGHT * fill_score)
        breakdown = {"cpm": float(cpm_score), "deal_type": float(type_score),
                     "fill_rate": float(fill_score)}
        score = seed_score
        if self.reliability_weight > 0:
            rel = reliability.get(seller_url, reliability.get(seller_id, 1.0))
            rel_score = Decimal(repr(min(max(float(rel), 0.0), 1.0))) * 100
            breakdown["reliability"] = float(rel_score)
            score = (1 - self.reliability_weight) * seed_score + self.reliability_weight * rel_score
        minimum = quote.minimum_spend.amount_micros if quote.minimum_spend else 0
        return NormalizedQuote(
            seller_id=seller_id,
            quote_id=quote.quote_id,
            raw_cpm=micros_to_float(raw),
            effective_cpm=micros_to_float(effective),
            deal_type=quote.deal_type.value,
            fee_estimate=micros_to_float(fees),
            minimum_spend=micros_to_float(minimum),
            score=float(score.quantize(Decimal("0.0001"))),
            raw_cpm_micros=raw,
            effective_cpm_micros=effective,
            impressions=quote.terms.impressions,
            fill_rate=float(fill),
            seller_url=seller_url,
            currency=quote.agreed_cpm.currency,
            quote=quote,
            score_breakdown=breakdown,
        )
