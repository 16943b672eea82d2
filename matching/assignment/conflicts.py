"""Why a portfolio cannot keep all its rules: the smallest sets of rules that cannot hold
together, and for each rule of a set how far it must be relaxed for the set to hold, and whether
that alone lets the whole portfolio hold.

A set is minimal: without any one of its rules (and with no other rule) an assignment exists,
while the set alone has none. The solver's own core under assumptions is a first guess; each of
its rules is then dropped in turn and the rest solved again, so the answer is proved, not
trusted to the core.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from matching.assignment.model import Model, build
from matching.assignment.problem import Problem, Rule, RuleKind, relaxed

# Feasibility under assumptions is answered by one worker: cores need a sequential search.
CHECK_SECONDS = 20.0
MAX_CONFLICTS = 5


class Undecided(RuntimeError):
    """The solver ran out of time before it could say whether some rules hold together."""


@dataclass(frozen=True, slots=True)
class Relaxation:
    rule: Rule
    to: int | None  # the bound that lets the conflict's rules hold; None: drop the rule
    resolves_all: bool  # with only this change, every rule of the portfolio holds


@dataclass(frozen=True, slots=True)
class Conflict:
    rules: tuple[Rule, ...]
    relaxations: tuple[Relaxation, ...]


class _Oracle:
    """Whether some rules hold together, on one model that has every rule behind a literal."""

    def __init__(self, problem: Problem) -> None:
        self.model: Model = build(problem)
        self.solves = 0

    def core(self, rules: Sequence[Rule]) -> list[Rule] | None:
        """None when the rules hold together; else a subset of them that does not."""
        literals = [self.model.switch(r) for r in rules]
        self.model.cp.clear_assumptions()
        self.model.cp.add_assumptions(literals)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = CHECK_SECONDS
        status = solver.solve(self.model.cp)
        self.solves += 1
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        if status != cp_model.INFEASIBLE:
            raise Undecided(f"no answer within {CHECK_SECONDS} s for {len(rules)} rules")
        named = set(solver.sufficient_assumptions_for_infeasibility())
        found = [r for r, lit in zip(rules, literals, strict=True) if lit.index in named]
        return found or list(rules)


def minimal(oracle: _Oracle, rules: Sequence[Rule]) -> list[Rule]:
    """A smallest set (no rule can be left out) among `rules`, which must not hold together."""
    first = oracle.core(rules)
    assert first is not None, "the rules hold together"
    kept = list(first)
    needed = 0  # the first `needed` rules of `kept` are proved necessary
    while needed < len(kept):
        without = kept[:needed] + kept[needed + 1 :]
        smaller = oracle.core(without)
        if smaller is None:
            needed += 1
        else:
            # Rules proved necessary in a set stay necessary in any subset of it that still
            # fails, so they all remain in `smaller`; the rest shrink with it.
            inside = set(smaller)
            kept = [r for r in without if r in inside]
    return kept


def _reach(rule: Rule, problem: Problem) -> int:
    """By how much a rule must be relaxed, at most, to be as if dropped."""
    if rule.kind in (RuleKind.LEAD_LIMIT, RuleKind.ROLE_LIMIT):
        return len(problem.openings)
    if rule.kind is RuleKind.PER_ORGANIZATION:
        return sum(o.headcount for o in problem.openings)
    return rule.bound


def _relaxation(
    oracle: _Oracle, problem: Problem, conflict: list[Rule], rule: Rule, every: list[Rule]
) -> Relaxation:
    others = [r for r in conflict if r != rule]
    reach = _reach(rule, problem) if rule.kind not in (RuleKind.PIN, RuleKind.FORBID) else 0
    low, high = 1, reach  # the least relaxation that lets the conflict hold: a bisection
    if reach >= 1 and oracle.core([*others, relaxed(rule, reach)]) is None:
        while low < high:
            middle = (low + high) // 2
            if oracle.core([*others, relaxed(rule, middle)]) is None:
                high = middle
            else:
                low = middle + 1
        changed: Rule | None = relaxed(rule, low)
    else:
        changed = None
    rest = [r for r in every if r != rule] + ([changed] if changed is not None else [])
    return Relaxation(
        rule=rule,
        to=None if changed is None else changed.bound,
        resolves_all=oracle.core(rest) is None,
    )


def conflicts(problem: Problem, *, limit: int = MAX_CONFLICTS) -> list[Conflict]:
    """Up to `limit` disjoint conflicts, each minimal among the rules the earlier ones left."""
    oracle = _Oracle(problem)
    every = problem.rules()
    active = list(every)
    found: list[Conflict] = []
    while len(found) < limit and oracle.core(active) is not None:
        named = minimal(oracle, active)
        relaxations = tuple(_relaxation(oracle, problem, named, r, every) for r in named)
        found.append(Conflict(rules=tuple(named), relaxations=relaxations))
        gone = set(named)
        active = [r for r in active if r not in gone]
    return found
