"""Per-seller deals clients over one pooled HTTP transport.

Building an httpx client without a shared transport costs ~40 ms (TLS
context), which dominated 50-seller runs; every client the orchestrator opens
therefore borrows one transport, and closing a client leaves it open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import httpx

from ad_buyer.models.buyer_identity import BuyerIdentity

logger = logging.getLogger(__name__)

DealsClientFactory = Callable[..., Any]


class SharedTransport(httpx.AsyncBaseTransport):
    """Lends a transport to many clients; closing a client leaves it open."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        return None


class SellerClientPool:
    """Opens deals clients per seller URL with the buyer identity chosen for that seller.

    ``transport`` None: the pool creates (and :meth:`aclose` closes) one
    ``httpx.AsyncHTTPTransport``; a caller's transport is used as is and left open.
    """

    def __init__(self, factory: DealsClientFactory, *, timeout: float,
                 auth: httpx.Auth | None = None, transport: Any = None) -> None:
        self.factory = factory
        self.timeout = timeout
        self.auth = auth
        self._owned = httpx.AsyncHTTPTransport() if transport is None else None
        self.transport: Any = (SharedTransport(self._owned) if self._owned is not None
                               else transport)
        self.identities: dict[str, BuyerIdentity | None] = {}

    def open(self, seller_url: str) -> Any:
        """A new client for ``seller_url``; close it with :meth:`close`."""
        kw: dict[str, Any] = {"timeout": self.timeout, "transport": self.transport}
        if self.auth is not None:
            kw["auth"] = self.auth
        identity = self.identities.get(seller_url)
        if identity is not None:
            kw["buyer_identity"] = identity
        return self.factory(seller_url, **kw)

    @staticmethod
    async def close(client: Any) -> None:
        """Close a client if it can be closed; a failure is logged, never raised."""
        closer = getattr(client, "aclose", None)
        if closer is not None:
            try:
                await closer()
            except Exception:
                logger.warning("closing a deals client failed", exc_info=True)

    async def aclose(self) -> None:
        """Close the transport this pool created (if any)."""
        if self._owned is not None:
            await self._owned.aclose()
