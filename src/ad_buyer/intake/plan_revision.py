"""A plan revised by the planner: the chat's revisions applied through the allocation
guards, without printing. ``ad-buyer chat``, the HTTP API and the MCP tools use it.

:func:`apply_revision` takes a plan state and one understood revision (move budget,
drop a seller, cap the CPM) and returns the new state and a sentence saying what
changed; all moves together are held to the guards against the allocator's proposal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from ad_buyer.guards.allocation import (
    AllocationAdjustment,
    AllocationMove,
    AllocationProposal,
    GuardLimits,
    adjust_allocation,
)
from ad_buyer.intake.revisions import Revision, RevisionKind
from ad_buyer.models.brief import BriefGap, CampaignBrief
from ad_buyer.models.money import from_micros
from ad_buyer.reporting.progress_words import channel_words

# What books a plan: the planner's own word, as in chat.
CONFIRM_WORDS = frozenset({"yes", "confirm"})


@dataclass(frozen=True)
class PlanState:
    """The plan at one point of the conversation (kept on a stack for undo)."""

    brief: CampaignBrief
    allocation: AllocationProposal
    moves: tuple[AllocationMove, ...] = ()
    reasons: tuple[str, ...] = ()


def _seller_names(name: str) -> list[str]:
    slug = re.sub(r"[^a-z0-9]", "", name.lower())
    return [n for n in dict.fromkeys([name, slug]) if n]


def apply_revision(state: PlanState, revision: Revision, *, proposal: AllocationProposal,
                   limits: GuardLimits,
                   check_sellers: Callable[[CampaignBrief], Any] | None = None,
                   ) -> tuple[PlanState, str]:
    """One revision applied to ``state`` through the allocation guards (against the
    allocator's ``proposal``); the new state and a sentence saying what changed.
    Raises :class:`AllocationGuardError` or ``ValueError`` when it cannot apply."""
    brief = state.brief
    if revision.kind is RevisionKind.MOVE:
        assert revision.source is not None
        assert revision.target is not None
        current = state.allocation.as_dict()
        for channel in (revision.source, revision.target):
            if channel not in current:
                raise ValueError(f"{channel_words(channel)} is not in this plan "
                                 f"({', '.join(channel_words(c) for c in current)})")
        if revision.amount_micros is not None:
            if revision.currency not in (None, brief.currency):
                raise ValueError(f"the plan is in {brief.currency}, not {revision.currency}")
            amount, what = revision.amount_micros, ""
        elif revision.of_budget:
            assert revision.percent is not None
            amount = int(Decimal(brief.budget_micros) * revision.percent / 100)
            what = f" ({revision.percent.normalize():f}% of the budget)"
        else:
            assert revision.percent is not None
            amount = int(Decimal(current[revision.source]) * revision.percent / 100)
            what = (f" ({revision.percent.normalize():f}% of {channel_words(revision.source)}'s "
                    f"{from_micros(current[revision.source]):,.2f})")
        if amount <= 0 or amount > current[revision.source]:
            raise ValueError(f"{channel_words(revision.source)} holds "
                             f"{from_micros(current[revision.source]):,.2f}; cannot move "
                             f"{from_micros(amount):,.2f}")
        move = AllocationMove(from_channel=revision.source, to_channel=revision.target,
                              amount_micros=amount)
        reason = f"planner in chat: {revision.text}"
        # Guards apply to all moves against the allocator's proposal together,
        # so small moves cannot add up past them.
        adjusted = adjust_allocation(proposal, AllocationAdjustment(
            moves=[*state.moves, move], rationale="; ".join([*state.reasons, reason])),
            limits, by_planner=True)
        return (replace(state, allocation=adjusted, moves=(*state.moves, move),
                        reasons=(*state.reasons, reason)),
                f"Moved {from_micros(amount):,.2f} {brief.currency}{what} from "
                f"{channel_words(revision.source)} to {channel_words(revision.target)}.")
    if revision.kind is RevisionKind.DROP_SELLER:
        assert revision.seller is not None
        names = [n for n in _seller_names(revision.seller) if n not in brief.excluded_sellers]
        if not names:
            raise ValueError(f"{revision.seller} is already excluded")
        new_brief = brief.model_copy(
            update={"excluded_sellers": [*brief.excluded_sellers, revision.seller]})
        checked = check_sellers(new_brief) if check_sellers else None
        if isinstance(checked, BriefGap):  # a seller the registry does not have
            raise ValueError(checked.issues[0].message)
        if checked is None:  # no registry to resolve against: keep the id spelling too
            new_brief = brief.model_copy(
                update={"excluded_sellers": [*brief.excluded_sellers, *names]})
        return (replace(state, brief=new_brief),
                f"Seller {revision.seller} excluded: it will get no deal.")
    if revision.kind is RevisionKind.CAP_CPM:
        assert revision.cpm_micros is not None
        old = brief.max_cpm_micros
        note = f"CPM capped at {from_micros(revision.cpm_micros):,.2f} {brief.currency}"
        if old is not None and revision.cpm_micros > old:
            note += f" (raised from the brief's {from_micros(old):,.2f}, as you asked)"
        return replace(state, brief=brief.model_copy(
            update={"max_cpm_micros": revision.cpm_micros})), note + "."
    raise ValueError(f"{revision.kind.value} is not a revision")
