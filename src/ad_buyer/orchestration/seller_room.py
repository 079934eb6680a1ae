"""A seller's room under a share cap, as the portfolio selection holds it: the spend
bound each seller gets, what exceeds it, and what the cap cost a selection (the cap
itself, and its default, are :mod:`ad_buyer.guards.shares`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ad_buyer.models.money import from_micros

if TYPE_CHECKING:  # the optimizer (and OR-Tools) load only where a selection is made
    from ad_buyer.orchestration.portfolio import (
        Candidate,
        PortfolioConstraints,
        PortfolioSolution,
    )


def seller_key(seller_url: str) -> str:
    """One spelling per seller (URLs arrive with and without a trailing slash)."""
    return seller_url.rstrip("/")


def over_room(spend: Iterable[tuple[str, int]], room: Mapping[str, int]) -> dict[str, int]:
    """Sellers whose total spend (from seller URL, micros pairs) goes past their room
    under the cap, with that total."""
    totals: dict[str, int] = {}
    for seller, micros in spend:
        totals[seller_key(seller)] = totals.get(seller_key(seller), 0) + micros
    return {seller: total for seller, total in sorted(totals.items())
            if seller in room and total > room[seller]}


def with_seller_room(constraints: PortfolioConstraints, candidates: Sequence[Candidate],
                     room: Mapping[str, int] | None) -> PortfolioConstraints:
    """The portfolio constraints with each seller's room under the cap as its spend
    bound (the CP-SAT model and the greedy fallback both hold it)."""
    from ad_buyer.orchestration.portfolio import GroupLimit

    if room is None:
        return constraints
    per_seller = dict(constraints.per_seller)
    for cand in candidates:
        limit = room.get(seller_key(cand.seller))
        if limit is not None:
            per_seller[cand.seller] = GroupLimit(max_spend_micros=limit)
    return replace(constraints, per_seller=per_seller)


def cap_cost(uncapped: PortfolioSolution, capped: PortfolioSolution, currency: str) -> str:
    """What the cap cost this selection, in words for the rationale log."""
    spend = uncapped.total_cost_micros - capped.total_cost_micros
    value = uncapped.total_value - capped.total_value
    if spend <= 0 and value <= 0:
        return "the seller share cap cost nothing: the best portfolio was within it"
    return (f"the seller share cap cost {from_micros(max(spend, 0)):,.2f} {currency} of "
            f"spend placed ({from_micros(uncapped.total_cost_micros):,.2f} uncapped, "
            f"{from_micros(capped.total_cost_micros):,.2f} capped) and {max(value, 0)} "
            f"points of portfolio value")
