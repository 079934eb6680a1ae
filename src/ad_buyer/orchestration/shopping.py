"""Media-kit shopping: browse -> pick packages -> quote pairs -> negotiate ->
select -> fill the budget -> book (or, in a dry run, plan).

Used by :meth:`MultiSellerOrchestrator.shop`. Instead of one product id for
every seller, each discovered seller's media kit is read
(``MediaKitClient.aggregate_across_sellers``, plus authenticated package
detail for the packages that pass the public checks), candidates are chosen
by :mod:`~ad_buyer.orchestration.package_selection`, and every (seller URL,
package id) pair is quoted in parallel within the orchestrator's concurrency
limit. A quote names the seller's *product* id from the package's placements
(a reference seller quotes products, never package ids); a package at such a
seller whose placements are not known (no key: public view) is not quoted,
and says why. Only a native seller's package id doubles as its product id.
Quote sizes and the top-up that spends the budget follow
:mod:`~ad_buyer.orchestration.sizing`. Guards stay fail-closed: every quote,
first or resized, is screened, and booking runs through ``PortfolioBooker``
(budget guard, idempotency keys, read-back of the booked deal).

A dry run discovers, browses, quotes (no negotiation: an accepted
negotiation is a commitment at the seller) and selects, then books nothing;
the selection lists the planned deals.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from ad_buyer.booking.modes import BookingMode
from ad_buyer.booking.quote_normalizer import NormalizedQuote
from ad_buyer.events.bus import emit
from ad_buyer.events.models import EventType
from ad_buyer.media_kit.client import MediaKitClient
from ad_buyer.media_kit.models import MediaKitError, PackageDetail, PackageSummary
from ad_buyer.models.money import Amount, from_micros, micros_to_float, to_micros
from ad_buyer.orchestration.models import (
    DealParams,
    DealSelection,
    InventoryRequirements,
    OrchestrationResult,
    PlannedDeal,
    SellerQuoteResult,
    as_date,
    deal_type_code,
)
from ad_buyer.orchestration.package_selection import (
    MAX_PACKAGES_PER_SELLER,
    PackageCandidate,
    PackageCriteria,
    package_key,
    prefilter,
    select_packages,
)
from ad_buyer.orchestration.portfolio import (
    PortfolioConstraints,
    PortfolioOptimizer,
    constraints_for_call,
    infeasible_failure,
)
from ad_buyer.orchestration.quoting import announce_quotes, announce_rejections, quote_error
from ad_buyer.orchestration.shopping_host import ShoppingHost
from ad_buyer.orchestration.sizing import (
    FILL_TARGET,
    TOP_UP_ROUNDS,
    committed_share,
    first_quote_impressions,
    impressions_for_target,
    top_up_targets,
)
from ad_buyer.registry.models import AgentCard
from ad_buyer.registry.profile import SellerProfile

logger = logging.getLogger(__name__)


def unquotable_reason(candidate: PackageCandidate, profile: SellerProfile) -> str | None:
    """Why a package cannot be quoted at its seller, or None: a seller that quotes
    catalog products needs the package's product id, which it shows to key holders."""
    if candidate.product_id is None and profile.quotes_products:
        return ("no_product_id: the seller quotes catalog products and shows a package's "
                "products to an authenticated buyer only (no API key for this seller)")
    return None


@dataclasses.dataclass(frozen=True)
class ShoppingOrder:
    """One channel's buy: what to look for, the deal terms, the money."""

    requirements: InventoryRequirements
    criteria: PackageCriteria
    deal_type: str
    flight_start: date
    flight_end: date
    budget_micros: int
    max_deals: int
    fallback_cpm_micros: int | None = None
    target_cpm: float | None = None

    @classmethod
    def create(cls, requirements: InventoryRequirements, *, deal_type: str,
               flight_start: date | str, flight_end: date | str, budget_micros: int,
               max_deals: int, countries: Sequence[str] = (), dmas: Sequence[str] = (),
               max_packages_per_seller: int = MAX_PACKAGES_PER_SELLER,
               sizing_cpm: Amount | None = None, target_cpm: float | None = None,
               ) -> ShoppingOrder:
        """Validated before any HTTP call."""
        if max_deals < 1:
            raise ValueError(f"max_deals must be at least 1, got {max_deals}")
        start = as_date(flight_start, "flight_start")
        end = as_date(flight_end, "flight_end")
        if end < start:
            raise ValueError(f"flight_end {end} is before flight_start {start}")
        cap = to_micros(requirements.max_cpm) if requirements.max_cpm else None
        fallback = to_micros(sizing_cpm) if sizing_cpm else cap
        if fallback is not None and fallback <= 0:
            raise ValueError(f"sizing_cpm must be positive, got {sizing_cpm}")
        return cls(
            requirements=requirements, deal_type=deal_type_code(deal_type), flight_start=start,
            flight_end=end, budget_micros=budget_micros, max_deals=max_deals,
            fallback_cpm_micros=fallback, target_cpm=target_cpm,
            criteria=PackageCriteria(channel=requirements.media_type,
                                     countries=tuple(countries), dmas=tuple(dmas),
                                     max_cpm_micros=cap, max_per_seller=max_packages_per_seller,
                                     audience=requirements.audience))


class PackageShopper:
    """Runs one shopping order on an orchestrator's clients, guards and booker."""

    def __init__(self, orchestrator: ShoppingHost) -> None:
        self.orch = orchestrator

    # ---- browse ----

    def _media_kit_client(self) -> MediaKitClient:
        o = self.orch
        return MediaKitClient(auth=o.auth, timeout=o.quote_timeout, transport=o.transport,
                              max_concurrency=o.max_concurrency)

    async def browse(self, cards: Sequence[AgentCard],
                     criteria: PackageCriteria) -> list[PackageSummary]:
        """Every seller's packages; authenticated detail for those passing the public checks
        (from a reference seller's tier-gated route: its media kit is public only)."""
        async with self._media_kit_client() as kits:
            packages = await kits.aggregate_across_sellers([c.url for c in cards])
            self.orch.discovery_warnings += kits.skipped_packages
            if self.orch.auth is None:
                return packages
            wanted = {id(p) for p in prefilter(packages, criteria)}
            sem = asyncio.Semaphore(self.orch.max_concurrency)

            async def detail(p: PackageSummary) -> PackageSummary:
                if id(p) not in wanted or isinstance(p, PackageDetail) or not p.seller_url:
                    return p
                async with sem:
                    try:
                        return await kits.get_package(
                            p.seller_url, p.package_id,
                            tiered=self.orch.profile(p.seller_url).reference)
                    except MediaKitError as exc:
                        logger.warning("no detail for %s at %s: %s", p.package_id,
                                       p.seller_url, exc)
                        return p

            return list(await asyncio.gather(*(detail(p) for p in packages)))

    # ---- quote ----

    async def quote_pairs(self, cards: dict[str, AgentCard], pairs: Sequence[PackageCandidate],
                          order: ShoppingOrder, impressions: dict[str, int],
                          negotiation_ids: dict[str, str] | None = None,
                          ) -> dict[str, SellerQuoteResult]:
        """Quote every (seller, package) pair in parallel, keyed by seller URL + package id."""
        o = self.orch
        sem = asyncio.Semaphore(o.max_concurrency)

        async def one(pair: PackageCandidate) -> tuple[str, SellerQuoteResult]:
            card = cards[pair.seller_url]
            product = pair.product_id or pair.package_id
            params = DealParams(product_id=product, deal_type=order.deal_type,
                                impressions=impressions[pair.key],
                                flight_start=order.flight_start, flight_end=order.flight_end,
                                media_type=order.requirements.media_type)
            async with sem:
                quote = await o.request_quote(
                    card, pair.seller_url, params,
                    product_id=product, deal_type=order.deal_type,
                    impressions=params.impressions, flight_start=order.flight_start,
                    flight_end=order.flight_end, target_cpm=order.target_cpm,
                    media_type=order.requirements.media_type,
                    negotiation_id=(negotiation_ids or {}).get(pair.key))
            if isinstance(quote, SellerQuoteResult):
                return pair.key, quote
            if quote.product.product_id != product:
                return pair.key, quote_error(
                    card, params, f"product_mismatch: asked for {product}, "
                    f"quoted {quote.product.product_id}")
            quote = quote.model_copy(update={"seller_url": pair.seller_url})
            return pair.key, SellerQuoteResult(card.agent_id, pair.seller_url, quote,
                                               order.deal_type)

        results = dict(await asyncio.gather(*(one(p) for p in pairs)))
        o.track_quotes(results.values())
        return results

    # ---- the whole order ----

    async def shop(self, order: ShoppingOrder, *, constraints: PortfolioConstraints | None,
                   mode: BookingMode | None, run_id: str | None,
                   dry_run: bool) -> OrchestrationResult:
        o, req = self.orch, order.requirements
        budget = from_micros(order.budget_micros)
        result = OrchestrationResult(selection=DealSelection(
            remaining_budget=budget, mode=mode or o.booking_mode, dry_run=dry_run))
        result.discovered_sellers = await o.discover_sellers(req)
        if not result.discovered_sellers:
            result.discovery_warnings = list(o.discovery_warnings)
            return result
        cards = {c.url.rstrip("/"): c for c in result.discovered_sellers}
        packages = await self.browse(result.discovered_sellers, order.criteria)
        result.discovery_warnings = list(o.discovery_warnings)
        picked = select_packages(packages, order.criteria)
        result.package_rejections = picked.rejected
        for rejection in picked.audience_rejections:
            await emit(o.event_bus, EventType.PACKAGE_REJECTED,
                       media_type=req.media_type, **rejection)
        candidates = self._quotable(picked.candidates, result)
        pairs, impressions = self._sized(candidates, order, result)
        result.package_candidates = pairs
        if not pairs:
            return result
        deal_value = Decimal(order.budget_micros) / 1_000_000 / min(order.max_deals, len(pairs))
        for url, card in cards.items():
            o.identities[url] = o.identity_policy.identity_for(
                card, deal_type=order.deal_type, deal_value_usd=deal_value)
        quoted = await self.quote_pairs(cards, pairs, order, impressions)
        result.quote_results = list(quoted.values())
        await announce_quotes(o.event_bus, result.quote_results)
        ranked = await self._screen(result, result.quote_results, order)
        if o.negotiation is not None and ranked and not dry_run:
            assert ranked[0].quote is not None
            # The stage reads only media_type and target_cpm from these params;
            # each quote carries its own product.
            params = DealParams(product_id=ranked[0].quote.product.product_id,
                                deal_type=order.deal_type, impressions=ranked[0].impressions,
                                flight_start=order.flight_start, flight_end=order.flight_end,
                                target_cpm=order.target_cpm, media_type=req.media_type)
            ranked, result.negotiations = await o.negotiation.run(
                ranked, params, o.seller_client, identity_for=o.identities.get,
                profile_for=o.profile, max_cpm=req.max_cpm)
            ranked = await self._screen(result, [
                SellerQuoteResult(q.seller_id, q.seller_url, q.quote, q.deal_type)
                for q in ranked if q.quote], order, resolve=False)
        result.ranked_quotes = ranked
        if not ranked:
            return result
        cons = constraints_for_call(constraints, budget_micros=order.budget_micros,
                                    max_deals=order.max_deals)
        solution = (o.optimizer or PortfolioOptimizer()).optimize(o.candidates(ranked), cons)
        if not solution.feasible:
            result.selection.failed_bookings.append(infeasible_failure())
            return result
        if not solution.keys:
            cheapest = min(q.cost_micros for q in ranked)
            result.selection.failed_bookings.append(
                {"reason": "nothing_fits_budget",
                 "error": f"no quote fits the budget of {budget:,.2f} {req.currency} "
                          f"(cheapest deal, with the seller's minimum spend: "
                          f"{from_micros(cheapest):,.2f})"})
            return result
        chosen_keys = set(solution.keys)
        plan = [q for q in ranked if q.key in chosen_keys]
        plan = await self.top_up(cards, plan, order, result)
        reserves = [q for q in ranked if q.key not in chosen_keys]
        if dry_run:
            result.selection = await self._planned(plan, order, run_id, solution.solver,
                                                   solution.optimal)
            return result
        result.selection = await o.book_quotes(
            [*plan, *reserves], [q.key for q in plan], order.budget_micros, order.max_deals,
            mode or o.booking_mode, req.max_cpm, req.currency, run_id,
            solver=solution.solver, optimal=solution.optimal,
            constraints=cons)
        return result

    def _quotable(self, cands: list[PackageCandidate],
                  result: OrchestrationResult) -> list[PackageCandidate]:
        """Candidates with a product id to quote; the others are rejected with why."""
        kept = []
        for c in cands:
            reason = unquotable_reason(c, self.orch.profile(c.seller_url))
            if reason is not None:
                result.package_rejections.append({
                    "seller_url": c.seller_url, "package_id": c.package_id, "reason": reason})
                continue
            kept.append(c)
        return kept

    def _sized(self, cands: list[PackageCandidate], order: ShoppingOrder,
               result: OrchestrationResult) -> tuple[list[PackageCandidate], dict[str, int]]:
        """First-quote impressions per pair (sizing rule 1); pairs with no size are dropped."""
        slots = min(order.max_deals, len(cands)) if cands else 1
        sizes: dict[str, int] = {}
        kept: list[PackageCandidate] = []
        for c in cands:
            cpm = c.expected_cpm_micros or order.fallback_cpm_micros
            size = first_quote_impressions(cpm, order.budget_micros, slots) if cpm else 0
            if size < 1:
                result.package_rejections.append({
                    "seller_url": c.seller_url, "package_id": c.package_id,
                    "reason": "no_price_to_size" if not cpm else "budget_too_small"})
                continue
            sizes[c.key] = size
            kept.append(c)
        return kept, sizes

    async def _screen(self, result: OrchestrationResult, quotes: list[SellerQuoteResult],
                      order: ShoppingOrder, *, resolve: bool = True) -> list[NormalizedQuote]:
        o, req = self.orch, order.requirements
        issuers = await o.resolve_shared_quote_ids(quotes) if resolve else None
        ranked, rejections = o.screen_quotes(quotes, max_cpm=req.max_cpm, currency=req.currency,
                                             deal_types=req.deal_types, issuers=issuers)
        await announce_rejections(o.event_bus, rejections)
        result.rejected_quotes += [r.as_dict() for r in rejections]
        return ranked

    async def top_up(self, cards: dict[str, AgentCard], plan: list[NormalizedQuote],
                     order: ShoppingOrder, result: OrchestrationResult) -> list[NormalizedQuote]:
        """Re-quote the chosen deals larger until the budget is spent (sizing rule 3)."""
        current = {self._pair_key(q): q for q in plan}
        # A price agreed on a quote holds for that quote only where the seller cannot
        # re-quote at it: such a deal keeps its size.
        growable = {k for k, q in current.items()
                    if self._negotiation_id(q) is None
                    or self.orch.profile(q.seller_url).requotes_negotiated_price}
        for _ in range(TOP_UP_ROUNDS):
            costs = [q.cost_micros for q in current.values()]
            if not growable or committed_share(costs, order.budget_micros) >= FILL_TARGET:
                break
            fixed = sum(q.cost_micros for k, q in current.items() if k not in growable)
            targets = top_up_targets({k: current[k].cost_micros for k in growable},
                                     order.budget_micros - fixed)
            sizes: dict[str, int] = {}
            for key, target in targets.items():
                q = current[key]
                size = impressions_for_target(q.effective_cpm_micros, target,
                                              q.minimum_spend_micros)
                if size > q.impressions:
                    sizes[key] = size
            growable &= set(sizes)
            if not sizes:
                break
            pairs = [self._pair(current[k]) for k in sizes]
            negotiated = {k: nid for k in sizes
                          if (nid := self._negotiation_id(current[k])) is not None}
            quoted = await self.quote_pairs(cards, pairs, order, sizes, negotiated)
            resized = await self._screen(result, list(quoted.values()), order)
            by_key = {self._pair_key(q): q for q in resized}
            for key in sizes:
                new, old = by_key.get(key), current[key]
                if (new is None or new.raw_cpm_micros > old.raw_cpm_micros
                        or new.impressions != sizes[key] or new.cost_micros > targets[key]):
                    growable.discard(key)
                    continue
                current[key] = new
            logger.info("top-up round: %s of budget committed", committed_share(
                [q.cost_micros for q in current.values()], order.budget_micros))
        return list(current.values())

    @staticmethod
    def _negotiation_id(q: NormalizedQuote) -> str | None:
        return q.quote.negotiation_id if q.quote is not None else None

    @staticmethod
    def _pair_key(q: NormalizedQuote) -> str:
        assert q.quote is not None
        return package_key(q.seller_url, q.quote.product.product_id)

    @staticmethod
    def _pair(q: NormalizedQuote) -> PackageCandidate:
        assert q.quote is not None
        return PackageCandidate(seller_url=q.seller_url, package=PackageSummary(
            package_id=q.quote.product.product_id, name=q.quote.product.name),
            expected_cpm_micros=q.raw_cpm_micros, dma_verified=False, negotiable=False)

    async def _planned(self, plan: list[NormalizedQuote], order: ShoppingOrder,
                       run_id: str | None, solver: str, optimal: bool) -> DealSelection:
        planned = [PlannedDeal(
            seller_id=q.seller_id, seller_url=q.seller_url,
            product_id=q.quote.product.product_id if q.quote else "",
            product_name=q.quote.product.name if q.quote else "", quote_id=q.quote_id,
            deal_type=q.deal_type, impressions=q.impressions, cpm_micros=q.raw_cpm_micros,
            effective_cpm_micros=q.effective_cpm_micros, cost_micros=q.cost_micros,
            currency=q.currency) for q in plan]
        spend = sum(p.cost_micros for p in planned)
        if spend > order.budget_micros:  # fail closed in a dry run too
            raise RuntimeError(f"planned spend {spend} micros exceeds the budget "
                               f"{order.budget_micros} micros")
        await emit(self.orch.event_bus, EventType.PORTFOLIO_SELECTED, run_id=run_id,
                   solver=solver, optimal=optimal, quote_keys=[q.key for q in plan],
                   budget=micros_to_float(order.budget_micros), dry_run=True,
                   planned_spend=micros_to_float(spend))
        return DealSelection(remaining_budget=from_micros(order.budget_micros),
                             mode="dry_run", run_id=run_id, solver=solver, optimal=optimal,
                             dry_run=True, planned=planned)
