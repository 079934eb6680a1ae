"""Serve the sandbox seller network with uvicorn (blocking)."""

from __future__ import annotations

from pathlib import Path

import uvicorn

from ad_buyer.sandbox.config import SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork


def build_network(host: str = "127.0.0.1", port: int = 8080,
                  config: SandboxConfig | None = None, *,
                  state_path: Path | None = None, admin: bool = False) -> SandboxNetwork:
    """With port 8080 the registry is at http://localhost:8080/agent-registry."""
    public_host = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    return SandboxNetwork(config, base_url=f"http://{public_host}:{port}",
                          state_path=state_path, admin=admin)


def serve(host: str = "127.0.0.1", port: int = 8080, config: SandboxConfig | None = None,
          network: SandboxNetwork | None = None) -> None:
    network = network or build_network(host, port, config)
    uvicorn.run(network.app, host=host, port=port, log_level="info")
