"""Why a candidate ranks where they do: feature contributions, skills, works and a graph path."""

from typing import Any

import numpy as np

from matching.index import BIT, REASONS, MatchIndex
from matching.profiles import FEATURES
from matching.rank import Ranking, RoleContext, RoleSpec, level_credit, proves_must_have

BEST_WORKS = 3
Step = dict[str, Any]


def _node(label: str, node_id: str) -> Step:
    return {"label": label, "id": node_id}


def _held(index: MatchIndex, i: int) -> dict[int, float]:
    row = index.skills_by_expert
    lo, hi = row.indptr[i], row.indptr[i + 1]
    return dict(zip(row.indices[lo:hi].tolist(), row.data[lo:hi].tolist(), strict=True))


def skills(index: MatchIndex, ranking: Ranking, role: RoleSpec, i: int) -> dict[str, Any]:
    """Matched requirements with the expert's level and through which skill; missing ones."""
    graph = index.skill_graph
    held = _held(index, i)
    matched, missing = [], []
    for requirement in role.requirements:
        position = graph.position.get(requirement.skill_id)
        entry: dict[str, Any] = {
            "skill_id": requirement.skill_id,
            "label": graph.labels[position] if position is not None else requirement.skill_id,
            "min_level": requirement.min_level,
            "weight": requirement.weight,
            "must": requirement.must,
        }
        best: tuple[float, Any, int] | None = None
        for relation in graph.relations(position) if position is not None else []:
            if relation.skill not in held:
                continue
            level = int(held[relation.skill])
            credit = float(
                level_credit(np.array(float(level)), relation.factor, requirement, ranking.depth)
            )
            if best is None or credit > best[0]:
                best = (credit, relation, level)
        if best is None:
            missing.append(entry)
            continue
        credit, relation, level = best
        entry.update(level=level, credit=round(credit, 4), relation=relation.kind)
        if relation.kind != "exact":
            entry["via"] = {
                "skill_id": graph.ids[relation.skill],
                "label": graph.labels[relation.skill],
            }
        matched.append(entry)
    return {"matched": matched, "missing": missing}


def best_works(index: MatchIndex, ranking: Ranking, i: int) -> list[dict[str, Any]]:
    lo, hi = index.works_of(i)
    a, b = np.searchsorted(ranking.pair_positions, [lo, hi])
    pairs, sims = ranking.pair_positions[a:b], ranking.pair_values[a:b]
    order = np.lexsort((pairs, -sims))[:BEST_WORKS]
    found = []
    for k in order:
        if sims[k] <= 0:
            break
        work_id = index.pair_work[int(pairs[k])]
        title, year, kind = index.work_cards[work_id]
        found.append(
            {
                "work_id": work_id,
                "title": title,
                "year": year,
                "kind": kind,
                "similarity": round(float(sims[k]), 4),
            }
        )
    return found


def _orgs(index: MatchIndex, i: int) -> list[int]:
    m = index.all_orgs
    return sorted(m.indices[m.indptr[i] : m.indptr[i + 1]].tolist())


def _coauthors(index: MatchIndex, i: int) -> list[int]:
    m = index.coauthors
    return sorted(set(m.indices[m.indptr[i] : m.indptr[i + 1]].tolist()))


def network_path(index: MatchIndex, ranking: Ranking, context: RoleContext, i: int) -> list[Step]:
    """The shortest tie found between the expert and the programme, as alternating nodes and
    relationship types; empty when there is none."""
    programme = _node("Programme", context.programme_id)
    expert = _node("Expert", index.ids[i])
    team = set(ranking.team)
    programme_orgs = set(ranking.programme_orgs)
    mine = _orgs(index, i)

    def org(o: int) -> Step:
        return _node("Organization", index.org_ids[o])

    def member(t: int) -> list[Step]:
        return [_node("Expert", index.ids[t]), {"rel": "SHORTLISTED_FOR"}, programme]

    if i in team:
        return [expert, {"rel": "SHORTLISTED_FOR"}, programme]
    for o in mine:
        if o in programme_orgs:
            return [expert, {"rel": "AFFILIATED"}, org(o), {"rel": "CONTRACTOR_OF"}, programme]
    coauthors = _coauthors(index, i)
    for t in coauthors:
        if t in team:
            return [expert, {"rel": "CO_AUTHOR"}, *member(t)]
    for t in sorted(team):
        shared = sorted(set(mine) & set(_orgs(index, t)))
        if shared:
            return [
                expert, {"rel": "AFFILIATED"}, org(shared[0]), {"rel": "AFFILIATED"}, *member(t)
            ]  # fmt: skip
    for t in coauthors:
        tied = sorted(set(_orgs(index, t)) & programme_orgs)
        if tied:
            return [
                expert, {"rel": "CO_AUTHOR"}, _node("Expert", index.ids[t]), {"rel": "AFFILIATED"},
                org(tied[0]), {"rel": "CONTRACTOR_OF"}, programme,
            ]  # fmt: skip
    return []


def explain(
    index: MatchIndex, ranking: Ranking, role: RoleSpec, context: RoleContext, i: int
) -> dict[str, Any]:
    j = ranking.slot(i)
    features = {
        name: {
            "value": round(float(ranking.features[name][j]), 4),
            "weight": round(ranking.weights[name], 4),
            "contribution": round(float(ranking.weights[name] * ranking.features[name][j]), 4),
        }
        for name in FEATURES
    }
    return {
        "expert_id": index.ids[i],
        "score": float(ranking.score[j]),
        "features": features,
        "skills": skills(index, ranking, role, i),
        "works": best_works(index, ranking, i),
        "network_path": network_path(index, ranking, context, i),
    }


def exclusion(index: MatchIndex, ranking: Ranking, role: RoleSpec, i: int) -> dict[str, Any]:
    """Why one expert was left out: every reason, with the skills or organisations behind it."""
    bits = int(ranking.reasons[i])
    found = [reason for reason in REASONS if bits & BIT[reason]]
    details: dict[str, Any] = {}
    if bits & BIT["missing_must_have"]:
        graph = index.skill_graph
        held = _held(index, i)
        missing = []
        for requirement in role.requirements:
            position = graph.position.get(requirement.skill_id)
            relations = graph.relations(position) if position is not None else []
            met = any(
                proves_must_have(relation, held.get(relation.skill, 0), requirement)
                for relation in relations
            )
            if requirement.must and not met:
                missing.append(requirement.skill_id)
        details["missing_must_have"] = missing
    if bits & BIT["conflict_of_interest"]:
        m = index.current_orgs
        current = set(m.indices[m.indptr[i] : m.indptr[i + 1]].tolist())
        details["conflict_of_interest"] = [
            index.org_ids[o] for o in ranking.conflict_orgs if o in current
        ]
    return {"expert_id": index.ids[i], "reasons": found, "details": details}
