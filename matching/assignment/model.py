"""A portfolio as a CP-SAT model: one yes/no per (role, candidate), the meaning of an assignment
as plain constraints, and each rule either kept outright or behind a literal of its own (so that
a solve can switch rules on by assumption, and say which of them cannot hold together)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from matching.assignment.problem import SCALE, Problem, Rule, RuleKind

Pair = tuple[str, str]  # (role id, expert)


@dataclass(slots=True)
class Model:
    problem: Problem
    cp: cp_model.CpModel
    x: dict[Pair, cp_model.IntVar]
    # The same variables by role, by expert and by programme: (the other id, the variable).
    by_role: dict[str, list[tuple[str, cp_model.IntVar]]]
    by_expert: dict[str, list[tuple[str, cp_model.IntVar]]]
    by_programme: dict[str, list[tuple[str, cp_model.IntVar]]]
    leads: frozenset[str] = frozenset()  # the lead roles' ids
    literal: dict[Rule, cp_model.IntVar] = field(default_factory=dict)

    def keep(self, rule: Rule) -> None:
        """The rule holds whatever the assumptions."""
        for term in _terms(self, rule):
            self.cp.add(term)

    def switch(self, rule: Rule) -> cp_model.IntVar:
        """The rule holds when its literal does: a literal per rule, made once."""
        found = self.literal.get(rule)
        if found is None:
            found = self.literal[rule] = self.cp.new_bool_var(rule.key)
            for term in _terms(self, rule):
                self.cp.add(term).only_enforce_if(found)
        return found

    def chosen(self, solver: cp_model.CpSolver) -> dict[str, list[str]]:
        """Each role's experts in the solution, best score first (ties by id)."""
        seats: dict[str, list[str]] = {o.role_id: [] for o in self.problem.openings}
        for (role_id, expert), var in self.x.items():
            if solver.boolean_value(var):
                seats[role_id].append(expert)
        for opening in self.problem.openings:
            score = {o.expert: o.score for o in opening.options}
            seats[opening.role_id].sort(key=lambda e: (-score[e], e))
        return seats


def build(problem: Problem) -> Model:
    """The variables and what an assignment means: a role's headcount at most, nobody twice in
    one programme, nobody but a role's candidates."""
    cp = cp_model.CpModel()
    leads = frozenset(o.role_id for o in problem.openings if o.lead)
    model = Model(
        problem=problem, cp=cp, x={}, by_role={}, by_expert={}, by_programme={}, leads=leads
    )
    held: dict[Pair, list[cp_model.IntVar]] = {}  # (expert, programme)
    for opening in problem.openings:
        role, programme = opening.role_id, opening.programme_id
        mine = model.by_role.setdefault(role, [])
        for option in problem.usable(opening):
            expert = option.expert
            if (role, expert) in model.x:  # a candidate listed twice is one candidate
                continue
            var = model.x[role, expert] = cp.new_bool_var(f"{role}|{expert}")
            mine.append((expert, var))
            model.by_expert.setdefault(expert, []).append((role, var))
            model.by_programme.setdefault(programme, []).append((expert, var))
            held.setdefault((expert, programme), []).append(var)
        cp.add(sum(v for _, v in mine) <= opening.headcount)
    for both in held.values():
        if len(both) > 1:
            cp.add_at_most_one(both)
    return model


def fit(model: Model, seats_first: bool) -> cp_model.LinearExpr:
    """The total of the chosen candidates' scores (in SCALE parts); with `seats_first`, one more
    seat filled outweighs any gain in scores."""
    problem = model.problem
    score = {
        (o.role_id, option.expert): round(option.score * SCALE)
        for o in problem.openings
        for option in o.options
    }
    seat = SCALE * problem.seats() + 1 if seats_first else 0
    pairs = list(model.x.items())
    weights = [seat + score[pair] for pair, _ in pairs]
    return cp_model.LinearExpr.weighted_sum([var for _, var in pairs], weights)


def _terms(model: Model, rule: Rule) -> list[cp_model.BoundedLinearExpression | bool]:
    problem, x = model.problem, model.x
    kind, bound = rule.kind, rule.bound
    if kind is RuleKind.FILL:
        return [sum(v for _, v in model.by_role.get(rule.role_id, ())) >= bound]
    if kind in (RuleKind.PIN, RuleKind.FORBID):
        var = x.get((rule.role_id, rule.expert))
        if var is None:  # not a candidate: pinning cannot hold, forbidding always does
            return [False] if kind is RuleKind.PIN else []
        return [var == (1 if kind is RuleKind.PIN else 0)]
    if kind is RuleKind.LEAD_YEARS:
        people = problem.people
        young = [v for e, v in model.by_role.get(rule.role_id, ()) if people[e].years < bound]
        return [sum(young) == 0] if young else []
    if kind in (RuleKind.LEAD_LIMIT, RuleKind.ROLE_LIMIT):
        leads = model.leads
        mine = [
            v
            for r, v in model.by_expert.get(rule.expert, ())
            if kind is RuleKind.ROLE_LIMIT or r in leads
        ]
        return [sum(mine) <= bound]
    if kind is RuleKind.DIASPORA:
        people = problem.people
        return [sum((100 * people[e].diaspora - bound) * v for (_, e), v in x.items()) >= 0]
    return [_programme_term(model, rule)]


def _programme_term(model: Model, rule: Rule) -> cp_model.BoundedLinearExpression | bool:
    mine = model.by_programme.get(rule.programme_id, [])
    people = model.problem.people
    if rule.kind is RuleKind.AT_HOME:
        return sum(v for e, v in mine if people[e].at_home) >= rule.bound
    if rule.kind is RuleKind.PER_ORGANIZATION:
        return sum(v for e, v in mine if rule.organization in people[e].organizations) <= rule.bound
    raise AssertionError(rule.kind)


def keep_all(model: Model, rules: Iterable[Rule]) -> None:
    for rule in rules:
        model.keep(rule)
