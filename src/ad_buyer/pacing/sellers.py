"""Deals clients for pacing: sandbox URLs through the durable in-process sandbox.

A run booked on the default (in-process) sandbox has seller URLs under
``http://sandbox.local``; no server listens there, so later invocations reach
those sellers through the persistent sandbox's ASGI transport, whose state
holds the deals the run booked. Every other URL is a real seller over HTTP.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ad_buyer.clients.deals_client import DealsClient

if TYPE_CHECKING:
    from ad_buyer.sandbox.network import SandboxNetwork

logger = logging.getLogger(__name__)

API_KEY_ENV = "AD_BUYER_API_KEY"


class SellerClients:
    """A ``ClientFactory`` for :class:`PacingEngine` that knows the in-process sandbox.

    The sandbox is built on first use, so runs on real sellers never touch it.
    """

    def __init__(self, api_key: str | None = None, *, home: Path | None = None,
                 network: SandboxNetwork | None = None) -> None:
        self.api_key = api_key
        self.home = home
        self._network = network

    @classmethod
    def from_env(cls) -> SellerClients:
        """Clients that send ``$AD_BUYER_API_KEY`` to sellers."""
        return cls(os.environ.get(API_KEY_ENV))

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
            return DealsClient(seller_url, api_key=self.api_key,
                               transport=self.network.transport())
        return DealsClient(seller_url, api_key=self.api_key)
