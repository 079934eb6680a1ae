"""The sandbox seller network: a registry and seller agents speaking PROTOCOL.md.

In-process for tests and the default run (``SandboxNetwork(...).transport()``;
``persistent_sandbox()`` keeps its state across processes), or on loopback with
``running_sandbox()`` / ``ad-buyer sandbox serve``. Names load on first use, so
importing ``ad_buyer.sandbox.config`` does not start up FastAPI.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

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
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}

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


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
