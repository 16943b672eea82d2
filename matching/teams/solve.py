"""The best teams for a programme on CP-SAT: the needs covered first (by their weight), then the
members' fit at their places and the pairs who have worked together; each next team differs
from those before it by at least one person."""

from ortools.sat.python import cp_model

from matching.teams.problem import LEADS, TOGETHER, Place, Team, TeamProblem, team_of

SCALE = 1000
WORKERS = 2


def _value_scale(problem: TeamProblem) -> int:
    """One more unit of needs' weight outweighs any fit and ties a team could have."""
    size = problem.engineers + len(LEADS)
    return SCALE * size + round(SCALE * TOGETHER * size * (size - 1) / 2) + 1


def best_teams(problem: TeamProblem, *, count: int = 3, time_limit: float = 10.0) -> list[Team]:
    cp = cp_model.CpModel()
    x = {
        (e, p): cp.new_bool_var(f"{e}|{p}")
        for e in sorted(problem.candidates)
        for p in Place
        if problem.eligible(e, p)
    }
    member = {e: cp.new_bool_var(e) for e in sorted(problem.candidates)}
    for e, var in member.items():
        cp.add(sum(x[e, p] for p in Place if (e, p) in x) == var)
    for lead in LEADS:
        cp.add(sum(v for (_, p), v in x.items() if p is lead) == 1)
    cp.add(sum(v for (_, p), v in x.items() if p is Place.ENGINEER) <= problem.engineers)
    for e, p in problem.locked.items():
        if (e, p) in x:
            cp.add(x[e, p] == 1)
        else:  # locked where they may not be: no team
            cp.add_bool_or([])
    covered = []
    for need in problem.needs:
        holders = [member[e] for e, c in problem.candidates.items() if need.skill_id in c.covers]
        if holders:
            var = cp.new_bool_var(f"covers {need.skill_id}")
            cp.add(var <= sum(holders))
            covered.append(round(need.weight * 100) * var)
    ties = []
    for pair, weight in problem.together.items():
        a, b = sorted(pair)
        if a in member and b in member and weight > 0:
            both = cp.new_bool_var(f"{a}+{b}")
            cp.add(both <= member[a])
            cp.add(both <= member[b])
            ties.append(round(SCALE * TOGETHER * weight) * both)
    fit = [round(SCALE * problem.candidates[e].fit[p]) * v for (e, p), v in x.items()]
    cp.maximize(_value_scale(problem) * sum(covered) + sum(fit) + sum(ties))
    found: list[Team] = []
    while len(found) < count:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = time_limit
        solver.parameters.num_workers = WORKERS
        if solver.solve(cp) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        members = {e: p for (e, p), v in x.items() if solver.boolean_value(v)}
        found.append(team_of(problem, members))
        cp.add(sum(member[e] for e in members) <= len(members) - 1)
    return found
