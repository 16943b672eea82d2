"""Building the matching index from the repository's scans of experts, skills, affiliations
and works."""

import time
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from scipy import sparse

from graph import GraphStore
from matching.concepts import ConceptTagger
from matching.evidence import EvidenceModel, work_text
from matching.index import (
    BIT,
    MODES,
    SELF_DECLARED_TRUST,
    Bools,
    Floats,
    Ints,
    MatchIndex,
    SkillGraph,
)
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
    trust: sparse.coo_matrix  # the same entries: 1 confirmed, SELF_DECLARED_TRUST if not
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
    links = repo.skill_links()
    skill_graph = _skill_graph(links)
    experts = repo.experts()
    ids = [row.id for row in experts]
    position = {expert_id: i for i, expert_id in enumerate(ids)}
    people = _people(experts)
    skills = _skills(repo.skill_edges(), position, skill_graph)
    this_year = (today or date.today()).year
    orgs = _affiliations(repo.affiliation_edges(), position, this_year)
    tagger = ConceptTagger.from_skills(links)
    works = _works(repo.authorships(), repo.work_texts(), position, tagger)
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
        skill_trust=skills.trust.tocsc(),
        trust_by_expert=skills.trust.tocsr(),
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


def _trust(source: str | None) -> float:
    return SELF_DECLARED_TRUST if (source or Source.SELF_DECLARED) == Source.SELF_DECLARED else 1.0


def _skills(edges: list[SkillEdge], position: dict[str, int], graph: SkillGraph) -> _Skills:
    n = len(position)
    # One claim per expert and skill (the graph MERGEs them): the level and trust matrices
    # then share their entries in the same order.
    claims: dict[tuple[int, int], tuple[float, float]] = {}
    held = np.zeros(n)
    checked = np.zeros(n)
    for edge in edges:
        i = position.get(edge.expert)
        k = graph.position.get(edge.skill)
        if i is None or k is None or (i, k) in claims:
            continue
        trust = _trust(edge.source)
        claims[(i, k)] = (float(edge.level or 1), trust)
        held[i] += 1
        checked[i] += trust == 1.0
    rows = [i for i, _ in claims]
    cols = [k for _, k in claims]
    shape = (n, len(graph.ids))
    return _Skills(
        matrix=_matrix(rows, cols, [level for level, _ in claims.values()], shape),
        # Exact factors, as the single-query reference multiplies them.
        trust=_matrix(rows, cols, [t for _, t in claims.values()], shape, np.float64),
        verified_share=np.divide(checked, held, out=np.zeros(n), where=held > 0),
    )


def _affiliations(edges: list[AffiliationEdge], position: dict[str, int], this_year: int) -> _Orgs:
    n = len(position)
    org_pos: dict[str, int] = {}
    cur_r, cur_c = [], []
    ties: dict[tuple[int, int], float] = {}  # the best trust of each expert's ties to an org
    team = np.zeros(n)
    led = np.zeros(n, dtype=bool)
    for edge in edges:
        i = position.get(edge.expert)
        if i is None:
            continue
        o = org_pos.setdefault(edge.org, len(org_pos))
        ties[(i, o)] = max(ties.get((i, o), 0.0), _trust(edge.source))
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
        all=_matrix(
            [i for i, _ in ties], [o for _, o in ties], list(ties.values()), shape, np.float64
        ).tocsr(),
        team=team,
        led=led,
    )


def _works(
    authorships: list[Authorship],
    works: list[WorkText],
    position: dict[str, int],
    tagger: ConceptTagger | None = None,
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
    text_model, works_by_pair = _text_index(pairs, tagger)
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
    pairs: list[tuple[int, str, str]], tagger: ConceptTagger | None = None
) -> tuple[EvidenceModel | None, sparse.csr_matrix]:
    """Term weights learnt from the works and each pair's vector; none without texts. The
    taxonomy's concepts named in a text are terms too, so that evidence crosses languages."""
    if not pairs:
        return None, sparse.csr_matrix((0, 0), dtype=np.float32)
    # Each work once in the term weights, however many authors it has.
    texts = {p[1]: p[2] for p in pairs}
    row = {work_id: k for k, work_id in enumerate(texts)}
    try:
        text_model = EvidenceModel(texts.values(), max_df=MAX_DOCUMENT_FREQUENCY, concepts=tagger)
    except ValueError:  # every term too common or none at all: no text evidence
        text_model = EvidenceModel(texts.values(), concepts=tagger)
    vectors = text_model.corpus_vectors()
    return text_model, vectors[np.asarray([row[p[1]] for p in pairs], dtype=np.int64)]


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
    rows: list[int],
    cols: list[int],
    values: list[float],
    shape: tuple[int, int],
    dtype: type[np.floating] = np.float32,
) -> sparse.coo_matrix:
    return sparse.coo_matrix(
        (np.asarray(values, dtype=dtype), (np.asarray(rows), np.asarray(cols))), shape=shape
    )
