"""Building the matching index from the repository's scans of experts, skills, affiliations
and works."""

import time
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from scipy import sparse

from graph import GraphStore
from matching.evidence import EvidenceModel, work_text
from matching.index import BIT, MODES, Bools, Floats, Ints, MatchIndex, SkillGraph
from matching.repository import (
    AffiliationEdge,
    Authorship,
    ExpertRow,
    MatchingRepository,
    SkillEdge,
    SkillLink,
    WorkText,
)
from talent.core.revisions import read_revision
from talent.core.types import Source
from talent.experts.models import ExpertStatus

# Terms in more than this share of works say little about any one expert and would make
# every query touch most works.
MAX_DOCUMENT_FREQUENCY = 0.3
# A title containing one of these shows an earlier leading role ("Team leader" included).
LEADERSHIP_WORDS = ("chief", "director", "head", "principal", "lead", "dean", "president")

WorkCards = dict[str, tuple[str, int | None, str | None]]


@dataclass(slots=True)
class _People:
    """Per-expert filter arrays and the languages they speak."""

    ineligible: npt.NDArray[np.uint16]
    pending: Bools
    overseas: Bools
    years: Ints
    modes: npt.NDArray[np.uint8]
    available_from: Ints
    available_until: Ints
    grade: Ints
    updated_at: Ints
    languages: sparse.csc_matrix
    language_position: dict[str, int]


@dataclass(slots=True)
class _Skills:
    matrix: sparse.coo_matrix
    verified_share: Floats


@dataclass(slots=True)
class _Orgs:
    ids: list[str]
    position: dict[str, int]
    current: sparse.csr_matrix
    all: sparse.csr_matrix
    team: Floats  # the largest team each expert led
    led: Bools  # an earlier leading title


@dataclass(slots=True)
class _Works:
    text: EvidenceModel | None
    works_by_pair: sparse.csr_matrix
    pair_work: list[str]
    cards: WorkCards
    group_starts: Ints
    group_expert: Ints
    works_per_expert: Ints
    coauthors: sparse.csr_matrix


def build_index(store: GraphStore, *, today: date | None = None) -> MatchIndex:
    """Read experts, skills and works from the graph into a fresh index."""
    started = time.perf_counter()
    repo = MatchingRepository(store)
    revision = read_revision(store)
    skill_graph = _skill_graph(repo.skill_links())
    experts = repo.experts()
    ids = [row.id for row in experts]
    position = {expert_id: i for i, expert_id in enumerate(ids)}
    people = _people(experts)
    skills = _skills(repo.skill_edges(), position, skill_graph)
    this_year = (today or date.today()).year
    orgs = _affiliations(repo.affiliation_edges(), position, this_year)
    works = _works(repo.authorships(), repo.work_texts(), position)
    index = MatchIndex(
        revision=revision,
        build_seconds=0.0,
        ids=ids,
        position=position,
        ineligible=people.ineligible,
        pending=people.pending,
        overseas=people.overseas,
        years=people.years,
        modes=people.modes,
        available_from=people.available_from,
        available_until=people.available_until,
        grade=people.grade,
        updated_at=people.updated_at,
        verified_share=skills.verified_share,
        seniority=_seniority(people.years, orgs),
        languages=people.languages,
        language_position=people.language_position,
        skills=skills.matrix.tocsc(),
        skills_by_expert=skills.matrix.tocsr(),
        skill_graph=skill_graph,
        current_orgs=orgs.current,
        all_orgs=orgs.all,
        org_ids=orgs.ids,
        org_position=orgs.position,
        coauthors=works.coauthors,
        text=works.text,
        works_by_pair=works.works_by_pair,
        pair_work=works.pair_work,
        work_cards=works.cards,
        group_starts=works.group_starts,
        group_expert=works.group_expert,
        works_per_expert=works.works_per_expert,
    )
    index.build_seconds = time.perf_counter() - started
    return index


def _skill_graph(links: list[SkillLink]) -> SkillGraph:
    ids = [link.id for link in links]
    position = {sid: i for i, sid in enumerate(ids)}
    broader: list[list[int]] = [[] for _ in ids]
    narrower: list[list[int]] = [[] for _ in ids]
    same: list[list[int]] = [[] for _ in ids]
    for i, link in enumerate(links):
        for b in link.broader:
            if b in position:
                broader[i].append(position[b])
                narrower[position[b]].append(i)
        same[i] = sorted(position[m] for m in link.same if m in position)
    return SkillGraph(
        ids=ids,
        labels=[link.label or link.id for link in links],
        position=position,
        broader=[sorted(set(x)) for x in broader],
        narrower=[sorted(set(x)) for x in narrower],
        same=same,
    )


def _ordinal(value: str | None) -> int:
    if not value:
        return 0
    try:
        return date.fromisoformat(str(value)).toordinal()
    except ValueError:
        return 0


def _people(experts: list[ExpertRow]) -> _People:
    n = len(experts)
    lang_pos: dict[str, int] = {}
    lang_r, lang_c = [], []
    for row_no, row in enumerate(experts):
        for lang in row.languages or []:
            lang_r.append(row_no)
            lang_c.append(lang_pos.setdefault(lang, len(lang_pos)))
    active = np.asarray([row.status == ExpertStatus.ACTIVE for row in experts], dtype=bool)
    consent = np.asarray([bool(row.consent_match) for row in experts], dtype=bool)
    ineligible = np.zeros(n, dtype=np.uint16)
    ineligible[~active] |= BIT["not_active"]
    ineligible[~consent] |= BIT["no_match_consent"]
    modes = [
        sum(1 << b for b, m in enumerate(MODES) if m.value in (row.modes or [])) for row in experts
    ]
    return _People(
        ineligible=ineligible,
        pending=np.asarray([row.status == ExpertStatus.PENDING for row in experts], dtype=bool),
        overseas=np.asarray([row.residency == "overseas" for row in experts], dtype=bool),
        years=np.asarray([int(row.years or 0) for row in experts], dtype=np.int64),
        modes=np.asarray(modes, dtype=np.uint8),
        available_from=np.asarray([_ordinal(r.available_from) for r in experts], dtype=np.int64),
        available_until=np.asarray([_ordinal(r.available_until) for r in experts], dtype=np.int64),
        grade=np.asarray([int(row.grade or 0) for row in experts], dtype=np.int64),
        updated_at=np.asarray([int(row.updated_at or 0) for row in experts], dtype=np.int64),
        languages=_matrix(lang_r, lang_c, [1.0] * len(lang_r), (n, len(lang_pos))).tocsc(),
        language_position=lang_pos,
    )


def _skills(edges: list[SkillEdge], position: dict[str, int], graph: SkillGraph) -> _Skills:
    n = len(position)
    rows, cols, levels = [], [], []
    held = np.zeros(n)
    checked = np.zeros(n)
    for edge in edges:
        i = position.get(edge.expert)
        k = graph.position.get(edge.skill)
        if i is None or k is None:
            continue
        rows.append(i)
        cols.append(k)
        levels.append(float(edge.level or 1))
        held[i] += 1
        checked[i] += (edge.source or Source.SELF_DECLARED) != Source.SELF_DECLARED
    return _Skills(
        matrix=_matrix(rows, cols, levels, (n, len(graph.ids))),
        verified_share=np.divide(checked, held, out=np.zeros(n), where=held > 0),
    )


def _affiliations(edges: list[AffiliationEdge], position: dict[str, int], this_year: int) -> _Orgs:
    n = len(position)
    org_pos: dict[str, int] = {}
    cur_r, cur_c, all_r, all_c = [], [], [], []
    team = np.zeros(n)
    led = np.zeros(n, dtype=bool)
    for edge in edges:
        i = position.get(edge.expert)
        if i is None:
            continue
        o = org_pos.setdefault(edge.org, len(org_pos))
        all_r.append(i)
        all_c.append(o)
        if edge.end_year is None or int(edge.end_year) >= this_year:
            cur_r.append(i)
            cur_c.append(o)
        team[i] = max(team[i], float(edge.team_size or 0))
        title = str(edge.title or "").lower()
        led[i] |= any(word in title for word in LEADERSHIP_WORDS)
    shape = (n, len(org_pos))
    return _Orgs(
        ids=sorted(org_pos, key=org_pos.__getitem__),
        position=org_pos,
        current=_matrix(cur_r, cur_c, [1.0] * len(cur_r), shape).tocsr(),
        all=_matrix(all_r, all_c, [1.0] * len(all_r), shape).tocsr(),
        team=team,
        led=led,
    )


def _works(
    authorships: list[Authorship], works: list[WorkText], position: dict[str, int]
) -> _Works:
    """(work, author) pairs grouped by author, their text vectors, and the co-author graph."""
    n = len(position)
    authors: dict[str, list[int]] = {}
    for edge in authorships:
        if (i := position.get(edge.expert)) is not None:
            authors.setdefault(edge.work, []).append(i)
    pairs: list[tuple[int, str, str]] = []
    co_r, co_c = [], []
    cards: WorkCards = {}
    for work in works:
        by = sorted(authors.get(work.id, []))
        if by:
            cards[work.id] = (work.title or "", work.year, work.kind)
        text = work_text(work.title or "", work.abstract or "")
        pairs += [(a, work.id, text) for a in by]
        for a in by:
            for b in by:
                if a != b:
                    co_r.append(a)
                    co_c.append(b)
    pairs.sort(key=lambda p: (p[0], p[1]))
    text_model, works_by_pair = _text_index(pairs)
    pair_expert = np.asarray([p[0] for p in pairs], dtype=np.int64)
    if len(pair_expert):
        starts = np.flatnonzero(np.r_[True, pair_expert[1:] != pair_expert[:-1]])
    else:
        starts = np.zeros(0, dtype=np.int64)
    return _Works(
        text=text_model,
        works_by_pair=works_by_pair,
        pair_work=[p[1] for p in pairs],
        cards=cards,
        group_starts=starts.astype(np.int64),
        group_expert=pair_expert[starts] if len(starts) else np.zeros(0, dtype=np.int64),
        works_per_expert=np.bincount(pair_expert, minlength=n).astype(np.int64),
        coauthors=_matrix(co_r, co_c, [1.0] * len(co_r), (n, n)).tocsr(),
    )


def _text_index(
    pairs: list[tuple[int, str, str]],
) -> tuple[EvidenceModel | None, sparse.csr_matrix]:
    """Term weights learnt from the works and each pair's vector; none without texts."""
    if not pairs:
        return None, sparse.csr_matrix((0, 0), dtype=np.float32)
    # Each work once in the term weights, however many authors it has.
    unique_texts = list({p[1]: p[2] for p in pairs}.values())
    try:
        text_model = EvidenceModel(unique_texts, max_df=MAX_DOCUMENT_FREQUENCY)
    except ValueError:  # every term too common or none at all: no text evidence
        text_model = EvidenceModel(unique_texts)
    return text_model, text_model.vectors([p[2] for p in pairs])


def _seniority(years: Ints, orgs: _Orgs) -> Floats:
    """Years, the largest team led and earlier leading titles, each saturating."""
    return np.asarray(
        [
            0.4 * min(1.0, float(years[e]) / 25)
            + 0.4 * min(1.0, float(np.log1p(float(orgs.team[e])) / np.log1p(100)))
            + 0.2 * float(bool(orgs.led[e]))
            for e in range(len(years))
        ]
    )


def _matrix(
    rows: list[int], cols: list[int], values: list[float], shape: tuple[int, int]
) -> sparse.coo_matrix:
    return sparse.coo_matrix(
        (np.asarray(values, dtype=np.float32), (np.asarray(rows), np.asarray(cols))), shape=shape
    )
