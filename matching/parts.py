"""The matching index's pieces for some experts, each expert a local row: what a full build
assembles for everyone and what a change replaces for the experts it touched.

Positions of languages, organisations and works are global and only grow: the maps passed in
are extended with what these rows name for the first time.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from scipy import sparse

from matching.embedding.packing import Packed, Scales, from_bytes
from matching.embedding.port import Embedder, text_hash
from matching.evidence import EvidenceModel, work_text
from matching.index import BIT, MODES, SELF_DECLARED_TRUST, Bools, Floats, Ints, SkillGraph
from matching.work_table import Card
from talent.core.types import Source
from talent.experts.models import ExpertStatus
from talent.snapshot.rows import GONE, AffiliationEdge, Authorship, ExpertRow, SkillEdge, WorkText

# A title containing one of these shows an earlier leading role ("Team leader" included).
LEADERSHIP_WORDS = ("chief", "director", "head", "principal", "lead", "dean", "president")

# Out of every list a lead sees: unconfirmed registrations, and experts no longer there.
HIDDEN = (ExpertStatus.PENDING.value, GONE)

WorkCards = dict[str, Card]


class Positions(Protocol):
    """Where each work goes (a dict while building, the index's WorkTable when patching)."""

    def setdefault(self, key: str, default: int, /) -> int: ...

    def __len__(self) -> int: ...


@dataclass(slots=True)
class People:
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
    languages: sparse.coo_matrix

    def filters(self) -> dict[str, Any]:
        """The per-expert arrays, as the index's fields of the same names."""
        return {f: getattr(self, f) for f in self.__slots__ if f != "languages"}


@dataclass(slots=True)
class Skills:
    matrix: sparse.coo_matrix
    trust: sparse.coo_matrix  # the same entries: 1 confirmed, SELF_DECLARED_TRUST if not
    verified_share: Floats


@dataclass(slots=True)
class Orgs:
    current: sparse.coo_matrix
    all: sparse.coo_matrix
    team: Floats  # the largest team each expert led
    led: Bools  # an earlier leading title


@dataclass(slots=True)
class Works:
    """(work, author) pairs grouped by local row, in (row, work id) order."""

    pair_row: Ints
    pair_work: list[str]
    texts: list[str]  # of each pair
    cards: WorkCards
    authored: sparse.coo_matrix  # row x work position
    stored: dict[str, WorkText] = field(default_factory=dict)  # those with a stored vector


def matrix(
    rows: list[int] | Ints,
    cols: list[int] | Ints,
    values: list[float] | Floats,
    shape: tuple[int, int],
    dtype: type[np.floating] = np.float32,
) -> sparse.coo_matrix:
    return sparse.coo_matrix(
        (np.asarray(values, dtype=dtype), (np.asarray(rows), np.asarray(cols))), shape=shape
    )


def _ordinal(value: str | None) -> int:
    if not value:
        return 0
    try:
        return date.fromisoformat(str(value)).toordinal()
    except ValueError:
        return 0


def people(experts: list[ExpertRow], language_position: dict[str, int]) -> People:
    n = len(experts)
    lang_r, lang_c = [], []
    for row_no, row in enumerate(experts):
        for lang in row.languages or []:
            lang_r.append(row_no)
            lang_c.append(language_position.setdefault(lang, len(language_position)))
    active = np.asarray([row.status == ExpertStatus.ACTIVE for row in experts], dtype=bool)
    consent = np.asarray([bool(row.consent_match) for row in experts], dtype=bool)
    ineligible = np.zeros(n, dtype=np.uint16)
    ineligible[~active] |= BIT["not_active"]
    ineligible[~consent] |= BIT["no_match_consent"]
    modes = [
        sum(1 << b for b, m in enumerate(MODES) if m.value in (row.modes or [])) for row in experts
    ]
    return People(
        ineligible=ineligible,
        pending=np.asarray([row.status in HIDDEN for row in experts], dtype=bool),
        overseas=np.asarray([row.residency == "overseas" for row in experts], dtype=bool),
        years=np.asarray([int(row.years or 0) for row in experts], dtype=np.int64),
        modes=np.asarray(modes, dtype=np.uint8),
        available_from=np.asarray([_ordinal(r.available_from) for r in experts], dtype=np.int64),
        available_until=np.asarray([_ordinal(r.available_until) for r in experts], dtype=np.int64),
        grade=np.asarray([int(row.grade or 0) for row in experts], dtype=np.int64),
        updated_at=np.asarray([int(row.updated_at or 0) for row in experts], dtype=np.int64),
        languages=matrix(lang_r, lang_c, [1.0] * len(lang_r), (n, len(language_position))),
    )


def _trust(source: str | None) -> float:
    return SELF_DECLARED_TRUST if (source or Source.SELF_DECLARED) == Source.SELF_DECLARED else 1.0


def skills(edges: list[SkillEdge], position: dict[str, int], graph: SkillGraph) -> Skills:
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
    return Skills(
        matrix=matrix(rows, cols, [level for level, _ in claims.values()], shape),
        # Exact factors, as the single-query reference multiplies them.
        trust=matrix(rows, cols, [t for _, t in claims.values()], shape, np.float64),
        verified_share=np.divide(checked, held, out=np.zeros(n), where=held > 0),
    )


def affiliations(
    edges: list[AffiliationEdge],
    position: dict[str, int],
    org_position: dict[str, int],
    this_year: int,
) -> Orgs:
    n = len(position)
    cur_r, cur_c = [], []
    ties: dict[tuple[int, int], float] = {}  # the best trust of each expert's ties to an org
    team = np.zeros(n)
    led = np.zeros(n, dtype=bool)
    for edge in edges:
        i = position.get(edge.expert)
        if i is None:
            continue
        o = org_position.setdefault(edge.org, len(org_position))
        ties[(i, o)] = max(ties.get((i, o), 0.0), _trust(edge.source))
        if edge.end_year is None or int(edge.end_year) >= this_year:
            cur_r.append(i)
            cur_c.append(o)
        team[i] = max(team[i], float(edge.team_size or 0))
        title = str(edge.title or "").lower()
        led[i] |= any(word in title for word in LEADERSHIP_WORDS)
    shape = (n, len(org_position))
    return Orgs(
        current=matrix(cur_r, cur_c, [1.0] * len(cur_r), shape),
        all=matrix(
            [i for i, _ in ties], [o for _, o in ties], list(ties.values()), shape, np.float64
        ),
        team=team,
        led=led,
    )


def works(
    authorships: list[Authorship],
    texts: list[WorkText],
    position: dict[str, int],
    work_position: Positions,
) -> Works:
    n = len(position)
    authors: dict[str, list[int]] = {}
    for edge in authorships:
        if (i := position.get(edge.expert)) is not None:
            authors.setdefault(edge.work, []).append(i)
    pairs: list[tuple[int, str, str]] = []
    cards: WorkCards = {}
    stored: dict[str, WorkText] = {}
    for work in texts:
        by = sorted(set(authors.get(work.id, [])))
        if not by:
            continue
        cards[work.id] = (work.title or "", work.year, work.kind)
        if work.vector is not None:
            stored[work.id] = work
        text = work_text(work.title or "", work.abstract or "")
        pairs += [(a, work.id, text) for a in by]
    pairs.sort(key=lambda p: (p[0], p[1]))
    cols = [work_position.setdefault(p[1], len(work_position)) for p in pairs]
    rows = [p[0] for p in pairs]
    return Works(
        pair_row=np.asarray(rows, dtype=np.int64),
        pair_work=[p[1] for p in pairs],
        texts=[p[2] for p in pairs],
        cards=cards,
        authored=matrix(rows, cols, [1.0] * len(rows), (n, len(work_position))),
        stored=stored,
    )


def seniority(years: Ints, orgs: Orgs) -> Floats:
    """Years, the largest team led and earlier leading titles, each saturating."""
    result: Floats = (
        0.4 * np.minimum(1.0, years.astype(np.float64) / 25)
        + 0.4 * np.minimum(1.0, np.log1p(orgs.team) / np.log1p(100))
        + 0.2 * orgs.led.astype(np.float64)
    )
    return result


def text_vectors(model: EvidenceModel | None, pieces: Works) -> sparse.csr_matrix:
    """Each pair's vector, each distinct work vectorised once."""
    if model is None or not pieces.texts:
        return sparse.csr_matrix((len(pieces.texts), 0 if model is None else model.width))
    texts = dict(zip(pieces.pair_work, pieces.texts, strict=True))
    row = {work_id: k for k, work_id in enumerate(texts)}
    vectors = model.vectors(list(texts.values()))
    picked: sparse.csr_matrix = vectors[np.asarray([row[w] for w in pieces.pair_work])]
    return picked


def meaning(embedder: Embedder | None, pieces: Works) -> tuple[Packed, Scales]:
    """Each pair's stored vector (int8) and its scale, 0 where the work has none of this
    model for its current text: such a work counts through its words alone. Without any
    vector, no columns (an index whose works have none yet holds no zeros for them)."""
    n = len(pieces.pair_work)
    scales = np.zeros(n, dtype=np.float32)
    if embedder is None or not pieces.stored:
        return np.zeros((n, 0), dtype=np.int8), scales
    packed = np.zeros((n, embedder.dimension), dtype=np.int8)
    valid: dict[str, tuple[Packed, float] | None] = {}
    for p, (work_id, text) in enumerate(zip(pieces.pair_work, pieces.texts, strict=True)):
        if work_id not in valid:
            valid[work_id] = _valid(pieces.stored.get(work_id), embedder, text)
        if (found := valid[work_id]) is not None:
            packed[p], scales[p] = found
    return packed, scales


def _valid(stored: WorkText | None, embedder: Embedder, text: str) -> tuple[Packed, float] | None:
    if stored is None or stored.vector is None or stored.vector_model != embedder.model_id:
        return None
    if stored.vector_hash != text_hash(text) or len(stored.vector) != embedder.dimension:
        return None
    return from_bytes(stored.vector, embedder.dimension), float(stored.vector_scale or 0.0)


def stacked(old: Packed, new: Packed) -> Packed:
    """`new`'s rows after `old`'s; a block without columns (no vectors) widened with zeros."""
    width = max(old.shape[1], new.shape[1])
    if old.shape[1] != width:
        old = np.zeros((len(old), width), dtype=np.int8)
    if new.shape[1] != width:
        new = np.zeros((len(new), width), dtype=np.int8)
    return np.concatenate([old, new])
