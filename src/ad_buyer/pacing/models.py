"""The pacing-side view of a booked campaign: deals, constraints, thresholds.

Money is integer micros throughout. A plan is built from the booking layer's
``DealResponse`` list (:meth:`PacingPlan.from_deals`) or from a JSON/YAML file
(:func:`load_plan`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt, model_validator

from ad_buyer.models.deals import DealResponse
from ad_buyer.models.money import cost_micros
from ad_buyer.pacing.curves import LINEAR, PacingCurve


class PacedDeal(BaseModel):
    """One booked deal as pacing sees it. ``budget_micros`` is its booked value."""

    model_config = ConfigDict(frozen=True)

    seller_url: str = Field(min_length=1)
    deal_id: str = Field(min_length=1)
    channel: str = Field(min_length=1)
    impressions: PositiveInt
    cpm_micros: PositiveInt
    budget_micros: PositiveInt
    flight_start: date
    flight_end: date

    @model_validator(mode="before")
    @classmethod
    def _default_budget(cls, data: Any) -> Any:
        if (isinstance(data, dict) and data.get("budget_micros") is None
                and data.get("cpm_micros") and data.get("impressions")):
            data = {**data, "budget_micros": cost_micros(int(data["cpm_micros"]),
                                                         int(data["impressions"]))}
        return data

    @model_validator(mode="after")
    def _flight_order(self) -> PacedDeal:
        if self.flight_end < self.flight_start:
            raise ValueError(f"deal {self.deal_id}: flight_end is before flight_start")
        return self

    @property
    def key(self) -> DealKey:
        return (self.seller_url, self.deal_id)


DealKey = tuple[str, str]


class Limits(BaseModel):
    """Minimum and maximum budget allocation (micros); ``None`` is unbounded."""

    model_config = ConfigDict(frozen=True)

    min_micros: NonNegativeInt = 0
    max_micros: NonNegativeInt | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Limits:
        if self.max_micros is not None and self.max_micros < self.min_micros:
            raise ValueError(f"max_micros {self.max_micros} is below min_micros {self.min_micros}")
        return self

    def room_above(self, current: int) -> int:
        return max(0, self.max_micros - current) if self.max_micros is not None else 1 << 62

    def room_below(self, current: int) -> int:
        return max(0, current - self.min_micros)


class ChannelPlan(Limits):
    """A channel's allocation limits and optional curve override."""

    curve: PacingCurve | None = None


class Thresholds(BaseModel):
    """Ratio of actual to expected spend that raises a warning or a critical alert."""

    model_config = ConfigDict(frozen=True)

    under_warning: float = Field(default=0.90, gt=0, lt=1)
    under_critical: float = Field(default=0.75, gt=0, lt=1)
    over_warning: float = Field(default=1.10, gt=1)
    over_critical: float = Field(default=1.25, gt=1)
    stall_window: timedelta = timedelta(days=2)
    # Below this expected fraction of budget, ratios are noise (first hours of a flight).
    min_expected_fraction: float = Field(default=0.02, ge=0, lt=1)
    # Moves smaller than this share of the campaign budget are not worth a change request.
    min_move_fraction: float = Field(default=0.005, ge=0, lt=1)
    # How much faster than it needs a deal that keeps pace is assumed able to deliver when
    # it receives budget (0.3 = 30%); the seller's answer and later delivery correct it.
    receiver_headroom: float = Field(default=0.3, ge=0, le=5)

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if not self.under_critical <= self.under_warning:
            raise ValueError("under_critical must not exceed under_warning")
        if not self.over_warning <= self.over_critical:
            raise ValueError("over_warning must not exceed over_critical")
        return self


class PacingPlan(BaseModel):
    """A campaign to pace: total budget, flight, deals, limits, curve, thresholds."""

    model_config = ConfigDict(frozen=True)

    campaign_id: str = Field(min_length=1)
    budget_micros: PositiveInt
    currency: str = "USD"
    flight_start: date
    flight_end: date
    curve: PacingCurve = LINEAR
    channels: dict[str, ChannelPlan] = Field(default_factory=dict)
    sellers: dict[str, Limits] = Field(default_factory=dict)
    deals: tuple[PacedDeal, ...]
    thresholds: Thresholds = Field(default_factory=Thresholds)

    @model_validator(mode="after")
    def _consistent(self) -> PacingPlan:
        if self.flight_end < self.flight_start:
            raise ValueError("campaign flight_end is before flight_start")
        if not self.deals:
            raise ValueError("a pacing plan needs at least one deal")
        keys = [d.key for d in self.deals]
        if len(set(keys)) != len(keys):
            raise ValueError("a deal appears twice in the plan (same seller_url and deal_id)")
        booked = sum(d.budget_micros for d in self.deals)
        if booked > self.budget_micros:
            raise ValueError(
                f"booked deals total {booked} micros, above the campaign budget "
                f"{self.budget_micros} micros"
            )
        return self

    def deal(self, key: DealKey) -> PacedDeal | None:
        return next((d for d in self.deals if d.key == key), None)

    def curve_for(self, channel: str) -> PacingCurve:
        override = self.channels.get(channel)
        return override.curve if override and override.curve else self.curve

    def channel_limits(self, channel: str) -> Limits:
        return self.channels.get(channel) or Limits()

    def seller_limits(self, seller_url: str) -> Limits:
        return self.sellers.get(seller_url) or Limits()

    @classmethod
    def from_deals(
        cls,
        deals: Sequence[DealResponse],
        channels: Mapping[str, str] | Sequence[str],
        *,
        campaign_id: str,
        budget_micros: int,
        curve: PacingCurve = LINEAR,
        channel_plans: Mapping[str, ChannelPlan] | None = None,
        sellers: Mapping[str, Limits] | None = None,
        thresholds: Thresholds | None = None,
        currency: str = "USD",
    ) -> PacingPlan:
        """A plan from booked deals. ``channels`` maps deal_id to channel (or is a
        list parallel to ``deals``); every deal must carry its ``seller_url``."""
        paced = []
        for i, deal in enumerate(deals):
            if not deal.seller_url:
                raise ValueError(f"deal {deal.deal_id} has no seller_url")
            channel = channels[i] if isinstance(channels, Sequence) else channels[deal.deal_id]
            cpm = deal.pricing.final_cpm.amount_micros
            paced.append(PacedDeal(
                seller_url=deal.seller_url, deal_id=deal.deal_id, channel=channel,
                impressions=deal.terms.impressions, cpm_micros=cpm,
                budget_micros=cost_micros(cpm, deal.terms.impressions),
                flight_start=deal.terms.flight_start, flight_end=deal.terms.flight_end,
            ))
        return cls(
            campaign_id=campaign_id, budget_micros=budget_micros, currency=currency,
            flight_start=min(d.flight_start for d in paced),
            flight_end=max(d.flight_end for d in paced),
            curve=curve, channels=dict(channel_plans or {}), sellers=dict(sellers or {}),
            deals=tuple(paced), thresholds=thresholds or Thresholds(),
        )


def load_plan(path: str | Path) -> PacingPlan:
    """A plan from a ``.json``, ``.yaml`` or ``.yml`` file (fields as :class:`PacingPlan`)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a plan file must hold a mapping, got {type(data).__name__}")
    return PacingPlan.model_validate(data)
