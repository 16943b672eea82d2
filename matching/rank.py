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
from talent.snapshot.arrays import in_sorted
from talent.snapshot.layered import Layered
from talent.snapshot.picked import Picked

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
    index: MatchIndex,
    requirement: Requirement,
    relations: list[Relation],
    depth: float,
    rows: Picked,
) -> Floats:
    """The best `level_credit` on one requirement of each expert picked, a self-declared skill
    counting SELF_DECLARED_TRUST of a confirmed one."""
    credit = np.zeros(len(rows))
    for relation in relations:
        at, held = index.skills.column(relation.skill)
        slot, hit = rows.slots(at)
        levels = held[hit].astype(np.float64)
        trust = index.skill_trust.column(relation.skill)[1][hit]
        value = level_credit(levels, relation.factor, requirement, depth) * trust
        np.maximum.at(credit, slot[hit], value)
    return credit


def meets(
    index: MatchIndex, requirement: Requirement, relations: list[Relation], rows: Ints | None = None
) -> Bools:
    """Who meets a requirement as a must-have (`proves_must_have`, whoever vouches for it):
    every expert, or those at `rows`."""
    met = np.zeros(len(index) if rows is None else len(rows), dtype=bool)
    for relation in relations:
        if relation.kind != "broader":
            at, held = index.skills.column(relation.skill)
            holders = at[held >= requirement.min_level]
            if rows is None:
                met[holders] = True
            else:
                met |= np.isin(rows, holders)
    return met


def may_qualify(index: MatchIndex, role: RoleSpec, rows: Ints) -> Ints:
    """Those of `rows` who meet every must-have of the role: no one else can be a candidate."""
    keep = np.ones(len(rows), dtype=bool)
    for requirement in role.requirements:
        if requirement.must:
            keep &= meets(index, requirement, _relations(index, requirement), rows)
    result: Ints = rows[keep]
    return result


def _org_positions(index: MatchIndex, org_ids: list[str]) -> list[int]:
    return sorted({index.org_position[o] for o in org_ids if o in index.org_position})


def _ties(ties: Layered, organisations: list[int], rows: Picked) -> tuple[Floats, Bools]:
    """The most trusted tie of each expert picked to these organisations (0 for none), and
    whether each expert has one."""
    anyone = np.zeros(ties.shape[0], dtype=bool)
    if not organisations:
        return np.zeros(len(rows)), anyone
    block = ties.columns(organisations)
    anyone[block.indices] = True
    return rows.max_at(block.indices, block.data), anyone


def _coauthors(index: MatchIndex, rows: Picked) -> tuple[Ints, Ints]:
    """Each (slot among the picked, co-author's position) of a work an expert picked shares
    with someone else, read from those experts' works alone."""
    works = index.authored.take(rows.positions)
    authors = index.authored.columns(works.indices)  # one column per (expert, work)
    counts = np.diff(authors.indptr)
    owner = np.repeat(np.repeat(np.arange(len(rows)), np.diff(works.indptr)), counts)
    coauthor = authors.indices
    other = coauthor != rows.positions[owner]
    return owner[other], coauthor[other]


def _with_any(size: int, who: Ints, found: Bools) -> Floats:
    flags = np.zeros(size)
    flags[who[found]] = 1.0
    return flags


def network(index: MatchIndex, programme_orgs: list[int], team: list[int], rows: Picked) -> Floats:
    """1 for a past tie to a programme organisation or co-authorship with a team member; 0.5
    for a colleague of a team member or a co-author of someone tied to the programme. A tie
    through an affiliation only the expert declared counts SELF_DECLARED_TRUST of that.

    A tie comes from someone else: a team member's own shortlisting is no tie of theirs, nor
    are they their own colleague (co-authorship already leaves their own works out), so that
    shortlisting a candidate never lifts her own score.

    Computed for the experts picked from their own ties and works, and the programme's and
    the team's, never over every expert.
    """
    members = np.zeros(len(index.org_ids))
    for t in team:
        members[index.all_orgs.row(t)[0]] += 1.0
    affiliated, tied = _ties(index.all_orgs, programme_orgs, rows)
    colleague = 0.5 * _ties(index.all_orgs, np.flatnonzero(members).tolist(), rows)[0]
    who, coauthor = _coauthors(index, rows)
    team_positions = np.asarray(team, dtype=np.int64)
    direct = np.maximum(affiliated, _with_any(len(rows), who, in_sorted(coauthor, team_positions)))
    second = 0.5 * _with_any(len(rows), who, tied[coauthor])
    result: Floats = np.where(direct > 0, direct, np.maximum(colleague, second))
    for t in team:
        k = int(rows.slot_of[t])
        if k >= 0 and direct[k] == 0:
            others = _colleague_of_others(index, members, t)
            result[k] = max(others, float(second[k]))
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
    # In the works' own precision: a float64 query would copy their rows to float64 first.
    dense_query = (
        None if query is None else np.asarray(query.todense(), index.works_by_pair.dtype).ravel()
    )
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


def _relations(index: MatchIndex, requirement: Requirement) -> list[Relation]:
    position = index.skill_graph.position.get(requirement.skill_id)
    return [] if position is None else index.skill_graph.relations(position)


def _must_haves(index: MatchIndex, role: RoleSpec, reasons: _Reasons) -> None:
    for requirement in role.requirements:
        if requirement.must:
            met = meets(index, requirement, _relations(index, requirement))
            reasons.exclude(~met, "missing_must_have")


def _skill_fit(index: MatchIndex, role: RoleSpec, depth: float, rows: Picked) -> Floats:
    """The weighted requirement credit of each expert picked."""
    skill = np.zeros(len(rows))
    total_weight = sum(r.weight for r in role.requirements)
    for requirement in role.requirements:
        relations = _relations(index, requirement)
        skill += requirement.weight * requirement_credit(index, requirement, relations, depth, rows)
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
    conflict_orgs = _org_positions(
        index, context.contractors + constraints.exclude_organization_ids
    )
    if conflict_orgs:
        conflicted = np.zeros(reasons.n, dtype=bool)
        conflicted[index.current_orgs.columns(conflict_orgs).indices] = True
        reasons.exclude(conflicted, "conflict_of_interest")
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
    only: Ints | None = None,
) -> Ranking:
    """Every expert checked against the hard constraints; the candidates left scored. With
    `only` (positions), only those are scored: each score is the expert's alone, the same as
    in the whole ranking (the alerts test the experts that changed against a role's top)."""
    reasons = _Reasons(index)
    rejected = [index.position[e] for e in context.rejected if e in index.position]
    rejected_mask = np.zeros(reasons.n, dtype=bool)
    rejected_mask[rejected] = True
    reasons.exclude(rejected_mask, "rejected_by_lead")
    _must_haves(index, role, reasons)
    role_modes, conflict_orgs = _constraints(index, role.constraints, context, reasons)

    cand: Ints = np.flatnonzero(reasons.bits == 0)
    if only is not None:
        cand = np.intersect1d(cand, only)
    picked = Picked.of(cand, reasons.n)
    text_fit, pairs, sims = evidence(index, role.text(), cand)
    programme_orgs = _org_positions(index, context.contractors)
    team = sorted(index.position[e] for e in context.team if e in index.position)
    date_fit, confidence = index.daily(today)
    features = {
        "skill": _skill_fit(index, role, profile.depth, picked),
        "evidence": text_fit,
        "seniority": index.seniority[cand],
        "network": network(index, programme_orgs, team, picked),
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
        programme_orgs=programme_orgs,
        team=team,
    )
