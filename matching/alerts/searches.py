"""Saved-search watches: who enters a saved search's first k results. The experts a batch
changed are tested against each search's filters alone; the search is run only where one of
them is found now, or was among its remembered first results."""

from dataclasses import dataclass

import numpy as np

from graph import GraphStore
from matching.alerts.made import State, Touched, told
from talent.alerts.models import Alert, Reason, Watch
from talent.core.errors import InvalidInput
from talent.search.index import SearchIndex
from talent.search.models import ResolvedSkill, SavedSearch, SearchRequest
from talent.search.repository import SavedSearchRepository
from talent.search.service import passes, ranked_ids, resolve_skills

Made = list[tuple[str, Alert]]


class Resolved:
    """The skills of saved searches resolved once, and kept while the taxonomy's resolver
    stays (many searches share them, and every evaluation tests them again)."""

    def __init__(self) -> None:
        self.resolver: object = None
        self.found: dict[tuple[str, ...], list[ResolvedSkill]] = {}

    def of(self, index: SearchIndex, request: SearchRequest) -> list[ResolvedSkill]:
        if self.resolver is not index.resolver:
            self.resolver, self.found = index.resolver, {}
        texts = tuple(request.skills)
        if texts not in self.found:
            self.found[texts] = resolve_skills(index, list(texts))
        return self.found[texts]


class Saved:
    """Watched saved searches read once: what an evaluation reads of one (its request) never
    changes after it is saved, so only those not seen before are read from the graph."""

    def __init__(self) -> None:
        self.found: dict[str, SavedSearch] = {}

    def of(self, store: GraphStore, ids: set[str]) -> dict[str, SavedSearch]:
        """The saved searches of these ids that exist; the others are forgotten."""
        missing = sorted(i for i in ids if i not in self.found)
        self.found = {i: s for i, s in self.found.items() if i in ids}
        self.found |= SavedSearchRepository(store).by_ids(missing)
        return dict(self.found)


@dataclass(frozen=True, slots=True)
class _Changed:
    """The experts a batch changed, as rows of the index, with their skill levels."""

    ids: frozenset[str]
    rows: np.ndarray
    levels: np.ndarray  # dense: a few rows, every skill

    @classmethod
    def of(cls, index: SearchIndex, found: Touched) -> "_Changed":
        rows = np.asarray(
            sorted(index.position[e] for e in found.experts if e in index.position),
            dtype=np.int64,
        )
        return cls(found.experts, rows, index.levels.take(rows).toarray())

    def affect(
        self,
        index: SearchIndex,
        request: SearchRequest,
        remembered: list[str],
        skills: list[ResolvedSkill],
    ) -> bool:
        """One of them was among the search's first results, or the search finds one now."""
        if not self.ids.isdisjoint(remembered):
            return True
        if not len(self.rows):
            return False
        return bool(passes(index, request, self.rows, skills, self.levels).any())


def evaluate_searches(
    index: SearchIndex,
    watches: list[tuple[Watch, State | None]],
    saved: dict[str, SavedSearch],
    found: Touched,
    states: dict[str, State],
    resolved: Resolved,
) -> Made:
    """The alerts of every saved-search watch, each watch's first results kept in `states`
    (`resolved`: the searches' skills, resolved in an earlier evaluation)."""
    made: Made = []
    changed = _Changed.of(index, found)
    for watch, state in watches:
        kept = saved.get(watch.target)
        if kept is None:
            continue  # the search was deleted (its watch goes with it)
        request = kept.search
        remembered = list(state["top"]) if state and "top" in state else None
        try:
            if (
                remembered is not None
                and not found.everything
                and not changed.affect(index, request, remembered, resolved.of(index, request))
            ):
                continue
            top = ranked_ids(index, request, watch.k)
        except InvalidInput:
            continue  # a skill or group the taxonomy no longer has: the page says so
        if remembered is not None:
            before = set(remembered)
            made += [
                told(watch, Reason.SEARCH_NEW, e, search_id=kept.id, rank=rank)
                for rank, e in enumerate(top, start=1)
                if e not in before
            ]
        states[watch.id] = {**(state or {}), "top": top}
    return made
