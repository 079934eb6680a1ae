"""What a :class:`~ad_buyer.orchestration.shopping.PackageShopper` needs of the orchestrator
it shops for: its clients, its guards and its booker (``MultiSellerOrchestrator`` is one).

A protocol, so that the shopper does not import the orchestrator that imports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import httpx

from ad_buyer.booking.guards import GuardRejection
from ad_buyer.booking.modes import BookingMode
from ad_buyer.booking.quote_normalizer import NormalizedQuote
from ad_buyer.events.bus import EventBus
from ad_buyer.models.buyer_identity import BuyerIdentity
from ad_buyer.models.deals import QuoteResponse
from ad_buyer.models.money import Amount
from ad_buyer.orchestration.identity import IdentityPolicy
from ad_buyer.orchestration.models import (
    DealParams,
    DealSelection,
    InventoryRequirements,
    SellerQuoteResult,
)
from ad_buyer.orchestration.negotiation_stage import NegotiationStage
from ad_buyer.orchestration.portfolio import Candidate, PortfolioConstraints, PortfolioOptimizer
from ad_buyer.registry.models import AgentCard
from ad_buyer.registry.profile import SellerProfile


class ShoppingHost(Protocol):
    auth: httpx.Auth | None
    transport: Any
    quote_timeout: float
    max_concurrency: int
    event_bus: EventBus | None
    booking_mode: BookingMode
    negotiation: NegotiationStage | None
    optimizer: PortfolioOptimizer | None
    identity_policy: IdentityPolicy
    identities: dict[str, BuyerIdentity | None]
    discovery_warnings: list[str]

    def seller_client(self, seller_url: str) -> Any: ...

    def profile(self, seller_url: str) -> SellerProfile: ...

    async def discover_sellers(self, requirements: InventoryRequirements) -> list[AgentCard]: ...

    async def request_quote(self, card: AgentCard, url: str, params: DealParams,
                            **request: Any) -> QuoteResponse | SellerQuoteResult: ...

    def track_quotes(self, results: Iterable[SellerQuoteResult]) -> None: ...

    async def resolve_shared_quote_ids(
        self, quote_results: Sequence[SellerQuoteResult]) -> dict[str, set[str]]: ...

    def screen_quotes(
        self, quote_results: Sequence[SellerQuoteResult], *, max_cpm: Amount | None = None,
        currency: str = "USD", deal_types: Sequence[str] | None = None,
        issuers: Mapping[str, set[str]] | None = None,
    ) -> tuple[list[NormalizedQuote], list[GuardRejection]]: ...

    def candidates(self, quotes: Sequence[NormalizedQuote]) -> list[Candidate]: ...

    async def book_quotes(self, quotes: Sequence[NormalizedQuote], plan_keys: Sequence[str],
                          budget_micros: int, max_deals: int | None, mode: BookingMode,
                          max_cpm: Amount | None, currency: str, run_id: str | None, *,
                          solver: str, optimal: bool,
                          constraints: PortfolioConstraints | None = None) -> DealSelection: ...
