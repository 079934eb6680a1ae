"""The per-seller limit: at most N requests in flight per seller, counted at the seller."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from ad_buyer.clients import seller_slots
from ad_buyer.clients.seller_slots import (
    FileSlots,
    PostgresSlots,
    SellerSlots,
    per_seller_limit,
)
from ad_buyer.media_kit.client import MediaKitClient
from ad_buyer.sandbox.config import FaultConfig, SandboxConfig
from ad_buyer.sandbox.testing import InFlightMeter, running_sandbox
from worlds import native_world

SLOW = FaultConfig(latency_ms=60)


def _slow_world() -> SandboxConfig:
    world = native_world()
    assert world.sellers is not None
    return world.model_copy(update={"sellers": [s.model_copy(update={"faults": SLOW})
                                                for s in world.sellers]})


async def _burst(seller_url: str, n: int) -> None:
    async with MediaKitClient(timeout=10) as client:
        await asyncio.gather(*(client.get_media_kit(seller_url) for _ in range(n)))


@pytest.mark.server
@pytest.mark.parametrize("limit", [1, 2])
def test_requests_to_a_seller_never_exceed_the_installed_limit(tmp_path: Path,
                                                               limit: int) -> None:
    meter = InFlightMeter()
    with running_sandbox(_slow_world(), meter=meter) as network:
        seller = network.sellers[0]
        url = network.seller_url(seller.seller_id)
        asyncio.run(_burst(url, 8))  # no limit installed: the seller sees the burst
        unlimited = meter.peak[seller.seller_id]
        meter.peak.clear()
        with seller_slots.installed(f"sqlite:///{tmp_path / 'buyer.db'}", limit):
            asyncio.run(_burst(url, 8))
    assert unlimited > limit  # the burst overlaps, so the meter can see a breach
    assert meter.peak[seller.seller_id] == limit
    assert meter.served[seller.seller_id] == 16


def test_a_slot_file_held_by_one_process_is_refused_to_another(tmp_path: Path) -> None:
    seller = "http://sellers.example/a"
    first, second = FileSlots(tmp_path), FileSlots(tmp_path)  # two open files: two holders
    assert first.try_lock(seller, 0)
    assert not second.try_lock(seller, 0)
    assert second.try_lock(seller, 1)
    assert second.try_lock("http://sellers.example/b", 0)  # another seller's slot
    first.close()  # its holder is gone: the kernel freed the lock
    assert second.try_lock(seller, 0)
    second.close()


def test_postgres_slots_are_shared_across_sessions_and_freed_when_one_dies(
        postgres_url: str) -> None:
    seller = "http://sellers.example/a"
    first, second = PostgresSlots(postgres_url), PostgresSlots(postgres_url)
    try:
        assert first.try_lock(seller, 0)
        assert not second.try_lock(seller, 0)
        assert second.try_lock(seller, 1)
        first.close()  # the session ends: the server frees what it held (once it sees it)
        deadline = time.monotonic() + 5
        while not second.try_lock(seller, 0):
            assert time.monotonic() < deadline, "the slot was never freed"
            time.sleep(0.05)
        second.unlock(seller, 0)
        second.unlock(seller, 1)
    finally:
        first.close()
        second.close()


def test_one_process_never_shares_a_slot_between_two_requests(postgres_url: str) -> None:
    """A Postgres session re-enters its own advisory locks: the gate must not."""

    async def scenario() -> list[int]:
        gate = SellerSlots(PostgresSlots(postgres_url), per_seller=2)
        try:
            a = await gate.acquire("http://s.example/x")
            b = await gate.acquire("http://s.example/x")
            third = asyncio.create_task(gate.acquire("http://s.example/x"))
            await asyncio.sleep(0.1)
            assert not third.done()  # both slots are taken, by this very process
            await asyncio.to_thread(gate._release, "http://s.example/x", a)
            c = await asyncio.wait_for(third, 2)
            return [a, b, c]
        finally:
            gate.close()

    assert asyncio.run(scenario()) == [0, 1, 0]


def test_a_request_inside_a_request_to_the_same_seller_does_not_wait_for_itself(
        tmp_path: Path) -> None:
    async def nested() -> str:
        gate = SellerSlots(FileSlots(tmp_path), per_seller=1)
        async with gate.hold("http://s.example/x"), gate.hold("http://s.example/x/deals"):
            return "no deadlock"

    assert asyncio.run(asyncio.wait_for(nested(), 2)) == "no deadlock"


def test_the_limit_comes_from_the_environment_and_is_checked() -> None:
    assert per_seller_limit({}) == seller_slots.DEFAULT_PER_SELLER
    assert per_seller_limit({"AD_BUYER_SELLER_CONCURRENCY": "3"}) == 3
    for bad in ("0", "-2", "many"):
        with pytest.raises(ValueError, match="AD_BUYER_SELLER_CONCURRENCY"):
            per_seller_limit({"AD_BUYER_SELLER_CONCURRENCY": bad})
