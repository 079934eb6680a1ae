"""Sandbox helpers for tests and benchmarks: in-process, or uvicorn on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import uvicorn

from ad_buyer.sandbox.config import SandboxConfig
from ad_buyer.sandbox.network import SandboxNetwork

logger = logging.getLogger(__name__)

STARTUP_TIMEOUT_S = 10.0
POLL_S = 0.01


def in_process_sandbox(config: SandboxConfig | None = None) -> SandboxNetwork:
    """A network to reach through ``network.transport()`` (no sockets)."""
    return SandboxNetwork(config)


@dataclass
class _Running:
    network: SandboxNetwork
    server: uvicorn.Server
    thread: threading.Thread
    sock: socket.socket
    deadline: float

    def wait_started(self) -> None:
        """Block until uvicorn serves (it flags ``started`` from its own thread)."""
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > self.deadline:
                self.stop_signal()
                raise RuntimeError(f"sandbox server at {self.network.base_url} did not start")
            time.sleep(POLL_S)

    def stop_signal(self) -> None:
        self.server.should_exit = True

    def close(self) -> None:
        self.sock.close()


def _start(config: SandboxConfig | None, host: str, port: int) -> _Running:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))  # port 0: the OS picks a free one, with no race
    bound_port = sock.getsockname()[1]
    network = SandboxNetwork(config, base_url=f"http://{host}:{bound_port}")
    server = uvicorn.Server(uvicorn.Config(network.app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                              name=f"sandbox-{bound_port}", daemon=True)
    thread.start()
    return _Running(network, server, thread, sock, time.monotonic() + STARTUP_TIMEOUT_S)


@contextlib.contextmanager
def running_sandbox(config: SandboxConfig | None = None, host: str = "127.0.0.1",
                    port: int = 0) -> Iterator[SandboxNetwork]:
    """Serve the network with uvicorn in a background thread until the block exits."""
    running = _start(config, host, port)
    try:
        running.wait_started()
        logger.info("sandbox serving at %s", running.network.base_url)
        yield running.network
    finally:
        running.stop_signal()
        running.thread.join(timeout=STARTUP_TIMEOUT_S)
        running.close()


@contextlib.asynccontextmanager
async def running_sandbox_async(config: SandboxConfig | None = None, host: str = "127.0.0.1",
                                port: int = 0) -> AsyncIterator[SandboxNetwork]:
    """``running_sandbox`` for async code: waits without blocking the event loop."""
    running = _start(config, host, port)
    try:
        await asyncio.to_thread(running.wait_started)
        logger.info("sandbox serving at %s", running.network.base_url)
        yield running.network
    finally:
        running.stop_signal()
        await asyncio.to_thread(running.thread.join, STARTUP_TIMEOUT_S)
        running.close()
