"""The sandbox seller network: a registry and seller agents speaking PROTOCOL.md.

In-process for tests and the default run (``SandboxNetwork(...).transport()``;
``persistent_sandbox()`` keeps its state across processes), or on loopback with
``running_sandbox()`` / ``ad-buyer sandbox serve``.
"""

from ad_buyer.sandbox.config import FaultConfig, SandboxConfig, SellerSpec
from ad_buyer.sandbox.network import SandboxNetwork, persistent_sandbox
from ad_buyer.sandbox.testing import in_process_sandbox, running_sandbox, running_sandbox_async

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
