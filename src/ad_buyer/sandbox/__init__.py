"""The sandbox seller network: a registry and seller agents speaking PROTOCOL.md.

In-process for tests and the default run (``SandboxNetwork(...).transport()``;
``persistent_sandbox()`` keeps its state across processes), or on loopback with
``running_sandbox()`` / ``ad-buyer sandbox serve``. Names load on first use, so
importing ``ad_buyer.sandbox.config`` does not start up FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ad_buyer.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from ad_buyer.sandbox.config import FaultConfig, SandboxConfig, SellerSpec
    from ad_buyer.sandbox.network import SandboxNetwork, persistent_sandbox
    from ad_buyer.sandbox.testing import (
        in_process_sandbox,
        running_sandbox,
        running_sandbox_async,
    )

_HOMES = {
    "config": ("FaultConfig", "SandboxConfig", "SellerSpec"),
    "network": ("SandboxNetwork", "persistent_sandbox"),
    "testing": ("in_process_sandbox", "running_sandbox", "running_sandbox_async"),
}

__all__ = [
    "FaultConfig",
    "SandboxConfig",
    "SandboxNetwork",
    "SellerSpec",
    "in_process_sandbox",
    "persistent_sandbox",
    "running_sandbox",
    "running_sandbox_async",
]


__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())
