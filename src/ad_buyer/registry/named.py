"""``NamedSellers``: buy from sellers the user names by URL, with no registry.

The IAB reference seller serves no list of sellers (its ``/registry/agents``
lists none), so a buyer told a seller's URL reads the seller's own card at
``{url}/.well-known/agent.json`` and meets it on that card's terms (its
dialect, its media types). It stands in for a :class:`RegistryClient`:

- ``discover_sellers`` answers every named seller whose card could be read;
  a seller whose card does not answer is skipped with a warning (kept in
  ``skipped_cards``), the others still buy. With ``capabilities_filter``, a
  card that lists its inventory types must sell each one asked for; a card
  that lists none is kept (its media kit decides);
- ``check`` raises ``RegistryError`` when not one named card can be read;
- ``verify_agent`` answers ``unknown`` trust: no registry vouches for them,
  and the user chose them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from ad_buyer.registry.client import RegistryClient, RegistryError
from ad_buyer.registry.models import AgentCard, TrustInfo, TrustLevel

logger = logging.getLogger(__name__)


class NamedSellers(RegistryClient):
    """The sellers at ``seller_urls``, read from their own agent cards."""

    def __init__(self, seller_urls: Sequence[str], **kwargs: Any) -> None:
        urls = list(dict.fromkeys(u.strip().rstrip("/") for u in seller_urls if u.strip()))
        if not urls:
            raise ValueError("name at least one seller URL")
        self.seller_urls = urls
        super().__init__(registry_url=f"sellers:{','.join(urls)}", **kwargs)

    async def _list_sellers(self, capabilities: str) -> list[AgentCard]:
        wanted = [c for c in capabilities.split(",") if c]
        answers = await asyncio.gather(*(self.fetch_agent_card(u) for u in self.seller_urls),
                                       return_exceptions=True)
        self.skipped_cards = []
        cards: list[AgentCard] = []
        for url, answer in zip(self.seller_urls, answers, strict=True):
            if isinstance(answer, RegistryError):
                message = f"seller {url}: its agent card could not be read ({answer}); skipped"
                logger.warning(message)
                self.skipped_cards.append(message)
                continue
            if isinstance(answer, BaseException):
                raise answer
            card = answer.model_copy(update={"url": url})
            if wanted and card.inventory_types and \
                    not all(card.has_capability(c) for c in wanted):
                continue
            cards.append(card)
        return cards

    async def check(self) -> int:
        cards = await self._list_sellers("")
        if not cards:
            raise RegistryError(
                "no named seller's agent card could be read: "
                + "; ".join(self.skipped_cards[:3]), seller_url=self.seller_urls[0])
        return len(cards)

    async def verify_agent(self, url: str) -> TrustInfo:
        return TrustInfo(is_registered=False, trust_level=TrustLevel.UNKNOWN)
