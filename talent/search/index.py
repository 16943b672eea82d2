"""The in-memory search index: name tokens with postings, filter arrays and the expert-by-skill
level matrix, assembled from the scans of `SearchRepository` and rebuilt when experts or skills
change."""

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import sparse

from graph import GraphStore
from talent.core.names import fold_name
from talent.core.revisions import read_revision
from talent.core.types import EngagementMode
from talent.search.repository import ExpertCard, SearchRepository, SkillLevel
from talent.search.skills import SkillResolver

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


@dataclass(frozen=True, slots=True)
class _Names:
    keys: list[list[str]]
    postings: dict[str, Ints]
    idf: dict[str, float]


@dataclass(frozen=True, slots=True)
class _Filters:
    countries: list[str]
    country: Ints
    residency: Ints
    modes: Bools
    languages: dict[str, Bools]


@dataclass(frozen=True, slots=True)
class _Groups:
    ids: list[str]
    columns: list[Ints]
    level: npt.NDArray[np.int8]


def build_index(store: GraphStore) -> SearchIndex:
    """The index of the experts and skills the graph holds now."""
    started = time.perf_counter()
    # Read first: a change made during the scans moves the revision on and triggers a rebuild.
    revision = read_revision(store)
    repo = SearchRepository(store)
    cards = repo.expert_cards()
    labels = repo.skill_labels()
    skill_ids = [label.skill_id for label in labels]
    skill_column = {s: j for j, s in enumerate(skill_ids)}
    narrower = _descendants(repo.broader_links(), skill_ids)
    levels = _level_matrix(repo.skill_levels(), [c.id for c in cards], skill_column)
    groups = _group_levels(repo.current_group_ids(), repo.group_members(), skill_column, levels)
    names = _names(cards)
    filters = _filters(cards)
    index = SearchIndex(
        revision=revision,
        ids=[c.id for c in cards],
        names=[c.name for c in cards],
        headlines=[c.headline for c in cards],
        keys=names.keys,
        postings=names.postings,
        vocabulary=sorted(names.postings),
        searchable=np.asarray(
            [c.status == "active" and c.consent_match is not False for c in cards], dtype=bool
        ),
        countries=filters.countries,
        country=filters.country,
        residency=filters.residency,
        diaspora=np.asarray([c.diaspora for c in cards], dtype=bool),
        modes=filters.modes,
        languages=filters.languages,
        grade=np.asarray([c.grade for c in cards], dtype=np.int32),
        levels=levels,
        skill_ids=skill_ids,
        skill_column=skill_column,
        narrower=narrower,
        groups=groups.ids,
        group_columns=groups.columns,
        group_level=groups.level,
        resolver=SkillResolver(labels),
        idf=names.idf,
    )
    index.build_seconds = time.perf_counter() - started
    return index


def _names(cards: list[ExpertCard]) -> _Names:
    """Folded name words per expert, the experts of each word, and each word's rarity."""
    keys = [fold_name(c.name).split() for c in cards]
    lists: dict[str, list[int]] = defaultdict(list)
    for i, tokens in enumerate(keys):
        for token in set(tokens):
            lists[token].append(i)
    postings = {t: np.asarray(p, dtype=np.int32) for t, p in lists.items()}
    n = len(cards)
    idf = {t: float(np.log(1 + n / len(p))) for t, p in postings.items()}
    return _Names(keys=keys, postings=postings, idf=idf)


def _filters(cards: list[ExpertCard]) -> _Filters:
    n = len(cards)
    countries = sorted({c.country for c in cards})
    country_code = {c: i for i, c in enumerate(countries)}
    modes = np.zeros((n, len(MODES)), dtype=bool)
    languages: dict[str, Bools] = {}
    for i, card in enumerate(cards):
        for mode in card.modes:
            if mode in MODES:
                modes[i, MODES.index(mode)] = True
        for language in card.languages:
            languages.setdefault(language, np.zeros(n, dtype=bool))[i] = True
    return _Filters(
        countries=countries,
        country=np.asarray([country_code[c.country] for c in cards], dtype=np.int32),
        # An expert with no residency on record counts as overseas.
        residency=np.asarray(
            [RESIDENCIES.index(c.residency) if c.residency in RESIDENCIES else 1 for c in cards],
            dtype=np.int32,
        ),
        modes=modes,
        languages=languages,
    )


def _level_matrix(
    edges: Iterable[SkillLevel], ids: list[str], skill_column: dict[str, int]
) -> sparse.csc_matrix:
    """Experts x skills, the claimed level; edges of experts or skills not indexed are left out."""
    position = {expert_id: i for i, expert_id in enumerate(ids)}
    rows: list[int] = []
    columns: list[int] = []
    values: list[int] = []
    for edge in edges:
        row, column = position.get(edge.expert), skill_column.get(edge.skill)
        if row is not None and column is not None:
            rows.append(row)
            columns.append(column)
            values.append(edge.level)
    return sparse.csc_matrix(
        (np.asarray(values, dtype=np.int8), (rows, columns)), shape=(len(ids), len(skill_column))
    )


def _group_levels(
    groups: list[str],
    members: Iterable[tuple[str, str]],
    skill_column: dict[str, int],
    levels: sparse.csc_matrix,
) -> _Groups:
    """Each group's skill columns, and each expert's best level among them."""
    in_group: dict[str, list[int]] = defaultdict(list)
    for skill, group in members:
        if skill in skill_column:
            in_group[group].append(skill_column[skill])
    columns = [np.asarray(sorted(in_group.get(g, [])), dtype=np.int32) for g in groups]
    n = levels.shape[0]
    best = np.zeros((n, len(groups)), dtype=np.int8)
    for k, group_columns in enumerate(columns):
        if len(group_columns) and n:
            best[:, k] = levels[:, group_columns].max(axis=1).toarray().ravel()
    return _Groups(ids=groups, columns=columns, level=best)


def _descendants(links: Iterable[tuple[str, str]], skill_ids: list[str]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for skill, broader in links:
        children[broader].append(skill)
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
