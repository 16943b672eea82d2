"""The best assignment of a portfolio: every rule but the roles' headcounts kept outright, as many
seats filled as those rules allow, then the greatest total fit (the ranking's scores)."""

import time
from dataclasses import dataclass
from enum import StrEnum

from ortools.sat.python import cp_model

from matching.assignment.model import build, fit
from matching.assignment.problem import Problem, RuleKind

# Two search workers on a machine of two cores; a solve is deterministic for a given count.
WORKERS = 2


class Outcome(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"  # the time ran out before the best was proved
    INFEASIBLE = "infeasible"  # the side rules conflict even with seats left empty
    UNKNOWN = "unknown"  # the time ran out before any assignment was found


@dataclass(frozen=True, slots=True)
class Solved:
    outcome: Outcome
    seats: dict[str, list[str]]  # role id: its experts, best score first
    filled: int
    fit: float  # the total of the chosen candidates' scores
    seconds: float

    def complete(self, problem: Problem) -> bool:
        return self.filled == problem.seats()


def solve(problem: Problem, *, time_limit: float = 30.0, workers: int = WORKERS) -> Solved:
    started = time.perf_counter()
    model = build(problem)
    for rule in problem.rules():
        if rule.kind is not RuleKind.FILL:
            model.keep(rule)
    model.cp.maximize(fit(model, seats_first=True))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    status = solver.solve(model.cp)
    outcome = {
        cp_model.OPTIMAL: Outcome.OPTIMAL,
        cp_model.FEASIBLE: Outcome.FEASIBLE,
        cp_model.INFEASIBLE: Outcome.INFEASIBLE,
    }.get(status, Outcome.UNKNOWN)
    if outcome in (Outcome.INFEASIBLE, Outcome.UNKNOWN):
        seats: dict[str, list[str]] = {o.role_id: [] for o in problem.openings}
    else:
        seats = model.chosen(solver)
    return Solved(
        outcome=outcome,
        seats=seats,
        filled=sum(len(v) for v in seats.values()),
        fit=total_fit(problem, seats),
        seconds=time.perf_counter() - started,
    )


def total_fit(problem: Problem, seats: dict[str, list[str]]) -> float:
    total = 0.0
    for opening in problem.openings:
        score = {o.expert: o.score for o in opening.options}
        total += sum(score[e] for e in seats.get(opening.role_id, ()))
    return total
