"""Deals clients for pacing: sandbox URLs through the durable in-process sandbox.

A run booked on the default (in-process) sandbox has seller URLs under
``http://sandbox.local``; no server listens there, so later invocations reach
those sellers through the persistent sandbox's ASGI transport, whose state
holds the deals the run booked. Every other URL is a real seller over HTTP.
Each seller gets its own key from the buyer's key store (``SellerKeyAuth``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from ad_buyer.clients.credentials import SellerKeyAuth
from ad_buyer.clients.deals_client import DealsClient

if TYPE_CHECKING:
    from ad_buyer.sandbox.network import SandboxNetwork

logger = logging.getLogger(__name__)



class SellerClients:
    """A ``ClientFactory`` for :class:`PacingEngine` that knows the in-process sandbox.

    The sandbox is built on first use, so runs on real sellers never touch it.
    """

    def __init__(self, auth: httpx.Auth | None = None, *, home: Path | None = None,
                 network: SandboxNetwork | None = None) -> None:
        self.auth = auth if auth is not None else SellerKeyAuth()
        self.home = home
        self._network = network

    @property
    def network(self) -> SandboxNetwork:
        if self._network is None:
            from ad_buyer.sandbox.network import persistent_sandbox

            self._network = persistent_sandbox(self.home)
            logger.info("in-process sandbox state: %s", self._network.state_path)
        return self._network

    def __call__(self, seller_url: str) -> DealsClient:
        from ad_buyer.sandbox.network import is_in_process_url

        if is_in_process_url(seller_url):
            return DealsClient(seller_url, auth=self.auth, transport=self.network.transport())
        return DealsClient(seller_url, auth=self.auth)
