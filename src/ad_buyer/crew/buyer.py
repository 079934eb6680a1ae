"""The seller world a run's channel desks shop: the sandbox, or real sellers.

One :class:`SellerNetwork` per run: one :class:`MultiSellerOrchestrator` (one
pooled HTTP transport, one identity policy, one negotiation stage) serves
every channel desk, and the brief's seller names and currency are checked
against the registry listing before any quote (:meth:`SellerNetwork.scope`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.events.bus import EventBus
from ad_buyer.models.brief import CampaignBrief
from ad_buyer.orchestration.desk import MEDIA_TYPES, ChannelDesk, DeskTerms
from ad_buyer.orchestration.multi_seller import MultiSellerOrchestrator
from ad_buyer.orchestration.negotiation_stage import NegotiationStage
from ad_buyer.orchestration.seller_scope import SellerScope, scope_sellers
from ad_buyer.registry.client import RegistryClient

if TYPE_CHECKING:
    from ad_buyer.sandbox.network import SandboxNetwork


class SellerNetwork:
    """Opens channel desks over one orchestrator and checks the brief's sellers."""

    def __init__(self, orchestrator: MultiSellerOrchestrator) -> None:
        self.orchestrator = orchestrator
        self._scopes: dict[tuple[object, ...], SellerScope] = {}

    def __call__(self, terms: DeskTerms) -> ChannelDesk:
        return ChannelDesk(self.orchestrator, terms)

    async def scope(self, brief: CampaignBrief) -> SellerScope:
        """The brief's sellers, checked against the registry listing before any quote.

        Resolves the planner's excluded and included seller names, checks that the
        allowed sellers cover the channels and that one sells in the brief's currency;
        raises :class:`~ad_buyer.orchestration.seller_scope.SellerScopeError` (one
        line) otherwise. Cached per brief facts.
        """
        key = (tuple(brief.excluded_sellers), tuple(brief.included_sellers), brief.currency,
               tuple(brief.channels))
        if key not in self._scopes:
            cards = await self.orchestrator.registry_client.discover_sellers()
            self._scopes[key] = scope_sellers(
                excluded=brief.excluded_sellers, included=brief.included_sellers,
                currency=brief.currency, media_types=[MEDIA_TYPES[c] for c in brief.channels],
                cards=cards)
        return self._scopes[key]


def _orchestrator(registry: RegistryClient, bus: EventBus | None, api_key: str | None,
                  transport: Any) -> MultiSellerOrchestrator:
    return MultiSellerOrchestrator(
        registry_client=registry, event_bus=bus, api_key=api_key, transport=transport,
        deals_client_factory=lambda url, **kw: DealsClient(url, **kw),
        negotiation=NegotiationStage.over_http(api_key=api_key, transport=transport))


def desks_for_sandbox(bus: EventBus | None, api_key: str,
                      network: SandboxNetwork | None = None) -> SellerNetwork:
    """Channel desks over the in-process sandbox seller network (no sockets)."""
    from ad_buyer.sandbox.testing import in_process_sandbox

    network = network or in_process_sandbox()
    registry = RegistryClient(registry_url=network.registry_url, transport=network.transport())
    return SellerNetwork(_orchestrator(registry, bus, api_key, network.transport()))


def desks_for_registry(registry_url: str, bus: EventBus | None,
                       api_key: str | None) -> SellerNetwork:
    """Channel desks over real seller agents found through a registry."""
    registry = RegistryClient(registry_url=registry_url)
    return SellerNetwork(_orchestrator(registry, bus, api_key, None))
