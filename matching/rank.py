"""Hard constraints, the six features and the score, for every expert at once on the index."""

from dataclasses import dataclass
from datetime import date
from typing import cast

import numpy as np
import numpy.typing as npt

from matching.evidence import ROLE_MIX, Mix, grouped_affinity
from matching.index import BIT, REASONS, Bools, Floats, Ints, MatchIndex, Relation
from matching.models import RoleContext, RoleSpec
from matching.profiles import FEATURES, RoleProfile
from talent.core.types import Residency
from talent.resources.models import Requirement, RoleConstraints
from talent.snapshot.layered import Layered

_POPCOUNT = np.asarray([bin(i).count("1") for i in range(256)], dtype=np.float64)
# Text affinities are small cosines; this saturating map spreads them over [0, 1).
EVIDENCE_SCALE = 0.2


@dataclass(slots=True)
class Ranking:
    """Scores and features of the candidates only: those who passed every hard constraint."""

    candidates: Ints  # positions, ascending
    ids: list[str]  # of every position: ties break by id
    score: Floats  # aligned with candidates
    features: dict[str, Floats]  # aligned with candidates
    reasons: npt.NDArray[np.uint16]  # every expert: the exclusion bits, 0 for a candidate
    weights: dict[str, float]
    depth: float
    in_id_order: int  # positions below this are in id order
    # The candidates' (work, author) positions, ascending, and their similarity to the role.
    pair_positions: Ints
    pair_values: Floats
    conflict_orgs: list[int]
    programme_orgs: list[int]
    team: list[int]

    def slot(self, position: int) -> int:
        """Where a candidate's position sits in the aligned arrays."""
        return int(np.searchsorted(self.candidates, position))

    def top(self, k: int | None) -> Ints:
        """Candidate positions by score, ties by id."""
        cand, scores = self.candidates, self.score
        if k is not None and k < len(cand):
            kth = np.partition(-scores, k - 1)[k - 1]
            keep = -scores <= kth
            cand, scores = cand[keep], scores[keep]
        order: Ints = cand[np.lexsort((cand, -scores))]
        if len(order) and int(order.max()) >= self.in_id_order:
            # Experts added since the build sit after the others, not in id order.
            ids, by_score = self.ids, dict(zip(cand.tolist(), scores.tolist(), strict=True))
            order = np.asarray(
                sorted(order.tolist(), key=lambda p: (-by_score[p], ids[p])), dtype=np.int64
            )
        return order if k is None else order[:k]

    def excluded_by_reason(self) -> dict[str, int]:
        return {reason: int(np.count_nonzero(self.reasons & BIT[reason])) for reason in REASONS}


def level_credit[T: (float, Floats)](
    levels: T, factor: float, requirement: Requirement, depth: float
) -> T:
    """Credit for holding a skill at `levels` (one level, or one per expert): (level / 5) **
    depth, halved below the minimum level, scaled by how close the held skill is to the
    required one (`factor`)."""
    value = factor * (levels / 5) ** depth
    if isinstance(value, np.ndarray):
        return cast(T, np.where(levels >= requirement.min_level, value, value / 2))
    return cast(T, value if levels >= requirement.min_level else value / 2)


def proves_must_have(relation: Relation, level: float, requirement: Requirement) -> bool:
    """The required skill itself, or a narrower one, at the minimum level or above."""
    return relation.kind != "broader" and level >= requirement.min_level


def requirement_credit(
    index: MatchIndex, requirement: Requirement, relations: list[Relation], depth: float
) -> tuple[Floats, Bools]:
    """Each expert's best `level_credit` on one requirement, a self-declared skill counting
    SELF_DECLARED_TRUST of a confirmed one, and whether they meet it as a must-have
    (`proves_must_have`, whoever vouches for the skill)."""
    n = len(index)
    credit = np.zeros(n)
    met = np.zeros(n, dtype=bool)
    for relation in relations:
        rows, held = index.skills.column(relation.skill)
        levels = held.astype(np.float64)
        trust = index.skill_trust.column(relation.skill)[1]
        value = level_credit(levels, relation.factor, requirement, depth) * trust
        credit[rows] = np.maximum(credit[rows], value)
        if relation.kind != "broader":
            met[rows] |= levels >= requirement.min_level
    return credit, met


def _org_vector(index: MatchIndex, org_ids: list[str]) -> tuple[Floats, list[int]]:
    positions = sorted({index.org_position[o] for o in org_ids if o in index.org_position})
    vector = np.zeros(len(index.org_ids))
    vector[positions] = 1.0
    return vector, positions


def _reaches(matrix: Layered, vector: Floats) -> Bools:
    if not vector.any():
        return np.zeros(matrix.shape[0], dtype=bool)
    result: Bools = matrix.dot(vector) > 0
    return result


def _tie(ties: Layered, vector: Floats) -> Floats:
    """Each expert's most trusted tie to the organisations marked in `vector`; 0 for none."""
    columns = np.flatnonzero(vector)
    if not len(columns):
        return np.zeros(ties.shape[0])
    return ties.row_max(columns)


def _coauthor_of(index: MatchIndex, vector: Floats) -> Bools:
    """Who shares a work with someone marked in `vector`: A·Aᵀ·v without the expert's own
    share of their works."""
    if not vector.any():
        return np.zeros(len(index), dtype=bool)
    per_work = index.authored.transposed_dot(vector)
    shared = index.authored.dot(per_work) - vector * index.works_per_expert
    result: Bools = shared > 0
    return result


def network(index: MatchIndex, programme_orgs: Floats, team: list[int], rows: Ints) -> Floats:
    """1 for a past tie to a programme organisation or co-authorship with a team member; 0.5
    for a colleague of a team member or a co-author of someone tied to the programme. A tie
    through an affiliation only the expert declared counts SELF_DECLARED_TRUST of that.

    A tie comes from someone else: a team member's own shortlisting is no tie of theirs, nor
    are they their own colleague (co-authorship already leaves their own works out), so that
    shortlisting a candidate never lifts her own score.

    Computed for the experts at `rows`; whole-column products cost less than row slices.
    """
    n = len(index)
    team_vector = np.zeros(n)
    team_vector[team] = 1.0
    affiliated = _tie(index.all_orgs, programme_orgs)
    direct: Floats = affiliated
    colleague, coauthor = np.zeros(n), np.zeros(n)
    members = np.zeros(len(index.org_ids))
    if team:
        # How many team members each organisation has.
        for t in team:
            members[index.all_orgs.row(t)[0]] += 1.0
        colleague = 0.5 * _tie(index.all_orgs, members)
    if index.authored.nnz:
        direct = np.maximum(direct, _coauthor_of(index, team_vector))
        coauthor = np.where(_coauthor_of(index, (affiliated > 0).astype(np.float64)), 0.5, 0.0)
    second = np.maximum(colleague, coauthor)
    result: Floats = np.where(direct[rows] > 0, direct[rows], second[rows])
    for k in np.flatnonzero(team_vector[rows]).tolist():
        t = int(rows[k])
        if direct[t] == 0:
            result[k] = max(_colleague_of_others(index, members, t), coauthor[t])
    return result


def _colleague_of_others(index: MatchIndex, members: Floats, t: int) -> float:
    """A team member's tie as a colleague, through organisations with another member."""
    orgs, trust = index.all_orgs.row(t)
    others = members[orgs] > 1
    return 0.5 * float(trust[others].max()) if others.any() else 0.0


def evidence(
    index: MatchIndex, text: str, rows: Ints, mix: Mix = ROLE_MIX
) -> tuple[Floats, Ints, Floats]:
    """Text affinity of the experts at `rows` to `text`, with their works' positions and
    similarities (for the explanations): each work's words and meaning mixed as `mix` says."""
    out = np.zeros(len(rows))
    empty = np.zeros(0, dtype=np.int64)
    query = index.query_vector(text)
    meaning = index.query_meaning(text) if mix.semantic else None
    if (query is None and meaning is None) or not len(index.pair_work) or not len(rows):
        return out, empty, np.zeros(0)
    counts = index.works_per_expert[rows]
    with_works = counts > 0
    firsts = index.pair_start[rows[with_works]]
    sizes = counts[with_works]
    offsets = np.cumsum(sizes) - sizes
    pairs = np.repeat(firsts - offsets, sizes) + np.arange(int(sizes.sum()))
    dense_query = None if query is None else np.asarray(query.todense()).ravel()
    sims = index.similarities(pairs, dense_query, meaning, mix)
    if len(pairs):
        out[with_works] = 1 - np.exp(-grouped_affinity(sims, offsets, sizes) / EVIDENCE_SCALE)
    return out, pairs.astype(np.int64), sims


class _Reasons:
    """The exclusion bits of every expert, set one hard constraint at a time."""

    def __init__(self, index: MatchIndex) -> None:
        self.bits = index.ineligible.copy()
        self.n = len(index)

    def exclude(self, mask: Bools, reason: str) -> None:
        np.bitwise_or(self.bits, BIT[reason], out=self.bits, where=mask)


def _skill_fit(index: MatchIndex, role: RoleSpec, depth: float, reasons: _Reasons) -> Floats:
    """Each expert's weighted requirement credit; a must-have not met excludes."""
    n = reasons.n
    skill = np.zeros(n)
    total_weight = sum(r.weight for r in role.requirements)
    for requirement in role.requirements:
        position = index.skill_graph.position.get(requirement.skill_id)
        if position is None:
            credit, met = np.zeros(n), np.zeros(n, dtype=bool)
        else:
            relations = index.skill_graph.relations(position)
            credit, met = requirement_credit(index, requirement, relations, depth)
        skill += requirement.weight * credit
        if requirement.must:
            reasons.exclude(~met, "missing_must_have")
    if total_weight:
        skill /= total_weight
    return skill


def _constraints(
    index: MatchIndex, constraints: RoleConstraints, context: RoleContext, reasons: _Reasons
) -> tuple[int, list[int]]:
    """Apply the role's constraints; returns its engagement-mode mask and the positions of the
    organisations in conflict."""
    for language in constraints.languages:
        column = index.language_position.get(language)
        speaks = np.zeros(reasons.n, dtype=bool)
        if column is not None:
            speaks[index.languages.column(column)[0]] = True
        reasons.exclude(~speaks, "language")
    if constraints.residency is Residency.DOMESTIC:
        reasons.exclude(index.overseas, "residency")
    elif constraints.residency is Residency.OVERSEAS:
        reasons.exclude(~index.overseas, "residency")
    reasons.exclude(index.years < constraints.min_years, "min_years")
    role_modes = index.mode_mask([m.value for m in constraints.engagement_modes])
    if role_modes:
        reasons.exclude((index.modes & role_modes) == 0, "engagement_mode")
    conflicts, conflict_orgs = _org_vector(
        index, context.contractors + constraints.exclude_organization_ids
    )
    reasons.exclude(_reaches(index.current_orgs, conflicts), "conflict_of_interest")
    return role_modes, conflict_orgs


def _availability(index: MatchIndex, cand: Ints, role_modes: int, date_fit: Floats) -> Floats:
    modes = index.modes[cand]
    if role_modes:
        mode_fit = _POPCOUNT[modes & role_modes] / _POPCOUNT[role_modes]
    else:
        mode_fit = np.where(modes > 0, 1.0, 0.5)
    result: Floats = 0.6 * mode_fit + 0.4 * date_fit[cand]
    return result


def rank(
    index: MatchIndex,
    role: RoleSpec,
    context: RoleContext,
    profile: RoleProfile,
    *,
    today: date,
) -> Ranking:
    """Every expert checked against the hard constraints; the candidates left scored."""
    reasons = _Reasons(index)
    rejected = [index.position[e] for e in context.rejected if e in index.position]
    rejected_mask = np.zeros(reasons.n, dtype=bool)
    rejected_mask[rejected] = True
    reasons.exclude(rejected_mask, "rejected_by_lead")
    skill = _skill_fit(index, role, profile.depth, reasons)
    role_modes, conflict_orgs = _constraints(index, role.constraints, context, reasons)

    cand: Ints = np.flatnonzero(reasons.bits == 0)
    text_fit, pairs, sims = evidence(index, role.text(), cand)
    programme_orgs, programme_positions = _org_vector(index, context.contractors)
    team = sorted(index.position[e] for e in context.team if e in index.position)
    date_fit, confidence = index.daily(today)
    features = {
        "skill": skill[cand],
        "evidence": text_fit,
        "seniority": index.seniority[cand],
        "network": network(index, programme_orgs, team, cand),
        "availability": _availability(index, cand, role_modes, date_fit),
        "confidence": confidence[cand],
    }
    weights = profile.weights.normalised()
    score = np.zeros(len(cand))
    for name in FEATURES:
        score += weights[name] * features[name]
    # Rounded so that equal profiles tie exactly and fall back to id order.
    score = np.round(np.clip(score, 0.0, 1.0), 9)
    return Ranking(
        candidates=cand,
        ids=index.ids,
        score=score,
        features=features,
        reasons=reasons.bits,
        weights=weights,
        depth=profile.depth,
        in_id_order=index.in_id_order,
        pair_positions=pairs,
        pair_values=sims,
        conflict_orgs=conflict_orgs,
        programme_orgs=programme_positions,
        team=team,
    )
