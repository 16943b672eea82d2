"""Building the matching index from a snapshot's rows."""

import time
from datetime import date

import numpy as np
from scipy import sparse

from matching import parts
from matching.concepts import ConceptTagger
from matching.embedding.port import Embedder
from matching.evidence import EvidenceModel
from matching.index import MatchIndex, SkillGraph
from matching.work_table import PairWorks, WorkTable
from talent.snapshot.layered import Layered
from talent.snapshot.numbering import Numbering
from talent.snapshot.rows import Rows, SkillLink, Taxonomy

# Terms in more than this share of works say little about any one expert and would make
# every query touch most works.
MAX_DOCUMENT_FREQUENCY = 0.3


def build_index(
    taxonomy: Taxonomy,
    rows: Rows,
    revision: str,
    *,
    today: date | None = None,
    embedder: Embedder | None = None,
) -> MatchIndex:
    """A fresh index of every expert of `rows`."""
    started = time.perf_counter()
    skill_graph = skill_graph_of(taxonomy.skills)
    ids = [row.id for row in rows.experts]
    position = {expert_id: i for i, expert_id in enumerate(ids)}
    language_position, org_position, work_position = _positions(), _positions(), _positions()
    people = parts.people(rows.experts, language_position)
    skills = parts.skills(rows.skills, position, skill_graph)
    this_year = (today or date.today()).year
    orgs = parts.affiliations(rows.affiliations, position, org_position, this_year)
    works = parts.works(rows.authorships, rows.works, position, work_position)
    model, vectors = fit_text(works, ConceptTagger.from_skills(taxonomy.skills))
    counts = np.bincount(works.pair_row, minlength=len(ids)).astype(np.int64)
    table, pair_work, authored = _in_id_order(works, work_position)
    index = MatchIndex(
        revision=revision,
        build_seconds=0.0,
        ids=ids,
        position=Numbering(position),
        **people.filters(),
        verified_share=skills.verified_share,
        seniority=parts.seniority(people.years, orgs),
        languages=Layered.of(people.languages),
        language_position=language_position,
        skills=Layered.of(skills.matrix),
        skill_trust=Layered.of(skills.trust),
        skill_graph=skill_graph,
        current_orgs=Layered.of(orgs.current),
        all_orgs=Layered.of(orgs.all),
        org_ids=sorted(org_position, key=org_position.__getitem__),
        org_position=org_position,
        authored=Layered.of(authored),
        works=table,
        text=model,
        works_by_pair=vectors,
        added_pairs=sparse.csr_matrix((0, vectors.shape[1]), dtype=np.float32),
        pair_work=pair_work,
        pair_start=(np.cumsum(counts) - counts).astype(np.int64),
        works_per_expert=counts,
        in_id_order=len(ids),
        fitted_works=len(works.pair_work),
        embedder=embedder,
    )
    index.meaning, index.meaning_scale = parts.meaning(embedder, works)
    index.added_meaning = index.meaning[:0]
    index.build_seconds = time.perf_counter() - started
    return index


def _positions() -> dict[str, int]:
    return {}


def skill_graph_of(links: list[SkillLink]) -> SkillGraph:
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


def _in_id_order(
    works: parts.Works, work_position: dict[str, int]
) -> tuple[WorkTable, PairWorks, sparse.csr_matrix]:
    """The works' table (in id order), each pair's work in it, and the authored matrix with
    its columns in that order (they were numbered as the pairs came)."""
    table = WorkTable.of(works.cards)
    column = table.built_positions(work_position)
    coo = works.authored
    authored = sparse.coo_matrix((coo.data, (coo.row, column[coo.col])), shape=coo.shape)
    pairs = PairWorks(table.built_positions(works.pair_work).astype(np.int32))
    return table, pairs, authored.tocsr()


def fit_text(
    works: parts.Works, tagger: ConceptTagger | None
) -> tuple[EvidenceModel | None, sparse.csr_matrix]:
    """Term weights learnt from the works and each pair's vector; none without texts. The
    taxonomy's concepts named in a text are terms too, so that evidence crosses languages."""
    if not works.texts:
        return None, sparse.csr_matrix((0, 0), dtype=np.float32)
    # Each work once in the term weights, however many authors it has.
    texts = dict(zip(works.pair_work, works.texts, strict=True))
    row = {work_id: k for k, work_id in enumerate(texts)}
    try:
        model = EvidenceModel(texts.values(), max_df=MAX_DOCUMENT_FREQUENCY, concepts=tagger)
    except ValueError:  # every term too common or none at all: no text evidence
        try:
            model = EvidenceModel(texts.values(), concepts=tagger)
        except ValueError:
            return None, sparse.csr_matrix((len(works.texts), 0), dtype=np.float32)
    vectors = model.corpus_vectors()
    picked: sparse.csr_matrix = vectors[
        np.asarray([row[w] for w in works.pair_work], dtype=np.int64)
    ]
    return model, picked
