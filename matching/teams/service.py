"""Team assembly over the graph and the index: a programme's needs from its roles, the
candidates for each place ranked as that place's kind, who covers which need, who has worked
with whom, and the ledger; the best teams, with their coverage and why each member is there."""

from datetime import date

import numpy as np
from pydantic import JsonValue

from graph import GraphStore
from matching.assignment.ledger import person
from matching.assignment.repository import AssignmentRepository
from matching.cache import IndexCache
from matching.index import MatchIndex
from matching.models import RoleContext, RoleSpec
from matching.profiles import profile_for
from matching.rank import Ranking, meets, rank
from matching.repository import MatchingRepository
from matching.teams.models import (
    CoverageRow,
    MemberView,
    NeedView,
    TeamProposals,
    TeamRequest,
    TeamView,
)
from matching.teams.problem import Candidate, Need, Place, Team, TeamProblem
from matching.teams.solve import best_teams
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import InvalidInput
from talent.resources.models import Requirement, RoleConstraints

COLLEAGUE = 0.5  # working beside someone counts half of writing a work with them


def _needs(store: GraphStore, programme_id: str) -> tuple[list[Need], RoleContext, list[str]]:
    """The programme's needs (each skill its roles require, at the highest level and weight
    asked; the heaviest first), its context, and its roles' ids."""
    roles = AssignmentRepository(store).roles(None, [programme_id])
    if not roles:
        raise InvalidInput(
            "the programme has no role to say what it needs", fields={"programme_id": programme_id}
        )
    needs: dict[str, Need] = {}
    context = None
    for role in roles:
        found = MatchingRepository(store).role_with_context(role.role_id)
        if found is None:
            continue
        read, context = found
        for r in read.requirements:
            had = needs.get(r.skill_id)
            level = max(r.min_level, had.min_level if had else 0)
            weight = max(r.weight, had.weight if had else 0.0)
            needs[r.skill_id] = Need(r.skill_id, level, weight)
    if not needs or context is None:
        raise InvalidInput(
            "the programme's roles name no skills", fields={"programme_id": programme_id}
        )
    ordered = sorted(needs.values(), key=lambda n: (-n.weight, n.skill_id))
    return ordered, context, [r.role_id for r in roles]


def _ranked(index: MatchIndex, needs: list[Need], context: RoleContext, place: Place) -> Ranking:
    graph = index.skill_graph
    spec = RoleSpec(
        id=f"team-{place}",
        kind=place.value,
        title=context.programme_name,
        description="",
        requirements=[
            Requirement(skill_id=n.skill_id, weight=n.weight, min_level=n.min_level) for n in needs
        ],
        constraints=RoleConstraints(),
        skill_labels=[
            graph.labels[graph.position[n.skill_id]] for n in needs if n.skill_id in graph.position
        ],
    )
    neutral = RoleContext(context.programme_id, context.programme_name, context.contractors, [], [])
    return rank(index, spec, neutral, profile_for(place.value), today=date.today())


def _covers(index: MatchIndex, needs: list[Need], positions: list[int]) -> list[set[str]]:
    graph = index.skill_graph
    held: list[set[str]] = [set() for _ in positions]
    at = np.asarray(positions, dtype=np.int64)
    for need in needs:
        if need.skill_id not in graph.position:
            continue
        relations = graph.relations(graph.position[need.skill_id])
        requirement = Requirement(skill_id=need.skill_id, min_level=need.min_level)
        for slot in np.flatnonzero(meets(index, requirement, relations)[at]):
            held[int(slot)].add(need.skill_id)
    return held


def _together(
    index: MatchIndex, ids: list[str], positions: list[int]
) -> dict[frozenset[str], float]:
    """Pairs who wrote a work together (1) or are colleagues now (COLLEAGUE)."""
    at = np.asarray(positions, dtype=np.int64)
    found: dict[frozenset[str], float] = {}
    for matrix, weight in ((index.current_orgs, COLLEAGUE), (index.authored, 1.0)):
        rows = matrix.take(at)
        rows.data[:] = 1
        shared = (rows @ rows.T).tocoo()
        for a, b in zip(shared.row.tolist(), shared.col.tolist(), strict=True):
            if a < b:
                found[frozenset((ids[a], ids[b]))] = weight
    return found


def _fits(
    index: MatchIndex, needs: list[Need], context: RoleContext, request: TeamRequest
) -> dict[str, dict[Place, float]]:
    """Each candidate's score at each place they rank in the top k for (or are locked to)."""
    locked = {lock.expert_id: lock.place for lock in request.locked}
    fits: dict[str, dict[Place, float]] = {}
    for place in Place:
        ranking = _ranked(index, needs, context, place)
        for rank_no, position in enumerate(ranking.top(None).tolist(), 1):
            expert = index.ids[position]
            if rank_no <= request.k or locked.get(expert) is place:
                fits.setdefault(expert, {})[place] = float(ranking.score[ranking.slot(position)])
    strays = sorted(e for e, p in locked.items() if p not in fits.get(e, {}))
    if strays:
        raise InvalidInput(
            "locked members who are no candidates for their place: " + ", ".join(strays),
            fields={"locked": ", ".join(strays)},
        )
    return fits


def propose(
    store: GraphStore, cache: IndexCache, actor: Actor, programme_id: str, request: TeamRequest
) -> TeamProposals:
    """The best teams for the programme, each with its coverage and why each member is in it;
    the request is audited, as a match request is."""
    index = cache.current()
    needs, context, role_ids = _needs(store, programme_id)
    fits = _fits(index, needs, context, request)
    experts = sorted(fits)
    positions = [index.position[e] for e in experts]
    ledgers = AssignmentRepository(store).ledgers(experts, role_ids, date.today().year)
    candidates = {}
    for expert, held in zip(experts, _covers(index, needs, positions), strict=True):
        if expert in ledgers:  # gone from the graph since the index saw them: no candidate
            left = person(ledgers[expert])
            candidates[expert] = Candidate(
                expert, fits[expert], frozenset(held), left.lead_limit >= 1, left.role_limit >= 1
            )
    problem = TeamProblem(
        needs=tuple(needs),
        candidates=candidates,
        together=_together(index, experts, positions),
        engineers=request.engineers,
        locked={lock.expert_id: lock.place for lock in request.locked},
    )
    teams = best_teams(problem, count=request.alternatives)
    details: dict[str, JsonValue] = {"engineers": request.engineers, "teams": len(teams)}
    AuditLog(store).record(actor, Action.TEAM_PROPOSAL, "programme", programme_id, details)
    members = {e for team in teams for e in team.members}
    now = MatchingRepository(store).experts_now(members)
    names = {e: (now[e].card.full_name or e) if e in now else e for e in members}
    graph = index.skill_graph
    return TeamProposals(
        programme_id=programme_id,
        needs=[
            NeedView(
                skill_id=n.skill_id,
                label=graph.labels[graph.position[n.skill_id]]
                if n.skill_id in graph.position
                else n.skill_id,
                min_level=n.min_level,
                weight=n.weight,
            )
            for n in needs
        ],
        uncoverable=[n.skill_id for n in problem.uncoverable()],
        teams=[_view(problem, team, names) for team in teams],
    )


def _view(problem: TeamProblem, team: Team, names: dict[str, str]) -> TeamView:
    order = {Place.CHIEF_ARCHITECT: 0, Place.CHIEF_ENGINEER: 1, Place.ENGINEER: 2}
    members = sorted(team.members.items(), key=lambda m: (order[m[1]], names[m[0]], m[0]))
    return TeamView(
        members=[
            MemberView(
                expert_id=e,
                full_name=names[e],
                place=p,
                fit=round(problem.candidates[e].fit[p], 4),
                covers=[
                    n.skill_id for n in problem.needs if n.skill_id in problem.candidates[e].covers
                ],
                worked_with=sorted(
                    o for o in team.members if o != e and frozenset((e, o)) in problem.together
                ),
            )
            for e, p in members
        ],
        coverage=[
            CoverageRow(
                skill_id=n.skill_id,
                members=[e for e, _ in members if n.skill_id in problem.candidates[e].covers],
            )
            for n in problem.needs
        ],
        covered=len(team.covered),
        fit=round(team.fit, 4),
        together=round(team.together, 4),
    )
