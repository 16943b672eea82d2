"""The best assignment of a portfolio: every rule but the roles' headcounts kept outright, as many
seats filled as those rules allow, then the greatest total fit (the ranking's scores).

When the officer's side rules cannot all hold even with seats left empty (a programme with no
candidate at home, a pin on someone who is no candidate), the answer is not empty: the ledger and
the forbidden pairs still hold, as many side rules as can, then as many seats, then the fit; the
rules it breaks are named, and `conflicts` says why they cannot all hold."""

import time
from dataclasses import dataclass, field
from enum import StrEnum

from ortools.sat.python import cp_model

from matching.assignment.check import broken
from matching.assignment.model import Model, build, fit
from matching.assignment.problem import SCALE, Problem, Rule, RuleKind

# Two search workers on a machine of two cores; a solve is deterministic for a given count.
WORKERS = 2
# The officer's rules that give way, fewest first, when they cannot all hold; the ledger (lead
# and role limits) and the forbidden pairs never do.
SIDE = frozenset(
    {
        RuleKind.AT_HOME,
        RuleKind.PER_ORGANIZATION,
        RuleKind.DIASPORA,
        RuleKind.LEAD_YEARS,
        RuleKind.PIN,
    }
)


class Outcome(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"  # the time ran out before the best was proved
    RELAXED = "relaxed"  # the side rules conflict even with seats left empty: fewest broken
    UNKNOWN = "unknown"  # the time ran out before any assignment was found


@dataclass(frozen=True, slots=True)
class Solved:
    outcome: Outcome
    seats: dict[str, list[str]]  # role id: its experts, best score first
    filled: int
    fit: float  # the total of the chosen candidates' scores
    seconds: float
    broken: list[Rule] = field(default_factory=list)  # side rules given way (RELAXED)

    def complete(self, problem: Problem) -> bool:
        return self.filled == problem.seats() and not self.broken


def _run(
    model: Model, time_limit: float, workers: int
) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    return solver.solve(model.cp), solver


def solve(problem: Problem, *, time_limit: float = 30.0, workers: int = WORKERS) -> Solved:
    started = time.perf_counter()
    rules = [r for r in problem.rules() if r.kind is not RuleKind.FILL]
    model = build(problem)
    for rule in rules:
        model.keep(rule)
    model.cp.maximize(fit(model, seats_first=True))
    status, solver = _run(model, time_limit, workers)
    outcome = Outcome.OPTIMAL if status == cp_model.OPTIMAL else Outcome.FEASIBLE
    if status == cp_model.INFEASIBLE:
        model, outcome = build(problem), Outcome.RELAXED
        soft = [model.switch(r) for r in rules if r.kind in SIDE]
        for rule in rules:
            if rule.kind not in SIDE:
                model.keep(rule)
        # One more side rule kept outweighs any seats and fit.
        kept = (SCALE + 1) * (problem.seats() + 1) * (problem.seats() + 1)
        model.cp.maximize(
            cp_model.LinearExpr.weighted_sum(soft, [kept] * len(soft))
            + fit(model, seats_first=True)
        )
        status, solver = _run(model, time_limit, workers)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        seats: dict[str, list[str]] = {o.role_id: [] for o in problem.openings}
        outcome = Outcome.UNKNOWN
    else:
        seats = model.chosen(solver)
    return Solved(
        outcome=outcome,
        seats=seats,
        filled=sum(len(v) for v in seats.values()),
        fit=total_fit(problem, seats),
        seconds=time.perf_counter() - started,
        broken=broken(problem, seats, rules) if outcome is Outcome.RELAXED else [],
    )


def total_fit(problem: Problem, seats: dict[str, list[str]]) -> float:
    total = 0.0
    for opening in problem.openings:
        score = {o.expert: o.score for o in opening.options}
        total += sum(score[e] for e in seats.get(opening.role_id, ()))
    return total
