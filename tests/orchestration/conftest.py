"""Fixtures: the in-process sandbox over HTTP (ASGI transport) and orchestrators."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from ad_buyer.clients.credentials import SellerKeyAuth
from ad_buyer.clients.deals_client import DealsClient
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.orchestration.multi_seller import MultiSellerOrchestrator
from ad_buyer.registry.client import RegistryClient
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox
from seller_keys import sandbox_auth
from worlds import native_world


@pytest.fixture
def network() -> SandboxNetwork:
    return in_process_sandbox(native_world())


@pytest.fixture
async def registry(network: SandboxNetwork) -> AsyncIterator[RegistryClient]:
    client = RegistryClient(registry_url=network.registry_url, transport=network.transport(),
                            cache_ttl_seconds=0.001)
    yield client
    await client.aclose()


@pytest.fixture
async def auth(network: SandboxNetwork) -> SellerKeyAuth:
    """A key from every sandbox seller, each sent to its own seller only."""
    return await sandbox_auth(network)


@pytest.fixture
def make_orchestrator(network: SandboxNetwork, registry: RegistryClient,
                      bus: InMemoryEventBus,
                      auth: SellerKeyAuth) -> Callable[..., MultiSellerOrchestrator]:
    def make(**kw: Any) -> MultiSellerOrchestrator:
        kw.setdefault("event_bus", bus)
        kw.setdefault("transport", network.transport())
        kw.setdefault("auth", auth)
        return MultiSellerOrchestrator(
            registry_client=kw.pop("registry_client", registry),
            deals_client_factory=kw.pop("deals_client_factory",
                                        lambda url, **k: DealsClient(url, **k)),
            **kw)

    return make
