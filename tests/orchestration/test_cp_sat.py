"""The portfolio's CP-SAT model is the one ``cp_model.CpModel`` builds, without pandas."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from ortools.sat.python import cp_model

from ad_buyer.orchestration.portfolio import (
    GROUPS,
    Candidate,
    GroupLimit,
    PortfolioConstraints,
    PortfolioOptimizer,
    _groups,
    _limits,
    portfolio_model,
)


def cp_model_reference(cands: list[Candidate], constraints: PortfolioConstraints
                       ) -> tuple[cp_model.CpModel, list[cp_model.IntVar]]:
    """The model as the optimizer built it through ``cp_model`` before (the oracle)."""
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}") for i in range(len(cands))]
    model.add(sum(c.cost_micros * x[i] for i, c in enumerate(cands))
              <= constraints.budget_micros)
    if constraints.max_deals is not None:
        model.add(sum(x) <= constraints.max_deals)
    if constraints.min_deals:
        model.add(sum(x) >= constraints.min_deals)
    for attr in GROUPS:
        groups = _groups(cands, attr)
        for name, limit in _limits(constraints, attr, groups).items():
            idx = groups.get(name, [])
            count = sum(x[i] for i in idx)
            spend = sum(cands[i].cost_micros * x[i] for i in idx)
            if limit.min_deals:
                model.add(count >= limit.min_deals)
            if limit.max_deals is not None:
                model.add(count <= limit.max_deals)
            if limit.min_spend_micros:
                model.add(spend >= limit.min_spend_micros)
            if limit.max_spend_micros is not None:
                model.add(spend <= limit.max_spend_micros)
    model.maximize(sum(c.value * x[i] for i, c in enumerate(cands)))
    return model, x


def _limit(rng: random.Random) -> GroupLimit:
    if rng.random() < 0.8:  # most limits cap; a few ask for a floor, some unmeetable
        return GroupLimit(max_deals=rng.choice([None, 1, 2, 3]),
                          max_spend_micros=rng.choice([None, 5_000_000, 20_000_000]))
    return GroupLimit(min_deals=rng.choice([0, 1]), max_deals=rng.choice([None, 2]),
                      min_spend_micros=rng.choice([0, 1_000_000]))


def random_portfolio(seed: int) -> tuple[list[Candidate], PortfolioConstraints]:
    rng = random.Random(seed)
    sellers = [f"s{i}" for i in range(rng.randint(1, 5))]
    cands = [Candidate(key=f"k{i}", seller=rng.choice(sellers),
                       cost_micros=rng.choice([0, rng.randint(1, 15) * 1_000_000]),
                       value=rng.choice([0, rng.randint(1, 1000)]),
                       channel=rng.choice(["ctv", "mobile", None]),
                       dma=rng.choice(["501", "803", None]),
                       package=f"p{rng.randint(0, 6)}")
             for i in range(rng.randint(1, 14))]
    # A limit may name a group with no candidate: its sum is a constant, as in CpModel.
    constraints = PortfolioConstraints(
        budget_micros=rng.randint(5, 60) * 1_000_000,
        max_deals=rng.choice([None, 3, 6]), min_deals=rng.choice([0, 1, 2]),
        per_seller={s: _limit(rng) for s in rng.sample([*sellers, "absent"], 2)},
        default_per_seller=rng.choice([None, _limit(rng)]),
        per_channel={"ctv": _limit(rng), "display": _limit(rng)},
        per_dma={"501": _limit(rng)}, per_package={"p1": _limit(rng), "p9": _limit(rng)})
    return cands, constraints


@pytest.mark.parametrize("seed", range(60))
def test_the_model_is_cp_models_and_the_choice_its_choice(seed: int) -> None:
    cands, constraints = random_portfolio(seed)
    reference, x = cp_model_reference(cands, constraints)
    assert str(portfolio_model(cands, constraints).proto) == str(reference.proto)

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.catch_sigint_signal = False
    status = solver.solve(reference)
    got = PortfolioOptimizer().optimize(cands, constraints)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        assert [c.key for c in got.selected] == [
            c.key for i, c in enumerate(cands) if solver.value(x[i])]
        assert got.status == solver.status_name(status).lower()
    else:
        assert status == cp_model.INFEASIBLE
        assert got.status == "infeasible"


def test_selection_does_not_import_pandas() -> None:
    code = ("import sys\n"
            "from ad_buyer.orchestration.portfolio import Candidate, PortfolioConstraints,"
            " PortfolioOptimizer\n"
            "got = PortfolioOptimizer().optimize([Candidate('a', 's', 5, 3),"
            " Candidate('b', 's', 6, 4)], PortfolioConstraints(budget_micros=6))\n"
            "print([c.key for c in got.selected], 'pandas' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.split() == ["['b']", "False"]
