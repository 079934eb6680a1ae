"""The buyer's API over the in-process sandbox, through its real app (ASGI)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup

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


def console_get(network: SandboxNetwork, db_url: str, path: str) -> str:
    """A console page's text (served in-process, no socket)."""
    import asyncio

    app = create_app(service_over(network, db_url), keys=ApiKeys([]))

    async def get() -> str:
        async with app.router.lifespan_context(app), httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://console.test") as client:
            page = await client.get(path)
            assert page.status_code == 200, page.text
            return page.text

    return asyncio.run(get())


def console_run_page(network: SandboxNetwork, db_url: str, run_id: str) -> BeautifulSoup:
    """The console's page of a logged run, parsed."""
    return BeautifulSoup(console_get(network, db_url, f"/console/runs/{run_id}"), "html.parser")


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


async def pace_in_july(db_url: str, run_id: str, network: SandboxNetwork) -> None:
    """Three pacing cycles in the flight, as the pacing worker would run them: the
    sellers' delivery is measured, so the run has a pacing chart."""
    from datetime import date

    from ad_buyer.pacing.engine import PacingEngine
    from ad_buyer.pacing.sellers import SellerClients
    from ad_buyer.storage.db import Database

    engine = PacingEngine.open(Database(db_url), run_id, clients=SellerClients(network=network))
    try:
        for day in (date(2026, 7, 10), date(2026, 7, 20), date(2026, 7, 30)):
            await engine.run_cycle(day)
    finally:
        await engine.aclose()
