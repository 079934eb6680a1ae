"""Sandbox worlds for tests."""

from __future__ import annotations

from ad_buyer.sandbox.catalog import default_sellers
from ad_buyer.sandbox.config import SandboxConfig


def native_world(seed: int = 42) -> SandboxConfig:
    """The default world's native-dialect sellers only, for tests written about them
    (the reference-dialect sellers have their own tests)."""
    return SandboxConfig(seed=seed, sellers=[s for s in default_sellers(seed)
                                             if s.dialect == "native"])
