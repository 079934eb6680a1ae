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
:class:`ChannelBuyPlan` (``dry_run`` True). A deal the seller booked on other
terms than agreed and that could not be cancelled is a ``"status": "held"``
line: it is live at the seller, so it counts in ``committed_micros``.

Sellers' API keys come from the buyer's key store (``SellerKeyAuth``: each seller
its own key). On the sandbox, the buyer first asks every registered seller for
a key (``POST /auth/api-keys``), as a buyer would at sellers that issue them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx

from ad_buyer.clients.api_keys import enroll_registered
from ad_buyer.clients.credentials import SellerKeyAuth, SellerKeyStore
from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.crew.tooling import ChannelBuyResult, SpendLimits
from ad_buyer.events.bus import EventBus
from ad_buyer.models.brief import CampaignBrief, Channel
from ad_buyer.models.buyer_identity import BuyerIdentity, DealType
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
# Who the buyer says it is when it asks sandbox sellers for keys (agency tier:
# enough to negotiate).
SANDBOX_BUYER = BuyerIdentity(seat_id="ad-buyer-seat", agency_id="ad-buyer-agency")
Prepare = Callable[[], Awaitable[list[str]]]


class ChannelBuyPlan(ChannelBuyResult):
    """A dry run's result: planned lines, nothing booked or held at a seller."""

    dry_run: bool = True


class OrchestratorChannelBuyer:
    """Adapts one :class:`MultiSellerOrchestrator` to the crew's tool interface."""

    def __init__(self, orchestrator: MultiSellerOrchestrator, *,
                 max_deals: int = DEFAULT_MAX_DEALS, prepare: Prepare | None = None) -> None:
        if max_deals < 1:
            raise ValueError("max_deals must be at least 1")
        self.orchestrator = orchestrator
        self.max_deals = max_deals
        self._prepare = prepare
        self._prepared: asyncio.Task[list[str]] | None = None

    async def _ready(self) -> None:
        """Run ``prepare`` (obtaining sellers' keys) once, before the first seller call.
        A seller that issues no key is logged and stays public tier."""
        if self._prepare is None:
            return
        if self._prepared is None:
            self._prepared = asyncio.ensure_future(self._prepare())
        await self._prepared

    def _requirements(self, brief: CampaignBrief, channel: Channel,
                      limits: SpendLimits | None = None) -> InventoryRequirements:
        deal_types = (limits.deal_types if limits else brief.deal_types) or list(DealType)
        cap = limits.max_cpm_micros if limits else brief.max_cpm_micros
        return InventoryRequirements(
            media_type=MEDIA_TYPES[channel], deal_types=[d.value for d in deal_types],
            excluded_sellers=list(limits.excluded_sellers if limits else brief.excluded_sellers),
            max_cpm=from_micros(cap) if cap else None, currency=brief.currency)

    async def survey(self, brief: CampaignBrief, channel: Channel) -> dict[str, Any]:
        """The channel's sellers, each with its media-kit packages that fit the brief.

        Packages are picked by the orchestrator's own selection
        (:func:`~ad_buyer.orchestration.package_selection.select_packages`: channel,
        countries, DMAs, max CPM; best first, a few per seller), so the specialist
        sees what ``buy`` would quote. Sellers with matching packages come first,
        best expected CPM first. Names and descriptions are seller-written: the
        caller must show them only as untrusted data.
        """
        await self._ready()
        requirements = self._requirements(brief, channel)
        cards = await self.orchestrator.discover_sellers(requirements)
        criteria = PackageCriteria(
            channel=requirements.media_type, countries=tuple(brief.countries),
            dmas=tuple(brief.dmas), max_cpm_micros=brief.max_cpm_micros)
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
        await self._ready()
        channel = limits.channel
        deal_type = (limits.deal_types or [DealType.PREFERRED_DEAL])[0]
        result = await self.orchestrator.shop(
            self._requirements(brief, channel, limits), deal_type=deal_type.value,
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
        booked += [self._held_line(held, names) for held in selection.held_deals]
        committed = to_micros(selection.total_spend)
        return ChannelBuyResult(
            channel=channel, committed_micros=committed, booked=booked, not_booked=not_booked,
            negotiations=list(result.negotiations),
            summary=(f"{len(booked)} deal(s) booked for {channel.value}, "
                     f"{from_micros(committed):,.2f} {limits.currency} committed of "
                     f"{from_micros(limits.budget_micros):,.2f}"),
        )

    @staticmethod
    def _held_line(held: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
        """A deal booked at the seller on other terms than agreed, not cancellable."""
        deal = held["deal"]
        url = str(held.get("seller_url") or "").rstrip("/")
        cpm = int(deal["pricing"]["final_cpm"]["amount_micros"])
        return {"status": "held", "seller_url": url, "seller_name": names.get(url, ""),
                "deal_id": held["deal_id"], "quote_id": held["quote_id"],
                "product_id": deal["product"]["product_id"],
                "package_name": deal["product"].get("name", ""),
                "deal_type": deal["deal_type"], "impressions": deal["terms"]["impressions"],
                "cpm_micros": cpm, "cost_micros": int(held["cost_micros"]),
                "reason": held["reason"]}

    @staticmethod
    def _not_booked(result: OrchestrationResult, channel: Channel) -> list[str]:
        out = [f"{f.get('seller_url') or f.get('seller_id')}: "
               f"{f.get('reason') or f.get('error', 'failed')}"
               if f.get("seller_url") or f.get("seller_id")
               else f"{f.get('reason', 'failed')}: {f.get('error', '')}"
               for f in result.selection.failed_bookings]
        out += [f"HELD deal {h['deal_id']} at {h['seller_url']}: {h['reason']}"
                for h in result.selection.held_deals]
        out += [f"skipped: {w}" for w in result.discovery_warnings]
        if not result.discovered_sellers:
            out.append(f"no sellers found for {channel.value}")
        elif not result.package_candidates:
            why = result.package_rejection_counts()
            out.append(f"no media-kit package fits the brief for {channel.value}"
                       + (f" (why: {why})" if why else ""))
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


def _orchestrator(registry: RegistryClient, bus: EventBus | None, auth: httpx.Auth,
                  transport: Any) -> MultiSellerOrchestrator:
    return MultiSellerOrchestrator(
        registry_client=registry, event_bus=bus, auth=auth, transport=transport,
        deals_client_factory=lambda url, **kw: DealsClient(url, **kw),
        negotiation=NegotiationStage.over_http(auth=auth, transport=transport))


def buyer_for_sandbox(bus: EventBus | None, network: SandboxNetwork | None = None, *,
                      keys: SellerKeyStore | None = None) -> OrchestratorChannelBuyer:
    """A buyer over the in-process sandbox seller network (no sockets).

    Before its first seller call it asks every registered sandbox seller for a
    key and keeps it in ``keys`` (default: the key store in ``$AD_BUYER_HOME``);
    keys are labelled with the sandbox world they came from (a fresh sandbox state
    is a new world, whose sellers issue new keys).
    """
    from ad_buyer.sandbox.testing import in_process_sandbox

    network = network or in_process_sandbox()
    store = keys if keys is not None else SellerKeyStore()
    transport = network.transport()
    registry = RegistryClient(registry_url=network.registry_url, transport=transport)

    return OrchestratorChannelBuyer(
        _orchestrator(registry, bus, SellerKeyAuth(store), transport),
        prepare=lambda: enroll_registered(registry, store, SANDBOX_BUYER,
                                          label=f"sandbox world {network.world_id}",
                                          transport=transport))


def buyer_for_registry(registry_url: str, bus: EventBus | None, *,
                       keys: SellerKeyStore | None = None) -> OrchestratorChannelBuyer:
    """A buyer over real seller agents found through a registry; each seller gets
    the key stored for it (``ad-buyer sellers add-key``), and a seller with none gets none."""
    registry = RegistryClient(registry_url=registry_url)
    auth = SellerKeyAuth(keys if keys is not None else SellerKeyStore())
    return OrchestratorChannelBuyer(_orchestrator(registry, bus, auth, None))
