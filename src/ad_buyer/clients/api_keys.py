"""Getting an API key from a seller that issues them (``POST /auth/api-keys``).

The key carries the identity the buyer sends with the request, so it sets the
pricing tier at that seller. The IAB reference seller issues buyer keys to an
operator's credential; the sandbox's sellers issue them to any caller, which
is how the default run obtains its keys (:func:`enroll`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Protocol

import httpx
from pydantic import BaseModel

from ad_buyer.clients.credentials import SellerKeyStore, mask
from ad_buyer.clients.http import DEFAULT_TIMEOUT, SellerClient, SellerHttpError, parse_model
from ad_buyer.models.buyer_identity import BuyerIdentity

logger = logging.getLogger(__name__)


class ListedSeller(Protocol):
    @property
    def url(self) -> str: ...


class SellerListing(Protocol):
    """Where the sellers to enroll with are listed (``RegistryClient`` is one)."""

    async def discover_sellers(self, *, currency: str | None) -> Sequence[ListedSeller]: ...


class ApiKeyError(SellerHttpError):
    """A seller did not issue a key (HTTP error, unreachable, malformed answer)."""


class IssuedKey(BaseModel):
    key_id: str = ""
    api_key: str


class ApiKeysClient(SellerClient):
    error = ApiKeyError

    async def request_key(self, seller_url: str, identity: BuyerIdentity, *,
                          label: str = "") -> str:
        """A new key for ``identity`` at ``seller_url`` (shown once by the seller)."""
        seller = seller_url.rstrip("/")
        body = await self._http.request(
            "POST", f"{seller}/auth/api-keys", seller_url=seller,
            json={**identity.to_wire(), "label": label}, retry=False)
        issued = parse_model(IssuedKey, body, seller_url=seller, what="API key",
                             error=ApiKeyError)
        logger.info("%s issued API key %s (%s)", seller, issued.key_id, mask(issued.api_key))
        return issued.api_key


async def enroll(store: SellerKeyStore, seller_urls: Sequence[str], identity: BuyerIdentity,
                 *, label: str, transport: httpx.AsyncBaseTransport | None = None,
                 request_timeout: float = DEFAULT_TIMEOUT) -> list[str]:
    """Ask every seller without a key labelled ``label`` for one, and store it.

    Returns one line per seller that issued none (it keeps no key: public tier).
    """
    wanted = [url for url in dict.fromkeys(u.rstrip("/") for u in seller_urls)
              if (entry := store.entry(url)) is None or entry.label != label]
    if not wanted:
        return []
    problems: list[str] = []
    async with ApiKeysClient(timeout=request_timeout, transport=transport) as client:
        keys = await asyncio.gather(
            *(client.request_key(url, identity, label=label) for url in wanted),
            return_exceptions=True)
    for url, key in zip(wanted, keys, strict=True):
        if isinstance(key, str):
            store.add(url, key, label=label)
        elif isinstance(key, ApiKeyError):
            logger.warning("%s issued no API key: %s", url, key)
            problems.append(f"{url}: no API key ({key})")
        else:
            raise key
    return problems


async def enroll_registered(registry: SellerListing, store: SellerKeyStore,
                            identity: BuyerIdentity, *, label: str,
                            transport: httpx.AsyncBaseTransport | None = None) -> list[str]:
    """:func:`enroll` every seller the registry lists, whatever it sells in."""
    sellers = await registry.discover_sellers(currency=None)
    return await enroll(store, [c.url for c in sellers], identity, label=label,
                        transport=transport)
