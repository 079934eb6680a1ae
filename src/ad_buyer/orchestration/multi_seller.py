"""``MultiSellerOrchestrator``: discover -> parallel quotes -> screen and rank ->
negotiate (optional) -> select -> book (seed 001, planned scope of seed 000).

``orchestrate`` quotes one product id at every seller (the seed's flow);
``shop`` reads each seller's media kit, picks packages that fit, quotes every
(seller, package) pair, fills the budget and books, or only plans with
``dry_run=True`` (see ``shopping``).

The stages' own work sits beside it: who to ask in ``discovery``, one quote
request in ``quoting``, the guards in ``screening``, the choice in ``portfolio``
and the booking in ``booking.executor``.

Each seller is met on its own terms (``registry.profile``: its media types, its
deal-level cancel or none); ``auth`` (``SellerKeyAuth``) sends it its own key only.

Deterministic code only: this module and everything it imports move money and
must never import LLM code (a test walks the import graph).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx

from ad_buyer.booking.executor import FitsCheck, PortfolioBooker
from ad_buyer.booking.guards import GuardRejection
from ad_buyer.booking.modes import BookingMode
from ad_buyer.booking.quote_normalizer import NormalizedQuote, QuoteNormalizer
from ad_buyer.events.bus import EventBus, emit
from ad_buyer.events.models import EventType
from ad_buyer.models.buyer_identity import BuyerIdentity
from ad_buyer.models.deals import QuoteResponse
from ad_buyer.models.money import Amount, micros_to_float, to_decimal, to_micros
from ad_buyer.orchestration.discovery import discover_sellers
from ad_buyer.orchestration.identity import IdentityPolicy
from ad_buyer.orchestration.models import (
    DealParams,
    DealSelection,
    InventoryRequirements,
    OrchestrationResult,
    SellerQuoteResult,
)
from ad_buyer.orchestration.negotiation_stage import NegotiationStage
from ad_buyer.orchestration.package_selection import MAX_PACKAGES_PER_SELLER
from ad_buyer.orchestration.portfolio import (
    Candidate,
    Objective,
    PortfolioConstraints,
    PortfolioOptimizer,
    candidates_from_quotes,
    constraints_for_call,
    fits_upper_bounds,
    greedy_select,
    infeasible_failure,
)
from ad_buyer.orchestration.quoting import (
    announce_quotes,
    announce_rejections,
    record_quotes,
    request_quote,
)
from ad_buyer.orchestration.screening import QuoteScreener
from ad_buyer.orchestration.seller_clients import DealsClientFactory, SellerClientPool
from ad_buyer.orchestration.seller_performance import SellerPerformanceTracker
from ad_buyer.orchestration.shopping import PackageShopper, ShoppingOrder
from ad_buyer.registry.models import AgentCard
from ad_buyer.registry.profile import Dialect, SellerProfile

__all__ = [
    "DealParams",
    "DealSelection",
    "InventoryRequirements",
    "MultiSellerOrchestrator",
    "OrchestrationResult",
    "SellerQuoteResult",
]

logger = logging.getLogger(__name__)

DEFAULT_RELIABILITY_WEIGHT = 0.2


def _budget_micros(budget: Amount) -> int:
    """The budget in micros; zero or negative is refused before any seller call."""
    micros = to_micros(budget)
    if micros <= 0:
        raise ValueError(f"budget must be positive (not zero or negative), got {budget}")
    return micros


class MultiSellerOrchestrator:
    """Runs the whole multi-seller flow; see seed 001 for the stages."""

    def __init__(
        self,
        registry_client: Any,
        deals_client_factory: DealsClientFactory,
        event_bus: EventBus | None = None,
        quote_normalizer: QuoteNormalizer | None = None,
        quote_timeout: float = 30.0,
        max_concurrency: int = 5,
        *,
        auth: httpx.Auth | None = None,
        transport: Any = None,
        buyer_identity: BuyerIdentity | None = None,
        identity_policy: IdentityPolicy | None = None,
        negotiation: NegotiationStage | None = None,
        performance_tracker: SellerPerformanceTracker | None = None,
        booking_mode: BookingMode = "best_effort",
        optimizer: PortfolioOptimizer | None = None,
        objective: Objective = Objective.SCORE,
        clock: Callable[[], datetime] | None = None,
        dma_of: Callable[[NormalizedQuote], str | None] | None = None,
    ) -> None:
        if quote_timeout <= 0:
            raise ValueError("quote_timeout must be positive")
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self.registry_client = registry_client
        self.deals_client_factory = deals_client_factory
        self.event_bus = event_bus
        self._own_normalizer = quote_normalizer is None
        self.quote_normalizer = quote_normalizer or QuoteNormalizer()
        self.quote_timeout = quote_timeout
        self.max_concurrency = max_concurrency
        self.auth = auth
        self.clients = SellerClientPool(deals_client_factory, timeout=quote_timeout,
                                        auth=auth, transport=transport)
        self.transport = self.clients.transport
        self.identity_policy = identity_policy or IdentityPolicy(buyer_identity)
        self.negotiation = negotiation
        self.performance_tracker: SellerPerformanceTracker | None = None
        self.booking_mode = booking_mode
        self.optimizer = optimizer
        self.objective = objective
        self.dma_of = dma_of
        self.clock = clock or (lambda: datetime.now(UTC))
        self.identities = self.clients.identities
        self._cards: dict[str, AgentCard] = {}
        self._dialects: dict[str, Dialect] = {}
        self._budget_hint = Decimal(0)
        self.discovery_warnings: list[str] = []
        self.screener = QuoteScreener(self.quote_normalizer, clock=self.clock)
        if performance_tracker is not None:
            self.track_performance(performance_tracker)

    def track_performance(self, tracker: SellerPerformanceTracker) -> None:
        """Record every quote and booking with ``tracker`` and let each seller's
        reliability count in the score (weight 0.2 unless the caller gave its own
        normalizer)."""
        self.performance_tracker = tracker
        if self._own_normalizer:
            self.quote_normalizer = QuoteNormalizer(
                reliability_weight=DEFAULT_RELIABILITY_WEIGHT)
        self.screener = QuoteScreener(self.quote_normalizer, clock=self.clock,
                                      reliability=tracker.reliability_map)

    async def aclose(self) -> None:
        """Close the pooled HTTP transport this orchestrator created (if any)."""
        await self.clients.aclose()

    async def __aenter__(self) -> MultiSellerOrchestrator:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # ---- clients ----

    def seller_client(self, seller_url: str) -> Any:
        return self.clients.open(seller_url)

    def profile(self, seller_url: str) -> SellerProfile:
        """What the seller at ``seller_url`` can do: the dialect recorded for it
        (:meth:`remember`), else read from its agent card."""
        url = seller_url.rstrip("/")
        if url in self._dialects:
            return SellerProfile(self._dialects[url])
        return SellerProfile.of(self._cards.get(url))

    def remember(self, cards: Mapping[str, AgentCard], dialects: Mapping[str, Dialect]) -> None:
        """Sellers as a run's durable record has them (a resumed run replays discovery
        from the record, so this orchestrator never saw those cards)."""
        for url, card in cards.items():
            self._cards.setdefault(url.rstrip("/"), card)
        for url, dialect in dialects.items():
            self._dialects[url.rstrip("/")] = dialect

    def booker(self, currency: str = "USD") -> PortfolioBooker:
        tracker = self.performance_tracker
        return PortfolioBooker(
            self.seller_client, event_bus=self.event_bus,
            max_concurrency=self.max_concurrency, currency=currency,
            on_booking=(lambda url, ok, imps: tracker.record_booking(
                url, success=ok, impressions=imps)) if tracker else None,
            cancel_unsupported=lambda url: self.profile(url).cancel_unsupported,
        )

    # ---- stage 1 ----

    async def discover_sellers(self, requirements: InventoryRequirements) -> list[AgentCard]:
        """The channel's sellers that the requirements allow (see ``discovery``); their
        cards are kept for :meth:`profile`."""
        found = await discover_sellers(self.registry_client, requirements, self.event_bus)
        self.discovery_warnings = found.warnings
        for card in found.sellers:
            self._cards[card.url.rstrip("/")] = card
        return found.sellers

    # ---- stage 2 ----

    async def request_quotes_parallel(self, sellers: Sequence[AgentCard],
                                      deal_params: DealParams) -> list[SellerQuoteResult]:
        sem = asyncio.Semaphore(self.max_concurrency)
        # Deal value for the identity decision: target CPM x impressions, else the budget.
        deal_value = (to_decimal(deal_params.target_cpm) * deal_params.impressions / 1000
                      if deal_params.target_cpm else self._budget_hint)

        async def one(card: AgentCard) -> SellerQuoteResult:
            url = card.url.rstrip("/")
            self._cards[url] = card
            self.identities[url] = self.identity_policy.identity_for(
                card, deal_type=deal_params.deal_type, deal_value_usd=float(deal_value))
            async with sem:
                quote = await self.request_quote(
                    card, url, deal_params,
                    product_id=deal_params.product_id,
                    deal_type=deal_params.deal_type,
                    impressions=deal_params.impressions,
                    flight_start=deal_params.flight_start,
                    flight_end=deal_params.flight_end,
                    target_cpm=deal_params.target_cpm,
                    media_type=deal_params.media_type,
                )
            if isinstance(quote, SellerQuoteResult):
                return quote
            quote = quote.model_copy(update={"seller_url": url})
            return SellerQuoteResult(card.agent_id, url, quote, deal_params.deal_type)

        results = list(await asyncio.gather(*(one(c) for c in sellers)))
        self.track_quotes(results)
        await announce_quotes(self.event_bus, results)
        return results

    async def request_quote(self, card: AgentCard, url: str, params: DealParams,
                            **request: Any) -> QuoteResponse | SellerQuoteResult:
        """One quote at ``url`` within ``quote_timeout`` (see ``quoting.request_quote``)."""
        return await request_quote(self.clients, card, url, params,
                                   within_s=self.quote_timeout, **request)

    def track_quotes(self, results: Iterable[SellerQuoteResult]) -> None:
        record_quotes(self.performance_tracker, results)

    # ---- stage 3 ----

    def screen_quotes(
        self, quote_results: Sequence[SellerQuoteResult], *, max_cpm: Amount | None = None,
        currency: str = "USD", deal_types: Sequence[str] | None = None,
        issuers: Mapping[str, set[str]] | None = None,
    ) -> tuple[list[NormalizedQuote], list[GuardRejection]]:
        """Guard every quote, normalize and rank the survivors (see ``screening``)."""
        return self.screener.screen(quote_results, max_cpm=max_cpm, currency=currency,
                                    deal_types=deal_types, issuers=issuers)

    async def resolve_shared_quote_ids(
        self, quote_results: Sequence[SellerQuoteResult],
    ) -> dict[str, set[str]]:
        return await self.screener.resolve_shared_quote_ids(quote_results, self.seller_client)

    async def evaluate_and_rank(self, quote_results: Sequence[SellerQuoteResult],
                                max_cpm: Amount | None = None) -> list[NormalizedQuote]:
        """The seed's stage 3: ranked quotes, best score first (bad ones dropped)."""
        issuers = await self.resolve_shared_quote_ids(quote_results)
        ranked, rejections = self.screen_quotes(quote_results, max_cpm=max_cpm, issuers=issuers)
        await announce_rejections(self.event_bus, rejections)
        return ranked

    # ---- stage 4 ----

    async def select_and_book(
        self,
        ranked_quotes: Sequence[NormalizedQuote],
        budget: Amount,
        count: int,
        quote_seller_map: Mapping[str, str] | None = None,
        *,
        mode: BookingMode | None = None,
        max_cpm: Amount | None = None,
        currency: str = "USD",
        run_id: str | None = None,
    ) -> DealSelection:
        """Best score first within budget and ``count`` (the seed's selection)."""
        quotes = self._with_urls(ranked_quotes, quote_seller_map or {})
        budget_micros = _budget_micros(budget)
        cands = self.candidates(quotes)
        solution = greedy_select(cands, PortfolioConstraints(budget_micros, max_deals=count),
                                 respect_group_limits=False)
        return await self.book_quotes(quotes, solution.keys, budget_micros, count,
                                mode or self.booking_mode, max_cpm, currency, run_id,
                                solver="greedy", optimal=False)

    def _with_urls(self, quotes: Sequence[NormalizedQuote],
                   seller_map: Mapping[str, str]) -> list[NormalizedQuote]:
        out = []
        for q in quotes:
            if not q.seller_url:
                url = seller_map.get(q.quote_id)
                if url is None:
                    raise ValueError(f"no seller URL for quote {q.quote_id}; "
                                     "pass it in quote_seller_map")
                q.seller_url = url.rstrip("/")
            out.append(q)
        return out

    async def book_quotes(self, quotes: Sequence[NormalizedQuote], plan_keys: Sequence[str],
                    budget_micros: int, max_deals: int | None, mode: BookingMode,
                    max_cpm: Amount | None, currency: str, run_id: str | None, *,
                    solver: str, optimal: bool,
                    constraints: PortfolioConstraints | None = None) -> DealSelection:
        chosen = set(plan_keys)
        plan = [q for q in quotes if q.key in chosen]
        reserves = [q for q in quotes if q.key not in chosen]
        await emit(self.event_bus, EventType.PORTFOLIO_SELECTED, run_id=run_id,
                   solver=solver, optimal=optimal, quote_keys=list(plan_keys),
                   budget=float(micros_to_float(budget_micros)))
        outcome = await self.booker(currency).book(
            plan, budget_micros=budget_micros, mode=mode, reserves=reserves,
            max_deals=max_deals, max_cpm_micros=to_micros(max_cpm) if max_cpm else None,
            run_id=run_id, fits=self._fits(constraints) if constraints else None)
        return DealSelection.of(outcome, solver=solver, optimal=optimal)

    def candidates(self, quotes: Sequence[NormalizedQuote]) -> list[Candidate]:
        return candidates_from_quotes(quotes, objective=self.objective, dma_of=self.dma_of)

    def _fits(self, constraints: PortfolioConstraints) -> FitsCheck:
        def fits(booked: Sequence[NormalizedQuote], quote: NormalizedQuote) -> bool:
            cands = self.candidates([*booked, quote])
            return fits_upper_bounds(cands[:-1], cands[-1], constraints)

        return fits

    # ---- the whole flow ----

    async def orchestrate(
        self,
        inventory_requirements: InventoryRequirements,
        deal_params: DealParams,
        budget: Amount,
        max_deals: int = 3,
        *,
        constraints: PortfolioConstraints | None = None,
        mode: BookingMode | None = None,
        run_id: str | None = None,
    ) -> OrchestrationResult:
        """Discover, quote, screen, rank, negotiate, select and book.

        With ``constraints`` (or an ``optimizer`` on the orchestrator) the
        portfolio is chosen exactly by CP-SAT; otherwise best score first.
        """
        budget_micros = _budget_micros(budget)
        if max_deals < 1:
            raise ValueError(f"max_deals must be at least 1, got {max_deals}")
        req = inventory_requirements
        if deal_params.media_type is None:
            deal_params = dataclasses.replace(deal_params, media_type=req.media_type)
        self._budget_hint = to_decimal(budget)
        result = OrchestrationResult(
            selection=DealSelection(remaining_budget=to_decimal(budget), mode=mode or
                                    self.booking_mode))
        result.discovered_sellers = await self.discover_sellers(req)
        result.discovery_warnings = list(self.discovery_warnings)
        if not result.discovered_sellers:
            return result
        result.quote_results = await self.request_quotes_parallel(result.discovered_sellers,
                                                                  deal_params)
        issuers = await self.resolve_shared_quote_ids(result.quote_results)
        ranked, rejections = self.screen_quotes(result.quote_results, max_cpm=req.max_cpm,
                                                currency=req.currency,
                                                deal_types=req.deal_types, issuers=issuers)
        if self.negotiation is not None and ranked:
            ranked, negotiated = await self.negotiation.run(
                ranked, deal_params, self.seller_client, identity_for=self.identities.get,
                profile_for=self.profile, max_cpm=req.max_cpm)
            result.negotiations = negotiated
            ranked, more = self.screen_quotes(
                [SellerQuoteResult(q.seller_id, q.seller_url, q.quote, q.deal_type)
                 for q in ranked if q.quote], max_cpm=req.max_cpm, currency=req.currency)
            rejections += more
        await announce_rejections(self.event_bus, rejections)
        result.rejected_quotes = [r.as_dict() for r in rejections]
        result.ranked_quotes = ranked
        if not ranked:
            return result
        if constraints is not None or self.optimizer is not None:
            cons = constraints_for_call(constraints, budget_micros=budget_micros,
                                        max_deals=max_deals)
            solution = (self.optimizer or PortfolioOptimizer()).optimize(
                self.candidates(ranked), cons)
            if not solution.feasible:
                result.selection.failed_bookings.append(infeasible_failure())
                return result
            result.selection = await self.book_quotes(
                ranked, solution.keys, budget_micros, max_deals, mode or self.booking_mode,
                req.max_cpm, req.currency, run_id, solver=solution.solver,
                optimal=solution.optimal, constraints=cons)
        else:
            cands = self.candidates(ranked)
            greedy = greedy_select(cands, PortfolioConstraints(budget_micros,
                                                               max_deals=max_deals))
            result.selection = await self.book_quotes(
                ranked, greedy.keys, budget_micros, max_deals, mode or self.booking_mode,
                req.max_cpm, req.currency, run_id, solver="greedy", optimal=False)
        return result

    async def shop(
        self, inventory_requirements: InventoryRequirements, *, deal_type: str,
        flight_start: date | str, flight_end: date | str, budget: Amount, max_deals: int = 5,
        countries: Sequence[str] = (), dmas: Sequence[str] = (),
        max_packages_per_seller: int = MAX_PACKAGES_PER_SELLER,
        sizing_cpm: Amount | None = None, target_cpm: float | None = None,
        constraints: PortfolioConstraints | None = None, mode: BookingMode | None = None,
        run_id: str | None = None, dry_run: bool = False,
    ) -> OrchestrationResult:
        """Media-kit-driven buy of one channel (``inventory_requirements.media_type``).

        ``sizing_cpm`` sizes first quotes for packages showing no price. With
        ``dry_run`` nothing is negotiated or booked; ``selection.planned`` lists
        the deals that would be.
        """
        order = ShoppingOrder.create(
            inventory_requirements, deal_type=deal_type, flight_start=flight_start,
            flight_end=flight_end, budget_micros=_budget_micros(budget), max_deals=max_deals,
            countries=countries, dmas=dmas, max_packages_per_seller=max_packages_per_seller,
            sizing_cpm=sizing_cpm, target_cpm=target_cpm)
        self._budget_hint = to_decimal(budget)
        return await PackageShopper(self).shop(order, constraints=constraints, mode=mode,
                                               run_id=run_id, dry_run=dry_run)
