"""A follower's checkpoints: restored at start instead of a full read of the graph, written in
the background after every full build and, while changes come, every few minutes."""

import logging
import threading
import time
from typing import TYPE_CHECKING

from talent.core.changes import Head
from talent.snapshot.checkpoint import CheckpointError, pickled
from talent.snapshot.repository import SnapshotRepository
from talent.snapshot.rows import Taxonomy

if TYPE_CHECKING:
    from talent.snapshot.follower import Follower, Saving

log = logging.getLogger(__name__)


class Saves[T]:
    def __init__(self, follower: "Follower[T]", saving: "Saving[T]") -> None:
        self.follower = follower
        self.saving = saving
        self.restored = 0
        self.saved = 0
        self._last = time.monotonic()
        self._taxonomy: Taxonomy | None = None
        self._written: dict[int, Head] | None = None
        self._writing: threading.Thread | None = None

    def restore(self) -> bool:
        """Serve the newest checkpoint built for this code and the taxonomy in force, if one
        exists; called under the follower's lock before it holds any state."""
        started = time.perf_counter()
        taxonomy = SnapshotRepository(self.follower.store).taxonomy()
        try:
            loaded = self.saving.checkpoints.latest(self.saving.codec.fingerprint(taxonomy))
            if loaded is None:
                return False
            state = self.saving.codec.thawed(loaded.state)
        except (OSError, CheckpointError):
            log.exception("checkpoints could not be read; building from the graph")
            return False
        self.follower.restored(state, loaded.marks, loaded.build_seconds)
        self._taxonomy, self._written = taxonomy, loaded.marks
        self._last = time.monotonic()
        self.restored += 1
        log.info(
            "indexes restored from checkpoint %s in %.2f s",
            loaded.folder.name,
            time.perf_counter() - started,
        )
        return True

    def after_build(self, taxonomy: Taxonomy) -> None:
        self._taxonomy = taxonomy
        self._write_in_background()

    def due(self) -> None:
        """Changes were applied: write a checkpoint if the last is older than the period."""
        if time.monotonic() - self._last >= self.saving.every_s:
            self._write_in_background()

    def _write_in_background(self) -> None:
        if not self.saving.writes:
            return
        if self._writing is not None and self._writing.is_alive():
            return
        self._last = time.monotonic()
        self._writing = threading.Thread(
            target=self._write_quietly, name="checkpoint-write", daemon=True
        )
        self._writing.start()

    def wait(self, timeout: float | None = None) -> None:
        """Until the checkpoint being written (if any) is on disk (tests, shutdown)."""
        if self._writing is not None:
            self._writing.join(timeout)

    def _write_quietly(self) -> None:
        try:
            self.write()
        except Exception:
            log.exception("checkpoint not written; the next one is tried later")

    def write(self) -> bool:
        """Write the followed state as a checkpoint, unless it is the one last written or
        read. The state is pickled under the follower's lock (its in-place parts must not
        move meanwhile); its arrays, which are never changed in place, are written after."""
        with self.follower.lock():
            held = self.follower.held()
            if held is None or self._taxonomy is None:
                return False
            state, marks, build_seconds = held
            if marks == self._written:
                return False
            stream, buffers = pickled(self.saving.codec.frozen(state))
            fingerprint = self.saving.codec.fingerprint(self._taxonomy)
        started = time.perf_counter()
        folder = self.saving.checkpoints.write_pickled(
            stream, buffers, marks, fingerprint=fingerprint, build_seconds=build_seconds
        )
        self._written = marks
        self.saved += 1
        log.info("checkpoint %s written in %.2f s", folder.name, time.perf_counter() - started)
        return True
