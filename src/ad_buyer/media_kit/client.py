"""``MediaKitClient``: browse sellers' media kits (PROTOCOL.md, Media kit).

Every call raises ``MediaKitError`` (``status_code``, ``seller_url``) on an
HTTP error, an unreachable seller or a malformed body, except
``aggregate_across_sellers``, which skips a failing seller with a warning.
In a list of packages (media kit, package list, search results) one malformed
package is skipped with a warning, never the whole list; ``skipped_packages``
says which.
Every package returned carries ``seller_url``: package ids repeat across
sellers, so a package is identified by seller URL plus id.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import httpx

from ad_buyer.clients.http import DEFAULT_TIMEOUT, SellerClient, parse_model
from ad_buyer.media_kit.models import (
    MediaKit,
    MediaKitError,
    PackageDetail,
    PackageSummary,
    SearchFilter,
)
from ad_buyer.models.buyer_identity import BuyerIdentity

logger = logging.getLogger(__name__)

# Fields only an authenticated view carries: their presence selects PackageDetail.
_DETAIL_FIELDS = frozenset(PackageDetail.model_fields) - frozenset(PackageSummary.model_fields)


class MediaKitClient(SellerClient):
    """Media kits of any number of sellers. Async context manager; ``aclose()`` otherwise."""

    error = MediaKitError

    def __init__(
        self,
        api_key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        buyer_identity: BuyerIdentity | None = None,
        *,
        auth: httpx.Auth | None = None,
        max_concurrency: int = 8,
        max_retries: int = 2,
        retry_backoff: float = 0.2,
    ) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self.api_key = api_key
        self.buyer_identity = buyer_identity
        self.max_concurrency = max_concurrency
        self.skipped_packages: list[str] = []
        super().__init__(
            api_key=api_key,
            auth=auth,
            timeout=timeout,
            transport=transport,
            max_retries=max_retries,
            retry_backoff=retry_backoff,
            headers=buyer_identity.to_headers() if buyer_identity else None,
        )

    async def get_media_kit(self, seller_url: str) -> MediaKit:
        seller = seller_url.rstrip("/")
        body = await self._get(seller, "/media-kit")
        if not isinstance(body, dict):
            raise MediaKitError(f"malformed media kit from {seller}: expected an object",
                                seller_url=seller)
        lists = {field: self._packages(body, field, seller)
                 for field in ("featured", "all_packages") if field in body}
        kit = parse_model(MediaKit, {**body, "featured": [], "all_packages": []},
                          seller_url=seller, what="media kit", error=MediaKitError)
        return kit.model_copy(update=lists)

    async def list_packages(
        self, seller_url: str, featured_only: bool = False
    ) -> list[PackageSummary]:
        seller = seller_url.rstrip("/")
        body = await self._get(seller, "/media-kit/packages",
                               params={"featured_only": str(featured_only).lower()})
        return self._packages(body, "packages", seller)

    async def get_package(self, seller_url: str, package_id: str, *,
                          tiered: bool = False) -> PackageDetail | PackageSummary:
        """One package: ``PackageDetail`` when the seller shows this buyer exact
        pricing (authenticated), else ``PackageSummary``.

        ``tiered=True`` asks the reference seller's tier-gated ``/packages/{id}``
        (its ``/media-kit/packages/{id}`` is the public view whatever the key).
        """
        seller = seller_url.rstrip("/")
        root = "/packages" if tiered else "/media-kit/packages"
        body = await self._get(seller, f"{root}/{quote(package_id, safe='')}")
        return self._package(body, seller, what=f"package {package_id}")

    async def search_packages(
        self, seller_url: str, query: str, filters: SearchFilter | None = None
    ) -> list[PackageSummary]:
        """``POST /media-kit/search``; read-only, so safe to retry."""
        seller = seller_url.rstrip("/")
        payload = {"query": query, **(filters or SearchFilter()).model_dump(exclude_none=True)}
        body = await self._http.request("POST", f"{seller}/media-kit/search",
                                        seller_url=seller, json=payload, retry=True)
        return self._packages(body, "results", seller)

    async def aggregate_across_sellers(
        self, seller_urls: Sequence[str], featured_only: bool = False
    ) -> list[PackageSummary]:
        """Every seller's packages, fetched concurrently (at most ``max_concurrency``
        at once), in seller order. A failing seller is skipped with a warning."""
        sellers = list(dict.fromkeys(url.rstrip("/") for url in seller_urls))
        gate = asyncio.Semaphore(self.max_concurrency)

        async def one(seller: str) -> list[PackageSummary]:
            async with gate:
                try:
                    return await self.list_packages(seller, featured_only=featured_only)
                except MediaKitError as exc:
                    logger.warning("skipping seller %s in media kit aggregation: %s", seller, exc)
                    return []

        batches = await asyncio.gather(*(one(seller) for seller in sellers))
        return [package for batch in batches for package in batch]

    async def _get(self, seller: str, path: str, params: dict[str, Any] | None = None) -> Any:
        return await self._http.request("GET", f"{seller}{path}", seller_url=seller,
                                        params=params, retry=True)

    def _packages(self, body: Any, field: str, seller: str) -> list[PackageSummary]:
        items = body.get(field) if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise MediaKitError(f"malformed package list from {seller}: {field}: expected a list",
                                seller_url=seller)
        packages: list[PackageSummary] = []
        for i, item in enumerate(items):
            try:
                packages.append(self._package(item, seller, what=f"{field}[{i}]"))
            except MediaKitError as exc:
                logger.warning("skipping a package from %s: %s", seller, exc)
                self.skipped_packages.append(str(exc))
        return packages

    def _package(self, data: Any, seller: str, *, what: str) -> PackageDetail | PackageSummary:
        is_detail = isinstance(data, dict) and any(
            data.get(name) is not None for name in _DETAIL_FIELDS
        )
        model: type[PackageSummary] = PackageDetail if is_detail else PackageSummary
        package = parse_model(model, data, seller_url=seller, what=what, error=MediaKitError)
        return self._tag(package, seller)

    @staticmethod
    def _tag(package: PackageSummary, seller: str) -> PackageSummary:
        return package.model_copy(update={"seller_url": seller})
