"""The in-memory search index: name tokens with postings, filter arrays and the expert-by-skill
level matrix, read from the graph with a few scans and rebuilt when experts or skills change."""

import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import sparse

from graph import GraphStore
from graph.queries import insights, matching
from graph.queries import search as q
from talent.core.names import fold_name
from talent.core.revisions import read_revision
from talent.core.types import EngagementMode
from talent.search.skills import SkillLabel, SkillResolver

Ints = npt.NDArray[np.int32]
Bools = npt.NDArray[np.bool_]
MODES = [m.value for m in EngagementMode]
RESIDENCIES = ["domestic", "overseas"]


@dataclass
class SearchIndex:
    revision: str
    ids: list[str]
    names: list[str]
    headlines: list[str]
    keys: list[list[str]]  # folded name tokens per expert
    postings: dict[str, Ints]
    vocabulary: list[str]
    searchable: Bools  # active and consenting to be proposed
    countries: list[str]
    country: Ints
    residency: Ints  # index into RESIDENCIES
    diaspora: Bools
    modes: Bools  # experts x MODES
    languages: dict[str, Bools]
    grade: Ints
    levels: sparse.csc_matrix  # experts x skills, 0 when absent
    skill_ids: list[str]
    skill_column: dict[str, int]
    narrower: dict[str, list[str]]  # skill -> itself and every skill below it
    groups: list[str]
    group_columns: list[Ints]  # per group, the skill columns in it
    group_level: npt.NDArray[np.int8]  # experts x groups: best level in the group's skills
    resolver: SkillResolver
    build_seconds: float = 0.0
    idf: dict[str, float] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)


def build_index(store: GraphStore) -> SearchIndex:
    started = time.perf_counter()
    revision = read_revision(store)
    rows = store.run(q.expert_cards())
    rows.sort(key=lambda r: r["id"])
    n = len(rows)
    ids = [r["id"] for r in rows]
    position = {expert_id: i for i, expert_id in enumerate(ids)}

    keys = [fold_name(r["name"] or "").split() for r in rows]
    lists: dict[str, list[int]] = defaultdict(list)
    for i, tokens in enumerate(keys):
        for token in set(tokens):
            lists[token].append(i)
    postings = {t: np.asarray(p, dtype=np.int32) for t, p in lists.items()}
    idf = {t: float(np.log(1 + n / len(p))) for t, p in postings.items()}

    countries = sorted({r["country"] or "" for r in rows})
    country_code = {c: i for i, c in enumerate(countries)}
    modes = np.zeros((n, len(MODES)), dtype=bool)
    languages: dict[str, Bools] = {}
    for i, r in enumerate(rows):
        for mode in r["modes"] or []:
            if mode in MODES:
                modes[i, MODES.index(mode)] = True
        for language in r["languages"] or []:
            languages.setdefault(language, np.zeros(n, dtype=bool))[i] = True

    labels = store.run(q.skill_labels())
    labels.sort(key=lambda r: r["id"])
    skill_ids = [r["id"] for r in labels]
    skill_column = {s: j for j, s in enumerate(skill_ids)}
    narrower = _descendants(store, skill_ids)

    row_idx: list[int] = []
    col_idx: list[int] = []
    values: list[int] = []
    for edge in store.run(matching.skill_edges()):
        row, column = position.get(edge["expert"]), skill_column.get(edge["skill"])
        if row is not None and column is not None:
            row_idx.append(row)
            col_idx.append(column)
            values.append(int(edge["level"] or 0))
    levels = sparse.csc_matrix(
        (np.asarray(values, dtype=np.int8), (row_idx, col_idx)), shape=(n, len(skill_ids))
    )

    group_rows = store.run(insights.current_groups())
    groups = [g["id"] for g in group_rows]
    in_group: dict[str, list[int]] = defaultdict(list)
    for link in store.run(q.skill_groups()):
        if link["skill"] in skill_column:
            in_group[link["grp"]].append(skill_column[link["skill"]])
    group_columns = [np.asarray(sorted(in_group.get(g, [])), dtype=np.int32) for g in groups]
    group_level = np.zeros((n, len(groups)), dtype=np.int8)
    for k, columns in enumerate(group_columns):
        if len(columns) and n:
            group_level[:, k] = levels[:, columns].max(axis=1).toarray().ravel()

    resolver = SkillResolver(
        SkillLabel(r["id"], r["en"] or r["id"], r["vi"] or "", tuple(r["aliases"] or ()))
        for r in labels
    )
    index = SearchIndex(
        revision=revision,
        ids=ids,
        names=[r["name"] or "" for r in rows],
        headlines=[r["headline"] or "" for r in rows],
        keys=keys,
        postings=postings,
        vocabulary=sorted(postings),
        searchable=np.asarray(
            [r["status"] == "active" and r["consent_match"] is not False for r in rows],
            dtype=bool,
        ),
        countries=countries,
        country=np.asarray([country_code[r["country"] or ""] for r in rows], dtype=np.int32),
        residency=np.asarray(
            [
                RESIDENCIES.index(r["residency"]) if r["residency"] in RESIDENCIES else 1
                for r in rows
            ],
            dtype=np.int32,
        ),
        diaspora=np.asarray([bool(r["diaspora"]) for r in rows], dtype=bool),
        modes=modes,
        languages=languages,
        grade=np.asarray([int(r["grade"] or 0) for r in rows], dtype=np.int32),
        levels=levels,
        skill_ids=skill_ids,
        skill_column=skill_column,
        narrower=narrower,
        groups=groups,
        group_columns=group_columns,
        group_level=group_level,
        resolver=resolver,
        idf=idf,
    )
    index.build_seconds = time.perf_counter() - started
    return index


def _descendants(store: GraphStore, skill_ids: list[str]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for link in store.run(q.skill_broader()):
        children[link["broader"]].append(link["skill"])
    below: dict[str, list[str]] = {}
    for skill in skill_ids:
        seen, stack = {skill}, [skill]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        below[skill] = sorted(seen)
    return below
