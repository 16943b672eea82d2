"""Where matching reads its index from: the process's live indexes, or a follower of its own
(a worker's, started from the API processes' checkpoint when it can read their folder)."""

from graph import GraphStore
from matching.embedding.port import Embedder
from matching.index import MatchIndex
from matching.live import MatchViews
from talent.snapshot.checkpoint import Checkpoints
from talent.snapshot.follower import WAIT_FOR_REBUILD_S, Current, Follower, Saving


class IndexCache:
    def __init__(
        self,
        store: GraphStore,
        *,
        source: Current[MatchIndex] | None = None,
        wait_for_rebuild_s: float = WAIT_FOR_REBUILD_S,
        embedder: Embedder | None = None,
        checkpoints: Checkpoints | None = None,
    ) -> None:
        """With `checkpoints`, the follower starts from the newest one the API processes wrote
        (their matching index) instead of reading the whole graph, and writes none."""
        self.store = store
        views = MatchViews(embedder)
        saving = Saving(checkpoints, views, writes=False) if checkpoints is not None else None
        self.source: Current[MatchIndex] = source or Follower(
            store,
            views,
            wait_for_rebuild_s=wait_for_rebuild_s,
            name="matching index",
            saving=saving,
        )

    def current(self) -> MatchIndex:
        return self.source.current()


class Fixed:
    """An index that never follows the log: one index compared with another, or timed alone
    (tests and benchmarks)."""

    def __init__(self, index: MatchIndex) -> None:
        self.index = index

    def current(self) -> MatchIndex:
        return self.index
