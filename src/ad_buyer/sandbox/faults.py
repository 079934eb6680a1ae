"""Transport faults for one seller: latency, 5xx, hangs, late answers, malformed bodies.

Faults draw from a seeded RNG that restarts whenever the faults are set, so a
test sees the same sequence on every run. Application faults (quote anomalies,
booking refusals, delivery anomalies) are applied by the handlers themselves.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from ad_buyer.sandbox.config import FaultConfig
from ad_buyer.sandbox.errors import error_response

logger = logging.getLogger(__name__)

MALFORMED_BODY = b'{"quote": {"quote_id": "q-trunc'


def route_path(request: Request) -> str:
    """The path below the seller's mount point (``/media-kit``, ``/api/v1/...``)."""
    path: str = request.scope["path"]
    root: str = request.scope.get("root_path", "")
    if root and path.startswith(root):
        return path[len(root):] or "/"
    return path


class FaultInjector:
    """Holds one seller's live fault config and its deterministic draws."""

    def __init__(self, seller_id: str, seed: int, config: FaultConfig | None = None) -> None:
        self.seller_id = seller_id
        self.seed = seed
        self.config = config or FaultConfig()
        self._reset()

    def _reset(self) -> None:
        self._rng = random.Random(f"{self.seed}:{self.seller_id}:faults")
        self._seen = 0
        self._matched = 0  # requests that reached the handler

    def set(self, config: FaultConfig) -> None:
        self.config = config
        self._reset()

    def _draw(self, rate: float) -> bool:
        return rate > 0 and self._rng.random() < rate

    async def middleware(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        config = self.config
        path = route_path(request)
        if not config.applies_to(path):
            return await call_next(request)
        self._seen += 1
        if config.latency_ms:
            await asyncio.sleep(config.latency_ms / 1000)
        if self._seen <= config.error_first_n or self._draw(config.error_rate):
            logger.info("sandbox %s: injected HTTP %d on %s", self.seller_id,
                        config.error_status, path)
            return error_response(config.error_status, "seller_unavailable",
                                  f"sandbox fault: {self.seller_id} is failing")
        if self._draw(config.timeout_rate):
            logger.info("sandbox %s: hanging %.1fs on %s", self.seller_id,
                        config.hang_seconds, path)
            await asyncio.sleep(config.hang_seconds)
        if self._draw(config.malformed_rate):
            return Response(MALFORMED_BODY, status_code=200, media_type="application/json")
        self._matched += 1
        late = self._matched <= config.respond_late_first_n or self._draw(
            config.respond_late_rate)
        response = await call_next(request)
        if late:
            logger.info("sandbox %s: answering %s after %.1fs (the work is done)",
                        self.seller_id, path, config.hang_seconds)
            await asyncio.sleep(config.hang_seconds)
        return response
