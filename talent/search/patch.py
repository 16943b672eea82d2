"""Replacing the rows of the experts a change touched in a search index: a new index that
shares what did not change with the old one, which stays usable by requests holding it."""

from collections import defaultdict
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from talent.core.names import fold_name
from talent.search.index import (
    Ints,
    SearchIndex,
    Shared,
    country_codes,
    group_level,
    idf,
    languages,
    modes,
    residency,
    searchable,
)
from talent.snapshot.arrays import with_rows
from talent.snapshot.rows import GONE, Rows, gone_row


def apply_rows(index: SearchIndex, rows: Rows, shared: Shared, revision: str) -> SearchIndex:
    """`index` with the experts of `rows.ids` as `rows` holds them now (in `shared` order)."""
    n = len(shared.ids)
    old_n = len(index.names)
    targets = np.asarray([shared.position[e] for e in rows.ids], dtype=np.int64)
    by_id = {row.id: row for row in rows.experts}
    experts = [by_id.get(e) or gone_row(e) for e in rows.ids]
    names = index.names + [""] * (n - old_n)
    headlines = index.headlines + [""] * (n - old_n)
    keys = index.keys + [[] for _ in range(n - old_n)]
    old_keys = [keys[t] for t in targets.tolist()]
    for t, row in zip(targets.tolist(), experts, strict=True):
        names[t] = row.full_name or ""
        headlines[t] = row.headline or ""
        keys[t] = fold_name(row.full_name or "").split() if row.status != GONE else []
    postings = _postings(index, targets, old_keys, [keys[t] for t in targets.tolist()])
    countries = index.countries + sorted(
        {row.country or "" for row in experts} - set(index.countries)
    )
    spoken = {
        lang: with_rows(v, n, targets, np.zeros(len(targets), bool))
        for lang, v in index.languages.items()
    }
    for lang, column in languages(experts, len(experts)).items():
        spoken.setdefault(lang, np.zeros(n, dtype=bool))[targets] = column
    return replace(
        index,
        revision=revision,
        ids=shared.ids,
        position=shared.position,
        names=names,
        headlines=headlines,
        keys=keys,
        postings=postings,
        vocabulary=sorted(postings)
        if postings.keys() != index.postings.keys()
        else index.vocabulary,
        idf=idf(postings, n),
        searchable=with_rows(index.searchable, n, targets, searchable(experts)),
        countries=countries,
        country=with_rows(index.country, n, targets, country_codes(experts, countries)),
        residency=with_rows(index.residency, n, targets, residency(experts)),
        diaspora=with_rows(
            index.diaspora, n, targets, np.asarray([bool(r.diaspora) for r in experts], dtype=bool)
        ),
        modes=with_rows(index.modes, n, targets, modes(experts)),
        languages=spoken,
        grade=with_rows(
            index.grade, n, targets, np.asarray([int(r.grade or 0) for r in experts], np.int32)
        ),
        levels=shared.levels,
        group_level=with_rows(
            index.group_level,
            n,
            targets,
            group_level(shared.levels, index.group_columns, targets),
        ),
    )


def _postings(
    index: SearchIndex,
    targets: npt.NDArray[np.int64],
    before: list[list[str]],
    after: list[list[str]],
) -> dict[str, Ints]:
    """The postings with each target moved from its old words to its new ones."""
    gone: dict[str, list[int]] = defaultdict(list)
    added: dict[str, list[int]] = defaultdict(list)
    for t, old, new in zip(targets.tolist(), before, after, strict=True):
        for token in set(old):
            gone[token].append(t)
        for token in set(new):
            added[token].append(t)
    postings = dict(index.postings)
    for token in set(gone) | set(added):
        rows = _without(postings.get(token, np.zeros(0, dtype=np.int32)), gone.get(token, []))
        rows = _with(rows, added.get(token, []))
        if len(rows):
            postings[token] = rows
        else:
            postings.pop(token, None)
    return postings


# A common word's postings reach a share of every expert: they are merged as sorted arrays (a
# copy), never sorted again.
def _without(rows: Ints, gone: list[int]) -> Ints:
    if not gone or not len(rows):
        return rows
    drop = np.asarray(sorted(set(gone)), dtype=np.int32)
    at = np.minimum(np.searchsorted(rows, drop), len(rows) - 1)
    return np.delete(rows, at[rows[at] == drop])


def _with(rows: Ints, added: list[int]) -> Ints:
    if not added:
        return rows
    new = np.asarray(sorted(set(added)), dtype=np.int32)
    if len(rows):
        at = np.minimum(np.searchsorted(rows, new), len(rows) - 1)
        new = new[rows[at] != new]
    return np.insert(rows, np.searchsorted(rows, new), new).astype(np.int32)
