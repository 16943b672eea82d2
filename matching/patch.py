"""Replacing the rows of the experts a change touched in a matching index: a new index that
shares every unchanged part with the old one, which stays usable by requests holding it.

Sparse matrices get the changed rows laid over them (`talent.snapshot.layered`): a change
costs its own rows until the overlay is folded in. Text pairs are appended as a new block
per expert; the old block stays behind, unused, until the next full build. The text model keeps
its vocabulary and term weights: new works are vectorised with it.
"""

from dataclasses import replace
from datetime import date

import numpy as np
import numpy.typing as npt
from scipy import sparse

from matching import parts
from matching.index import MatchIndex
from talent.snapshot.arrays import with_rows
from talent.snapshot.layered import Layered
from talent.snapshot.rows import Rows, gone_row

Ints = npt.NDArray[np.int64]


def _replaced(
    old: Layered, targets: Ints, new: sparse.coo_matrix, shape: tuple[int, int]
) -> Layered:
    """`old` with those rows replaced; only resized when they already hold what `new` has:
    most changes touch one field of a profile, and an unchanged matrix need not grow its
    overlay."""
    if old.holds(targets, new):
        return old.resized(shape)
    return old.replaced(targets, new, shape)


def _skill_matrices(
    index: MatchIndex, targets: Ints, skills: parts.Skills, shape: tuple[int, int]
) -> tuple[Layered, Layered]:
    """Levels and trust, replaced together: they list their entries in the same order."""
    levels, trust = index.skills, index.skill_trust
    if levels.holds(targets, skills.matrix) and trust.holds(targets, skills.trust):
        return levels.resized(shape), trust.resized(shape)
    return levels.replaced(targets, skills.matrix, shape), trust.replaced(
        targets, skills.trust, shape
    )


def _extended(known: dict[str, int], keys: list[str]) -> tuple[dict[str, int], list[str]]:
    """`known` itself when it has every key; else a copy with the new ones numbered after
    (and those, in order). Never changed in place: the old index still reads it."""
    new = [k for k in dict.fromkeys(keys) if k not in known]
    if not new:
        return known, []
    grown = dict(known)
    for key in new:
        grown[key] = len(grown)
    return grown, new


def apply_rows(
    index: MatchIndex, rows: Rows, revision: str, *, today: date | None = None
) -> MatchIndex:
    """`index` with the experts of `rows.ids` as `rows` holds them now."""
    position, added = index.position.extended(rows.ids)
    ids = index.ids + added if added else index.ids
    n = len(ids)
    targets = np.asarray([position[e] for e in rows.ids], dtype=np.int64)
    local = {expert_id: k for k, expert_id in enumerate(rows.ids)}
    by_id = {row.id: row for row in rows.experts}
    languages, _ = _extended(
        index.language_position, [lang for row in rows.experts for lang in row.languages or []]
    )
    org_position, new_orgs = _extended(index.org_position, [a.org for a in rows.affiliations])
    people = parts.people([by_id.get(e) or gone_row(e) for e in rows.ids], languages)
    skills = parts.skills(rows.skills, local, index.skill_graph)
    year = (today or date.today()).year
    orgs = parts.affiliations(rows.affiliations, local, org_position, year)
    # New works are numbered in the index's table in place: an older index never reads them.
    works = parts.works(rows.authorships, rows.works, local, index.works)
    skill_shape, org_shape = (n, len(index.skill_graph.ids)), (n, len(org_position))
    levels, trust = _skill_matrices(index, targets, skills, skill_shape)
    language_shape = (n, len(languages))
    patched = replace(
        index,
        revision=revision,
        ids=ids,
        position=position,
        ineligible=with_rows(index.ineligible, n, targets, people.ineligible),
        pending=with_rows(index.pending, n, targets, people.pending),
        overseas=with_rows(index.overseas, n, targets, people.overseas),
        years=with_rows(index.years, n, targets, people.years),
        modes=with_rows(index.modes, n, targets, people.modes),
        available_from=with_rows(index.available_from, n, targets, people.available_from),
        available_until=with_rows(index.available_until, n, targets, people.available_until),
        grade=with_rows(index.grade, n, targets, people.grade),
        updated_at=with_rows(index.updated_at, n, targets, people.updated_at),
        verified_share=with_rows(index.verified_share, n, targets, skills.verified_share),
        seniority=with_rows(index.seniority, n, targets, parts.seniority(people.years, orgs)),
        languages=_replaced(index.languages, targets, people.languages, language_shape),
        language_position=languages,
        skills=levels,
        skill_trust=trust,
        current_orgs=_replaced(index.current_orgs, targets, orgs.current, org_shape),
        all_orgs=_replaced(index.all_orgs, targets, orgs.all, org_shape),
        org_ids=index.org_ids + new_orgs if new_orgs else index.org_ids,
        org_position=org_position,
        authored=_replaced(index.authored, targets, works.authored, (n, len(index.works))),
        _daily={},
        _by_id=[],
    )
    keep = _new_blocks(index, targets, works, rows.works_changed)
    _append_pairs(patched, index, targets[keep], _only(works, keep))
    return patched


def _new_blocks(
    index: MatchIndex, targets: Ints, works: parts.Works, changed: frozenset[str]
) -> Ints:
    """The local rows whose pairs need a new block: their works are others now, or one of
    them changed."""
    keep = []
    for k, row in enumerate(targets.tolist()):
        now = [w for w, r in zip(works.pair_work, works.pair_row.tolist(), strict=True) if r == k]
        lo, hi = index.works_of(row) if row < len(index) else (0, 0)
        others = index.pair_work.between(lo, hi) != [index.works.get(w) for w in now]
        if row >= len(index) or others or changed.intersection(now):
            keep.append(k)
    return np.asarray(keep, dtype=np.int64)


def _only(works: parts.Works, rows: Ints) -> parts.Works:
    """The pairs of these local rows, renumbered 0.. in that order."""
    renumber = {int(k): j for j, k in enumerate(rows)}
    picked = [p for p, r in enumerate(works.pair_row.tolist()) if r in renumber]
    return parts.Works(
        pair_row=np.asarray([renumber[int(works.pair_row[p])] for p in picked], dtype=np.int64),
        pair_work=[works.pair_work[p] for p in picked],
        texts=[works.texts[p] for p in picked],
        cards=works.cards,
        authored=works.authored,
        stored=works.stored,
    )


def _append_pairs(
    patched: MatchIndex, index: MatchIndex, targets: Ints, works: parts.Works
) -> None:
    """Each touched expert's pairs as a new block after the others."""
    base = len(index.pair_work)
    vectors = parts.text_vectors(index.text, works)
    counts = np.bincount(works.pair_row, minlength=len(targets)).astype(np.int64)
    starts = base + np.cumsum(counts) - counts
    n = len(patched.ids)
    patched.pair_start = with_rows(index.pair_start, n, targets, starts)
    patched.works_per_expert = with_rows(index.works_per_expert, n, targets, counts)
    if len(works.pair_work):
        # Only the pairs added since the build are copied; those built with it stay as they are.
        patched.added_pairs = sparse.vstack([index.added_pairs, vectors], format="csr")
        meaning, scales = parts.meaning(index.embedder, works)
        patched.added_meaning = parts.stacked(index.added_meaning, meaning)
        patched.meaning_scale = np.concatenate([index.meaning_scale, scales])
        # Appended in place: a holder of the old index reads only the positions it knew.
        index.works.write_cards(works.cards)
        index.pair_work.extend(index.works.setdefault(w, len(index.works)) for w in works.pair_work)
