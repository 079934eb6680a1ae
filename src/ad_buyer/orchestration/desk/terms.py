"""The brief's terms for one channel desk: set by Python from the brief, never by a
model, and read by :class:`~ad_buyer.orchestration.desk.channel_desk.ChannelDesk` for every
seller call it makes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ad_buyer.models.brief import AudienceSpec, CampaignBrief, Channel
from ad_buyer.models.buyer_identity import DealType
from ad_buyer.models.money import from_micros
from ad_buyer.orchestration.models import InventoryRequirements
from ad_buyer.orchestration.package_selection import PackageCriteria
from ad_buyer.orchestration.seller_scope import SellerScope
from ad_buyer.orchestration.shopping import ShoppingOrder

__all__ = ["DEFAULT_MAX_DEALS", "MEDIA_TYPES", "PLANNING_CPM", "DeskTerms"]

DEFAULT_MAX_DEALS = 5
# The media type the registry knows each channel by.
MEDIA_TYPES: dict[Channel, str] = {c: c.value for c in Channel}
# Planning CPMs (USD): size first quotes only for packages showing no price
# when the brief has no max CPM.
PLANNING_CPM: dict[Channel, Decimal] = {
    Channel.CTV: Decimal(35), Channel.ONLINE_VIDEO: Decimal(20), Channel.DISPLAY: Decimal(6),
    Channel.MOBILE_APP: Decimal(8), Channel.PERFORMANCE: Decimal(5), Channel.AUDIO: Decimal(12),
    Channel.DOOH: Decimal(12), Channel.LINEAR_TV: Decimal(25),
}


@dataclass(frozen=True)
class DeskTerms:
    """The brief's terms for one channel: set by Python, never by a model."""

    channel: Channel
    deal_type: str
    deal_types: tuple[str, ...]
    flight_start: date
    flight_end: date
    currency: str
    max_cpm_micros: int | None
    countries: tuple[str, ...] = ()
    dmas: tuple[str, ...] = ()
    excluded_sellers: tuple[str, ...] = ()
    included_sellers: tuple[str, ...] = ()
    audience: AudienceSpec | None = None
    max_deals: int = DEFAULT_MAX_DEALS

    @classmethod
    def from_brief(cls, brief: CampaignBrief, channel: Channel, *,
                   scope: SellerScope | None = None,
                   max_deals: int = DEFAULT_MAX_DEALS) -> DeskTerms:
        """The channel's terms; ``scope`` holds the brief's seller names resolved
        against the registry (ids and URLs), else the names are used as written."""
        deal_types = tuple(d.value for d in brief.deal_types) or tuple(d.value for d in DealType)
        excluded = scope.excluded_keys if scope is not None else brief.excluded_sellers
        included = scope.included_keys if scope is not None else brief.included_sellers
        return cls(channel=channel, deal_type=deal_types[0] if brief.deal_types
                   else DealType.PREFERRED_DEAL.value, deal_types=deal_types,
                   flight_start=brief.flight_start, flight_end=brief.flight_end,
                   currency=brief.currency, max_cpm_micros=brief.max_cpm_micros,
                   countries=tuple(brief.countries), dmas=tuple(brief.dmas),
                   excluded_sellers=tuple(excluded), included_sellers=tuple(included),
                   audience=brief.audience, max_deals=max_deals)

    @property
    def max_cpm(self) -> Decimal | None:
        return from_micros(self.max_cpm_micros) if self.max_cpm_micros else None

    @property
    def requirements(self) -> InventoryRequirements:
        return InventoryRequirements(
            media_type=MEDIA_TYPES[self.channel], deal_types=list(self.deal_types),
            excluded_sellers=list(self.excluded_sellers),
            included_sellers=list(self.included_sellers), max_cpm=self.max_cpm,
            currency=self.currency, audience=self.audience)

    def criteria(self) -> PackageCriteria:
        # Every fitting package is shown: the specialist chooses, not a per-seller cap.
        return PackageCriteria(channel=MEDIA_TYPES[self.channel], countries=self.countries,
                               dmas=self.dmas, max_cpm_micros=self.max_cpm_micros,
                               max_per_seller=1000, audience=self.audience)

    def order(self, budget_micros: int) -> ShoppingOrder:
        return ShoppingOrder.create(
            self.requirements, deal_type=self.deal_type, flight_start=self.flight_start,
            flight_end=self.flight_end, budget_micros=budget_micros, max_deals=self.max_deals,
            countries=self.countries, dmas=self.dmas,
            sizing_cpm=None if self.max_cpm_micros else PLANNING_CPM[self.channel])
