"""Where matching reads its index from: the process's live indexes, or a follower of its own
(a worker's, started from the API processes' checkpoint when it can read their folder)."""

from graph import GraphStore
from matching.embedding.port import Embedder
from matching.index import MatchIndex
from matching.live import MatchViews, WorkerIndexes
from talent.search.index import SearchIndex
from talent.snapshot.checkpoint import Checkpoints
from talent.snapshot.follower import WAIT_FOR_REBUILD_S, Current, Follower, Part, Saving


class IndexCache:
    def __init__(
        self,
        store: GraphStore,
        *,
        source: Current[MatchIndex] | None = None,
        search: Current[SearchIndex] | None = None,
        wait_for_rebuild_s: float = WAIT_FOR_REBUILD_S,
        embedder: Embedder | None = None,
        checkpoints: Checkpoints | None = None,
    ) -> None:
        """Without `source`, a follower of its own keeps the matching and search indexes (the
        alerts watch searches and groups); with `checkpoints`, it starts from the newest one
        the API processes wrote instead of reading the whole graph, and writes none."""
        self.store = store
        self.search: Current[SearchIndex] | None = search
        self.follower: Follower[WorkerIndexes] | None = None
        if source is not None:
            self.source: Current[MatchIndex] = source
            return
        views = MatchViews(embedder)
        saving = Saving(checkpoints, views, writes=False) if checkpoints is not None else None
        self.follower = follower = Follower(
            store,
            views,
            wait_for_rebuild_s=wait_for_rebuild_s,
            name="matching index",
            saving=saving,
        )
        self.source = Part(follower, _match)
        self.search = self.search or Part(follower, _search)

    def current(self) -> MatchIndex:
        return self.source.current()

    def searching(self) -> SearchIndex:
        """The search index beside it; only a cache given a matching index alone has none."""
        if self.search is None:
            raise LookupError("this index cache was given no search index")
        return self.search.current()


def _match(indexes: WorkerIndexes) -> MatchIndex:
    return indexes.match


def _search(indexes: WorkerIndexes) -> SearchIndex:
    return indexes.search


class Fixed[T]:
    """An index that never follows the log: one index compared with another, or timed alone
    (tests and benchmarks)."""

    def __init__(self, index: T) -> None:
        self.index = index

    def current(self) -> T:
        return self.index
