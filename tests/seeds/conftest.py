"""Seed-document examples run against a sandbox served by uvicorn on 127.0.0.1."""

from collections.abc import Iterator

import pytest

from ad_buyer.sandbox.network import SandboxNetwork
from ad_buyer.sandbox.testing import running_sandbox


@pytest.fixture(scope="module")
def loopback_sandbox() -> Iterator[SandboxNetwork]:
    with running_sandbox() as network:
        yield network


@pytest.fixture
def registry_env(loopback_sandbox: SandboxNetwork, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the seeds' default ``RegistryClient()`` at the loopback registry."""
    monkeypatch.setenv("AD_BUYER_REGISTRY_URL", loopback_sandbox.registry_url)
    return loopback_sandbox.registry_url
