"""Replacing the rows of the experts a change touched in a search index: a new index that
shares what did not change with the old one, which stays usable by requests holding it."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from talent.search.index import (
    Ints,
    SearchIndex,
    Shared,
    country_codes,
    group_level,
    idf,
    key_sizes,
    languages,
    modes,
    residency,
    searchable,
    words,
)
from talent.snapshot.arrays import in_sorted, with_rows
from talent.snapshot.rows import GONE, Rows, gone_row


def apply_rows(index: SearchIndex, rows: Rows, shared: Shared, revision: str) -> SearchIndex:
    """`index` with the experts of `rows.ids` as `rows` holds them now (in `shared` order)."""
    n = len(shared.ids)
    old_n = len(index.names)
    targets = np.asarray([shared.position[e] for e in rows.ids], dtype=np.int64)
    by_id = {row.id: row for row in rows.experts}
    experts = [by_id.get(e) or gone_row(e) for e in rows.ids]
    at = targets.tolist()
    names = _with_items(index.names, n, at, [row.full_name or "" for row in experts], str)
    headlines = _with_items(index.headlines, n, at, [row.headline or "" for row in experts], str)
    new_keys = [words(r.full_name) if r.status != GONE else [] for r in experts]
    same = names is index.names
    before = [words(index.names[t]) if t < old_n else [] for t in at]
    postings = index.postings if same else _postings(index, targets, before, new_keys)
    countries = index.countries + sorted(
        {row.country or "" for row in experts} - set(index.countries)
    )
    now = languages(experts, len(experts))
    nobody = np.zeros(len(targets), dtype=bool)
    spoken = {
        lang: with_rows(v, n, targets, now.get(lang, nobody)) for lang, v in index.languages.items()
    }
    for lang, column in now.items():
        if lang not in spoken:
            spoken[lang] = with_rows(np.zeros(0, dtype=bool), n, targets, column)
    return replace(
        index,
        revision=revision,
        ids=shared.ids,
        position=shared.position,
        names=names,
        headlines=headlines,
        key_sizes=with_rows(index.key_sizes, n, targets, key_sizes(new_keys)),
        postings=postings,
        vocabulary=index.vocabulary
        if postings is index.postings or postings.keys() == index.postings.keys()
        else sorted(postings),
        idf=index.idf if same and n == old_n else idf(postings, n),
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
    return rows[~in_sorted(rows, drop)]


def _with(rows: Ints, added: list[int]) -> Ints:
    if not added:
        return rows
    new = np.asarray(sorted(set(added)), dtype=np.int32)
    new = new[~in_sorted(new, rows)]
    return np.insert(rows, np.searchsorted(rows, new), new).astype(np.int32)


def _with_items[T](
    old: list[T], n: int, at: list[int], values: list[T], empty: Callable[[], T]
) -> list[T]:
    """`with_rows` for a list: `old` itself when it holds those values already."""
    if len(old) == n and all(old[t] == v for t, v in zip(at, values, strict=True)):
        return old
    new = old + [empty() for _ in range(n - len(old))]
    for t, value in zip(at, values, strict=True):
        new[t] = value
    return new
