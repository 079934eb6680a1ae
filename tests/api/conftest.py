"""The buyer's API over the in-process sandbox, through its real app (ASGI)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from ad_buyer.api.app import create_app
from ad_buyer.api.security import ApiKeys
from ad_buyer.api.service import BuyerService
from ad_buyer.crew.buyer import desks_for_sandbox
from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import in_process_sandbox

BRIEF = """Campaign: Summer Sips 2026
Budget $250k, flight July 1 - Sept 30 2026. CTV and audio/podcast, adults 25-54 in the US.
Goal: awareness. Max $45 CPM. PD or PG."""
REFERENCE = "2026-05-10"
GAPPY_BRIEF = "CTV for adults 25-54"


@dataclass
class Api:
    client: httpx.AsyncClient
    network: SandboxNetwork
    service: BuyerService
    app: Any


def sandbox_deals(network: SandboxNetwork) -> list[Any]:
    """Every deal the sandbox sellers hold in their own records."""
    return [deal for url in network.seller_urls for deal in network.booked_deals(url)]


def service_over(network: SandboxNetwork, db_url: str) -> BuyerService:
    return BuyerService(db_url, network=lambda _url, bus: desks_for_sandbox(bus, network))


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    network = in_process_sandbox()
    service = service_over(network, f"sqlite:///{tmp_path / 'api.db'}")
    app = create_app(service, keys=ApiKeys([]))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test",
                                     timeout=300) as client:
            yield Api(client=client, network=network, service=service, app=app)
