"""The specialists' buying engine: ``MultiSellerOrchestrator`` behind the tools.

``survey`` discovers a channel's sellers; ``buy`` runs the orchestrator for one
channel with the budget and CPM cap the guard layer passed in. Quote sizing
uses a documented planning CPM per channel only to decide how many
impressions to ask for; prices come from the sellers' quotes and the budget
guard caps what is booked.
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
from ad_buyer.models.money import cost_micros, from_micros, impressions_for_budget, to_micros
from ad_buyer.orchestration.multi_seller import (
    DealParams,
    InventoryRequirements,
    MultiSellerOrchestrator,
)
from ad_buyer.orchestration.negotiation_stage import NegotiationStage
from ad_buyer.registry.client import RegistryClient

if TYPE_CHECKING:
    from ad_buyer.sandbox.network import SandboxNetwork

logger = logging.getLogger(__name__)

# Media type the registry knows each channel by, and the product id asked for
# (the seed's convention, "prod-ctv-001"; sellers resolve it to their package).
MEDIA_TYPES: dict[Channel, str] = {c: c.value for c in Channel}
PRODUCT_IDS: dict[Channel, str] = {
    Channel.CTV: "prod-ctv-001", Channel.ONLINE_VIDEO: "prod-olv-001",
    Channel.DISPLAY: "prod-display-001", Channel.MOBILE_APP: "prod-mobile-001",
    Channel.PERFORMANCE: "prod-performance-001", Channel.AUDIO: "prod-audio-001",
    Channel.DOOH: "prod-dooh-001", Channel.LINEAR_TV: "prod-linear-001",
}
# Planning CPMs (USD) used only to size quote requests when the brief has no cap.
PLANNING_CPM: dict[Channel, Decimal] = {
    Channel.CTV: Decimal(35), Channel.ONLINE_VIDEO: Decimal(20), Channel.DISPLAY: Decimal(6),
    Channel.MOBILE_APP: Decimal(8), Channel.PERFORMANCE: Decimal(5), Channel.AUDIO: Decimal(12),
    Channel.DOOH: Decimal(12), Channel.LINEAR_TV: Decimal(25),
}


class OrchestratorChannelBuyer:
    """Adapts one :class:`MultiSellerOrchestrator` to the crew's tool interface."""

    def __init__(self, orchestrator: MultiSellerOrchestrator, *, max_deals: int = 3) -> None:
        if max_deals < 1:
            raise ValueError("max_deals must be at least 1")
        self.orchestrator = orchestrator
        self.max_deals = max_deals

    def _requirements(self, brief: CampaignBrief, channel: Channel,
                      limits: SpendLimits | None = None) -> InventoryRequirements:
        deal_types = (limits.deal_types if limits else brief.deal_types) or list(DealType)
        cap = limits.max_cpm_micros if limits else brief.max_cpm_micros
        return InventoryRequirements(
            media_type=MEDIA_TYPES[channel], deal_types=[d.value for d in deal_types],
            excluded_sellers=list(limits.excluded_sellers if limits else brief.excluded_sellers),
            max_cpm=from_micros(cap) if cap else None, currency=brief.currency)

    async def survey(self, brief: CampaignBrief, channel: Channel) -> dict[str, Any]:
        cards = await self.orchestrator.discover_sellers(self._requirements(brief, channel))
        return {"channel": channel.value, "sellers": [
            {"seller_id": c.agent_id, "name": c.name, "url": c.url,
             "trust_level": str(c.trust_level),
             "capabilities": [cap.description for cap in c.capabilities]}
            for c in cards]}

    async def buy(self, brief: CampaignBrief, limits: SpendLimits) -> ChannelBuyResult:
        channel = limits.channel
        sizing_cpm = limits.max_cpm_micros or to_micros(PLANNING_CPM[channel])
        per_deal = limits.budget_micros // self.max_deals
        impressions = impressions_for_budget(sizing_cpm, per_deal)
        if impressions < 1:
            return ChannelBuyResult(channel=channel, committed_micros=0,
                                    not_booked=["channel budget too small for one impression"])
        deal_type = (limits.deal_types or [DealType.PREFERRED_DEAL])[0]
        result = await self.orchestrator.orchestrate(
            self._requirements(brief, channel, limits),
            DealParams(product_id=PRODUCT_IDS[channel], deal_type=deal_type.value,
                       impressions=impressions, flight_start=brief.flight_start,
                       flight_end=brief.flight_end, media_type=MEDIA_TYPES[channel]),
            budget=from_micros(limits.budget_micros), max_deals=self.max_deals)
        selection = result.selection
        booked = []
        for deal in selection.booked_deals:
            cpm = deal.pricing.final_cpm.amount_micros
            booked.append({
                "seller_url": deal.seller_url or "", "deal_id": deal.deal_id,
                "product_id": deal.product.product_id, "deal_type": deal.deal_type.value,
                "impressions": deal.terms.impressions, "cpm_micros": cpm,
                "cost_micros": cost_micros(cpm, deal.terms.impressions),
            })
        not_booked = [f"{f.get('seller_url') or f.get('seller_id', '?')}: "
                      f"{f.get('reason') or f.get('error', 'failed')}"
                      for f in selection.failed_bookings]
        if not result.discovered_sellers:
            not_booked.append(f"no sellers found for {channel.value}")
        not_booked += [f"quote rejected: {r.get('reason', '?')} ({r.get('seller_url', '')})"
                       for r in result.rejected_quotes]
        committed = to_micros(selection.total_spend)
        return ChannelBuyResult(
            channel=channel, committed_micros=committed, booked=booked, not_booked=not_booked,
            negotiations=list(result.negotiations),
            summary=(f"{len(booked)} deal(s) booked for {channel.value}, "
                     f"{from_micros(committed):,.2f} {limits.currency} committed of "
                     f"{from_micros(limits.budget_micros):,.2f}"),
        )


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
