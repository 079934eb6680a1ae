"""Sandbox helpers for tests and benchmarks: in-process, or uvicorn on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import uvicorn

from ad_buyer.sandbox.config import SandboxConfig
from ad_buyer.sandbox.network import SELLERS_PATH, SandboxNetwork

logger = logging.getLogger(__name__)

STARTUP_TIMEOUT_S = 10.0
POLL_S = 0.01


def in_process_sandbox(config: SandboxConfig | None = None) -> SandboxNetwork:
    """A network to reach through ``network.transport()`` (no sockets)."""
    return SandboxNetwork(config)


class InFlightMeter:
    """How many requests each seller serves at once: ``peak[seller_id]`` is the most
    it ever served together (an ASGI wrapper around the network's app). A request is
    served from its arrival until its response's last byte is handed to the server."""

    def __init__(self) -> None:
        self.now: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.served: Counter[str] = Counter()
        self._lock = threading.Lock()

    @staticmethod
    def seller_of(path: str) -> str | None:
        if not path.startswith(SELLERS_PATH + "/"):
            return None
        return path[len(SELLERS_PATH) + 1:].split("/", 1)[0] or None

    def _leave(self, seller: str) -> None:
        with self._lock:
            self.now[seller] -= 1

    def wrap(self, app: Any) -> Any:
        async def metered(scope: dict[str, Any], receive: Any, send: Any) -> None:
            seller = self.seller_of(scope.get("path", "")) if scope["type"] == "http" else None
            if seller is None:
                await app(scope, receive, send)
                return
            with self._lock:
                self.now[seller] += 1
                self.served[seller] += 1
                self.peak[seller] = max(self.peak[seller], self.now[seller])
            answered = False

            async def counted(message: dict[str, Any]) -> None:
                nonlocal answered
                last = message["type"] == "http.response.body" and not message.get("more_body")
                if last and not answered:
                    answered = True
                    self._leave(seller)
                await send(message)

            try:
                await app(scope, receive, counted)
            finally:
                if not answered:
                    self._leave(seller)

        return metered


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


def _start(config: SandboxConfig | None, host: str, port: int,
           meter: InFlightMeter | None = None) -> _Running:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))  # port 0: the OS picks a free one, with no race
    bound_port = sock.getsockname()[1]
    network = SandboxNetwork(config, base_url=f"http://{host}:{bound_port}")
    app = meter.wrap(network.app) if meter is not None else network.app
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                              name=f"sandbox-{bound_port}", daemon=True)
    thread.start()
    return _Running(network, server, thread, sock, time.monotonic() + STARTUP_TIMEOUT_S)


@contextlib.contextmanager
def running_sandbox(config: SandboxConfig | None = None, host: str = "127.0.0.1",
                    port: int = 0, *, meter: InFlightMeter | None = None
                    ) -> Iterator[SandboxNetwork]:
    """Serve the network with uvicorn in a background thread until the block exits
    (``meter`` counts the requests each seller serves at once)."""
    running = _start(config, host, port, meter)
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
