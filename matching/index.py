"""The in-memory matching index: filter arrays, a sparse expert-by-skill matrix, a text index
over works, the affiliation graph and the authorship matrix (built by `matching.build` from a
snapshot's rows, patched by `matching.patch` as changes come).

At a full build experts sit in id order, so a position order is an id order; experts added
since (by a change) come after `in_id_order` and their ties are broken by id explicitly.
"""

import bisect
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt
from scipy import sparse

from matching.crossing.gloss import crossed, for_meaning
from matching.embedding.packing import Packed, Scales
from matching.embedding.port import Embedder, Vectors
from matching.evidence import LEXICAL, EvidenceModel, Mix
from matching.work_table import PairWorks, WorkTable
from talent.core.types import EngagementMode
from talent.snapshot.layered import Layered
from talent.snapshot.numbering import Numbering

Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

MODES = list(EngagementMode)
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
DAY_MS = 86_400_000
# Roles' texts whose query vectors an index (and those patched from it) keeps: past every role
# a worker's alerts rank each second (hundreds), so that none is vectorised again each time.
QUERIES_KEPT = 4096
# A skill or an affiliation only the expert vouches for counts this much of a confirmed one.
SELF_DECLARED_TRUST = 0.8


@dataclass(frozen=True, slots=True)
class Relation:
    """A skill that earns credit towards a required one, and how much."""

    skill: int
    factor: float
    kind: str  # exact, same, narrower (the expert's skill is more specific), broader


@dataclass(slots=True)
class SkillGraph:
    ids: list[str]
    labels: list[str]
    position: dict[str, int]
    broader: list[list[int]]
    narrower: list[list[int]]
    same: list[list[int]]
    _relations: dict[int, list[Relation]] = field(default_factory=dict)

    def relations(self, skill: int) -> list[Relation]:
        """Exact first; a narrower skill shows most of a broader one, a broader one less."""
        cached = self._relations.get(skill)
        if cached is None:
            cached = self._relations[skill] = self._find_relations(skill)
        return cached

    def _find_relations(self, skill: int) -> list[Relation]:
        found = [Relation(skill, 1.0, "exact")]
        found += [Relation(k, 1.0, "same") for k in self.same[skill]]
        found += [Relation(k, 0.8, "narrower") for k in self.narrower[skill]]
        found += [Relation(k, 0.5, "broader") for k in self.broader[skill]]
        seen: set[int] = set()
        unique = []
        for relation in found:
            if relation.skill not in seen:
                seen.add(relation.skill)
                unique.append(relation)
        return unique


@dataclass(slots=True)
class MatchIndex:
    revision: str
    build_seconds: float
    ids: list[str]
    position: Numbering
    ineligible: npt.NDArray[np.uint16]  # the exclusion bits that hold for every role
    pending: Bools  # e-mail not confirmed yet, or deleted since: out of every list a lead sees
    overseas: Bools
    years: Ints
    modes: npt.NDArray[np.uint8]  # bit i set: accepts MODES[i]
    available_from: Ints  # date ordinals, 0 when not given
    available_until: Ints
    grade: Ints
    updated_at: Ints  # ms since the epoch
    verified_share: Floats  # share of skills confirmed by someone other than the expert
    seniority: Floats
    # Expert-by-x matrices: as built, with the rows changed since laid over them.
    languages: Layered  # expert x language, 1 where spoken
    language_position: dict[str, int]
    skills: Layered  # expert x skill, the level 1..5
    # The same entries in the same order (changed together): 1 confirmed, SELF_DECLARED_TRUST.
    skill_trust: Layered
    skill_graph: SkillGraph
    current_orgs: Layered  # expert x organisation, current affiliations
    all_orgs: Layered  # expert x organisation, current and past: the tie's trust
    org_ids: list[str]
    org_position: dict[str, int]
    authored: Layered  # expert x work, 1 for an author: co-authors are A·Aᵀ
    works: WorkTable  # a work's position (the column above) by id, and its card
    text: EvidenceModel | None
    works_by_pair: sparse.csr_matrix  # (work, author) pair x term, as built
    added_pairs: sparse.csr_matrix  # the pairs appended since, numbered after those
    pair_work: PairWorks  # the work of each pair; each expert's pairs are one block
    pair_start: Ints  # first pair of each expert's block
    works_per_expert: Ints  # the block's length
    in_id_order: int  # positions below this are in id order
    fitted_works: int  # pairs the text model learnt from; those vectorised since drift
    # Meaning: the model that reads queries, and each pair's stored vector (int8, as built and
    # appended since, like the term vectors) with its scale (0: the work has none yet).
    embedder: Embedder | None = None
    meaning: Packed = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int8))
    added_meaning: Packed = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int8))
    meaning_scale: Scales = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    # Per-request values that depend only on the day or on the role's text, computed once.
    _daily: dict[date, tuple[Floats, Floats]] = field(default_factory=dict)
    _queries: dict[str, sparse.csr_matrix] = field(default_factory=dict)
    _meanings: dict[str, Vectors] = field(default_factory=dict)
    _by_id: list[Ints] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def query_vector(self, text: str) -> sparse.csr_matrix | None:
        """The text's term vector as a query. A query in Vietnamese reads with its English
        gloss appended (matching/crossing), here and for its meaning: most evidence is
        English."""
        if self.text is None:
            return None
        vector = self._queries.get(text)
        if vector is None:
            if len(self._queries) > QUERIES_KEPT:
                self._queries.clear()
            vector = self._queries[text] = self.text.vectors([crossed(text)])
        return vector

    def query_meaning(self, text: str) -> Vectors | None:
        """The text's sentence vector as a query; None without a model or any stored vector."""
        if self.embedder is None or not self.meaning_scale.any():
            return None
        vector = self._meanings.get(text)
        if vector is None:
            if len(self._meanings) > QUERIES_KEPT:
                self._meanings.clear()
            found = self.embedder.encode([for_meaning(text)], queries=True)
            vector = self._meanings[text] = found[0]
        return vector

    def daily(self, today: date) -> tuple[Floats, Floats]:
        """(date fit, data confidence) of every expert on `today`; neither depends on the role."""
        found = self._daily.get(today)
        if found is None:
            self._daily.clear()
            now = today.toordinal()
            starts_in = (self.available_from - now).astype(np.float64)
            date_fit = np.where(starts_in <= 0, 1.0, np.clip(1 - starts_in / 365, 0.0, 1.0))
            ended = (self.available_until > 0) & (self.available_until < now)
            date_fit = np.where(ended, 0.0, date_fit)
            today_ms = (now - date(1970, 1, 1).toordinal()) * DAY_MS
            age_days = (today_ms - self.updated_at) / DAY_MS
            freshness = np.clip(1 - (age_days - 365) / 365, 0.0, 1.0)
            confidence = 0.5 * self.grade / 3 + 0.3 * freshness + 0.2 * self.verified_share
            found = self._daily[today] = (date_fit, confidence)
        return found

    def by_id(self) -> Ints:
        """Every position, in id order."""
        if not self._by_id:
            # The built ones are in id order already: each added one goes in where its id
            # falls among them (a copy, not a sort of every id).
            built, ids = self.in_id_order, self.ids
            added = sorted(range(built, len(ids)), key=ids.__getitem__)
            at = [bisect.bisect_left(ids, ids[p], 0, built) for p in added]
            order = np.insert(np.arange(built, dtype=np.int64), at, added)
            self._by_id.append(order.astype(np.int64))
        return self._by_id[0]

    def mode_mask(self, modes: list[str]) -> int:
        return sum(1 << MODES.index(EngagementMode(m)) for m in modes)

    def similarities(
        self, pairs: Ints, query: Floats | None, meaning: Vectors | None = None, mix: Mix = LEXICAL
    ) -> Floats:
        """Each pair's similarity to a text: its terms' cosine to the dense `query`, mixed with
        its vector's cosine to `meaning` where it has a vector."""
        built = len(self.pair_work) - self.added_pairs.shape[0]
        sims = np.zeros(len(pairs))
        old = pairs < built
        if query is not None and self.works_by_pair.shape[1]:
            sims[old] = self.works_by_pair[pairs[old]] @ query
            if not old.all():
                sims[~old] = self.added_pairs[pairs[~old] - built] @ query
        if meaning is None or not mix.semantic:
            return sims
        scales = self.meaning_scale[pairs]
        has = scales > 0
        semantic = np.zeros(len(pairs))
        picked = np.flatnonzero(has & old)
        if len(picked):
            semantic[picked] = (self.meaning[pairs[picked]] @ meaning) * scales[picked]
        picked = np.flatnonzero(has & ~old)
        if len(picked):
            rows = self.added_meaning[pairs[picked] - built]
            semantic[picked] = (rows @ meaning) * scales[picked]
        return mix.of(sims, semantic, has)

    def works_of(self, i: int) -> tuple[int, int]:
        """The slice of (work, author) pairs of the expert at position i."""
        start = int(self.pair_start[i])
        return (start, start + int(self.works_per_expert[i]))

    def coauthors(self, i: int) -> list[int]:
        """Positions of the experts who share a work with the expert at position i."""
        works, _ = self.authored.row(i)
        found: set[int] = set()
        for w in works.tolist():
            found.update(self.authored.column(w)[0].tolist())
        found.discard(i)
        return sorted(int(t) for t in found)
