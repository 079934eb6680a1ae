"""What a money-committing tool may spend, and what happens when a seller books more.

A guard decides *before* money moves: :class:`SpendLimits` (set from the
approved allocation and the brief, never by a model) bounds a booking, and the
booking engine prices every deal against it. Once a seller has booked, the
money has moved: :func:`find_overrun` never refuses a booking's result, it says
whether the result went over the limit (a seller booked at other terms than it
agreed), and :class:`Overrun` names each deal that counts and what the buyer did
about it (booked, held because the seller cannot cancel it, outcome unknown).
The caller records the result whatever this says.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ad_buyer.models.brief import Channel
from ad_buyer.models.buyer_identity import DealType
from ad_buyer.models.money import from_micros
from ad_buyer.orchestration.desk.models import ChannelBuyResult


class SpendLimits(BaseModel):
    """What a money-committing tool may spend: set by Python, never by a model."""

    model_config = ConfigDict(frozen=True)

    channel: Channel
    budget_micros: int = Field(ge=0)
    currency: str
    max_cpm_micros: int | None = None
    deal_types: list[DealType] = Field(default_factory=list)
    excluded_sellers: list[str] = Field(default_factory=list)


class OverrunDeal(BaseModel):
    """One deal counted in an overrun, and what the buyer did about it."""

    model_config = ConfigDict(frozen=True)

    deal_id: str
    seller: str
    cost_micros: int
    action: str

    def describe(self, currency: str) -> str:
        return (f"{self.deal_id or 'a booking'} at {self.seller}: "
                f"{from_micros(self.cost_micros):,.2f} {currency}, {self.action}")


class Overrun(BaseModel):
    """A booking that committed more than its limit: every deal of it is recorded."""

    model_config = ConfigDict(frozen=True)

    channel: Channel
    limit_micros: int
    committed_micros: int
    currency: str
    deals: list[OverrunDeal]
    cancelled: list[str] = Field(default_factory=list)

    @property
    def excess_micros(self) -> int:
        return self.committed_micros - self.limit_micros

    def describe(self) -> str:
        """One paragraph: how far over, why, each deal and what was done."""
        text = (f"{self.channel.value} is over budget: sellers hold "
                f"{from_micros(self.committed_micros):,.2f} {self.currency} against its limit "
                f"of {from_micros(self.limit_micros):,.2f} "
                f"({from_micros(self.excess_micros):,.2f} over), because a seller booked at "
                f"other terms than it agreed. Deals: "
                + "; ".join(d.describe(self.currency) for d in self.deals))
        if self.cancelled:
            text += ". Cancelled: " + "; ".join(self.cancelled)
        return text


def _action(line: dict[str, object]) -> str:
    if line.get("status") != "held":
        return "booked as agreed"
    if line.get("outcome_unknown"):
        return f"held, outcome unknown: {line.get('reason', '')}"
    return f"held, the seller cannot cancel it: {line.get('reason', '')}"


def find_overrun(limits: SpendLimits, result: ChannelBuyResult) -> Overrun | None:
    """Whether a booking's result went over its limit; never a reason to drop it."""
    if result.dry_run or result.committed_micros <= limits.budget_micros:
        return None
    deals = [OverrunDeal(deal_id=str(line.get("deal_id") or ""),
                         seller=str(line.get("seller_name") or line.get("seller_url") or ""),
                         cost_micros=int(str(line.get("cost_micros") or 0)),
                         action=_action(line))
             for line in result.booked]
    cancelled = [why for why in result.not_booked if why.startswith("rolled back")]
    return Overrun(channel=limits.channel, limit_micros=limits.budget_micros,
                   committed_micros=result.committed_micros, currency=limits.currency,
                   deals=deals, cancelled=cancelled)
