"""Portfolio optimizer: which set of deals to book.

Exact: OR-Tools CP-SAT over one boolean per candidate, integer micros as cost
coefficients, maximizing integer value under the budget, a deal count
(min/max), per-seller / per-channel / per-DMA deal-count and spend limits,
and a maximum share of budget per seller. Past the time limit with no
solution, a constraint-aware greedy answers; the result names the solver and
whether it proved optimality. :func:`greedy_select` is also the seed's
"best score first" selection, and the benchmark's greedy baselines.

Value: ``score`` objective = score x impressions / 100 (score-weighted
impressions); ``reach`` objective = impressions x fill rate (expected
delivered impressions, for awareness goals).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Literal

from ad_buyer.booking.quote_normalizer import NormalizedQuote
from ad_buyer.orchestration.cp_sat import FEASIBLE, INFEASIBLE, OPTIMAL, BoolModel, solve
from ad_buyer.orchestration.package_selection import package_key

logger = logging.getLogger(__name__)


class Objective(StrEnum):
    SCORE = "score"
    REACH = "reach"


@dataclass(frozen=True)
class Candidate:
    """One bookable quote as the optimizer sees it."""

    key: str
    seller: str
    cost_micros: int
    value: int
    score: float = 0.0
    channel: str | None = None
    dma: str | None = None
    package: str | None = None  # seller plus product: quotes of one package share its cap


@dataclass(frozen=True)
class GroupLimit:
    """Deal-count and spend bounds for one seller, channel or DMA."""

    min_deals: int = 0
    max_deals: int | None = None
    min_spend_micros: int = 0
    max_spend_micros: int | None = None


@dataclass
class PortfolioConstraints:
    budget_micros: int
    max_deals: int | None = None
    min_deals: int = 0
    per_seller: dict[str, GroupLimit] = field(default_factory=dict)
    default_per_seller: GroupLimit | None = None
    per_channel: dict[str, GroupLimit] = field(default_factory=dict)
    per_dma: dict[str, GroupLimit] = field(default_factory=dict)
    per_package: dict[str, GroupLimit] = field(default_factory=dict)
    max_seller_share_pct: Decimal | None = None

    def seller_limit(self, seller: str) -> GroupLimit | None:
        return self.per_seller.get(seller, self.default_per_seller)

    def seller_spend_cap(self, seller: str) -> int | None:
        caps = []
        limit = self.seller_limit(seller)
        if limit is not None and limit.max_spend_micros is not None:
            caps.append(limit.max_spend_micros)
        if self.max_seller_share_pct is not None:
            share = Decimal(self.budget_micros) * self.max_seller_share_pct / 100
            caps.append(int(share.to_integral_value(ROUND_HALF_UP)))
        return min(caps) if caps else None


def constraints_for_call(constraints: PortfolioConstraints | None, *, budget_micros: int,
                         max_deals: int) -> PortfolioConstraints:
    """The caller's constraints with this call's budget and at most ``max_deals``
    deals; the caller's object is left alone."""
    return replace(
        constraints or PortfolioConstraints(budget_micros), budget_micros=budget_micros,
        max_deals=min((constraints.max_deals if constraints else None) or max_deals, max_deals))


def infeasible_failure() -> dict[str, str]:
    """The ``failed_bookings`` entry for a portfolio no set of quotes satisfies."""
    return {"reason": "portfolio_infeasible",
            "error": "no set of quotes satisfies the portfolio constraints"}


@dataclass
class PortfolioSolution:
    selected: list[Candidate]
    total_value: int
    total_cost_micros: int
    solver: str  # "cp-sat", "greedy", "greedy-fallback"
    optimal: bool
    feasible: bool
    status: str = ""

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.selected]


def candidate_value(quote: NormalizedQuote, objective: Objective = Objective.SCORE) -> int:
    if objective == Objective.REACH:
        return int(Decimal(quote.impressions) * Decimal(repr(quote.fill_rate)))
    return int(Decimal(repr(quote.score)) * quote.impressions / 100)


def default_channel(quote: NormalizedQuote) -> str | None:
    """The quoted product's inventory type (ctv, online_video, ...)."""
    return quote.quote.product.inventory_type if quote.quote is not None else None


def quote_package(quote: NormalizedQuote) -> str | None:
    """The package a quote is for (its seller and product), None when unknown."""
    if quote.quote is None:
        return None
    return package_key(quote.seller_url or quote.seller_id, quote.quote.product.product_id)


def candidates_from_quotes(
    quotes: Sequence[NormalizedQuote],
    *,
    objective: Objective = Objective.SCORE,
    channel_of: Callable[[NormalizedQuote], str | None] | None = None,
    dma_of: Callable[[NormalizedQuote], str | None] | None = None,
) -> list[Candidate]:
    channel_of = channel_of or default_channel
    return [
        Candidate(key=q.key, seller=q.seller_url or q.seller_id, cost_micros=q.cost_micros,
                  value=candidate_value(q, objective), score=q.score,
                  channel=channel_of(q),
                  dma=dma_of(q) if dma_of else None, package=quote_package(q))
        for q in quotes
    ]


GROUPS = ("seller", "channel", "dma", "package")


def _groups(cands: Sequence[Candidate], attr: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, c in enumerate(cands):
        name = getattr(c, attr)
        if name is not None:
            out.setdefault(name, []).append(i)
    return out


def _limits(constraints: PortfolioConstraints, attr: str,
            groups: Mapping[str, list[int]]) -> dict[str, GroupLimit]:
    if attr == "seller":
        names = set(groups) | set(constraints.per_seller)
        out = {}
        for name in names:
            limit = constraints.seller_limit(name)
            cap = constraints.seller_spend_cap(name)
            base = limit or GroupLimit()
            if cap is not None and (base.max_spend_micros is None or cap < base.max_spend_micros):
                base = GroupLimit(base.min_deals, base.max_deals, base.min_spend_micros, cap)
            out[name] = base
        return out
    by_attr = {"channel": constraints.per_channel, "dma": constraints.per_dma,
               "package": constraints.per_package}
    return dict(by_attr[attr])


def check_solution(cands: Sequence[Candidate], chosen: Sequence[int],
                   constraints: PortfolioConstraints) -> bool:
    """True when a selection satisfies every constraint."""
    sel = [cands[i] for i in chosen]
    if sum(c.cost_micros for c in sel) > constraints.budget_micros:
        return False
    if constraints.max_deals is not None and len(sel) > constraints.max_deals:
        return False
    if len(sel) < constraints.min_deals:
        return False
    for attr in GROUPS:
        groups = _groups(cands, attr)
        for name, limit in _limits(constraints, attr, groups).items():
            members = [cands[i] for i in chosen if getattr(cands[i], attr) == name]
            spend = sum(c.cost_micros for c in members)
            if len(members) < limit.min_deals or spend < limit.min_spend_micros:
                return False
            if limit.max_deals is not None and len(members) > limit.max_deals:
                return False
            if limit.max_spend_micros is not None and spend > limit.max_spend_micros:
                return False
    return True


def fits_upper_bounds(selected: Sequence[Candidate], cand: Candidate,
                      constraints: PortfolioConstraints) -> bool:
    """Would adding ``cand`` keep every upper bound (reallocation after a failure)?"""
    chosen = [*selected, cand]
    if sum(c.cost_micros for c in chosen) > constraints.budget_micros:
        return False
    if constraints.max_deals is not None and len(chosen) > constraints.max_deals:
        return False
    for attr in GROUPS:
        name = getattr(cand, attr)
        if name is None:
            continue
        limit = _limits(constraints, attr, {name: [0]}).get(name)
        if limit is None:
            continue
        members = [c for c in chosen if getattr(c, attr) == name]
        if limit.max_deals is not None and len(members) > limit.max_deals:
            return False
        if (limit.max_spend_micros is not None
                and sum(c.cost_micros for c in members) > limit.max_spend_micros):
            return False
    return True


GreedyOrder = Literal["score", "value", "density"]


def _greedy_rank(cands: Sequence[Candidate], order: GreedyOrder) -> list[int]:
    def key(i: int) -> tuple[Decimal | float | int, str]:
        c = cands[i]
        if order == "value":
            return -c.value, c.key
        if order == "density":
            return -Decimal(c.value) / max(1, c.cost_micros), c.key
        return -c.score, c.key

    return sorted(range(len(cands)), key=key)


def greedy_select(cands: Sequence[Candidate], constraints: PortfolioConstraints, *,
                  order: GreedyOrder = "score",
                  respect_group_limits: bool = True) -> PortfolioSolution:
    """Best first, taking each deal that still fits.

    ``order`` is what "best" means: ``score`` (the seed's selection), ``value``
    (the objective) or ``density`` (value per unit of cost). With
    ``respect_group_limits`` it first takes the best deals of every seller,
    channel or DMA with a minimum deal count, then fills, and never breaks an
    upper bound; without, it knows only the budget and the deal count (the seed
    as documented). ``feasible`` says whether every constraint holds.
    """
    ranked = _greedy_rank(cands, order)
    bounds = constraints if respect_group_limits else PortfolioConstraints(
        constraints.budget_micros, max_deals=constraints.max_deals)
    chosen: list[int] = []

    def take(i: int) -> bool:
        if i in chosen or not fits_upper_bounds([cands[j] for j in chosen], cands[i], bounds):
            return False
        chosen.append(i)
        return True

    if respect_group_limits:
        for attr in GROUPS:
            for name, limit in sorted(_limits(constraints, attr, _groups(cands, attr)).items()):
                have = sum(1 for j in chosen if getattr(cands[j], attr) == name)
                for i in ranked:
                    if have >= limit.min_deals:
                        break
                    if getattr(cands[i], attr) == name:
                        have += take(i)
    for i in ranked:
        take(i)
    sel = [cands[i] for i in chosen]
    return PortfolioSolution(sel, sum(c.value for c in sel), sum(c.cost_micros for c in sel),
                             "greedy", False, check_solution(cands, chosen, constraints),
                             "greedy")


def portfolio_model(cands: Sequence[Candidate],
                    constraints: PortfolioConstraints) -> BoolModel:
    """The CP-SAT model of choosing ``cands`` (variable i is candidate i) within
    ``constraints``, maximizing their value."""
    model = BoolModel()
    x = [model.new_bool_var(f"x{i}") for i in range(len(cands))]
    model.add_linear({x[i]: c.cost_micros for i, c in enumerate(cands)},
                     upper=constraints.budget_micros)
    every = dict.fromkeys(x, 1)
    if constraints.max_deals is not None:
        model.add_linear(every, upper=constraints.max_deals)
    if constraints.min_deals:
        model.add_linear(every, lower=constraints.min_deals)
    for attr in GROUPS:
        groups = _groups(cands, attr)
        for name, limit in _limits(constraints, attr, groups).items():
            idx = groups.get(name, [])
            count = {x[i]: 1 for i in idx}
            spend = {x[i]: cands[i].cost_micros for i in idx}
            if limit.min_deals:
                model.add_linear(count, lower=limit.min_deals)
            if limit.max_deals is not None:
                model.add_linear(count, upper=limit.max_deals)
            if limit.min_spend_micros:
                model.add_linear(spend, lower=limit.min_spend_micros)
            if limit.max_spend_micros is not None:
                model.add_linear(spend, upper=limit.max_spend_micros)
    model.maximize({x[i]: c.value for i, c in enumerate(cands)})
    return model


class PortfolioOptimizer:
    """Exact selection with CP-SAT; greedy only if CP-SAT finds nothing in time."""

    def __init__(self, *, time_limit_s: float = 5.0, num_workers: int = 1,
                 random_seed: int = 0) -> None:
        self.time_limit_s = time_limit_s
        self.num_workers = num_workers
        self.random_seed = random_seed

    def optimize(self, cands: Sequence[Candidate],
                 constraints: PortfolioConstraints) -> PortfolioSolution:
        if not cands:
            feasible = check_solution(cands, [], constraints)
            return PortfolioSolution([], 0, 0, "cp-sat", feasible, feasible,
                                     "empty" if feasible else "infeasible")
        model = portfolio_model(cands, constraints)
        solved = solve(model, max_time_s=self.time_limit_s, num_workers=self.num_workers,
                       random_seed=self.random_seed)
        status = solved.status
        if status in (OPTIMAL, FEASIBLE):
            chosen = [i for i in range(len(cands)) if solved.value(i)]
            sel = [cands[i] for i in chosen]
            return PortfolioSolution(sel, sum(c.value for c in sel),
                                     sum(c.cost_micros for c in sel), "cp-sat",
                                     status == OPTIMAL, True, solved.status_name.lower())
        if status == INFEASIBLE:
            logger.info("portfolio constraints are infeasible for %d candidates", len(cands))
            return PortfolioSolution([], 0, 0, "cp-sat", True, False, "infeasible")
        logger.warning("CP-SAT found no portfolio in %.1fs; falling back to greedy",
                       self.time_limit_s)
        fallback = greedy_select(cands, constraints)
        fallback.solver = "greedy-fallback"
        fallback.status = solved.status_name.lower()
        return fallback
