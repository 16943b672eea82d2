"""Saved-search watches: who enters a saved search's first k results. The experts a batch
changed are tested against each search's filters alone; the search is run only where one of
them is found now, or was among its remembered first results."""

import numpy as np

from matching.alerts.made import State, Touched, told
from talent.alerts.models import Alert, Reason, Watch
from talent.core.errors import InvalidInput
from talent.search.index import SearchIndex
from talent.search.models import ResolvedSkill, SavedSearch, SearchRequest
from talent.search.service import passes, resolve_skills, search

Made = list[tuple[str, Alert]]


class _Resolved:
    """Each search's skills resolved once per evaluation (many searches share them)."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.found: dict[tuple[str, ...], list[ResolvedSkill]] = {}

    def of(self, request: SearchRequest) -> list[ResolvedSkill]:
        texts = tuple(request.skills)
        if texts not in self.found:
            self.found[texts] = resolve_skills(self.index, list(texts))
        return self.found[texts]


def _affected(
    index: SearchIndex,
    request: SearchRequest,
    remembered: list[str],
    found: Touched,
    resolved: _Resolved,
) -> bool:
    if not found.experts.isdisjoint(remembered):
        return True
    rows = np.asarray(
        sorted(index.position[e] for e in found.experts if e in index.position), dtype=np.int64
    )
    return bool(len(rows)) and bool(passes(index, request, rows, resolved.of(request)).any())


def evaluate_searches(
    index: SearchIndex,
    watches: list[tuple[Watch, State | None]],
    saved: dict[str, SavedSearch],
    found: Touched,
    states: dict[str, State],
) -> Made:
    """The alerts of every saved-search watch, each watch's first results kept in `states`."""
    made: Made = []
    resolved = _Resolved(index)
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
                and not _affected(index, request, remembered, found, resolved)
            ):
                continue
            top = [h.expert_id for h in search(index, request, limit=watch.k, cursor=None).items]
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
