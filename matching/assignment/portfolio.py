"""The worker's part of portfolio assignment: each role ranked on the index and cut to its top
k, the candidates' ledgers from the graph, the solve, what it traded, why it cannot fill
everything, and the baseline it is measured against."""

from collections.abc import Mapping
from datetime import date

import numpy as np
from pydantic import JsonValue

from graph import GraphStore
from matching.assignment.check import broken
from matching.assignment.conflicts import conflicts
from matching.assignment.greedy import greedy
from matching.assignment.ledger import person
from matching.assignment.models import (
    AssignmentRequest,
    AssignmentResult,
    Baseline,
    ConflictView,
    PassedView,
    RelaxationView,
    RoleAssignment,
    RuleView,
    Seat,
)
from matching.assignment.problem import (
    Edits,
    Opening,
    Option,
    Problem,
    RuleKind,
    SideRules,
)
from matching.assignment.repository import AssignmentRepository, OpenRole
from matching.assignment.service import chosen_roles
from matching.assignment.solve import Outcome, Solved, solve, total_fit
from matching.assignment.tradeoffs import tradeoffs
from matching.cache import IndexCache
from matching.service import Ranked, explained, run_ranking
from talent.jobs.model import JobResult, Progress


def _options(ranked: Ranked, k: int, pinned: set[str]) -> tuple[Option, ...]:
    """The role's top k, and any candidate pinned to it from further down."""
    ranking, index = ranked.ranking, ranked.index
    order = ranking.top(None)
    ranks = list(range(1, min(k, len(order)) + 1))
    below = {index.position[e] for e in pinned if e in index.position}
    # A pinned candidate below the top k: their rank is their place in the whole order.
    ranks += [int(r) + 1 for r in np.flatnonzero(np.isin(order[k:], list(below))) + k]
    positions = order[np.asarray(ranks, dtype=np.int64) - 1]
    scores = ranking.score[np.searchsorted(ranking.candidates, positions)]
    return tuple(
        Option(expert=index.ids[p], score=float(s), rank=r)
        for p, s, r in zip(positions.tolist(), scores.tolist(), ranks, strict=True)
    )


def problem_of(
    store: GraphStore,
    cache: IndexCache,
    roles: list[OpenRole],
    request: AssignmentRequest,
    report: Progress,
) -> tuple[Problem, dict[str, Ranked]] | None:
    """The portfolio as the solver takes it; None when the job was cancelled meanwhile."""
    ranked: dict[str, Ranked] = {}
    openings = []
    pins = {(p.role_id, p.expert_id) for p in request.pinned}
    for done, role in enumerate(roles, 1):
        ranked[role.role_id] = found = run_ranking(store, cache, role.role_id, None)
        pinned = {e for r, e in pins if r == role.role_id}
        openings.append(
            Opening(
                role_id=role.role_id,
                programme_id=role.programme_id,
                kind=role.kind,
                headcount=role.headcount,
                options=_options(found, request.k, pinned),
            )
        )
        if not report(done, len(roles) + 1):
            return None
    experts = sorted({o.expert for op in openings for o in op.options})
    ledgers = AssignmentRepository(store).ledgers(
        experts, [r.role_id for r in roles], date.today().year
    )
    side = request.side_rules
    problem = Problem(
        openings=tuple(openings),
        people={e: person(ledger) for e, ledger in ledgers.items()},
        side=SideRules(**side.model_dump()),
        edits=Edits(
            pinned=frozenset(pins),
            forbidden=frozenset((p.role_id, p.expert_id) for p in request.forbidden),
        ),
    )
    return problem, ranked


def assign(
    store: GraphStore, cache: IndexCache, params: Mapping[str, JsonValue], report: Progress
) -> JobResult:
    """The worker's part: rank, solve, explain; stored as the job's result."""
    request = AssignmentRequest.model_validate(params)
    roles = chosen_roles(store, request)
    built = problem_of(store, cache, roles, request, report)
    if built is None:
        return {"cancelled": True}
    problem, ranked = built
    solved = solve(problem)
    found = [] if solved.complete(problem) else conflicts(problem)
    result = AssignmentResult(
        outcome=solved.outcome.value,
        complete=solved.complete(problem) and solved.outcome is not Outcome.UNKNOWN,
        seats=problem.seats(),
        filled=solved.filled,
        fit=round(solved.fit, 4),
        solve_seconds=round(solved.seconds, 3),
        roles=_roles(store, problem, roles, ranked, solved),
        broken=[RuleView.of(r) for r in solved.broken],
        conflicts=[
            ConflictView(
                rules=[RuleView.of(r) for r in c.rules],
                relaxations=[
                    RelaxationView(rule=RuleView.of(x.rule), to=x.to, resolves_all=x.resolves_all)
                    for x in c.relaxations
                ],
            )
            for c in found
        ],
        baseline=_baseline(problem),
        index_revision=next(iter(ranked.values())).index.revision,
    )
    report(len(roles) + 1, len(roles) + 1)
    return result.model_dump(mode="json")


def _roles(
    store: GraphStore,
    problem: Problem,
    roles: list[OpenRole],
    ranked: dict[str, Ranked],
    solved: Solved,
) -> list[RoleAssignment]:
    traded = tradeoffs(problem, solved.seats)
    shown = []
    for role, opening in zip(roles, problem.openings, strict=True):
        found = ranked[role.role_id]
        experts = solved.seats[role.role_id]
        positions = [found.index.position[e] for e in experts]
        cards = explained(store, found, positions, viewer=None) if positions else []
        option = {o.expert: o for o in opening.options}
        shown.append(
            RoleAssignment(
                role_id=role.role_id,
                title=role.title,
                kind=role.kind,
                headcount=role.headcount,
                programme_id=role.programme_id,
                programme_name=role.programme_name,
                candidates=len(opening.options),
                proposed=[
                    Seat(
                        expert_id=e,
                        rank=option[e].rank,
                        score=round(option[e].score, 4),
                        candidate=card.model_copy(update={"rank": option[e].rank}),
                    )
                    for e, card in zip(experts, cards, strict=True)
                ],
                passed=[
                    PassedView(
                        expert_id=p.expert,
                        rank=p.rank,
                        elsewhere=list(p.elsewhere),
                        rules=[RuleView.of(r) for r in p.rules],
                        conflicts_with=list(p.meaning),
                    )
                    for p in traded[role.role_id]
                ],
            )
        )
    return shown


def _baseline(problem: Problem) -> Baseline:
    seats = greedy(problem)
    kept = [r for r in problem.rules() if r.kind is not RuleKind.FILL]
    return Baseline(
        filled=sum(len(v) for v in seats.values()),
        fit=round(total_fit(problem, seats), 4),
        broken=[r.key for r in broken(problem, seats, kept)],
    )
