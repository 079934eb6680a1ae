"""An independent exact check of portfolio selection: HiGHS MILP and brute force.

Nothing here uses the optimizer's model code (``ad_buyer.orchestration.
portfolio``): the constraints are read from the problem's own fields
(``Candidate``, ``PortfolioConstraints``, ``GroupLimit``) and written out
again, for a different solver (HiGHS, via ``highspy``), and checked in exact
integer arithmetic by :func:`satisfies`.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import highspy
import numpy as np

from ad_buyer.orchestration.portfolio import Candidate, GroupLimit, PortfolioConstraints

Bounds = tuple[int, int | None, int, int | None]  # min deals, max deals, min spend, max spend


def group_bounds(cands: Sequence[Candidate], cons: PortfolioConstraints
                 ) -> list[tuple[list[int], Bounds]]:
    """Every group constraint as (member indices, bounds), read from the problem."""
    out: list[tuple[list[int], Bounds]] = []

    def members(attr: str, name: str) -> list[int]:
        return [i for i, c in enumerate(cands) if getattr(c, attr) == name]

    def bounds(limit: GroupLimit, extra_cap: int | None = None) -> Bounds:
        caps = [v for v in (limit.max_spend_micros, extra_cap) if v is not None]
        return (limit.min_deals, limit.max_deals, limit.min_spend_micros,
                min(caps) if caps else None)

    share_cap = None
    if cons.max_seller_share_pct is not None:
        share = Decimal(cons.budget_micros) * cons.max_seller_share_pct / 100
        share_cap = int(share.to_integral_value(ROUND_HALF_UP))
    for seller in sorted({c.seller for c in cands} | set(cons.per_seller)):
        limit = cons.per_seller.get(seller, cons.default_per_seller) or GroupLimit()
        out.append((members("seller", seller), bounds(limit, share_cap)))
    for attr, table in (("channel", cons.per_channel), ("dma", cons.per_dma)):
        for name, limit in sorted(table.items()):
            out.append((members(attr, name), bounds(limit)))
    return out


def satisfies(cands: Sequence[Candidate], chosen: Sequence[int],
              cons: PortfolioConstraints) -> bool:
    """Every constraint holds for ``chosen``, in integers."""
    picked = set(chosen)
    if sum(cands[i].cost_micros for i in picked) > cons.budget_micros:
        return False
    if len(picked) < cons.min_deals or (cons.max_deals is not None
                                        and len(picked) > cons.max_deals):
        return False
    for members, (min_n, max_n, min_spend, max_spend) in group_bounds(cands, cons):
        inside = [i for i in members if i in picked]
        spend = sum(cands[i].cost_micros for i in inside)
        if len(inside) < min_n or spend < min_spend:
            return False
        if (max_n is not None and len(inside) > max_n) or (
                max_spend is not None and spend > max_spend):
            return False
    return True


class ToleranceError(RuntimeError):
    """HiGHS's answer is feasible only within its float tolerance."""


class Highs:
    """One HiGHS instance, reused (it prints its banner once, when created)."""

    def __init__(self, time_limit_s: float = 30.0) -> None:
        sys.stdout.flush()
        saved = os.dup(1)
        with open(os.devnull, "w") as devnull:  # HiGHS prints a banner from C++
            os.dup2(devnull.fileno(), 1)
            try:
                self.highs = highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("mip_rel_gap", 0.0)
        self.highs.setOptionValue("mip_abs_gap", 0.0)
        self.highs.setOptionValue("time_limit", time_limit_s)
        self.highs.setOptionValue("mip_feasibility_tolerance", 1e-9)
        self.highs.setOptionValue("primal_feasibility_tolerance", 1e-9)

    def optimum(self, cands: Sequence[Candidate], cons: PortfolioConstraints
                ) -> tuple[int | None, list[int]]:
        """(best value, chosen indices), or (None, []) when nothing is feasible.

        Money rows are scaled by the budget (HiGHS works in floats, to a
        tolerance); the answer is then checked in integers, and one that fails
        the check raises :class:`ToleranceError`.
        """
        h = self.highs
        h.clearModel()
        n = len(cands)
        inf = highspy.kHighsInf
        scale = float(max(1, cons.budget_micros))
        values = np.array([float(c.value) for c in cands])
        costs = np.array([c.cost_micros / scale for c in cands])
        empty_i, empty_f = np.array([], dtype=np.int32), np.array([], dtype=np.float64)
        h.addCols(n, values, np.zeros(n), np.ones(n), 0, empty_i, empty_i, empty_f)
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                                np.array([highspy.HighsVarType.kInteger] * n))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)

        def row(lower: float, upper: float, idx: Sequence[int], coef: np.ndarray) -> None:
            h.addRow(lower, upper, len(idx), np.array(idx, dtype=np.int32), coef)

        everyone = list(range(n))
        row(-inf, 1.0, everyone, costs)
        row(float(cons.min_deals), float(cons.max_deals) if cons.max_deals is not None else inf,
            everyone, np.ones(n))
        for members, (min_n, max_n, min_spend, max_spend) in group_bounds(cands, cons):
            row(float(min_n), float(max_n) if max_n is not None else inf, members,
                np.ones(len(members)))
            row(min_spend / scale, max_spend / scale if max_spend is not None else inf,
                members, costs[members] if members else empty_f)
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return None, []
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"HiGHS did not prove an optimum: {h.modelStatusToString(status)}")
        chosen = [i for i, x in enumerate(h.getSolution().col_value) if x > 0.5]
        if not satisfies(cands, chosen, cons):
            raise ToleranceError("HiGHS's solution breaks a constraint in exact arithmetic")
        return sum(cands[i].value for i in chosen), chosen


def brute_force(cands: Sequence[Candidate], cons: PortfolioConstraints) -> int | None:
    """The best value over every subset (small instances only), or None if none fits."""
    best: int | None = None
    for size in range(len(cands) + 1):
        for combo in itertools.combinations(range(len(cands)), size):
            if satisfies(cands, combo, cons):
                value = sum(cands[i].value for i in combo)
                best = value if best is None or value > best else best
    return best
