"""A transport that records what the buyer sends and can rewrite what a seller answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

Rewrite = Callable[[str, Any], Any]


@dataclass
class Call:
    method: str
    path: str
    body: Any
    headers: dict[str, str]


@dataclass
class Spy(httpx.AsyncBaseTransport):
    """Wraps a transport; ``rewrite(path, body)`` may replace a JSON answer's body."""

    inner: httpx.AsyncBaseTransport
    rewrite: Rewrite | None = None
    calls: list[Call] = field(default_factory=list)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        content = request.content
        self.calls.append(Call(request.method, request.url.path,
                               json.loads(content) if content else None,
                               {k.lower(): v for k, v in request.headers.items()}))
        response = await self.inner.handle_async_request(request)
        if self.rewrite is None:
            return response
        await response.aread()
        try:
            data = response.json()
        except ValueError:
            return response
        return httpx.Response(response.status_code, json=self.rewrite(request.url.path, data))

    def bodies(self, suffix: str) -> list[Any]:
        return [c.body for c in self.calls if c.path.endswith(suffix)]
