"""A process's live indexes: one snapshot read, three views (matching, search, duplicates)
built from it, kept current change by change (`talent.snapshot.follower`). The search index
shares the matching index's order of experts and its skill-level matrix."""

from dataclasses import dataclass, replace

from graph import GraphStore
from matching.build import build_index
from matching.embedding.port import Embedder
from matching.index import MatchIndex
from matching.patch import apply_rows
from talent.duplicates.checker import DuplicateChecker, apply_duplicates, build_duplicates
from talent.duplicates.scoring import DuplicateIndex
from talent.search import index as search
from talent.search.patch import apply_rows as apply_search_rows
from talent.snapshot.checkpoint import CheckpointError, Checkpoints, fingerprint
from talent.snapshot.follower import WAIT_FOR_REBUILD_S, Follower, Part, Saving
from talent.snapshot.rows import Rows, Taxonomy

# Works vectorised since the text model learnt its weights, as a share of those it learnt
# from, past which the model is learnt again (by a full build in the background).
TEXT_DRIFT = 0.2
MIN_FITTED = 100


@dataclass(frozen=True, slots=True)
class Live:
    match: MatchIndex
    search: search.SearchIndex
    duplicates: DuplicateIndex


def _shared(match: MatchIndex) -> search.Shared:
    return search.Shared(match.ids, match.position, match.skills)


def linked(index: MatchIndex, works: set[str], organizations: set[str]) -> set[str]:
    """The experts the index holds as authors of `works` or members of `organizations`."""
    found: set[int] = set()
    for work in works:
        w = index.works.get(work)
        # A newer index may have numbered works in the shared table that this one has no
        # column for.
        if w is not None and w < index.authored.shape[1]:
            found.update(index.authored.column(w)[0].tolist())
    for org in organizations:
        if (o := index.org_position.get(org)) is not None:
            found.update(index.all_orgs.column(o)[0].tolist())
    return {index.ids[int(i)] for i in found}


def drifted(index: MatchIndex) -> bool:
    """Works came in (or changed) that the text model did not learn from: on an index quick to
    build, any one, since a build elsewhere at the same revision (a worker's full match) learns
    from all of them and would rank otherwise; on a slow one, works it has no terms for (it had
    none to learn from), or a fifth more than it learnt from."""
    added = len(index.pair_work) - index.fitted_works
    if index.text is None or index.build_seconds <= WAIT_FOR_REBUILD_S:
        return added > 0
    return added > TEXT_DRIFT * max(index.fitted_works, MIN_FITTED)


@dataclass(frozen=True, slots=True)
class WorkerIndexes:
    """A worker's views: matching, and search (the saved searches and groups its alerts
    watch), from one snapshot."""

    match: MatchIndex
    search: search.SearchIndex


class MatchViews:
    """Matching and search, without the duplicates' index (a worker that ranks and alerts)."""

    def __init__(self, embedder: Embedder | None = None) -> None:
        self.embedder = embedder
        self._checkpoints = LiveViews(embedder)

    def build(self, taxonomy: Taxonomy, rows: Rows, revision: str) -> WorkerIndexes:
        match = build_index(taxonomy, rows, revision, embedder=self.embedder)
        return WorkerIndexes(match, search.build_index(taxonomy, rows, _shared(match), revision))

    # As a codec it reads the API processes' checkpoints (LiveViews'), and writes none.
    def fingerprint(self, taxonomy: Taxonomy) -> str:
        return self._checkpoints.fingerprint(taxonomy)

    def frozen(self, state: WorkerIndexes) -> object:
        raise CheckpointError("a worker's views are not kept in checkpoints")

    def thawed(self, saved: object) -> WorkerIndexes:
        live = self._checkpoints.thawed(saved)
        return WorkerIndexes(live.match, live.search)

    def apply(self, state: WorkerIndexes, rows: Rows, revision: str) -> WorkerIndexes:
        match = apply_rows(state.match, rows, revision)
        return WorkerIndexes(match, apply_search_rows(state.search, rows, _shared(match), revision))

    def linked(self, state: WorkerIndexes, works: set[str], organizations: set[str]) -> set[str]:
        return linked(state.match, works, organizations)

    def size(self, state: WorkerIndexes) -> int:
        return len(state.match)

    def drifted(self, state: WorkerIndexes) -> bool:
        return drifted(state.match)


class LiveViews:
    """Matching, search and duplicates from one snapshot (an API process); kept in
    checkpoints as they are, less the model runtime and the per-request caches."""

    def __init__(self, embedder: Embedder | None = None) -> None:
        self.embedder = embedder

    def fingerprint(self, taxonomy: Taxonomy) -> str:
        model = self.embedder.model_id if self.embedder is not None else ""
        return fingerprint(taxonomy, model, (MatchIndex, search.SearchIndex, Live))

    def frozen(self, state: Live) -> object:
        match = replace(state.match, embedder=None, _daily={}, _queries={}, _meanings={})
        return replace(state, match=match)

    def thawed(self, saved: object) -> Live:
        if not isinstance(saved, Live):
            raise CheckpointError(f"a checkpoint of {type(saved).__name__}, not of Live")
        return replace(saved, match=replace(saved.match, embedder=self.embedder))

    def build(self, taxonomy: Taxonomy, rows: Rows, revision: str) -> Live:
        match = build_index(taxonomy, rows, revision, embedder=self.embedder)
        found = search.build_index(taxonomy, rows, _shared(match), revision)
        return Live(match, found, build_duplicates(rows))

    def apply(self, state: Live, rows: Rows, revision: str) -> Live:
        match = apply_rows(state.match, rows, revision)
        found = apply_search_rows(state.search, rows, _shared(match), revision)
        return Live(match, found, apply_duplicates(state.duplicates, rows))

    def linked(self, state: Live, works: set[str], organizations: set[str]) -> set[str]:
        return linked(state.match, works, organizations)

    def size(self, state: Live) -> int:
        return len(state.match)

    def drifted(self, state: Live) -> bool:
        return drifted(state.match)


@dataclass(frozen=True, slots=True)
class Indexes:
    """What a process serves from: each view read through the one follower."""

    follower: Follower[Live]
    match: Part[Live, MatchIndex]
    search: Part[Live, search.SearchIndex]
    duplicates: DuplicateChecker


def live_indexes(
    store: GraphStore,
    *,
    wait_for_rebuild_s: float = WAIT_FOR_REBUILD_S,
    embedder: Embedder | None = None,
    checkpoints: Checkpoints | None = None,
    checkpoint_every_s: float = 300.0,
) -> Indexes:
    """The process's indexes; with `checkpoints`, started from the newest one and kept there."""
    views = LiveViews(embedder)
    saving = Saving(checkpoints, views, checkpoint_every_s) if checkpoints else None
    follower = Follower(store, views, wait_for_rebuild_s=wait_for_rebuild_s, saving=saving)
    return Indexes(
        follower=follower,
        match=Part(follower, _match),
        search=Part(follower, _search),
        duplicates=DuplicateChecker(store, Part(follower, _duplicates)),
    )


def _match(live: Live) -> MatchIndex:
    return live.match


def _search(live: Live) -> search.SearchIndex:
    return live.search


def _duplicates(live: Live) -> DuplicateIndex:
    return live.duplicates


def read_live(store: GraphStore, embedder: Embedder | None = None) -> Live:
    """The three views built from one read of the graph as it is now (benchmarks, tests)."""
    return Follower(store, LiveViews(embedder)).current()
