"""Hard constraints, the six features and the score, for every expert at once on the index."""

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from matching.evidence import grouped_affinity
from matching.index import Bools, Floats, Ints, MatchIndex, Relation
from matching.profiles import FEATURES, RoleProfile
from talent.models import Requirement, Residency, RoleConstraints

# Exclusion reasons in the order they are checked and shown.
REASONS = (
    "not_active",
    "no_match_consent",
    "rejected_by_lead",
    "missing_must_have",
    "language",
    "residency",
    "min_years",
    "engagement_mode",
    "conflict_of_interest",
)
BIT = {reason: 1 << i for i, reason in enumerate(REASONS)}
_POPCOUNT = np.asarray([bin(i).count("1") for i in range(256)], dtype=np.float64)
# Text affinities are small cosines; this saturating map spreads them over [0, 1).
EVIDENCE_SCALE = 0.2
DAY_MS = 86_400_000


@dataclass(frozen=True, slots=True)
class RoleSpec:
    id: str
    kind: str
    title: str
    description: str
    requirements: list[Requirement]
    constraints: RoleConstraints
    skill_labels: list[str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join([self.title, self.description, *self.skill_labels])


@dataclass(frozen=True, slots=True)
class RoleContext:
    programme_id: str
    programme_name: str
    contractors: list[str]
    team: list[str]
    rejected: list[str]


@dataclass(slots=True)
class Ranking:
    score: Floats
    features: dict[str, Floats]
    reasons: npt.NDArray[np.uint16]
    weights: dict[str, float]
    depth: float
    pair_similarity: Floats
    conflict_orgs: list[int]
    programme_orgs: list[int]
    team: list[int]

    @property
    def candidates(self) -> Ints:
        result: Ints = np.flatnonzero(self.reasons == 0)
        return result

    def top(self, k: int | None) -> Ints:
        """Candidate positions by score, ties by id (position order is id order)."""
        cand = self.candidates
        scores = self.score[cand]
        if k is not None and k < len(cand):
            kth = np.partition(-scores, k - 1)[k - 1]
            keep = -scores <= kth
            cand, scores = cand[keep], scores[keep]
        order: Ints = cand[np.lexsort((cand, -scores))]
        return order if k is None else order[:k]

    def excluded_by_reason(self) -> dict[str, int]:
        return {reason: int(np.count_nonzero(self.reasons & BIT[reason])) for reason in REASONS}


def requirement_credit(
    index: MatchIndex, requirement: Requirement, relations: list[Relation], depth: float
) -> tuple[Floats, Bools]:
    """Each expert's credit on one requirement, and whether they meet it as a must-have.

    Credit grows with the level: (level / 5) ** depth, halved below the minimum level, scaled
    by how close the expert's skill is to the required one. A must-have is met by the skill
    itself or a narrower one at the minimum level or above.
    """
    n = len(index)
    credit = np.zeros(n)
    met = np.zeros(n, dtype=bool)
    matrix = index.skills
    for relation in relations:
        lo, hi = matrix.indptr[relation.skill], matrix.indptr[relation.skill + 1]
        rows = matrix.indices[lo:hi]
        levels = matrix.data[lo:hi].astype(np.float64)
        value = relation.factor * (levels / 5) ** depth
        value = np.where(levels >= requirement.min_level, value, value / 2)
        credit[rows] = np.maximum(credit[rows], value)
        if relation.kind != "broader":
            met[rows] |= levels >= requirement.min_level
    return credit, met


def _org_vector(index: MatchIndex, org_ids: list[str]) -> tuple[Floats, list[int]]:
    positions = sorted({index.org_position[o] for o in org_ids if o in index.org_position})
    vector = np.zeros(len(index.org_ids))
    vector[positions] = 1.0
    return vector, positions


def _reaches(matrix: object, vector: Floats) -> Bools:
    product = np.asarray(matrix @ vector).ravel()  # type: ignore[operator]
    result: Bools = product > 0
    return result


def network(index: MatchIndex, programme_orgs: Floats, team: list[int]) -> Floats:
    """1 for a past tie to a programme organisation, a team member or co-authorship with one;
    0.5 for a colleague of a team member or a co-author of someone tied to the programme."""
    n = len(index)
    team_vector = np.zeros(n)
    team_vector[team] = 1.0
    tied = _reaches(index.all_orgs, programme_orgs)
    direct = tied | (team_vector > 0) | _reaches(index.coauthors, team_vector)
    team_orgs = np.asarray(index.all_orgs.T @ team_vector).ravel()
    colleague = _reaches(index.all_orgs, (team_orgs > 0).astype(np.float64))
    second = colleague | _reaches(index.coauthors, tied.astype(np.float64))
    result: Floats = np.where(direct, 1.0, np.where(second, 0.5, 0.0))
    return result


def rank(
    index: MatchIndex,
    role: RoleSpec,
    context: RoleContext,
    profile: RoleProfile,
    *,
    today: date,
) -> Ranking:
    n = len(index)
    constraints = role.constraints
    reasons = np.zeros(n, dtype=np.uint16)

    def exclude(mask: Bools, reason: str) -> None:
        reasons[mask] |= BIT[reason]

    exclude(~index.active, "not_active")
    exclude(~index.consent, "no_match_consent")
    rejected = [index.position[e] for e in context.rejected if e in index.position]
    rejected_mask = np.zeros(n, dtype=bool)
    rejected_mask[rejected] = True
    exclude(rejected_mask, "rejected_by_lead")

    skill = np.zeros(n)
    total_weight = sum(r.weight for r in role.requirements)
    for requirement in role.requirements:
        position = index.skill_graph.position.get(requirement.skill_id)
        if position is None:
            credit, met = np.zeros(n), np.zeros(n, dtype=bool)
        else:
            relations = index.skill_graph.relations(position)
            credit, met = requirement_credit(index, requirement, relations, profile.depth)
        skill += requirement.weight * credit
        if requirement.must:
            exclude(~met, "missing_must_have")
    if total_weight:
        skill /= total_weight

    for language in constraints.languages:
        column = index.language_position.get(language)
        speaks = np.zeros(n, dtype=bool)
        if column is not None:
            lo, hi = index.languages.indptr[column], index.languages.indptr[column + 1]
            speaks[index.languages.indices[lo:hi]] = True
        exclude(~speaks, "language")
    if constraints.residency is Residency.DOMESTIC:
        exclude(index.overseas, "residency")
    elif constraints.residency is Residency.OVERSEAS:
        exclude(~index.overseas, "residency")
    exclude(index.years < constraints.min_years, "min_years")
    role_modes = index.mode_mask([m.value for m in constraints.engagement_modes])
    if role_modes:
        exclude((index.modes & role_modes) == 0, "engagement_mode")
    conflicts, conflict_orgs = _org_vector(
        index, context.contractors + constraints.exclude_organization_ids
    )
    exclude(_reaches(index.current_orgs, conflicts), "conflict_of_interest")

    pair_similarity = np.zeros(len(index.pair_work))
    evidence = np.zeros(n)
    if index.text is not None and len(index.group_starts):
        query = index.text.vectors([role.text()])
        pair_similarity = np.asarray((query @ index.works_by_term).todense()).ravel()
        pair_similarity = pair_similarity.astype(np.float64)
        affinity = grouped_affinity(pair_similarity, index.group_starts)
        evidence[index.group_expert] = 1 - np.exp(-affinity / EVIDENCE_SCALE)

    programme_orgs, programme_positions = _org_vector(index, context.contractors)
    team = sorted(index.position[e] for e in context.team if e in index.position)
    network_fit = network(index, programme_orgs, team)

    now = today.toordinal()
    starts_in = (index.available_from - now).astype(np.float64)
    date_fit = np.where(starts_in <= 0, 1.0, np.clip(1 - starts_in / 365, 0.0, 1.0))
    ended = (index.available_until > 0) & (index.available_until < now)
    date_fit = np.where(ended, 0.0, date_fit)
    if role_modes:
        mode_fit = _POPCOUNT[index.modes & role_modes] / _POPCOUNT[role_modes]
    else:
        mode_fit = np.where(index.modes > 0, 1.0, 0.5)
    availability = 0.6 * mode_fit + 0.4 * date_fit

    today_ms = (now - date(1970, 1, 1).toordinal()) * DAY_MS
    age_days = (today_ms - index.updated_at) / DAY_MS
    freshness = np.clip(1 - (age_days - 365) / 365, 0.0, 1.0)
    confidence = 0.5 * index.grade / 3 + 0.3 * freshness + 0.2 * index.verified_share

    features = {
        "skill": skill,
        "evidence": evidence,
        "seniority": index.seniority,
        "network": network_fit,
        "availability": availability,
        "confidence": confidence,
    }
    weights = profile.weights.normalised()
    score = np.zeros(n)
    for name in FEATURES:
        score += weights[name] * features[name]
    # Rounded so that equal profiles tie exactly and fall back to id order.
    score = np.round(np.clip(score, 0.0, 1.0), 9)
    return Ranking(
        score=score,
        features=features,
        reasons=reasons,
        weights=weights,
        depth=profile.depth,
        pair_similarity=pair_similarity,
        conflict_orgs=conflict_orgs,
        programme_orgs=programme_positions,
        team=team,
    )
