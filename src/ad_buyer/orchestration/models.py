"""Inputs and results of multi-seller orchestration (seed 001's data classes,
plus the media-kit shopping path's planned deals and package candidates)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ad_buyer.booking.outcome import BookingOutcome
from ad_buyer.booking.quote_normalizer import NormalizedQuote
from ad_buyer.models.brief import AudienceSpec
from ad_buyer.models.buyer_identity import DealType
from ad_buyer.models.deals import DealResponse, QuoteResponse
from ad_buyer.models.money import Amount, from_micros
from ad_buyer.orchestration.package_selection import PackageCandidate
from ad_buyer.registry.models import AgentCard

_DEAL_TYPES = {t.value for t in DealType}


def as_date(value: date | str, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"{name} must be an ISO date (YYYY-MM-DD), got {value!r}") from exc


def deal_type_code(value: str | DealType) -> str:
    code = value.value if isinstance(value, DealType) else str(value).upper()
    if code not in _DEAL_TYPES:
        raise ValueError(f"unknown deal type {value!r}; expected one of {sorted(_DEAL_TYPES)}")
    return code


@dataclass
class InventoryRequirements:
    """What inventory to look for; ``max_cpm`` caps the effective CPM."""

    media_type: str
    deal_types: list[str] = field(default_factory=lambda: ["PG", "PD", "PA"])
    content_categories: list[str] = field(default_factory=list)
    excluded_sellers: list[str] = field(default_factory=list)
    max_cpm: Amount | None = None
    currency: str = "USD"
    # Only these sellers (ids, URLs or names); empty means any.
    included_sellers: list[str] = field(default_factory=list)
    # The brief's audience: packages are fitted to it (``audience_fit``).
    audience: AudienceSpec | None = None

    def __post_init__(self) -> None:
        if not self.media_type:
            raise ValueError("media_type is required")
        self.deal_types = [deal_type_code(t) for t in self.deal_types]
        if self.max_cpm is not None and Decimal(str(self.max_cpm)) <= 0:
            raise ValueError(f"max_cpm must be positive, got {self.max_cpm}")


@dataclass
class DealParams:
    """The deal to quote with every seller. Validated on creation, before any HTTP."""

    product_id: str
    deal_type: str
    impressions: int
    flight_start: date | str
    flight_end: date | str
    target_cpm: float | None = None
    media_type: str | None = None

    def __post_init__(self) -> None:
        if not self.product_id:
            raise ValueError("product_id is required")
        self.deal_type = deal_type_code(self.deal_type)
        if isinstance(self.impressions, bool) or not isinstance(self.impressions, int):
            raise ValueError(f"impressions must be a whole number, got {self.impressions!r}")
        if self.impressions <= 0:
            raise ValueError(f"impressions must be > 0, got {self.impressions}")
        start = as_date(self.flight_start, "flight_start")
        end = as_date(self.flight_end, "flight_end")
        if end < start:
            raise ValueError(f"flight_end {end} is before flight_start {start}")
        self.flight_start, self.flight_end = start, end
        if self.target_cpm is not None and self.target_cpm <= 0:
            raise ValueError(f"target_cpm must be positive, got {self.target_cpm}")


@dataclass
class SellerQuoteResult:
    seller_id: str
    seller_url: str
    quote: QuoteResponse | None
    deal_type: str
    error: str | None = None
    rejection_reason: str | None = None


@dataclass(frozen=True)
class PlannedDeal:
    """A deal a dry run would book: the quote it would book, nothing committed."""

    seller_id: str
    seller_url: str
    product_id: str
    product_name: str
    quote_id: str
    deal_type: str
    impressions: int
    cpm_micros: int
    effective_cpm_micros: int
    cost_micros: int
    currency: str = "USD"
    status: str = "planned"


@dataclass
class DealSelection:
    """Booking outcome. Money is Decimal (exact); ``:,.2f`` formats it.

    ``booked_deals`` were booked as agreed; ``held_deals`` were booked at the
    seller but differ from what was agreed (read back) and could not be
    cancelled there, or were sent and their outcome could not be read back
    (``outcome_unknown``): they are not accepted, yet (maybe) live, so their cost
    counts in ``total_spend`` and against the budget; ``failed_bookings`` were not
    booked. ``status`` is the booking run's (``unresolved`` while an outcome is
    unknown).
    In a dry run nothing is booked: ``planned`` lists what would be, and
    ``total_spend`` stays 0.
    """

    booked_deals: list[DealResponse] = field(default_factory=list)
    failed_bookings: list[dict[str, Any]] = field(default_factory=list)
    held_deals: list[dict[str, Any]] = field(default_factory=list)
    total_spend: Decimal = Decimal(0)
    remaining_budget: Decimal = Decimal(0)
    rolled_back: list[dict[str, Any]] = field(default_factory=list)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    status: str = "completed"
    mode: str = "best_effort"
    run_id: str | None = None
    solver: str | None = None
    optimal: bool | None = None
    dry_run: bool = False
    planned: list[PlannedDeal] = field(default_factory=list)

    @property
    def planned_spend(self) -> Decimal:
        return from_micros(sum(p.cost_micros for p in self.planned))

    @classmethod
    def of(cls, outcome: BookingOutcome, *, solver: str | None,
           optimal: bool | None) -> DealSelection:
        """A booking run's outcome, as the seed's selection reports it."""
        return cls(booked_deals=[b.deal for b in outcome.booked],
                   failed_bookings=outcome.failed, held_deals=outcome.held,
                   total_spend=outcome.total_spend, remaining_budget=outcome.remaining_budget,
                   rolled_back=outcome.rolled_back, flagged=outcome.flagged,
                   status=outcome.status.value, mode=outcome.mode, run_id=outcome.run_id,
                   solver=solver, optimal=optimal)


@dataclass
class OrchestrationResult:
    discovered_sellers: list[AgentCard] = field(default_factory=list)
    quote_results: list[SellerQuoteResult] = field(default_factory=list)
    ranked_quotes: list[NormalizedQuote] = field(default_factory=list)
    selection: DealSelection = field(default_factory=DealSelection)
    rejected_quotes: list[dict[str, Any]] = field(default_factory=list)
    negotiations: list[dict[str, Any]] = field(default_factory=list)
    # Media-kit shopping path only: the packages chosen for quoting and the rest.
    package_candidates: list[PackageCandidate] = field(default_factory=list)
    package_rejections: list[dict[str, str]] = field(default_factory=list)
    # Why sellers are missing: registry cards or media-kit packages that could not be read.
    discovery_warnings: list[str] = field(default_factory=list)

    def package_rejection_counts(self) -> str:
        """``reason xN, ...`` over the packages not quoted, most common first."""
        counts: dict[str, int] = {}
        for rejection in self.package_rejections:
            reason = rejection.get("reason", "?").split(":", 1)[0]
            counts[reason] = counts.get(reason, 0) + 1
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return ", ".join(f"{reason} x{n}" for reason, n in ranked)
