"""The in-memory matching index: filter arrays, a sparse expert-by-skill matrix, a text index
over works and the affiliation and co-author graphs, read from the graph in pages.

Experts sit in id order, so a position order is an id order and ties break by id for free.
"""

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from graph import GraphStore
from graph.queries import matching as q
from matching.evidence import EvidenceModel, work_text
from talent.core.revisions import read_revision
from talent.core.types import EngagementMode, Source
from talent.experts.models import ExpertStatus

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
# Terms in more than this share of works say little about any one expert and would make
# every query touch most works.
MAX_DOCUMENT_FREQUENCY = 0.3
# A title containing one of these shows an earlier leading role ("Team leader" included).
LEADERSHIP_WORDS = ("chief", "director", "head", "principal", "lead", "dean", "president")


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
    position: dict[str, int]
    ineligible: npt.NDArray[np.uint16]  # the exclusion bits that hold for every role
    overseas: Bools
    years: Ints
    modes: npt.NDArray[np.uint8]  # bit i set: accepts MODES[i]
    available_from: Ints  # date ordinals, 0 when not given
    available_until: Ints
    grade: Ints
    updated_at: Ints  # ms since the epoch
    verified_share: Floats  # share of skills confirmed by someone other than the expert
    seniority: Floats
    languages: sparse.csc_matrix  # expert x language, 1 where spoken
    language_position: dict[str, int]
    skills: sparse.csc_matrix  # expert x skill, the level 1..5
    skills_by_expert: sparse.csr_matrix  # the same, row access for explanations
    skill_graph: SkillGraph
    current_orgs: sparse.csr_matrix  # expert x organisation, current affiliations
    all_orgs: sparse.csr_matrix  # expert x organisation, current and past
    org_ids: list[str]
    org_position: dict[str, int]
    coauthors: sparse.csr_matrix  # expert x expert, shared works
    text: EvidenceModel | None
    works_by_pair: sparse.csr_matrix  # (work, author) pair x term
    pair_work: list[str]  # work id of each pair; pairs are grouped by author position
    work_cards: dict[str, tuple[str, int | None, str | None]]  # title, year, kind
    group_starts: Ints  # first pair of each author with works
    group_expert: Ints  # that author's position
    works_per_expert: Ints
    counts: dict[str, int] = field(default_factory=dict)
    # Per-request values that depend only on the day or on the role's text, computed once.
    _daily: dict[date, tuple[Floats, Floats]] = field(default_factory=dict)
    _queries: dict[str, sparse.csr_matrix] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)

    def query_vector(self, text: str) -> sparse.csr_matrix | None:
        if self.text is None:
            return None
        vector = self._queries.get(text)
        if vector is None:
            if len(self._queries) > 256:
                self._queries.clear()
            vector = self._queries[text] = self.text.vectors([text])
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

    def mode_mask(self, modes: list[str]) -> int:
        return sum(1 << MODES.index(EngagementMode(m)) for m in modes)

    def works_of(self, i: int) -> tuple[int, int]:
        """The slice of (work, author) pairs of the expert at position i."""
        k = int(np.searchsorted(self.group_expert, i))
        if k >= len(self.group_expert) or self.group_expert[k] != i:
            return (0, 0)
        end = (
            int(self.group_starts[k + 1]) if k + 1 < len(self.group_starts) else len(self.pair_work)
        )
        return (int(self.group_starts[k]), end)


def _ordinal(value: Any) -> int:
    if not value:
        return 0
    try:
        return date.fromisoformat(str(value)).toordinal()
    except ValueError:
        return 0


def _skill_graph(store: GraphStore) -> SkillGraph:
    rows = sorted(store.run(q.skill_links()), key=lambda r: r["id"])
    ids = [r["id"] for r in rows]
    position = {sid: i for i, sid in enumerate(ids)}
    broader: list[list[int]] = [[] for _ in ids]
    narrower: list[list[int]] = [[] for _ in ids]
    same: list[list[int]] = [[] for _ in ids]
    for i, row in enumerate(rows):
        for b in row["broader"]:
            if b in position:
                broader[i].append(position[b])
                narrower[position[b]].append(i)
        same[i] = sorted(position[m] for m in row["same"] if m in position)
    return SkillGraph(
        ids=ids,
        labels=[r["label"] or r["id"] for r in rows],
        position=position,
        broader=[sorted(set(x)) for x in broader],
        narrower=[sorted(set(x)) for x in narrower],
        same=same,
    )


def _seniority(years: float, team: float, led: bool) -> float:
    """Years, the largest team led and earlier leading titles, each saturating."""
    return (
        0.4 * min(1.0, years / 25)
        + 0.4 * min(1.0, float(np.log1p(team) / np.log1p(100)))
        + 0.2 * float(led)
    )


def _matrix(
    rows: list[int], cols: list[int], values: list[float], shape: tuple[int, int]
) -> sparse.coo_matrix:
    return sparse.coo_matrix(
        (np.asarray(values, dtype=np.float32), (np.asarray(rows), np.asarray(cols))), shape=shape
    )


def _experts(store: GraphStore) -> list[dict[str, Any]]:
    return sorted(store.run(q.expert_rows()), key=lambda row: row["id"])


def build_index(store: GraphStore, *, today: date | None = None) -> MatchIndex:
    """Read experts, skills and works from the graph into a fresh index."""
    started = time.perf_counter()
    revision = read_revision(store)
    skill_graph = _skill_graph(store)
    this_year = (today or date.today()).year
    experts = _experts(store)
    n = len(experts)
    ids = [row["id"] for row in experts]
    position = {expert_id: i for i, expert_id in enumerate(ids)}

    lang_pos: dict[str, int] = {}
    lang_r, lang_c = [], []
    for row_no, row in enumerate(experts):
        for lang in row["languages"] or []:
            lang_r.append(row_no)
            lang_c.append(lang_pos.setdefault(lang, len(lang_pos)))

    sk_r, sk_c, sk_v = [], [], []
    held = np.zeros(n)
    checked = np.zeros(n)
    for edge in store.run(q.skill_edges()):
        i = position.get(edge["expert"])
        k = skill_graph.position.get(edge["skill"])
        if i is None or k is None:
            continue
        sk_r.append(i)
        sk_c.append(k)
        sk_v.append(float(edge["level"] or 1))
        held[i] += 1
        checked[i] += (edge["source"] or Source.SELF_DECLARED) != Source.SELF_DECLARED

    org_pos: dict[str, int] = {}
    cur_r, cur_c, all_r, all_c = [], [], [], []
    team = np.zeros(n)
    led = np.zeros(n, dtype=bool)
    for edge in store.run(q.affiliation_edges()):
        i = position.get(edge["expert"])
        if i is None:
            continue
        o = org_pos.setdefault(edge["org"], len(org_pos))
        all_r.append(i)
        all_c.append(o)
        if edge["end_year"] is None or int(edge["end_year"]) >= this_year:
            cur_r.append(i)
            cur_c.append(o)
        team[i] = max(team[i], float(edge["team_size"] or 0))
        title = str(edge["title"] or "").lower()
        led[i] |= any(word in title for word in LEADERSHIP_WORDS)

    authors: dict[str, list[int]] = {}
    for edge in store.run(q.authorship_edges()):
        if (i := position.get(edge["expert"])) is not None:
            authors.setdefault(edge["work"], []).append(i)
    pairs: list[tuple[int, str, str]] = []
    co_r, co_c = [], []
    work_cards: dict[str, tuple[str, int | None, str | None]] = {}
    for row in store.run(q.work_texts()):
        by = sorted(authors.get(row["id"], []))
        if by:
            work_cards[row["id"]] = (row["title"] or "", row["year"], row["kind"])
        text = work_text(row["title"] or "", row["abstract"] or "")
        pairs += [(a, row["id"], text) for a in by]
        for a in by:
            for b in by:
                if a != b:
                    co_r.append(a)
                    co_c.append(b)
    pairs.sort(key=lambda p: (p[0], p[1]))
    texts = [p[2] for p in pairs]
    pair_expert = np.asarray([p[0] for p in pairs], dtype=np.int64)
    text_model: EvidenceModel | None = None
    works_by_pair: sparse.csr_matrix = sparse.csr_matrix((len(pairs), 0), dtype=np.float32)
    if texts:
        # Each work once in the term weights, however many authors it has.
        unique_texts = list({p[1]: p[2] for p in pairs}.values())
        try:
            text_model = EvidenceModel(unique_texts, max_df=MAX_DOCUMENT_FREQUENCY)
        except ValueError:  # every term too common or none at all: no text evidence
            text_model = EvidenceModel(unique_texts)
        works_by_pair = text_model.vectors(texts)
    if len(pair_expert):
        starts = np.flatnonzero(np.r_[True, pair_expert[1:] != pair_expert[:-1]])
    else:
        starts = np.zeros(0, dtype=np.int64)
    n_orgs = len(org_pos)
    skills = _matrix(sk_r, sk_c, sk_v, (n, len(skill_graph.ids)))
    years = np.asarray([int(row["years"] or 0) for row in experts], dtype=np.int64)
    active = np.asarray([row["status"] == ExpertStatus.ACTIVE for row in experts], dtype=bool)
    consent = np.asarray([bool(row["consent_match"]) for row in experts], dtype=bool)
    ineligible = np.zeros(n, dtype=np.uint16)
    ineligible[~active] |= BIT["not_active"]
    ineligible[~consent] |= BIT["no_match_consent"]
    modes = [
        sum(1 << b for b, m in enumerate(MODES) if m.value in (row["modes"] or []))
        for row in experts
    ]
    index = MatchIndex(
        revision=revision,
        build_seconds=0.0,
        ids=ids,
        position=position,
        ineligible=ineligible,
        overseas=np.asarray([row["residency"] == "overseas" for row in experts], dtype=bool),
        years=years,
        modes=np.asarray(modes, dtype=np.uint8),
        available_from=np.asarray([_ordinal(r["available_from"]) for r in experts], dtype=np.int64),
        available_until=np.asarray(
            [_ordinal(r["available_until"]) for r in experts], dtype=np.int64
        ),
        grade=np.asarray([int(row["grade"] or 0) for row in experts], dtype=np.int64),
        updated_at=np.asarray([int(row["updated_at"] or 0) for row in experts], dtype=np.int64),
        verified_share=np.divide(checked, held, out=np.zeros(n), where=held > 0),
        seniority=np.asarray(
            [_seniority(float(years[e]), float(team[e]), bool(led[e])) for e in range(n)]
        ),
        languages=_matrix(lang_r, lang_c, [1.0] * len(lang_r), (n, len(lang_pos))).tocsc(),
        language_position=lang_pos,
        skills=skills.tocsc(),
        skills_by_expert=skills.tocsr(),
        skill_graph=skill_graph,
        current_orgs=_matrix(cur_r, cur_c, [1.0] * len(cur_r), (n, n_orgs)).tocsr(),
        all_orgs=_matrix(all_r, all_c, [1.0] * len(all_r), (n, n_orgs)).tocsr(),
        org_ids=sorted(org_pos, key=org_pos.__getitem__),
        org_position=org_pos,
        coauthors=_matrix(co_r, co_c, [1.0] * len(co_r), (n, n)).tocsr(),
        text=text_model,
        works_by_pair=works_by_pair,
        pair_work=[p[1] for p in pairs],
        work_cards=work_cards,
        group_starts=starts.astype(np.int64),
        group_expert=pair_expert[starts] if len(starts) else np.zeros(0, dtype=np.int64),
        works_per_expert=np.bincount(pair_expert, minlength=n).astype(np.int64),
        counts={"experts": n, "work_authors": len(pairs), "skills": len(skill_graph.ids)},
    )
    index.build_seconds = time.perf_counter() - started
    return index
