"""Portfolio optimizer: CP-SAT is exact (checked by brute force), constraints hold."""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

import pytest
from ortools.sat.python import cp_model_helper

from ad_buyer.orchestration import portfolio
from ad_buyer.orchestration.cp_sat import Solved
from ad_buyer.orchestration.portfolio import (
    Candidate,
    GroupLimit,
    PortfolioConstraints,
    PortfolioOptimizer,
    check_solution,
    greedy_select,
)


def brute_force(cands: list[Candidate], cons: PortfolioConstraints) -> int | None:
    best = None
    for r in range(len(cands) + 1):
        for combo in itertools.combinations(range(len(cands)), r):
            if check_solution(cands, combo, cons):
                value = sum(cands[i].value for i in combo)
                best = value if best is None else max(best, value)
    return best


def random_instance(rng: random.Random, n: int = 8) -> tuple[list[Candidate],
                                                            PortfolioConstraints]:
    cands = [Candidate(key=f"k{i}", seller=f"s{rng.randint(0, 3)}",
                       cost_micros=rng.randint(5, 50) * 1_000_000_000,
                       value=rng.randint(10_000, 90_000), score=rng.uniform(40, 100),
                       channel=rng.choice(["ctv", "olv"]), dma=rng.choice(["501", "803"]))
             for i in range(n)]
    cons = PortfolioConstraints(
        budget_micros=rng.randint(60, 150) * 1_000_000_000, max_deals=rng.randint(2, 5),
        default_per_seller=GroupLimit(max_deals=2),
        per_channel={"ctv": GroupLimit(min_deals=rng.randint(0, 1))},
        per_dma={"803": GroupLimit(max_spend_micros=60_000_000_000)},
        max_seller_share_pct=Decimal(rng.choice([60, 80, 100])))
    return cands, cons


def test_cp_sat_matches_brute_force_on_random_instances() -> None:
    rng = random.Random(7)
    optimizer = PortfolioOptimizer()
    for _ in range(25):
        cands, cons = random_instance(rng)
        solution = optimizer.optimize(cands, cons)
        expected = brute_force(cands, cons)
        if expected is None:
            assert not solution.feasible
            continue
        assert solution.solver == "cp-sat"
        assert solution.optimal
        assert solution.feasible
        assert solution.total_value == expected
        assert check_solution(cands, [cands.index(c) for c in solution.selected], cons)


def test_optimum_beats_best_score_first_greedy() -> None:
    cands = [Candidate("big", "s1", 100, 10, 90), Candidate("a", "s2", 60, 7, 80),
             Candidate("b", "s3", 50, 6, 70)]
    cons = PortfolioConstraints(budget_micros=110, max_deals=2)
    assert PortfolioOptimizer().optimize(cands, cons).keys == ["a", "b"]
    greedy = greedy_select(cands, cons)
    assert greedy.keys == ["big"]
    assert greedy.solver == "greedy"


def test_seller_share_and_per_seller_limits() -> None:
    cands = [Candidate(f"k{i}", "s1", 30, 10, 90) for i in range(3)]
    cands.append(Candidate("other", "s2", 30, 1, 10))
    cons = PortfolioConstraints(budget_micros=100, max_seller_share_pct=Decimal(50))
    sol = PortfolioOptimizer().optimize(cands, cons)
    assert sum(c.cost_micros for c in sol.selected if c.seller == "s1") <= 50
    assert "other" in sol.keys
    cons = PortfolioConstraints(budget_micros=1000, per_seller={"s1": GroupLimit(max_deals=2)})
    assert len([c for c in PortfolioOptimizer().optimize(cands, cons).selected
                if c.seller == "s1"]) == 2


def test_minimum_per_channel_is_enforced() -> None:
    cands = [Candidate("ctv", "s1", 50, 1, 10, channel="ctv"),
             Candidate("olv", "s2", 50, 100, 90, channel="olv")]
    cons = PortfolioConstraints(budget_micros=60, per_channel={"ctv": GroupLimit(min_deals=1)})
    assert PortfolioOptimizer().optimize(cands, cons).keys == ["ctv"]
    # Given the minimum, the greedy takes the channel's best deal first.
    greedy = greedy_select(cands, cons)
    assert greedy.keys == ["ctv"]
    assert greedy.feasible
    # Knowing only the budget (the seed as documented), it takes the best score.
    seed = greedy_select(cands, cons, respect_group_limits=False)
    assert seed.keys == ["olv"]
    assert not seed.feasible


def test_greedy_orders_by_score_value_or_value_per_cost() -> None:
    cands = [Candidate("scored", "s1", 100, 10, 99), Candidate("valuable", "s2", 100, 50, 10),
             Candidate("cheap", "s3", 20, 30, 5)]
    cons = PortfolioConstraints(budget_micros=120, max_deals=1)
    assert greedy_select(cands, cons).keys == ["scored"]
    assert greedy_select(cands, cons, order="value").keys == ["valuable"]
    assert greedy_select(cands, cons, order="density").keys == ["cheap"]


def test_infeasible_constraints_select_nothing() -> None:
    cands = [Candidate("a", "s1", 50, 1, 10)]
    cons = PortfolioConstraints(budget_micros=10, min_deals=1)
    sol = PortfolioOptimizer().optimize(cands, cons)
    assert not sol.feasible
    assert sol.selected == []
    assert sol.status == "infeasible"


def test_greedy_fallback_when_cp_sat_finds_nothing_in_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    unknown = Solved(cp_model_helper.CpSolverResponse())  # status UNKNOWN, no solution
    monkeypatch.setattr(portfolio, "solve", lambda model, **parameters: unknown)
    cands = [Candidate("a", "s1", 50, 5, 90), Candidate("b", "s2", 50, 4, 80)]
    sol = PortfolioOptimizer(time_limit_s=0.01).optimize(
        cands, PortfolioConstraints(budget_micros=60))
    assert sol.solver == "greedy-fallback"
    assert not sol.optimal
    assert sol.keys == ["a"]
