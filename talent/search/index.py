"""The in-memory search index: name tokens with postings, filter arrays and the expert-by-skill
level matrix (shared with the matching index), built from a snapshot's rows and patched with
the rows of the experts a change touched."""

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from talent.core.names import fold_name
from talent.core.types import EngagementMode
from talent.search.skills import SkillLabel, SkillResolver
from talent.snapshot.layered import Layered
from talent.snapshot.numbering import Numbering
from talent.snapshot.rows import ExpertRow, Rows, Taxonomy

Ints = npt.NDArray[np.int32]
Bools = npt.NDArray[np.bool_]
MODES = [m.value for m in EngagementMode]
RESIDENCIES = ["domestic", "overseas"]


@dataclass(frozen=True, slots=True)
class Shared:
    """What the search index takes from the matching index instead of holding its own copy:
    the experts' order and their skill levels (experts x skills, in the taxonomy's id order)."""

    ids: list[str]
    position: Numbering
    levels: Layered


@dataclass
class SearchIndex:
    revision: str
    ids: list[str]
    position: Numbering
    names: list[str]
    headlines: list[str]
    # Experts x 2: the words of their name (`words`), and the distinct ones. The words
    # themselves are the name's, folded again where needed (a million lists of strings would
    # cost each process hundreds of MiB, and every start their unpickling).
    key_sizes: npt.NDArray[np.int16]
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
    levels: Layered  # experts x skills, the level, 0 when absent
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


def build_index(taxonomy: Taxonomy, rows: Rows, shared: Shared, revision: str) -> SearchIndex:
    """The index of the experts of `rows` (in `shared.ids` order) and of the taxonomy."""
    started = time.perf_counter()
    skill_ids = [link.id for link in taxonomy.skills]
    skill_column = {s: j for j, s in enumerate(skill_ids)}
    broader = [(link.id, b) for link in taxonomy.skills for b in link.broader]
    experts = rows.experts
    tokens = [words(row.full_name) for row in experts]
    countries = sorted({row.country or "" for row in experts})
    group_columns = _group_columns(taxonomy.groups, taxonomy.members, skill_column)
    labels = [
        SkillLabel(link.id, link.label or link.id, link.label_vi or "", tuple(link.aliases or ()))
        for link in taxonomy.skills
    ]
    index = SearchIndex(
        revision=revision,
        ids=shared.ids,
        position=shared.position,
        names=[row.full_name or "" for row in experts],
        headlines=[row.headline or "" for row in experts],
        key_sizes=key_sizes(tokens),
        postings=postings(tokens),
        vocabulary=[],
        searchable=searchable(experts),
        countries=countries,
        country=np.zeros(0, dtype=np.int32),
        residency=residency(experts),
        diaspora=np.asarray([bool(row.diaspora) for row in experts], dtype=bool),
        modes=modes(experts),
        languages=languages(experts, len(experts)),
        grade=np.asarray([int(row.grade or 0) for row in experts], dtype=np.int32),
        levels=shared.levels,
        skill_ids=skill_ids,
        skill_column=skill_column,
        narrower=_descendants(broader, skill_ids),
        groups=list(taxonomy.groups),
        group_columns=group_columns,
        group_level=group_level(shared.levels, group_columns, np.arange(len(experts))),
        resolver=SkillResolver(labels),
    )
    index.country = country_codes(experts, index.countries)
    index.vocabulary = sorted(index.postings)
    index.idf = idf(index.postings, len(experts))
    index.build_seconds = time.perf_counter() - started
    return index


def words(name: str | None) -> list[str]:
    """A name's words as searched: folded (no diacritics, lower case)."""
    return fold_name(name or "").split()


def key_sizes(keys: list[list[str]]) -> npt.NDArray[np.int16]:
    sizes = [(len(tokens), len(set(tokens))) for tokens in keys]
    return np.asarray(sizes, dtype=np.int16).reshape(len(keys), 2)


def postings(keys: list[list[str]]) -> dict[str, Ints]:
    lists: dict[str, list[int]] = defaultdict(list)
    for i, tokens in enumerate(keys):
        for token in set(tokens):
            lists[token].append(i)
    return {t: np.asarray(p, dtype=np.int32) for t, p in lists.items()}


def idf(postings: dict[str, Ints], n: int) -> dict[str, float]:
    """Each word's rarity."""
    return {t: float(np.log(1 + n / len(p))) for t, p in postings.items()}


def searchable(experts: list[ExpertRow]) -> Bools:
    """Active and consenting to be proposed."""
    return np.asarray(
        [row.status == "active" and row.consent_match is not False for row in experts], dtype=bool
    )


def residency(experts: list[ExpertRow]) -> Ints:
    # An expert with no residency on record counts as overseas.
    return np.asarray(
        [RESIDENCIES.index(r.residency) if r.residency in RESIDENCIES else 1 for r in experts],
        dtype=np.int32,
    )


def modes(experts: list[ExpertRow]) -> Bools:
    modes = np.zeros((len(experts), len(MODES)), dtype=bool)
    for i, row in enumerate(experts):
        for mode in row.modes or []:
            if mode in MODES:
                modes[i, MODES.index(mode)] = True
    return modes


def languages(experts: list[ExpertRow], n: int) -> dict[str, Bools]:
    languages: dict[str, Bools] = {}
    for i, row in enumerate(experts):
        for language in row.languages or []:
            languages.setdefault(language, np.zeros(n, dtype=bool))[i] = True
    return languages


def country_codes(experts: list[ExpertRow], countries: list[str]) -> Ints:
    code = {c: i for i, c in enumerate(countries)}
    return np.asarray([code[row.country or ""] for row in experts], dtype=np.int32)


def _group_columns(
    groups: list[str], members: Iterable[tuple[str, str]], skill_column: dict[str, int]
) -> list[Ints]:
    in_group: dict[str, list[int]] = defaultdict(list)
    for skill, group in members:
        if skill in skill_column:
            in_group[group].append(skill_column[skill])
    return [np.asarray(sorted(in_group.get(g, [])), dtype=np.int32) for g in groups]


def group_level(
    levels: Layered, columns: list[Ints], rows: npt.NDArray[np.int64]
) -> npt.NDArray[np.int8]:
    """Each expert of `rows`'s best level among each group's skills."""
    best = np.zeros((len(rows), len(columns)), dtype=np.int8)
    if not len(rows):
        return best
    picked = levels.take(rows).tocsc()
    for k, group_columns in enumerate(columns):
        if len(group_columns):
            best[:, k] = picked[:, group_columns].max(axis=1).toarray().ravel()
    return best


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
