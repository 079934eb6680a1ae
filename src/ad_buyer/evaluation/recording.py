"""Channel desks that remember what a run saw, for scoring its choices afterwards.

A :class:`RecordingNetwork` opens the same desks as the seller network it
wraps (the same orchestrator, guards and key preparation) and keeps, per
channel, the desk's state (every media-kit package and whether it fits the
brief) and each quote's opening ask, before any negotiation. The desks behave
exactly as the wrapped ones do; they only take notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ad_buyer.crew.buyer import SellerNetwork
from ad_buyer.models.brief import CampaignBrief
from ad_buyer.orchestration.desk.channel_desk import ChannelDesk
from ad_buyer.orchestration.desk.models import DeskState, MediaKitResult, QuoteResult
from ad_buyer.orchestration.desk.terms import DeskTerms
from ad_buyer.orchestration.seller_scope import SellerScope


def line_key(seller_url: str, product_id: str) -> tuple[str, str]:
    return seller_url.rstrip("/"), product_id


@dataclass
class DeskRecord:
    """What one channel desk saw: its state, and the opening ask of each quote."""

    channel: str
    state: DeskState | None = None
    opening_cpm: dict[tuple[str, str], int] = field(default_factory=dict)


class RecordingDesk(ChannelDesk):
    def __init__(self, network: SellerNetwork, terms: DeskTerms, record: DeskRecord) -> None:
        super().__init__(network.orchestrator, terms, ready=network.ready)
        self.record = record

    async def read_media_kits(self, state: DeskState,
                              seller_ids: Sequence[str]) -> MediaKitResult:
        self.record.state = state
        return await super().read_media_kits(state, seller_ids)

    async def quote(self, state: DeskState, package_refs: Sequence[str],
                    budget_micros: int) -> QuoteResult:
        result = await super().quote(state, package_refs, budget_micros)
        self.record.state = state
        for option in result.quotes:
            self.record.opening_cpm.setdefault(line_key(option.seller_url, option.product_id),
                                               option.cpm_micros)
        return result


class RecordingNetwork:
    """A desk factory over ``network`` whose desks keep a :class:`DeskRecord` each."""

    def __init__(self, network: SellerNetwork) -> None:
        self.network = network
        self.records: dict[str, DeskRecord] = {}

    def __call__(self, terms: DeskTerms) -> ChannelDesk:
        record = self.records.setdefault(terms.channel.value, DeskRecord(terms.channel.value))
        return RecordingDesk(self.network, terms, record)

    async def scope(self, brief: CampaignBrief) -> SellerScope:
        return await self.network.scope(brief)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.network, name)
