"""``ChannelDesk``: one channel's shopping, one guarded step at a time.

The crew's specialists decide *what* to ask for (which sellers, which
packages, which quotes to negotiate and toward what target, which quotes make
the portfolio); this desk does the asking and every money decision, with the
orchestrator's clients, guards, optimizer and booker:

- ``discover``: the channel's sellers in the registry (blocked and excluded
  sellers never appear);
- ``read_media_kits``: the chosen sellers' packages, each checked against the
  brief by :mod:`~ad_buyer.orchestration.package_selection`;
- ``quote``: quotes for chosen packages, sized by Python to the channel budget
  and screened by the quote guards;
- ``negotiate``: one quote toward a target the specialist picked inside the
  limits this desk computed; the strategy and the walk-away stay here;
- ``propose``: the CP-SAT optimizer checks the chosen quotes against the budget
  and deal limits, keeps the best set that fits and re-quotes it larger to
  fill the budget;
- ``book``: an approved proposal, through the portfolio booker.

Each step returns a result model (:mod:`~ad_buyer.orchestration.desk.models`)
and never changes the :class:`DeskState` it reads; the caller applies the
result. This module moves money: it never imports LLM code.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence

from ad_buyer.booking.guards import GuardRejection
from ad_buyer.booking.modes import BookingMode
from ad_buyer.booking.quote_normalizer import NormalizedQuote
from ad_buyer.events.bus import emit
from ad_buyer.events.models import EventType
from ad_buyer.media_kit.models import PackageSummary
from ad_buyer.models.money import from_micros, to_micros
from ad_buyer.orchestration.desk.lines import booked_result, planned_result
from ad_buyer.orchestration.desk.models import (
    ChannelBuyResult,
    DeskState,
    DiscoveryResult,
    MediaKitResult,
    PackageOption,
    Proposal,
    ProposalResult,
    QuoteNegotiationResult,
    QuoteOption,
    QuoteProblem,
    QuoteResult,
    SellerFacts,
)
from ad_buyer.orchestration.desk.options import (
    misfit_reason,
    package_candidate,
    package_option,
    proposal_line,
    quote_audience_fit,
    quote_option,
)
from ad_buyer.orchestration.desk.terms import MEDIA_TYPES, DeskTerms
from ad_buyer.orchestration.models import (
    DealParams,
    OrchestrationResult,
    SellerQuoteResult,
)
from ad_buyer.orchestration.multi_seller import MultiSellerOrchestrator
from ad_buyer.orchestration.package_selection import (
    PackageCandidate,
    package_key,
    select_packages,
)
from ad_buyer.orchestration.portfolio import (
    PortfolioOptimizer,
    constraints_for_call,
    quote_package,
)
from ad_buyer.orchestration.quoting import announce_quotes, announce_rejections
from ad_buyer.orchestration.seller_room import (
    cap_cost,
    over_room,
    seller_key,
    with_package_room,
    with_seller_room,
)
from ad_buyer.orchestration.shopping import PackageShopper, unquotable_reason
from ad_buyer.orchestration.sizing import first_quote_impressions

logger = logging.getLogger(__name__)


class DeskRefusal(ValueError):
    """A step the desk will not take as asked; nothing was sent to a seller."""


class ChannelDesk:
    """Shops one channel of a run; see the module docstring.

    ``ready`` is awaited before any seller call (the run's seller network uses it
    to obtain sellers' keys once).
    """

    def __init__(self, orchestrator: MultiSellerOrchestrator, terms: DeskTerms, *,
                 ready: Callable[[], Awaitable[None]] | None = None) -> None:
        self.orch = orchestrator
        self.terms = terms
        self.shopper = PackageShopper(orchestrator)
        self._ready = ready

    async def _sellers_ready(self, state: DeskState | None = None) -> None:
        if state is not None:  # the sellers as recorded: a resumed run never saw them
            self.orch.remember(state.cards_by_url,
                               {url: f.dialect for url, f in state.facts.items()})
        if self._ready is not None:
            await self._ready()

    # ---- discover ----

    async def discover(self, state: DeskState) -> DiscoveryResult:
        await self._sellers_ready()
        cards = await self.orch.discover_sellers(self.terms.requirements)
        facts = {}
        for card in cards:
            url = card.url.rstrip("/")
            facts[url] = SellerFacts(dialect=self.orch.profile(url).dialect,
                                     key_held=_key_held(self.orch.auth, url))
        return DiscoveryResult(cards=cards, warnings=list(self.orch.discovery_warnings),
                               facts=facts)

    # ---- media kits ----

    async def read_media_kits(self, state: DeskState,
                              seller_ids: Sequence[str]) -> MediaKitResult:
        unknown = [s for s in seller_ids if s not in state.sellers]
        if unknown:
            raise DeskRefusal(f"unknown seller(s) {unknown} for {state.channel}: discover "
                              "sellers first and use their seller_id")
        cards = [state.sellers[s] for s in dict.fromkeys(seller_ids)]
        criteria = self.terms.criteria()
        await self._sellers_ready(state)
        packages = await self.shopper.browse(cards, criteria)
        picked = select_packages(packages, criteria)
        for candidate in picked.candidates:
            reason = unquotable_reason(candidate, self.orch.profile(candidate.seller_url))
            if reason is not None:
                picked.rejected.append({"seller_url": candidate.seller_url,
                                        "package_id": candidate.package_id, "reason": reason})
        for rejection in picked.audience_rejections:
            await emit(self.orch.event_bus, EventType.PACKAGE_REJECTED,
                       media_type=MEDIA_TYPES[self.terms.channel], **rejection)
        misfit = {(r["seller_url"], r["package_id"]): misfit_reason(r) for r in picked.rejected}
        audience = {(c.seller_url, c.package_id): c.audience.describe()
                    for c in picked.candidates if c.audience is not None}
        by_url = {c.url.rstrip("/"): c for c in cards}
        seen = {(p.seller_url, p.package_id) for p in state.packages.values()}
        options: list[PackageOption] = []
        summaries: dict[str, PackageSummary] = {}
        answered = {p.seller_url.rstrip("/") for p in packages if p.seller_url}
        for package in packages:
            url = (package.seller_url or "").rstrip("/")
            if (url, package.package_id) in seen:
                continue
            seen.add((url, package.package_id))
            ref = f"{state.channel}-P{len(state.packages) + len(options) + 1}"
            reason = misfit.get((url, package.package_id), "")
            options.append(package_option(ref, by_url[url], package, reason,
                                           audience.get((url, package.package_id), "")))
            summaries[ref] = package
        unreachable = [c.agent_id for url, c in by_url.items() if url not in answered]
        return MediaKitResult(packages=options, summaries=summaries, unreachable=unreachable)

    # ---- quotes ----

    async def quote(self, state: DeskState, package_refs: Sequence[str],
                    budget_micros: int) -> QuoteResult:
        refs = list(dict.fromkeys(package_refs))
        unknown = [r for r in refs if r not in state.packages]
        if unknown:
            raise DeskRefusal(f"unknown package ref(s) {unknown} for {state.channel}")
        unfit = [r for r in refs if not state.packages[r].fits]
        if unfit:
            raise DeskRefusal(
                "these packages fail the brief's checks and cannot be quoted: "
                + "; ".join(f"{r} ({state.packages[r].misfit})" for r in unfit))
        if budget_micros <= 0:
            raise DeskRefusal(f"{state.channel} has no approved budget left to quote against")
        await self._sellers_ready(state)
        order = self.terms.order(budget_micros)
        slots = min(self.terms.max_deals, len(refs)) or 1
        pairs: list[PackageCandidate] = []
        sizes: dict[str, int] = {}
        problems: list[QuoteProblem] = []
        ref_of: dict[str, str] = {}
        for ref in refs:
            option = state.packages[ref]
            candidate = package_candidate(option, state.summaries.get(ref))
            cpm = option.expected_cpm_micros or order.fallback_cpm_micros
            size = first_quote_impressions(cpm, budget_micros, slots) if cpm else 0
            if size < 1:
                problems.append(QuoteProblem(
                    package_ref=ref, seller_url=option.seller_url,
                    reason="no price to size the quote" if not cpm else "budget too small"))
                continue
            pairs.append(candidate)
            sizes[candidate.key] = size
            ref_of[candidate.key] = ref
        quoted = (await self.shopper.quote_pairs(state.cards_by_url, pairs, order, sizes)
                  if pairs else {})
        results = list(quoted.values())
        self.orch.track_quotes(results)
        await announce_quotes(self.orch.event_bus, results)
        ranked, rejected = await self._screen(results)
        rejected_keys = {(r.seller_url, r.quote_id): r.reason.value for r in rejected}
        quotes: list[QuoteOption] = []
        priced: dict[str, NormalizedQuote] = {}
        by_pair = {package_key(q.seller_url, q.quote.product.product_id): q
                   for q in ranked if q.quote is not None}
        for key, result in quoted.items():
            ref = ref_of[key]
            option = state.packages[ref]
            if result.quote is None:
                problems.append(QuoteProblem(package_ref=ref, seller_url=result.seller_url,
                                             reason=result.error or "no quote"))
                continue
            normalized = by_pair.get(package_key(result.seller_url, option.product_id))
            if normalized is None:
                reason = rejected_keys.get((result.seller_url, result.quote.quote_id),
                                           "refused by the quote guards")
                problems.append(QuoteProblem(package_ref=ref, seller_url=result.seller_url,
                                             reason=reason))
                continue
            quote_ref = f"{state.channel}-Q{len(state.quotes) + len(quotes) + 1}"
            quotes.append(quote_option(
                quote_ref, ref, normalized, negotiation_on=self.orch.negotiation is not None,
                max_cpm_micros=self.terms.max_cpm_micros))
            priced[quote_ref] = normalized
        return QuoteResult(quotes=quotes, priced=priced, problems=problems)

    async def _screen(self, results: list[SellerQuoteResult],
                      ) -> tuple[list[NormalizedQuote], list[GuardRejection]]:
        issuers = await self.orch.resolve_shared_quote_ids(results)
        ranked, rejections = self.orch.screen_quotes(
            results, max_cpm=self.terms.max_cpm, currency=self.terms.currency,
            deal_types=list(self.terms.deal_types), issuers=issuers)
        await announce_rejections(self.orch.event_bus, rejections)
        return ranked, rejections

    # ---- negotiation ----

    async def negotiate(self, state: DeskState, quote_ref: str, target_micros: int,
                        *, dry_run: bool = False) -> QuoteNegotiationResult:
        option = state.quotes.get(quote_ref)
        if option is None:
            raise DeskRefusal(f"unknown quote ref {quote_ref!r} for {state.channel}")
        if dry_run:
            raise DeskRefusal("a dry run does not negotiate: an accepted negotiation is a "
                              "commitment at the seller")
        await self._sellers_ready(state)
        stage = self.orch.negotiation
        if stage is None or not option.negotiable or option.negotiated:
            why = ("it was negotiated already" if option.negotiated
                   else f"the seller quoted tier {option.tier}, which cannot negotiate")
            raise DeskRefusal(f"{quote_ref} cannot be negotiated: {why}")
        floor, ceiling = option.target_floor_micros, option.target_ceiling_micros
        assert floor is not None
        assert ceiling is not None
        if not floor <= target_micros <= ceiling:
            raise DeskRefusal(
                f"target {from_micros(target_micros):.2f} is outside the limits for "
                f"{quote_ref}: {from_micros(floor):.2f} to {from_micros(ceiling):.2f}")
        quote = state.priced[quote_ref]
        rivals = [q for ref, q in state.priced.items()
                  if ref != quote_ref and q.seller_url != quote.seller_url]
        params = DealParams(product_id=option.product_id, deal_type=option.deal_type,
                            impressions=option.impressions,
                            flight_start=self.terms.flight_start,
                            flight_end=self.terms.flight_end,
                            target_cpm=float(from_micros(target_micros)),
                            media_type=MEDIA_TYPES[self.terms.channel])
        repriced, record = await stage.negotiate_quote(
            quote, rivals, params, self.orch.seller_client, identity_for=self.orch.identities.get,
            profile=self.orch.profile(quote.seller_url), max_cpm=from_micros(ceiling))
        agreed = record.get("final_price") if repriced is not None else None
        if repriced is not None:
            screened, _ = await self._screen([SellerQuoteResult(
                repriced.seller_id, repriced.seller_url, repriced.quote, repriced.deal_type)])
            repriced = screened[0] if screened else None
            if repriced is None:
                record["requote_error"] = "the re-priced quote failed the quote guards"
        return QuoteNegotiationResult(
            quote_ref=quote_ref, outcome=str(record.get("outcome", "error")),
            target_micros=target_micros, record=record, repriced=repriced,
            agreed_cpm_micros=to_micros(agreed) if agreed is not None and repriced else None)

    # ---- proposal ----

    async def propose(self, state: DeskState, quote_refs: Sequence[str], budget_micros: int,
                      *, rationale: str = "",
                      seller_room: Mapping[str, int] | None = None,
                      package_room: Mapping[str, int] | None = None,
                      max_deals: int | None = None) -> ProposalResult:
        """The optimizer's portfolio of ``quote_refs`` within ``budget_micros``, at most
        ``max_deals`` deals (default the terms'), and with ``seller_room`` each seller's
        and ``package_room`` each package's room under the share caps (top-up too)."""
        refs = list(dict.fromkeys(quote_refs))
        unknown = [r for r in refs if r not in state.quotes]
        if unknown:
            raise DeskRefusal(f"unknown quote ref(s) {unknown} for {state.channel}")
        if not refs:
            raise DeskRefusal("a proposal needs at least one quote ref")
        if budget_micros <= 0:
            raise DeskRefusal(f"{state.channel} has no approved budget left")
        quotes = {r: state.priced[r] for r in refs}
        by_key = {q.key: r for r, q in quotes.items()}
        deals = self.terms.max_deals if max_deals is None else max_deals
        if deals <= 0:
            raise DeskRefusal(f"{state.channel} already holds its {self.terms.max_deals} deals")
        cons = constraints_for_call(None, budget_micros=budget_micros, max_deals=deals)
        optimizer = self.orch.optimizer or PortfolioOptimizer()
        cands = self.orch.candidates(list(quotes.values()))
        seller_capped = with_seller_room(cons, cands, seller_room)
        solution = optimizer.optimize(
            cands, with_package_room(seller_capped, cands, package_room))
        without_package_cap = solution if package_room is None else \
            optimizer.optimize(cands, seller_capped)
        cap_note = "" if seller_room is None else cap_cost(
            optimizer.optimize(cands, cons), without_package_cap, self.terms.currency)
        package_note = "" if package_room is None else cap_cost(
            without_package_cap, solution, self.terms.currency, "package share cap")
        proposal_id = f"{state.channel}-proposal-{len(state.proposals) + 1}"
        chosen = [by_key[k] for k in solution.keys] if solution.feasible else []
        dropped = [{"quote_ref": r, "reason": "does not fit the budget or deal limits "
                    "together with the chosen quotes"} for r in refs if r not in chosen]
        plan = [quotes[r] for r in chosen]
        repriced: dict[str, NormalizedQuote] = {}
        await self._sellers_ready(state)
        if plan:
            grown = await self.shopper.top_up(state.cards_by_url, plan,
                                              self.terms.order(budget_micros),
                                              OrchestrationResult())
            for old, new in zip(plan, grown, strict=True):
                if new is not old:
                    repriced[by_key[old.key]] = new
            if seller_room is not None:  # a seller the top-up took past its room keeps
                spend = [(q.seller_url, q.cost_micros) for q in  # its chosen sizes
                         (repriced.get(r, quotes[r]) for r in chosen)]
                over = over_room(spend, seller_room)
                repriced = {r: q for r, q in repriced.items()
                            if seller_key(q.seller_url) not in over}
            if package_room is not None:  # and so does a package past its room
                sized = {r: repriced.get(r, quotes[r]) for r in chosen}
                over = over_room([(quote_package(q) or "", q.cost_micros)
                                  for q in sized.values()], package_room)
                repriced = {r: q for r, q in repriced.items() if quote_package(q) not in over}
        why = (f"chosen by the {solution.solver or 'portfolio'} optimizer"
               f"{' (optimal)' if solution.optimal else ''} within the "
               f"{state.channel} budget")
        lines = [proposal_line(r, repriced.get(r, quotes[r]), why=why,
                       audience_fit=quote_audience_fit(state, r)) for r in chosen]
        proposal = Proposal(proposal_id=proposal_id, channel=state.channel,
                            budget_micros=budget_micros, lines=lines, dropped=dropped,
                            solver=solution.solver, optimal=solution.optimal,
                            specialist_rationale=rationale, share_cap_note=cap_note,
                            package_cap_note=package_note)
        if proposal.cost_micros > budget_micros:  # the optimizer and top-up never allow it
            raise DeskRefusal(f"proposal costs {from_micros(proposal.cost_micros)}, over the "
                              f"budget {from_micros(budget_micros)}")
        return ProposalResult(proposal=proposal, priced=repriced)

    # ---- booking ----

    async def book(self, state: DeskState, proposal_id: str, budget_micros: int, *,
                   mode: BookingMode, run_id: str | None, dry_run: bool) -> ChannelBuyResult:
        proposal = state.proposals.get(proposal_id)
        if proposal is None:
            raise DeskRefusal(f"unknown proposal {proposal_id!r} for {state.channel}")
        if proposal.status != "approved":
            raise DeskRefusal(f"{proposal_id} is {proposal.status}; only a proposal the "
                              "Portfolio Manager approved can be booked")
        if proposal.cost_micros > budget_micros:
            raise DeskRefusal(f"{proposal_id} costs {from_micros(proposal.cost_micros)} but "
                              f"{state.channel} has {from_micros(budget_micros)} approved")
        plan = [state.priced[line.quote_ref] for line in proposal.lines]
        names = {url: card.name for url, card in state.cards_by_url.items()}
        if dry_run:
            return planned_result(self.terms, proposal, names)
        await self._sellers_ready(state)
        selection = await self.orch.book_quotes(
            plan, [q.key for q in plan], budget_micros, self.terms.max_deals, mode,
            self.terms.max_cpm, self.terms.currency, run_id, solver=proposal.solver,
            optimal=proposal.optimal)
        return booked_result(self.terms, selection, names, budget_micros,
                             proposal_id=proposal_id, negotiations=list(state.negotiations))


def _key_held(auth: object, seller_url: str) -> bool:
    """Does ``auth`` (a ``SellerKeyAuth``) hold an API key for the seller?"""
    key_for = getattr(getattr(auth, "store", None), "key_for", None)
    return bool(key_for(seller_url)) if callable(key_for) else auth is not None
