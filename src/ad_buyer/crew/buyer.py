"""The seller world a run's channel desks shop: the sandbox, or real sellers.

One :class:`MultiSellerOrchestrator` (one pooled HTTP transport, one identity
policy, one negotiation stage) serves every channel desk of a run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.events.bus import EventBus
from ad_buyer.orchestration.desk import ChannelDesk, DeskTerms
from ad_buyer.orchestration.multi_seller import MultiSellerOrchestrator
from ad_buyer.orchestration.negotiation_stage import NegotiationStage
from ad_buyer.registry.client import RegistryClient

if TYPE_CHECKING:
    from ad_buyer.crew.tooling import DeskFactory
    from ad_buyer.sandbox.network import SandboxNetwork


def _orchestrator(registry: RegistryClient, bus: EventBus | None, api_key: str | None,
                  transport: Any) -> MultiSellerOrchestrator:
    return MultiSellerOrchestrator(
        registry_client=registry, event_bus=bus, api_key=api_key, transport=transport,
        deals_client_factory=lambda url, **kw: DealsClient(url, **kw),
        negotiation=NegotiationStage.over_http(api_key=api_key, transport=transport))


def desk_factory(orchestrator: MultiSellerOrchestrator) -> DeskFactory:
    def open_desk(terms: DeskTerms) -> ChannelDesk:
        return ChannelDesk(orchestrator, terms)

    return open_desk


def desks_for_sandbox(bus: EventBus | None, api_key: str,
                      network: SandboxNetwork | None = None) -> DeskFactory:
    """Channel desks over the in-process sandbox seller network (no sockets)."""
    from ad_buyer.sandbox.testing import in_process_sandbox

    network = network or in_process_sandbox()
    registry = RegistryClient(registry_url=network.registry_url, transport=network.transport())
    return desk_factory(_orchestrator(registry, bus, api_key, network.transport()))


def desks_for_registry(registry_url: str, bus: EventBus | None,
                       api_key: str | None) -> DeskFactory:
    """Channel desks over real seller agents found through a registry."""
    registry = RegistryClient(registry_url=registry_url)
    return desk_factory(_orchestrator(registry, bus, api_key, None))
