"""The crew buying from real seller agents over sockets (``--registry-url``).

In-process ASGI transports do not care which event loop a connection belongs to;
real HTTP connection pools do. Tool calls made on a fresh loop each time once
left the second call with connections of a closed loop and nothing booked.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ad_buyer.async_bridge import BackgroundLoop, run_sync
from ad_buyer.crew.buyer import desks_for_registry
from ad_buyer.crew.run import run_campaign
from ad_buyer.events.bus import InMemoryEventBus
from ad_buyer.events.log import RunStatus
from ad_buyer.sandbox.testing import running_sandbox
from ad_buyer.storage.db import Database

from .conftest import REFERENCE

BRIEF = """Campaign: Loopback Audio
Budget $60k, flight July 1 - Sept 30 2026. Audio and display, adults 18-34 in the US.
Goal: awareness. Max $20 CPM. PD."""


@pytest.mark.server
def test_crew_books_through_real_sockets_across_tool_calls(tmp_path: Path) -> None:
    bus = InMemoryEventBus()
    with running_sandbox() as network:
        desks = desks_for_registry(network.registry_url, bus)
        result = run_campaign(BRIEF, desks=desks, db=Database(f"sqlite:///{tmp_path}/r.db"),
                              bus=bus, reference_date=REFERENCE,
                              env={"AD_BUYER_LLM": "offline"})
        held = {stored.deal.deal_id for seller in network.sellers
                for stored in network.active_deals(seller.seller_id)}
    assert result.status is RunStatus.COMPLETED, result.report
    booked = [line for r in result.channel_results for line in r.booked]
    assert {r.channel.value for r in result.channel_results if r.booked} == {"audio", "display"}
    assert {line["deal_id"] for line in booked} <= held
    assert 0 < result.committed_micros <= 60_000 * 1_000_000


def test_background_loop_keeps_one_loop_and_refuses_reentry() -> None:
    async def current_loop() -> object:
        import asyncio

        return asyncio.get_running_loop()

    assert run_sync(current_loop()) is run_sync(current_loop())
    assert run_sync(42) == 42

    loop = BackgroundLoop("test-loop")

    async def reenter() -> None:
        loop.run(current_loop())

    with pytest.raises(RuntimeError, match="background loop itself"):
        loop.run(reenter())
    assert threading.active_count() >= 2
