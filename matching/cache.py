"""The matching index cache of a process."""

from collections.abc import Callable

from graph import GraphStore
from matching.build import build_index
from matching.index import MatchIndex
from talent.core.revisions import WAIT_FOR_REBUILD_S, RevisionCache


class IndexCache(RevisionCache[MatchIndex]):
    def __init__(
        self,
        store: GraphStore,
        *,
        build: Callable[[GraphStore], MatchIndex] = build_index,
        wait_for_rebuild_s: float = WAIT_FOR_REBUILD_S,
    ) -> None:
        super().__init__(
            store, build=build, wait_for_rebuild_s=wait_for_rebuild_s, name="matching index"
        )
