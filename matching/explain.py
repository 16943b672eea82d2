"""Why a candidate ranks where they do: feature contributions, skills, works and a graph path;
and why an expert was left out. Names come fresh from the graph (`Names`), the rest from the
index."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.index import BIT, REASONS, MatchIndex, Relation
from matching.models import (
    Candidate,
    ExclusionDetails,
    ExclusionItem,
    ExpertCard,
    FeatureView,
    OrganizationRef,
    PathLink,
    PathNode,
    Provenance,
    RequirementMet,
    RequirementView,
    RoleContext,
    RoleSpec,
    SkillFit,
    SkillRef,
    WorkCard,
)
from matching.profiles import FEATURES
from matching.rank import Ranking, level_credit, proves_must_have
from matching.repository import ExpertNow
from talent.snapshot.layered import Layered

BEST_WORKS = 3
Path = list[PathNode | PathLink]


@dataclass(frozen=True, slots=True)
class Names:
    """What the graph holds now of the experts and organisations that explanations name."""

    experts: dict[str, ExpertNow]
    orgs: dict[str, str | None]
    programme_name: str = ""
    # Experts whose affiliations the caller may not see: no explanation names them.
    hidden: frozenset[str] = frozenset()

    def hides(self, expert_id: str) -> bool:
        return expert_id in self.hidden

    def card(self, expert_id: str) -> ExpertCard:
        found = self.experts.get(expert_id)
        return found.card if found is not None else ExpertCard()

    def matchable(self, expert_id: str) -> bool:
        found = self.experts.get(expert_id)
        return found is not None and found.matchable

    def of(self, node: PathNode) -> str | None:
        if node.label == "Expert":
            return self.card(node.id).full_name
        if node.label == "Organization":
            return self.orgs.get(node.id)
        return self.programme_name


def _row(matrix: Layered, i: int) -> dict[int, float]:
    columns, values = matrix.row(i)
    return dict(zip(columns.tolist(), values.tolist(), strict=True))


def _provenance(trust: float) -> Provenance:
    return "confirmed" if trust >= 1.0 else "self_declared"


def skills(index: MatchIndex, ranking: Ranking, role: RoleSpec, i: int) -> SkillFit:
    """Matched requirements with the expert's level and through which skill; missing ones."""
    graph = index.skill_graph
    held, trusted = _row(index.skills, i), _row(index.skill_trust, i)
    matched: list[RequirementMet] = []
    missing: list[RequirementView] = []
    for requirement in role.requirements:
        position = graph.position.get(requirement.skill_id)
        view: dict[str, Any] = {
            "skill_id": requirement.skill_id,
            "label": graph.labels[position] if position is not None else requirement.skill_id,
            "min_level": requirement.min_level,
            "weight": requirement.weight,
            "must": requirement.must,
        }
        best: tuple[float, Relation, int] | None = None
        for relation in graph.relations(position) if position is not None else []:
            if relation.skill not in held:
                continue
            level = int(held[relation.skill])
            credit = trusted[relation.skill] * level_credit(
                float(level), relation.factor, requirement, ranking.depth
            )
            if best is None or credit > best[0]:
                best = (credit, relation, level)
        if best is None:
            missing.append(RequirementView(**view))
            continue
        credit, relation, level = best
        via = None
        if relation.kind != "exact":
            via = SkillRef(skill_id=graph.ids[relation.skill], label=graph.labels[relation.skill])
        met = RequirementMet(
            **view,
            level=level,
            credit=round(credit, 4),
            relation=relation.kind,
            via=via,
            provenance=_provenance(trusted[relation.skill]),
        )
        matched.append(met)
    return SkillFit(matched=matched, missing=missing)


def best_works(index: MatchIndex, ranking: Ranking, i: int) -> list[WorkCard]:
    lo, hi = index.works_of(i)
    a, b = np.searchsorted(ranking.pair_positions, [lo, hi])
    pairs, sims = ranking.pair_positions[a:b], ranking.pair_values[a:b]
    order = np.lexsort((pairs, -sims))[:BEST_WORKS]
    found = []
    for k in order:
        if sims[k] <= 0:
            break
        w = index.pair_work[int(pairs[k])]
        work_id = index.works.id(w)
        title, year, kind = index.works.card(w)
        similarity = round(float(sims[k]), 4)
        card = WorkCard(work_id=work_id, title=title, year=year, kind=kind, similarity=similarity)
        found.append(card)
    return found


def _orgs(index: MatchIndex, i: int) -> list[int]:
    """The expert's organisations, the confirmed ties first, then in position order."""
    orgs, trust = index.all_orgs.row(i)
    ties = zip(orgs.tolist(), trust.tolist(), strict=True)
    return [o for o, _ in sorted(ties, key=lambda tie: (-tie[1], tie[0]))]


def _tie_trust(index: MatchIndex, i: int, o: int) -> float:
    return index.all_orgs.get(i, o)


def network_path(index: MatchIndex, ranking: Ranking, context: RoleContext, i: int) -> Path:
    """The shortest tie found between the expert and the programme, as alternating nodes and
    relationship types, names not yet filled in; empty when there is none."""
    programme = PathNode(label="Programme", id=context.programme_id)
    expert = PathNode(label="Expert", id=index.ids[i])
    team = set(ranking.team)
    programme_orgs = set(ranking.programme_orgs)
    mine = _orgs(index, i)

    def org(o: int) -> PathNode:
        return PathNode(label="Organization", id=index.org_ids[o])

    def person(t: int) -> PathNode:
        return PathNode(label="Expert", id=index.ids[t])

    def rel(kind: str) -> PathLink:
        return PathLink(rel=kind)

    def affiliated(t: int, o: int) -> PathLink:
        return PathLink(rel="AFFILIATED", provenance=_provenance(_tie_trust(index, t, o)))

    # Ties come from someone else (as in `rank.network`): her own shortlisting is none.
    team.discard(i)
    for o in mine:
        if o in programme_orgs:
            return [expert, affiliated(i, o), org(o), rel("CONTRACTOR_OF"), programme]
    coauthors = index.coauthors(i)
    for t in coauthors:
        if t in team:
            return [expert, rel("CO_AUTHOR"), person(t), rel("SHORTLISTED_FOR"), programme]
    for t in sorted(team):
        shared = [o for o in mine if o in set(_orgs(index, t))]
        if shared:
            return [
                expert, affiliated(i, shared[0]), org(shared[0]), affiliated(t, shared[0]),
                person(t), rel("SHORTLISTED_FOR"), programme,
            ]  # fmt: skip
    for t in coauthors:
        tied = [o for o in _orgs(index, t) if o in programme_orgs]
        if tied:
            return [
                expert, rel("CO_AUTHOR"), person(t), affiliated(t, tied[0]), org(tied[0]),
                rel("CONTRACTOR_OF"), programme,
            ]  # fmt: skip
    return []


def path_ids(path: Path, label: str) -> set[str]:
    return {step.id for step in path if isinstance(step, PathNode) and step.label == label}


def shown_path(path: Path, hides: Callable[[str], bool]) -> Path:
    """The path as a caller sees it: none at all when it goes through an affiliation of an
    expert who hides them from that caller. Only the network score still counts such a tie;
    a part of the path would name the organisation or say that there is one."""
    for k, step in enumerate(path):
        if isinstance(step, PathLink) and step.rel == "AFFILIATED":
            before, after = path[k - 1], path[k + 1]
            owner = before if isinstance(before, PathNode) and before.label == "Expert" else after
            if isinstance(owner, PathNode) and hides(owner.id):
                return []
    return path


def _named(path: Path, names: Names) -> Path:
    return [
        step.model_copy(update={"name": names.of(step)}) if isinstance(step, PathNode) else step
        for step in path
    ]


def explain(
    index: MatchIndex,
    ranking: Ranking,
    role: RoleSpec,
    i: int,
    *,
    rank: int,
    path: Path,
    names: Names,
) -> Candidate:
    """The candidate at position i, shown at `rank`, explained."""
    j = ranking.slot(i)
    features = {
        name: FeatureView(
            value=round(float(ranking.features[name][j]), 4),
            weight=round(float(ranking.weights[name]), 4),
            contribution=round(float(ranking.weights[name] * ranking.features[name][j]), 4),
        )
        for name in FEATURES
    }
    return Candidate(
        rank=rank,
        expert_id=index.ids[i],
        score=float(ranking.score[j]),
        expert=names.card(index.ids[i]),
        features=features,
        skills=skills(index, ranking, role, i),
        works=best_works(index, ranking, i),
        network_path=_named(shown_path(path, names.hides), names),
    )


def _missing_must_haves(index: MatchIndex, role: RoleSpec, i: int) -> list[str]:
    graph = index.skill_graph
    held = _row(index.skills, i)
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
    return missing


def conflicts(index: MatchIndex, ranking: Ranking, i: int) -> list[str]:
    """The organisations in conflict that the expert at position i works for now."""
    if not int(ranking.reasons[i]) & BIT["conflict_of_interest"]:
        return []
    current = set(index.current_orgs.row(i)[0].tolist())
    return [index.org_ids[o] for o in ranking.conflict_orgs if o in current]


def exclusion(
    index: MatchIndex, ranking: Ranking, role: RoleSpec, i: int, *, names: Names
) -> ExclusionItem:
    """Why one expert was left out: every reason, with the skills or organisations behind it."""
    bits = int(ranking.reasons[i])
    details = ExclusionDetails()
    if bits & BIT["missing_must_have"]:
        details.missing_must_have = _missing_must_haves(index, role, i)
    # A conflict found through affiliations the caller may not see is only named as a reason.
    if bits & BIT["conflict_of_interest"] and not names.hides(index.ids[i]):
        details.conflict_of_interest = [
            OrganizationRef(id=o, name=names.orgs.get(o)) for o in conflicts(index, ranking, i)
        ]
    return ExclusionItem(
        expert_id=index.ids[i],
        expert=names.card(index.ids[i]),
        reasons=[reason for reason in REASONS if bits & BIT[reason]],
        details=details,
    )
