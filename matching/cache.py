"""Where matching reads its index from: the process's live indexes, or a follower of its own."""

from graph import GraphStore
from matching.embedding.port import Embedder
from matching.index import MatchIndex
from matching.live import MatchViews
from talent.snapshot.follower import WAIT_FOR_REBUILD_S, Current, Follower


class IndexCache:
    def __init__(
        self,
        store: GraphStore,
        *,
        source: Current[MatchIndex] | None = None,
        wait_for_rebuild_s: float = WAIT_FOR_REBUILD_S,
        embedder: Embedder | None = None,
    ) -> None:
        self.store = store
        self.source: Current[MatchIndex] = source or Follower(
            store,
            MatchViews(embedder),
            wait_for_rebuild_s=wait_for_rebuild_s,
            name="matching index",
        )

    def current(self) -> MatchIndex:
        return self.source.current()
