"""``RegistryClient``: find seller agents and check their trust (PROTOCOL.md, Discovery).

Failure behaviour, chosen so a workflow fails safe and keeps going:

- ``discover_sellers`` never raises on a registry failure: it logs a warning
  and returns ``[]`` (seed 002, "Registry Errors"). Failures are not cached.
- ``verify_agent`` never raises on a registry failure either: it logs a
  warning and answers ``TrustInfo(is_registered=False, trust_level=UNKNOWN)``,
  so a caller that filters out UNKNOWN sellers skips a seller it could not
  vet rather than trusting it.
- ``fetch_agent_card`` asks the seller itself and raises ``RegistryError``:
  the caller named that seller, so silence would hide a real problem.
- A listed seller whose URL has dot segments (``/sellers/a/%2e%2e/b``) or
  normalises to, or under, another listed seller's path is refused with a
  logged reason (``skipped_cards``): keys are scoped by path.
- A malformed card in a listing skips that seller with a warning (kept in
  ``skipped_cards`` so a run can say why a seller is missing); ``check``
  raises when the registry lists agents but not one card can be read.

Registries come in two shapes (PROTOCOL.md): the native one lists cards with
their ``trust_level`` and answers ``/verify``; an AAMP-style one lists agent
cards under an ``id`` without trust, which is read from ``/agents/{id}/trust``.
Both are read; the client notices an AAMP registry when ``/verify`` is not
served, and fills in every listed card's trust before returning it.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import ValidationError

from ad_buyer.clients.http import SellerClient, SellerHttpError, parse_model, route_missing
from ad_buyer.clients.url_scope import refused_seller_urls
from ad_buyer.registry.cache import SellerCache, card_key, discover_key, verify_key
from ad_buyer.registry.models import AgentCard, TrustInfo, TrustLevel, seller_currencies

logger = logging.getLogger(__name__)

DEFAULT_REGISTRY_URL = "http://localhost:8080/agent-registry"
REGISTRY_URL_ENV = "AD_BUYER_REGISTRY_URL"


class RegistryError(SellerHttpError):
    """A registry or agent-card call failed (HTTP error, unreachable, malformed body)."""


class RegistryClient(SellerClient):
    """Discovery through an agent registry, with a TTL cache (``_cache``)."""

    error = RegistryError

    def __init__(
        self,
        registry_url: str | None = None,
        cache_ttl_seconds: float = 300,
        timeout: float = 15.0,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        api_key: str | None = None,
        auth: httpx.Auth | None = None,
        max_retries: int = 2,
        retry_backoff: float = 0.2,
    ) -> None:
        url = registry_url or os.environ.get(REGISTRY_URL_ENV) or DEFAULT_REGISTRY_URL
        self.registry_url = url.rstrip("/")
        self._cache = SellerCache(cache_ttl_seconds)
        self.skipped_cards: list[str] = []
        self._serves_verify: bool | None = None
        super().__init__(
            api_key=api_key,
            auth=auth,
            timeout=timeout,
            transport=transport,
            max_retries=max_retries,
            retry_backoff=retry_backoff,
        )

    async def discover_sellers(
        self, capabilities_filter: Sequence[str] | None = None,
        currency: str | None = "USD",
    ) -> list[AgentCard]:
        """Seller agents the registry lists, optionally only those with every
        capability in ``capabilities_filter``, that sell in ``currency`` (as their
        cards declare, :func:`~ad_buyer.registry.models.seller_currencies`; None:
        whatever they sell in). ``[]`` if the registry fails."""
        cards = await self._discover(capabilities_filter)
        if currency is None:
            return cards
        return [c for c in cards if currency.upper() in seller_currencies(c)]

    async def _discover(self, capabilities_filter: Sequence[str] | None) -> list[AgentCard]:
        key = discover_key(capabilities_filter)
        cached = self._cache.get(key)
        if cached is not None:
            return list(cached)
        try:
            cards = await self._list_sellers(key.removeprefix("discover:"))
        except RegistryError as exc:
            logger.warning("registry %s unavailable, no sellers discovered: %s",
                           self.registry_url, exc)
            return []
        self._cache.set(key, list(cards))
        for card in cards:
            self._cache.set(card_key(card.url), card)
        return cards

    async def check(self) -> int:
        """How many sellers the registry lists; raises ``RegistryError`` when it is
        unreachable, is not a registry, or lists agents none of whose cards can be
        read (where ``discover_sellers`` fails safe to [])."""
        cards = await self._list_sellers("")
        if not cards and self.skipped_cards:
            raise RegistryError(
                f"registry {self.registry_url} lists {len(self.skipped_cards)} agent(s) but "
                f"no card could be read: {'; '.join(self.skipped_cards[:3])}",
                seller_url=self.registry_url)
        return len(cards)

    async def _list_sellers(self, capabilities: str) -> list[AgentCard]:
        params = {"agent_type": "seller"}
        if capabilities:
            params["capabilities"] = capabilities
        body = await self._http.request(
            "GET", f"{self.registry_url}/agents", seller_url=self.registry_url,
            params=params, retry=True,
        )
        cards, untrusted = self._parse_agents(body)
        if untrusted:
            trusts = await asyncio.gather(*(self._aamp_trust(c) for c in untrusted))
            trusted = {id(c): c.model_copy(update={"trust_level": t.trust_level})
                       for c, t in zip(untrusted, trusts, strict=True)}
            cards = [trusted.get(id(c), c) for c in cards]
        return cards

    async def _aamp_trust(self, card: AgentCard) -> TrustInfo:
        """An AAMP registry's ``/agents/{id}/trust``; UNKNOWN if it fails."""
        try:
            body = await self._http.request(
                "GET", f"{self.registry_url}/agents/{quote(card.agent_id, safe='')}/trust",
                seller_url=self.registry_url, retry=True)
            info = parse_model(TrustInfo, body, seller_url=self.registry_url,
                               what="agent trust", error=RegistryError)
        except RegistryError as exc:
            logger.warning("could not read the trust of %s from registry %s, treating it as "
                           "unknown: %s", card.agent_id, self.registry_url, exc)
            return TrustInfo(is_registered=False, trust_level=TrustLevel.UNKNOWN)
        self._cache.set(verify_key(card.url), info)
        return info

    async def fetch_agent_card(self, url: str) -> AgentCard:
        """``GET {url}/.well-known/agent.json``; raises ``RegistryError``."""
        agent_url = url.rstrip("/")
        cached = self._cache.get(card_key(agent_url))
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        body = await self._http.request(
            "GET", f"{agent_url}/.well-known/agent.json", seller_url=agent_url, retry=True
        )
        if isinstance(body, dict):
            # A seller's own card may omit the fields a registry adds.
            body = {"url": agent_url, **body}
            body.setdefault("agent_id", body.get("id") or body.get("name"))
        card = parse_model(AgentCard, body, seller_url=agent_url, what="agent card",
                           error=RegistryError)
        self._cache.set(card_key(agent_url), card)
        return card

    async def verify_agent(self, url: str) -> TrustInfo:
        """The registry's trust verdict on ``url``; UNKNOWN if the registry fails."""
        agent_url = url.rstrip("/")
        cached = self._cache.get(verify_key(agent_url))
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        try:
            if self._serves_verify is not False:
                info = await self._verify(agent_url)
            else:
                info = await self._verify_aamp(agent_url)
        except RegistryError as exc:
            logger.warning("could not verify %s with registry %s, treating it as unknown: %s",
                           agent_url, self.registry_url, exc)
            return TrustInfo(is_registered=False, trust_level=TrustLevel.UNKNOWN)
        self._cache.set(verify_key(agent_url), info)
        return info

    async def _verify(self, agent_url: str) -> TrustInfo:
        try:
            body = await self._http.request(
                "GET", f"{self.registry_url}/verify", seller_url=self.registry_url,
                params={"agent_url": agent_url}, retry=True,
            )
        except RegistryError as exc:
            if not route_missing(exc):
                raise
            logger.info("registry %s serves no /verify; reading trust the AAMP way",
                        self.registry_url)
            self._serves_verify = False
            return await self._verify_aamp(agent_url)
        self._serves_verify = True
        return parse_model(TrustInfo, body, seller_url=self.registry_url,
                           what="trust verification", error=RegistryError)

    async def _verify_aamp(self, agent_url: str) -> TrustInfo:
        """Find the agent's registry id in the listing, then ask for its trust."""
        wanted = agent_url.rstrip("/")
        card = next((c for c in await self._list_sellers("") if c.url.rstrip("/") == wanted),
                    None)
        if card is None:
            return TrustInfo(is_registered=False, trust_level=TrustLevel.UNKNOWN)
        cached = self._cache.get(verify_key(card.url))
        return cached if cached is not None else await self._aamp_trust(card)

    def _parse_agents(self, body: Any) -> tuple[list[AgentCard], list[AgentCard]]:
        """(every readable card, those listed without trust); bad cards are skipped."""
        raw = body.get("agents") if isinstance(body, dict) else body
        if not isinstance(raw, list):
            raise RegistryError(
                f"malformed agent list from {self.registry_url}: agents: expected a list",
                seller_url=self.registry_url,
            )
        cards: list[AgentCard] = []
        untrusted: list[AgentCard] = []
        self.skipped_cards = []
        for index, item in enumerate(raw):
            try:
                card = AgentCard.model_validate(item)
            except ValidationError as exc:
                fields = ", ".join(".".join(str(p) for p in e["loc"]) or "(card)"
                                   for e in exc.errors())
                name = item.get("name") if isinstance(item, dict) else None
                message = (f"agent card agents[{index}]{f' ({name})' if name else ''} "
                           f"is malformed ({fields}); that seller is skipped")
                logger.warning("registry %s: %s", self.registry_url, message)
                self.skipped_cards.append(message)
                continue
            cards.append(card)
            if not (isinstance(item, dict) and "trust_level" in item):
                untrusted.append(card)
        refused = refused_seller_urls([card.url for card in cards])
        for url, reason in refused.items():
            message = f"seller {url} is refused: {reason}"
            logger.warning("registry %s: %s", self.registry_url, message)
            self.skipped_cards.append(message)
        return ([c for c in cards if c.url not in refused],
                [c for c in untrusted if c.url not in refused])
