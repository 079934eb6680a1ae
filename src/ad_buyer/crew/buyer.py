"""The seller world a run's channel desks shop: the sandbox, or real sellers.

One :class:`SellerNetwork` per run: one :class:`MultiSellerOrchestrator` (one
pooled HTTP transport, one identity policy, one negotiation stage) serves
every channel desk, and the brief's seller names and currency are checked
against the registry listing before any quote (:meth:`SellerNetwork.scope`).

Sellers' API keys come from the buyer's key store (``SellerKeyAuth``: each
seller its own key, a seller with none gets none). On the sandbox, the buyer
first asks every registered seller for a key (``POST /auth/api-keys``), as a
buyer would at sellers that issue them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from ad_buyer.clients.api_keys import enroll_registered
from ad_buyer.clients.credentials import SellerKeyAuth, SellerKeyStore
from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.events.bus import EventBus
from ad_buyer.models.brief import CampaignBrief
from ad_buyer.models.buyer_identity import BuyerIdentity
from ad_buyer.orchestration.desk.channel_desk import ChannelDesk
from ad_buyer.orchestration.desk.terms import MEDIA_TYPES, DeskTerms
from ad_buyer.orchestration.multi_seller import MultiSellerOrchestrator
from ad_buyer.orchestration.negotiation_stage import NegotiationStage
from ad_buyer.orchestration.seller_performance import SellerPerformanceTracker
from ad_buyer.orchestration.seller_scope import SellerScope, scope_sellers
from ad_buyer.registry.client import RegistryClient
from ad_buyer.registry.named import NamedSellers
from ad_buyer.storage.db import Database

if TYPE_CHECKING:
    from ad_buyer.sandbox.network import SandboxNetwork

# Who the buyer says it is when it asks sandbox sellers for keys (agency tier:
# enough to negotiate).
SANDBOX_BUYER = BuyerIdentity(seat_id="ad-buyer-seat", agency_id="ad-buyer-agency")
Prepare = Callable[[], Awaitable[list[str]]]


class SellerNetwork:
    """Opens channel desks over one orchestrator and checks the brief's sellers.

    ``prepare`` (obtaining sellers' keys) runs once, before the first seller call
    of any desk; a seller that issues no key stays public tier.
    """

    def __init__(self, orchestrator: MultiSellerOrchestrator, *,
                 prepare: Prepare | None = None) -> None:
        self.orchestrator = orchestrator
        self._prepare = prepare
        self._prepared: asyncio.Future[list[str]] | None = None
        self._scopes: dict[tuple[object, ...], SellerScope] = {}

    async def ready(self) -> None:
        if self._prepare is None:
            return
        if self._prepared is None:
            self._prepared = asyncio.ensure_future(self._prepare())
        await self._prepared

    def track_performance(self, db: Database) -> SellerNetwork:
        """Record every quote and booking in ``db``'s seller performance, and rank
        quotes with each seller's reliability from earlier runs."""
        self.orchestrator.track_performance(SellerPerformanceTracker(db))
        return self

    def __call__(self, terms: DeskTerms) -> ChannelDesk:
        return ChannelDesk(self.orchestrator, terms, ready=self.ready)

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
            cards = await self.orchestrator.registry_client.discover_sellers(currency=None)
            self._scopes[key] = scope_sellers(
                excluded=brief.excluded_sellers, included=brief.included_sellers,
                currency=brief.currency, media_types=[MEDIA_TYPES[c] for c in brief.channels],
                cards=cards)
        return self._scopes[key]


def _orchestrator(registry: RegistryClient, bus: EventBus | None, auth: httpx.Auth,
                  transport: Any) -> MultiSellerOrchestrator:
    return MultiSellerOrchestrator(
        registry_client=registry, event_bus=bus, auth=auth, transport=transport,
        deals_client_factory=lambda url, **kw: DealsClient(url, **kw),
        negotiation=NegotiationStage.over_http(auth=auth, transport=transport))


def desks_for_sandbox(bus: EventBus | None, network: SandboxNetwork | None = None, *,
                      keys: SellerKeyStore | None = None) -> SellerNetwork:
    """Channel desks over the in-process sandbox seller network (no sockets).

    Before its first seller call it asks every registered sandbox seller for a
    key and keeps it in ``keys`` (default: the key store in ``$AD_BUYER_HOME``);
    keys are labelled with the sandbox world they came from (a fresh sandbox state
    is a new world, whose sellers issue new keys).
    """
    if network is None:  # the helpers module brings uvicorn along: only when needed
        from ad_buyer.sandbox.testing import in_process_sandbox

        network = in_process_sandbox()
    store = keys if keys is not None else SellerKeyStore()
    transport = network.transport()
    registry = RegistryClient(registry_url=network.registry_url, transport=transport)
    return SellerNetwork(
        _orchestrator(registry, bus, SellerKeyAuth(store), transport),
        prepare=lambda: enroll_registered(registry, store, SANDBOX_BUYER,
                                          label=f"sandbox world {network.world_id}",
                                          transport=transport))


def desks_for_registry(registry_url: str, bus: EventBus | None, *,
                       keys: SellerKeyStore | None = None) -> SellerNetwork:
    """Channel desks over real seller agents found through a registry; each seller gets
    the key stored for it (``ad-buyer sellers add-key``), and a seller with none gets none."""
    registry = RegistryClient(registry_url=registry_url)
    auth = SellerKeyAuth(keys if keys is not None else SellerKeyStore())
    return SellerNetwork(_orchestrator(registry, bus, auth, None))


def desks_for_sellers(seller_urls: Sequence[str], bus: EventBus | None, *,
                      keys: SellerKeyStore | None = None,
                      transport: httpx.AsyncBaseTransport | None = None) -> SellerNetwork:
    """Channel desks over sellers named by URL, with no registry: each seller's own agent
    card tells its dialect (:class:`~ad_buyer.registry.named.NamedSellers`); each gets
    the key stored for it, and a seller with none gets none (public tier)."""
    registry = NamedSellers(seller_urls, transport=transport)
    auth = SellerKeyAuth(keys if keys is not None else SellerKeyStore())
    return SellerNetwork(_orchestrator(registry, bus, auth, transport))


def seller_network(registry_url: str | None, bus: EventBus | None,
                   sellers: Sequence[str] = ()) -> SellerNetwork:
    """Named sellers, real sellers through a registry, or the default sandbox.

    The default sandbox is in-process but durable (``$AD_BUYER_HOME``), so a later
    ``ad-buyer pace RUN`` (or a resumed run) reaches the sellers that hold this run's
    deals.
    """
    if sellers:
        return desks_for_sellers(sellers, bus)
    if registry_url:
        return desks_for_registry(registry_url, bus)
    from ad_buyer.sandbox.network import persistent_sandbox

    return desks_for_sandbox(bus, persistent_sandbox())
