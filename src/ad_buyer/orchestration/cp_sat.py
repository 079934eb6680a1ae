"""A 0/1 model for CP-SAT, built as ``cp_model.CpModel`` builds it, without its import.

``ortools.sat.python.cp_model`` imports pandas (and with it pyarrow) at the top for its
Series helpers, about 0.7 s of CPU on every run that selects a portfolio. The solver
itself is ``cp_model_helper`` (the C++ extension ``cp_model`` wraps), which the model
here writes to directly. The proto it writes is the one ``CpModel`` writes for the same
``add``/``maximize`` calls, field for field, so the solve is the same
(tests/orchestration/test_cp_sat.py compares the two on random portfolios).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ortools.sat.python import cp_model_helper as cmh

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1
OPTIMAL = cmh.CpSolverStatus.OPTIMAL
FEASIBLE = cmh.CpSolverStatus.FEASIBLE
INFEASIBLE = cmh.CpSolverStatus.INFEASIBLE


class BoolModel:
    """0/1 variables, linear constraints over them and a linear objective to maximize."""

    def __init__(self) -> None:
        self.proto: Any = cmh.CpModelProto()
        self._true: int | None = None

    def new_bool_var(self, name: str) -> int:
        """A 0-1 variable's index."""
        variable = self.proto.variables.add()
        variable.name = name
        variable.domain.extend([0, 1])
        return len(self.proto.variables) - 1

    def add_linear(self, terms: Mapping[int, int], *, lower: int | None = None,
                   upper: int | None = None) -> None:
        """``lower <= sum(coefficient * variable) <= upper``. Over no variable the sum
        is the constant 0, and the constraint is a constant as in ``CpModel.add``."""
        if not terms:
            self._add_constant((lower is None or lower <= 0) and (upper is None or upper >= 0))
            return
        linear = self.proto.constraints.add().linear
        kept = [(index, coefficient) for index, coefficient in terms.items() if coefficient]
        linear.vars.extend([index for index, _ in kept])
        linear.coeffs.extend([coefficient for _, coefficient in kept])
        linear.domain.extend([INT_MIN if lower is None else lower,
                              INT_MAX if upper is None else upper])

    def maximize(self, terms: Mapping[int, int]) -> None:
        objective = self.proto.objective
        kept = [(index, coefficient) for index, coefficient in terms.items() if coefficient]
        objective.vars.extend([index for index, _ in kept])
        objective.coeffs.extend([-coefficient for _, coefficient in kept])
        objective.scaling_factor = -1

    def _add_constant(self, holds: bool) -> None:
        # CpModel.add(True) is a clause over a variable fixed to 1; add(False) an empty one.
        clause = self.proto.constraints.add().bool_or
        if holds:
            clause.literals.append(self._true_index())

    def _true_index(self) -> int:
        if self._true is None:
            variable = self.proto.variables.add()
            variable.domain.extend([1, 1])
            self._true = len(self.proto.variables) - 1
        return self._true


class Solved:
    """A solve's status and the values it found."""

    def __init__(self, response: Any) -> None:
        self.status: Any = response.status
        self._solution: list[int] = list(response.solution)

    @property
    def status_name(self) -> str:
        return str(self.status.name)

    def value(self, index: int) -> int:
        return self._solution[index]


def solve(model: BoolModel, *, max_time_s: float, num_workers: int,
          random_seed: int) -> Solved:
    """Solve with the parameters ``CpSolver`` would be given; CP-SAT leaves SIGINT alone
    (it otherwise resets it to the default when done, after which Ctrl-C kills the process
    instead of stopping the run cleanly)."""
    parameters: Any = cmh.SatParameters()
    parameters.max_time_in_seconds = max_time_s
    parameters.num_workers = num_workers
    parameters.random_seed = random_seed
    parameters.catch_sigint_signal = False
    wrapper: Any = cmh.SolveWrapper()
    wrapper.set_parameters(parameters)
    return Solved(wrapper.solve(model.proto))
