"""A seller's (or a package's) room under a share cap, as the portfolio selection holds
it: the spend bound each gets, what exceeds it, and what the cap cost a selection (the
caps themselves, and their defaults, are :mod:`ad_buyer.guards.shares`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ad_buyer.models.money import from_micros

if TYPE_CHECKING:  # the optimizer (and OR-Tools) load only where a selection is made
    from ad_buyer.orchestration.portfolio import (
        Candidate,
        GroupLimit,
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
    if room is None:
        return constraints
    return replace(constraints, per_seller=_bounded(
        constraints.per_seller, ((c.seller, seller_key(c.seller)) for c in candidates), room))


def with_package_room(constraints: PortfolioConstraints, candidates: Sequence[Candidate],
                      room: Mapping[str, int] | None) -> PortfolioConstraints:
    """The same for each package (one seller's product, keyed as
    ``package_selection.package_key`` spells it) under the package share cap."""
    if room is None:
        return constraints
    return replace(constraints, per_package=_bounded(
        constraints.per_package,
        ((c.package, c.package) for c in candidates if c.package is not None), room))


def _bounded(limits: Mapping[str, GroupLimit], names: Iterable[tuple[str, str]],
             room: Mapping[str, int]) -> dict[str, GroupLimit]:
    """``limits`` with each (group name, room key) pair's room as the group's spend bound."""
    from ad_buyer.orchestration.portfolio import GroupLimit

    out = dict(limits)
    for name, key in names:
        if key in room:
            out[name] = GroupLimit(max_spend_micros=room[key])
    return out


def cap_cost(uncapped: PortfolioSolution, capped: PortfolioSolution, currency: str,
             what: str = "seller share cap") -> str:
    """What the cap (``what``) cost this selection, in words for the rationale log."""
    spend = uncapped.total_cost_micros - capped.total_cost_micros
    value = uncapped.total_value - capped.total_value
    if spend <= 0 and value <= 0:
        return f"the {what} cost nothing: the best portfolio was within it"
    return (f"the {what} cost {from_micros(max(spend, 0)):,.2f} {currency} of "
            f"spend placed ({from_micros(uncapped.total_cost_micros):,.2f} uncapped, "
            f"{from_micros(capped.total_cost_micros):,.2f} capped) and {max(value, 0)} "
            f"points of portfolio value")
