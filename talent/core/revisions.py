"""One in-memory index per process (matching, search), rebuilt when the graph's revision of
experts, works and skills moves on."""

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from graph import GraphStore
from talent.core.repository import MATCHING_REVISION, RevisionRepository

log = logging.getLogger(__name__)
# A request waits for a rebuild that took less than this last time; a slower one (a large
# graph) runs in the background while requests use the previous index.
WAIT_FOR_REBUILD_S = 3.0


class Built(Protocol):
    revision: str
    build_seconds: float


def read_revision(store: GraphStore, key: str = MATCHING_REVISION) -> str:
    return RevisionRepository(store).read(key)


class RevisionCache[T: Built]:
    def __init__(
        self,
        store: GraphStore,
        *,
        build: Callable[[GraphStore], T],
        wait_for_rebuild_s: float = WAIT_FOR_REBUILD_S,
        name: str = "index",
    ) -> None:
        self.store = store
        self._build = build
        self._wait = wait_for_rebuild_s
        self._name = name
        self._index: T | None = None
        self._lock = threading.Lock()
        self._rebuilding: threading.Thread | None = None

    def current(self) -> T:
        """The index for the graph's current revision, or the previous one while a slow
        rebuild runs."""
        revision = read_revision(self.store)
        index = self._index
        if index is not None and index.revision == revision:
            return index
        if index is not None and index.build_seconds > self._wait:
            self._rebuild_in_background()
            return index
        with self._lock:
            index = self._index
            if index is None or index.revision != revision:
                index = self._build(self.store)
                self._index = index
                log.info("%s built in %.2f s", self._name, index.build_seconds)
            return index

    def _rebuild_in_background(self) -> None:
        with self._lock:
            if self._rebuilding is not None and self._rebuilding.is_alive():
                return
            self._rebuilding = threading.Thread(
                target=self._rebuild_quietly, name="match-index", daemon=True
            )
            self._rebuilding.start()

    def _rebuild_quietly(self) -> None:
        try:
            index = self._build(self.store)
        except Exception:
            log.exception("%s rebuild failed; the previous one stays in use", self._name)
            return
        with self._lock:
            self._index = index
