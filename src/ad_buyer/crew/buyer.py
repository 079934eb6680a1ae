"""The specialists' buying engine: ``MultiSellerOrchestrator`` behind the tools.

``survey`` discovers a channel's sellers and the media-kit packages of each
that fit the brief (the orchestrator's own package selection); ``buy`` runs the orchestrator's
media-kit path (:meth:`MultiSellerOrchestrator.shop`) for one channel with the
budget and CPM cap the guard layer passed in: each seller's media kit is read,
packages fitting the brief (channel, countries, DMAs, max CPM) are quoted,
and the budget is filled (``orchestration.sizing``), never exceeded.

Up to :data:`DEFAULT_MAX_DEALS` deals per channel (five: enough to spread a
channel over several sellers and packages, few enough to traffic). A
documented planning CPM per channel sizes first quotes only for packages that
show no price and a brief with no cap; prices come from the sellers' quotes.

``buy(..., dry_run=True)`` plans without negotiating or booking: the result's
lines are marked ``"status": "planned"`` with no deal id, ``committed_micros``
is the planned cost (nothing is held at any seller), and the result is a
:class:`ChannelBuyPlan` (``dry_run`` True).
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.crew.tooling import ChannelBuyResult, SpendLimits
from ad_buyer.events.bus import EventBus
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.models.buyer_identity import DealType
from ad_buyer.models.money import cost_micros, from_micros, to_micros
from ad_buyer.orchestration.multi_seller import (
    InventoryRequirements,
    MultiSellerOrchestrator,
    OrchestrationResult,
)
from ad_buyer.orchestration.negotiation_stage import NegotiationStage
from ad_buyer.orchestration.package_selection import (
    PackageCandidate,
    PackageCriteria,
    select_packages,
)
from ad_buyer.orchestration.seller_scope import SellerScope, scope_sellers
from ad_buyer.orchestration.shopping import PackageShopper
from ad_buyer.registry.client import RegistryClient
from ad_buyer.registry.models import AgentCard

if TYPE_CHECKING:
    from ad_buyer.sandbox.network import SandboxNetwork

logger = logging.getLogger(__name__)

DEFAULT_MAX_DEALS = 5
# Media type the registry knows each channel by.
MEDIA_TYPES: dict[Channel, str] = {c: c.value for c in Channel}
# Planning CPMs (USD): size first quotes only for packages showing no price
# when the brief has no max CPM.
PLANNING_CPM: dict[Channel, Decimal] = {
    Channel.CTV: Decimal(35), Channel.ONLINE_VIDEO: Decimal(20), Channel.DISPLAY: Decimal(6),
    Channel.MOBILE_APP: Decimal(8), Channel.PERFORMANCE: Decimal(5), Channel.AUDIO: Decimal(12),
    Channel.DOOH: Decimal(12), Channel.LINEAR_TV: Decimal(25),
}


class ChannelBuyPlan(ChannelBuyResult):
    """A dry run's result: planned lines, nothing booked or held at a seller."""

    dry_run: bool = True


class OrchestratorChannelBuyer:
    """Adapts one :class:`MultiSellerOrchestrator` to the crew's tool interface."""

    def __init__(self, orchestrator: MultiSellerOrchestrator, *,
                 max_deals: int = DEFAULT_MAX_DEALS) -> None:
        if max_deals < 1:
            raise ValueError("max_deals must be at least 1")
        self.orchestrator = orchestrator
        self.max_deals = max_deals
        self._scopes: dict[tuple[object, ...], SellerScope] = {}

    async def preflight(self, brief: CampaignBrief,
                        excluded: list[str] | None = None) -> SellerScope:
        """The brief's sellers, checked against the registry listing before any quote.

        Resolves the planner's excluded and included seller names, checks that the
        allowed sellers cover the channels and that one sells in the brief's currency;
        raises :class:`SellerScopeError` (one line) otherwise. Cached per brief facts.
        """
        names = list(brief.excluded_sellers if excluded is None else excluded)
        key = (tuple(names), tuple(brief.included_sellers), brief.currency,
               tuple(brief.channels))
        if key not in self._scopes:
            cards = await self.orchestrator.registry_client.discover_sellers()
            self._scopes[key] = scope_sellers(
                excluded=names, included=brief.included_sellers, currency=brief.currency,
                media_types=[MEDIA_TYPES[c] for c in brief.channels], cards=cards)
        return self._scopes[key]

    async def _requirements(self, brief: CampaignBrief, channel: Channel,
                            limits: SpendLimits | None = None) -> InventoryRequirements:
        deal_types = (limits.deal_types if limits else brief.deal_types) or list(DealType)
        cap = limits.max_cpm_micros if limits else brief.max_cpm_micros
        scope = await self.preflight(brief, list(limits.excluded_sellers) if limits else None)
        return InventoryRequirements(
            media_type=MEDIA_TYPES[channel], deal_types=[d.value for d in deal_types],
            excluded_sellers=scope.excluded_keys, included_sellers=scope.included_keys,
            max_cpm=from_micros(cap) if cap else None, currency=brief.currency,
            audience=brief.audience)

    async def survey(self, brief: CampaignBrief, channel: Channel) -> dict[str, Any]:
        """The channel's sellers, each with its media-kit packages that fit the brief.

        Packages are picked by the orchestrator's own selection
        (:func:`~ad_buyer.orchestration.package_selection.select_packages`: channel,
        countries, DMAs, max CPM; best first, a few per seller), so the specialist
        sees what ``buy`` would quote. Sellers with matching packages come first,
        best expected CPM first. Names and descriptions are seller-written: the
        caller must show them only as untrusted data.
        """
        requirements = await self._requirements(brief, channel)
        cards = await self.orchestrator.discover_sellers(requirements)
        criteria = PackageCriteria(
            channel=requirements.media_type, countries=tuple(brief.countries),
            dmas=tuple(brief.dmas), max_cpm_micros=brief.max_cpm_micros,
            audience=brief.audience)
        packages = await PackageShopper(self.orchestrator).browse(cards, criteria) \
            if cards else []
        picked = select_packages(packages, criteria)
        by_seller: dict[str, list[PackageCandidate]] = {}
        for candidate in picked.candidates:
            by_seller.setdefault(candidate.seller_url, []).append(candidate)
        sellers = [_seller_view(card, by_seller.get(card.url.rstrip("/"), []))
                   for card in cards]
        sellers.sort(key=_seller_rank)
        return {"channel": channel.value, "sellers": sellers,
                "matching_packages": len(picked.candidates),
                "rejected_packages": len(picked.rejected)}

    async def buy(self, brief: CampaignBrief, limits: SpendLimits, *,
                  dry_run: bool = False) -> ChannelBuyResult:
        channel = limits.channel
        deal_type = (limits.deal_types or [DealType.PREFERRED_DEAL])[0]
        result = await self.orchestrator.shop(
            await self._requirements(brief, channel, limits), deal_type=deal_type.value,
            flight_start=brief.flight_start, flight_end=brief.flight_end,
            budget=from_micros(limits.budget_micros), max_deals=self.max_deals,
            countries=brief.countries, dmas=brief.dmas,
            sizing_cpm=None if limits.max_cpm_micros else PLANNING_CPM[channel],
            dry_run=dry_run)
        names = {c.url.rstrip("/"): c.name for c in result.discovered_sellers}
        not_booked = self._not_booked(result, channel)
        if dry_run:
            planned = [{
                "status": "planned", "seller_url": p.seller_url,
                "seller_name": names.get(p.seller_url, p.seller_id), "deal_id": "",
                "quote_id": p.quote_id, "product_id": p.product_id,
                "package_name": p.product_name, "deal_type": p.deal_type,
                "impressions": p.impressions, "cpm_micros": p.cpm_micros,
                "cost_micros": p.cost_micros} for p in result.selection.planned]
            total = sum(p.cost_micros for p in result.selection.planned)
            return ChannelBuyPlan(
                channel=channel, committed_micros=total, booked=planned, not_booked=not_booked,
                summary=(f"DRY RUN: {len(planned)} deal(s) planned for {channel.value}, "
                         f"{from_micros(total):,.2f} {limits.currency} planned of "
                         f"{from_micros(limits.budget_micros):,.2f}; nothing booked"))
        selection = result.selection
        booked = []
        for deal in selection.booked_deals:
            cpm = deal.pricing.final_cpm.amount_micros
            url = (deal.seller_url or "").rstrip("/")
            booked.append({
                "status": "booked", "seller_url": url, "seller_name": names.get(url, ""),
                "deal_id": deal.deal_id, "quote_id": deal.quote_id,
                "product_id": deal.product.product_id, "package_name": deal.product.name,
                "deal_type": deal.deal_type.value, "impressions": deal.terms.impressions,
                "cpm_micros": cpm, "cost_micros": cost_micros(cpm, deal.terms.impressions),
            })
        committed = to_micros(selection.total_spend)
        return ChannelBuyResult(
            channel=channel, committed_micros=committed, booked=booked, not_booked=not_booked,
            negotiations=list(result.negotiations),
            summary=(f"{len(booked)} deal(s) booked for {channel.value}, "
                     f"{from_micros(committed):,.2f} {limits.currency} committed of "
                     f"{from_micros(limits.budget_micros):,.2f}"),
        )

    @staticmethod
    def _not_booked(result: OrchestrationResult, channel: Channel) -> list[str]:
        out = [f"{f.get('seller_url') or f.get('seller_id')}: "
               f"{f.get('reason') or f.get('error', 'failed')}"
               if f.get("seller_url") or f.get("seller_id")
               else f"{f.get('reason', 'failed')}: {f.get('error', '')}"
               for f in result.selection.failed_bookings]
        if not result.discovered_sellers:
            out.append(f"no sellers found for {channel.value}")
        elif not result.package_candidates:
            out.append(f"no media-kit package fits the brief for {channel.value}")
        out += [f"package not bought for the audience: {r.get('seller_url', '')} "
                f"{r.get('package_id', '')}: {r.get('detail', r.get('rule', ''))}"
                for r in result.package_rejections if r.get("rule")]
        out += [f"quote rejected: {r.get('reason', '?')} ({r.get('seller_url', '')})"
                for r in result.rejected_quotes]
        out += [f"quote failed: {r.error} ({r.seller_url})"
                for r in result.quote_results if r.quote is None and r.error]
        return out


SURVEY_DESCRIPTION_CHARS = 240


def _short(text: str, limit: int = SURVEY_DESCRIPTION_CHARS) -> str:
    """Seller text cut to ``limit`` characters, saying how much was left out."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return f"{text[:limit].rstrip()}... [+{len(text) - limit} chars]"


def _package_view(candidate: PackageCandidate) -> dict[str, Any]:
    package = candidate.package
    cpm = candidate.expected_cpm_micros
    return {
        "package_id": package.package_id, "name": _short(package.name, 120),
        "description": _short(package.description),
        "price_range": _short(package.price_range, 40),
        "expected_cpm": f"{from_micros(cpm):.2f}" if cpm is not None else None,
        "formats": list(package.ad_formats), "geo": list(package.geo_targets),
        "negotiable": candidate.negotiable, "dma_verified": candidate.dma_verified,
    }


def _seller_view(card: AgentCard, candidates: list[PackageCandidate]) -> dict[str, Any]:
    return {"seller_id": card.agent_id, "name": _short(card.name, 120), "url": card.url,
            "trust_level": str(card.trust_level),
            "packages": [_package_view(c) for c in sorted(candidates, key=lambda c: c.rank)]}


def _seller_rank(seller: dict[str, Any]) -> tuple[bool, Decimal, str]:
    prices = [Decimal(p["expected_cpm"]) for p in seller["packages"] if p["expected_cpm"]]
    return (not seller["packages"], min(prices, default=Decimal("Infinity")),
            str(seller["seller_id"]))


def _orchestrator(registry: RegistryClient, bus: EventBus | None, api_key: str | None,
                  transport: Any) -> MultiSellerOrchestrator:
    return MultiSellerOrchestrator(
        registry_client=registry, event_bus=bus, api_key=api_key, transport=transport,
        deals_client_factory=lambda url, **kw: DealsClient(url, **kw),
        negotiation=NegotiationStage.over_http(api_key=api_key, transport=transport))


def buyer_for_sandbox(bus: EventBus | None, api_key: str,
                      network: SandboxNetwork | None = None) -> OrchestratorChannelBuyer:
    """A buyer over the in-process sandbox seller network (no sockets)."""
    from ad_buyer.sandbox.testing import in_process_sandbox

    network = network or in_process_sandbox()
    registry = RegistryClient(registry_url=network.registry_url, transport=network.transport())
    return OrchestratorChannelBuyer(_orchestrator(registry, bus, api_key, network.transport()))


def buyer_for_registry(registry_url: str, bus: EventBus | None,
                       api_key: str | None) -> OrchestratorChannelBuyer:
    """A buyer over real seller agents found through a registry."""
    registry = RegistryClient(registry_url=registry_url)
    return OrchestratorChannelBuyer(_orchestrator(registry, bus, api_key, None))
