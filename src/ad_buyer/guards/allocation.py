"""Deterministic budget split across a brief's channels (no LLM).

A split the brief states ("60/40 CTV/mobile", "split evenly") is honoured
exactly: the parts are those percentages of the budget, and no model may move
money away from it (only the planner, in chat). Without one, the allocator
weighs each channel by the campaign goal (``GOAL_WEIGHTS``, the README's table),
keeps every channel within its optional share bounds, and splits the budget in
integer micros with the largest-remainder method, so the parts always sum
exactly to the budget. An LLM or a chat user may then move money between
channels, but only through :func:`adjust_allocation`, which enforces the guard
limits and requires a rationale. The limits are measured against the approved
starting split, never against the split as it stands after earlier moves, so
several small moves cannot add up past them.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ad_buyer.guards.refusal import GuardRefusal
from ad_buyer.models.brief import CampaignBrief, CampaignGoal, Channel
from ad_buyer.models.money import Currency, from_micros

# The documented default when a brief states no split (README, "Budget split").
# Relative weights per goal on a 1-4 scale: 4 for the goal's lead channels, 1 for
# the least suited. Awareness leads with TV screens, consideration with online
# video, performance with addressable, measurable channels. Only the brief's
# channels are used and their weights renormalised, so no two channels are split
# more unevenly than 4:1 (80/20); CTV and mobile under awareness split 4:2 (67/33).
GOAL_WEIGHTS: dict[CampaignGoal, dict[Channel, int]] = {
    CampaignGoal.AWARENESS: {
        Channel.CTV: 4, Channel.LINEAR_TV: 4, Channel.ONLINE_VIDEO: 3, Channel.DOOH: 3,
        Channel.AUDIO: 2, Channel.DISPLAY: 2, Channel.MOBILE_APP: 2, Channel.PERFORMANCE: 1,
    },
    CampaignGoal.CONSIDERATION: {
        Channel.ONLINE_VIDEO: 4, Channel.CTV: 3, Channel.DISPLAY: 3, Channel.MOBILE_APP: 3,
        Channel.AUDIO: 2, Channel.LINEAR_TV: 2, Channel.DOOH: 2, Channel.PERFORMANCE: 2,
    },
    CampaignGoal.PERFORMANCE: {
        Channel.PERFORMANCE: 4, Channel.MOBILE_APP: 3, Channel.DISPLAY: 3,
        Channel.ONLINE_VIDEO: 2, Channel.CTV: 1, Channel.AUDIO: 1, Channel.DOOH: 1,
        Channel.LINEAR_TV: 1,
    },
}
STATED_SPLIT = "stated split"  # AllocationProposal.source when the brief's split is used


class ChannelBounds(BaseModel):
    """Share of the total budget a channel must stay within, in percent."""

    model_config = ConfigDict(frozen=True)

    min_pct: Decimal = Field(default=Decimal(0), ge=0, le=100)
    max_pct: Decimal = Field(default=Decimal(100), ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> ChannelBounds:
        if self.max_pct < self.min_pct:
            raise ValueError(f"max_pct {self.max_pct} is below min_pct {self.min_pct}")
        return self


class ChannelAllocation(BaseModel):
    model_config = ConfigDict(frozen=True)

    channel: Channel
    amount_micros: int = Field(ge=0)

    @property
    def amount(self) -> Decimal:
        return from_micros(self.amount_micros)


class AllocationProposal(BaseModel):
    """A budget split that sums exactly to the budget, with the reason for it."""

    model_config = ConfigDict(frozen=True)

    budget_micros: int = Field(gt=0)
    currency: Currency = "USD"
    allocations: list[ChannelAllocation] = Field(min_length=1)
    rationale: str = Field(min_length=1)
    source: str = "allocator"

    @model_validator(mode="after")
    def _sums_to_budget(self) -> AllocationProposal:
        total = sum(a.amount_micros for a in self.allocations)
        if total != self.budget_micros:
            raise ValueError(f"allocations sum to {total} micros, budget is {self.budget_micros}")
        channels = [a.channel for a in self.allocations]
        if len(set(channels)) != len(channels):
            raise ValueError("a channel appears twice in the allocation")
        return self

    def amount_for(self, channel: Channel) -> int:
        for allocation in self.allocations:
            if allocation.channel == channel:
                return allocation.amount_micros
        raise KeyError(f"channel {channel.value} is not in this allocation")

    def as_dict(self) -> dict[Channel, int]:
        return {a.channel: a.amount_micros for a in self.allocations}


class AllocationError(ValueError):
    """The budget cannot be split under the given bounds."""


MICROS_PER_CENT = 10_000


def split_micros(total: int, weights: dict[Channel, Decimal],
                 unit: int = MICROS_PER_CENT) -> dict[Channel, int]:
    """Largest-remainder split of ``total`` by weight, in whole ``unit``s (cents by
    default: a media plan is written in cents); parts sum exactly to ``total`` (any
    sub-unit rest of the total goes to the largest part)."""
    weight_sum = sum(weights.values(), Decimal(0))
    if weight_sum <= 0:
        raise AllocationError("channel weights must sum to a positive number")
    units, rest = divmod(total, unit)
    exact = {c: Decimal(units) * w / weight_sum for c, w in weights.items()}
    floors = {c: int(v.to_integral_value(ROUND_FLOOR)) for c, v in exact.items()}
    leftover = units - sum(floors.values())
    order = list(weights)
    by_remainder = sorted(order, key=lambda c: (-(exact[c] - floors[c]), order.index(c)))
    for channel in by_remainder[:leftover]:
        floors[channel] += 1
    parts = {c: n * unit for c, n in floors.items()}
    parts[max(order, key=lambda c: (parts[c], -order.index(c)))] += rest
    return parts


def _bounded_shares(weights: dict[Channel, Decimal],
                    bounds: dict[Channel, ChannelBounds]) -> dict[Channel, Decimal]:
    """Shares (summing to 1) proportional to weight, clamped to bounds by water-filling."""
    fixed: dict[Channel, Decimal] = {}
    free = dict(weights)
    for _ in range(len(weights) + 1):
        remaining = Decimal(1) - sum(fixed.values(), Decimal(0))
        free_sum = sum(free.values(), Decimal(0))
        shares = {c: (remaining * w / free_sum if free_sum else Decimal(0))
                  for c, w in free.items()}
        clamped = False
        for channel, share in shares.items():
            b = bounds.get(channel, ChannelBounds())
            low, high = b.min_pct / 100, b.max_pct / 100
            if share < low or share > high:
                fixed[channel] = low if share < low else high
                del free[channel]
                clamped = True
        if not clamped:
            return {**fixed, **shares}
    raise AllocationError("channel bounds cannot be met together")


def propose_allocation(brief: CampaignBrief,
                       bounds: dict[Channel, ChannelBounds] | None = None) -> AllocationProposal:
    """Split the brief's budget across its channels: its stated split exactly, else by
    goal weight within bounds."""
    bounds = bounds or {}
    if brief.channel_split:
        return _stated_split(brief, bounds)
    unknown = set(bounds) - set(brief.channels)
    if unknown:
        raise AllocationError(f"bounds given for channels not in the brief: "
                              f"{', '.join(sorted(c.value for c in unknown))}")
    mins = sum((bounds.get(c, ChannelBounds()).min_pct for c in brief.channels), Decimal(0))
    maxes = sum((bounds.get(c, ChannelBounds()).max_pct for c in brief.channels), Decimal(0))
    if mins > 100 or maxes < 100:
        raise AllocationError(
            f"channel bounds cannot hold 100% of the budget (minimums {mins}%, maximums {maxes}%)"
        )
    table = GOAL_WEIGHTS[brief.goal]
    weights = {c: Decimal(table[c]) for c in brief.channels}
    shares = _bounded_shares(weights, bounds)
    split = split_micros(brief.budget_micros, shares)
    parts = ", ".join(f"{c.value} {shares[c] * 100:.1f}%" for c in brief.channels)
    rationale = (f"{brief.goal.value} goal weights ({parts}); split in whole cents by "
                 f"largest remainder so the parts sum exactly to the budget")
    return AllocationProposal(
        budget_micros=brief.budget_micros, currency=brief.currency, rationale=rationale,
        allocations=[ChannelAllocation(channel=c, amount_micros=split[c]) for c in brief.channels],
    )


def _stated_split(brief: CampaignBrief,
                  bounds: dict[Channel, ChannelBounds]) -> AllocationProposal:
    shares = {c: brief.channel_split[c] for c in brief.channels}
    for channel, bound in bounds.items():
        if not bound.min_pct <= shares.get(channel, Decimal(0)) <= bound.max_pct:
            raise AllocationError(
                f"the brief's split gives {channel.value} {shares[channel]}%, outside its "
                f"bounds {bound.min_pct}-{bound.max_pct}%")
    split = split_micros(brief.budget_micros, shares)
    parts = ", ".join(f"{c.value} {shares[c].normalize():f}%" for c in brief.channels)
    return AllocationProposal(
        budget_micros=brief.budget_micros, currency=brief.currency, source=STATED_SPLIT,
        rationale=f"the brief's stated split ({parts}), honoured exactly; split in whole "
                  f"cents by largest remainder so the parts sum exactly to the budget",
        allocations=[ChannelAllocation(channel=c, amount_micros=split[c]) for c in brief.channels],
    )


class GuardLimits(BaseModel):
    """How far an adjustment may move the deterministic proposal."""

    model_config = ConfigDict(frozen=True)

    max_shift_pct: Decimal = Field(
        default=Decimal(10), gt=0, le=100,
        description="largest change to any channel, in percent of the total budget",
    )
    min_channel_micros: int = Field(default=0, ge=0)


class AllocationMove(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    from_channel: Channel
    to_channel: Channel
    amount_micros: int = Field(gt=0)


class AllocationAdjustment(BaseModel):
    """Money moved between channels, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    moves: list[AllocationMove] = Field(min_length=1)
    rationale: str

    @classmethod
    def by_percent(cls, budget_micros: int, moves: list[tuple[Channel, Channel, Decimal]],
                   rationale: str) -> AllocationAdjustment:
        """Moves given in percent of the budget, converted to whole micros (rounded down)."""
        return cls(rationale=rationale, moves=[
            AllocationMove(from_channel=src, to_channel=dst,
                           amount_micros=int(Decimal(budget_micros) * pct / 100))
            for src, dst, pct in moves
        ])


class AllocationGuardError(GuardRefusal, ValueError):
    """An adjustment breaks the guard limits; nothing was applied."""

    def __init__(self, violations: list[str]) -> None:
        self.violations = violations
        super().__init__("allocation adjustment rejected: " + "; ".join(violations))


def adjust_allocation(proposal: AllocationProposal, adjustments: AllocationAdjustment,
                      guard_limits: GuardLimits | None = None, *,
                      by_planner: bool = False,
                      current: AllocationProposal | None = None) -> AllocationProposal:
    """Apply moves within the guard limits, or raise listing every violation.

    ``proposal`` is the approved starting split; the moves apply to ``current``
    (the split after earlier adjustments, by default the proposal itself), and
    every limit is measured from ``proposal``: each channel stays within
    ``max_shift_pct`` of the budget of where it started, in total.
    A split the brief stated is the planner's: only the planner (``by_planner``,
    in chat) may move money away from it.
    """
    limits = guard_limits or GuardLimits()
    violations: list[str] = []
    if proposal.source == STATED_SPLIT and not by_planner:
        raise AllocationGuardError(["the brief states this split; only the planner may "
                                    "change it"])
    if len(adjustments.rationale.strip()) < 10:
        violations.append("a rationale of at least 10 characters is required")
    start = proposal.as_dict()
    base = current or proposal
    if base.budget_micros != proposal.budget_micros or set(base.as_dict()) != set(start):
        raise AllocationGuardError(["the current split is not a split of the approved "
                                    "proposal's budget and channels"])
    amounts = base.as_dict()
    for move in adjustments.moves:
        for channel in (move.from_channel, move.to_channel):
            if channel not in amounts:
                violations.append(f"channel {channel.value} is not in this allocation")
        if move.from_channel == move.to_channel:
            violations.append(f"move from {move.from_channel.value} to itself")
    if violations:
        raise AllocationGuardError(violations)
    after = dict(amounts)
    for move in adjustments.moves:
        after[move.from_channel] -= move.amount_micros
        after[move.to_channel] += move.amount_micros
    max_shift = int(Decimal(proposal.budget_micros) * limits.max_shift_pct / 100)
    for channel, amount in after.items():
        if amount < limits.min_channel_micros:
            violations.append(
                f"{channel.value} would fall to {from_micros(amount):,.2f}, below the minimum "
                f"{from_micros(limits.min_channel_micros):,.2f}")
        change = abs(amount - start[channel])
        if change > max_shift:
            violations.append(
                f"{channel.value} would move {from_micros(change):,.2f} from the approved "
                f"{from_micros(start[channel]):,.2f}, more than "
                f"{limits.max_shift_pct.normalize():f}% of the budget "
                f"({from_micros(max_shift):,.2f})")
    if sum(after.values()) != proposal.budget_micros:  # moves conserve money; belt and braces
        violations.append("the total budget would change")
    if violations:
        raise AllocationGuardError(violations)
    return AllocationProposal(
        budget_micros=proposal.budget_micros, currency=proposal.currency,
        source="adjusted",
        rationale=f"{base.rationale}; adjusted: {adjustments.rationale.strip()}",
        allocations=[ChannelAllocation(channel=a.channel, amount_micros=after[a.channel])
                     for a in proposal.allocations],
    )
