"""Stage 1, who to ask: the registry's sellers for one channel, minus the ones a
brief rules out (blocked, excluded, not included, wrong audience, wrong content
categories)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ad_buyer.events.bus import EventBus, emit
from ad_buyer.events.models import EventType
from ad_buyer.orchestration.audience_fit import seller_rule
from ad_buyer.orchestration.models import InventoryRequirements
from ad_buyer.orchestration.seller_names import in_list
from ad_buyer.registry.models import AgentCard, TrustLevel

logger = logging.getLogger(__name__)


@dataclass
class DiscoveredSellers:
    """The sellers kept, and the registry's warnings about cards it skipped."""

    sellers: list[AgentCard] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


async def discover_sellers(registry_client: Any, requirements: InventoryRequirements,
                           event_bus: EventBus | None = None) -> DiscoveredSellers:
    """Registry sellers with the media type that sell in the requirements' currency
    (as their cards declare), minus blocked and excluded ones (with
    ``included_sellers``, only those), named by id, URL or display name. A registry
    that cannot be read gives no sellers."""
    try:
        cards = await registry_client.discover_sellers(
            capabilities_filter=[requirements.media_type],
            currency=requirements.currency)
    except Exception:
        logger.warning("seller discovery failed; no sellers", exc_info=True)
        cards = []
    found = DiscoveredSellers(warnings=list(getattr(registry_client, "skipped_cards", [])))
    included = requirements.included_sellers
    for card in cards:
        if card.trust_level == TrustLevel.BLOCKED or \
                in_list(card, requirements.excluded_sellers) or \
                (included and not in_list(card, included)):
            continue
        rule = seller_rule(card, requirements.audience)
        if rule is not None:
            await emit(event_bus, EventType.SELLER_SKIPPED, seller_id=card.agent_id,
                       seller_url=card.url.rstrip("/"), media_type=requirements.media_type,
                       reason=rule)
            continue
        if requirements.content_categories and not serves_categories(
                card, requirements.content_categories):
            continue
        found.sellers.append(card)
    await emit(event_bus, EventType.INVENTORY_DISCOVERED,
               media_type=requirements.media_type, sellers_found=len(found.sellers),
               seller_ids=[c.agent_id for c in found.sellers])
    return found


def serves_categories(card: AgentCard, categories: Sequence[str]) -> bool:
    """Cards that declare IAB content categories must list one we want;
    cards that declare none are kept (the quote decides)."""
    declared = {t.upper() for c in card.capabilities for t in c.tags
                if t.upper().startswith("IAB")}
    return not declared or bool(declared & {c.upper() for c in categories})
