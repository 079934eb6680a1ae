"""Tests obtain sandbox sellers' keys the way the buyer does: each seller issues its own."""

from __future__ import annotations

from ad_buyer.clients.api_keys import enroll
from ad_buyer.clients.credentials import SellerKeyAuth, SellerKeyStore
from ad_buyer.models.buyer_identity import BuyerIdentity
from ad_buyer.sandbox.network import SandboxNetwork

TEST_BUYER = BuyerIdentity(seat_id="test-seat", agency_id="test-agency")


async def sandbox_keys(network: SandboxNetwork, identity: BuyerIdentity = TEST_BUYER,
                       *, in_process: bool = True) -> SellerKeyStore:
    """A key store holding a key from every seller of ``network`` for ``identity``."""
    store = SellerKeyStore.in_memory()
    problems = await enroll(store, network.seller_urls, identity, label="tests",
                            transport=network.transport() if in_process else None)
    assert problems == []
    return store


async def sandbox_auth(network: SandboxNetwork, identity: BuyerIdentity = TEST_BUYER,
                       *, in_process: bool = True) -> SellerKeyAuth:
    return SellerKeyAuth(await sandbox_keys(network, identity, in_process=in_process))
