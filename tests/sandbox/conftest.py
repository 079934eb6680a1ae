"""Fixtures: an in-process sandbox network and an HTTP client reaching it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from ad_buyer.sandbox.network import SandboxNetwork

from .support import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 6, 15, 12, 0, tzinfo=UTC))


@pytest.fixture
def network(clock: FakeClock) -> SandboxNetwork:
    return SandboxNetwork(clock=clock)


@pytest.fixture
async def client(network: SandboxNetwork) -> AsyncIterator[httpx.AsyncClient]:
    async with network.client() as c:
        yield c
