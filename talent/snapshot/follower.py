"""A process's snapshot, kept current by following the change log past its watermark.

Built whole once at start (or when the log cannot be followed: the graph was emptied and
refilled, records this process had not read were trimmed away, a number is missing, or the
taxonomy changed); after that, each change only reads again the experts it touched and
replaces their rows in every view. A request asks for `current()`, which first applies what
the log holds past the watermark, so the next search or match sees a write that has answered.
"""

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Protocol

from graph import GraphStore
from talent.core.changes import (
    EXPERT,
    ORGANIZATION,
    WORK,
    Change,
    Head,
    Kind,
)
from talent.core.repository import ChangeRepository
from talent.snapshot.checkpoint import Checkpoints
from talent.snapshot.coalesced import Coalesced
from talent.snapshot.repository import SnapshotRepository
from talent.snapshot.rows import Rows, Taxonomy
from talent.snapshot.saves import Saves

log = logging.getLogger(__name__)
# A request waits for a full build that took less than this last time; a slower one (a large
# graph) runs in the background while requests use the previous snapshot.
WAIT_FOR_REBUILD_S = 3.0
# Changes touching more experts than this share of the snapshot (a bulk import) are cheaper
# to read whole than row by row.
REBUILD_SHARE = 0.25


class Views[T](Protocol):
    """How the indexes of a snapshot are built from its rows and patched with new ones."""

    def build(self, taxonomy: Taxonomy, rows: Rows, revision: str) -> T: ...

    def apply(self, state: T, rows: Rows, revision: str) -> T:
        """`state` with the rows of `rows.ids` replaced (an id without a row is gone); the
        old state stays usable by requests that hold it."""
        ...

    def linked(self, state: T, works: set[str], organizations: set[str]) -> set[str]:
        """The experts `state` holds as authors of these works or members of these
        organisations."""
        ...

    def size(self, state: T) -> int: ...

    def drifted(self, state: T) -> bool:
        """Whether `state` should be built whole again in the background (its text model has
        seen too many works it did not learn from)."""
        ...


class Codec[T](Protocol):
    """How a snapshot's views are kept in a checkpoint: what they are built for, and the
    state without what belongs to the process (a model runtime, per-request caches)."""

    def fingerprint(self, taxonomy: Taxonomy) -> str: ...

    def frozen(self, state: T) -> object: ...

    def thawed(self, saved: object) -> T: ...


@dataclass(frozen=True, slots=True)
class Saving[T]:
    """Where a follower keeps its checkpoints, and how often it writes one while changes
    come (one is written after every full build too), unless it only reads them."""

    checkpoints: Checkpoints
    codec: Codec[T]
    every_s: float = 300.0
    # False: only restores (a process that reads checkpoints of another kind of process).
    writes: bool = True


class Current[T](Protocol):
    def current(self) -> T: ...


class Part[S, T]:
    """One view of a shared snapshot."""

    def __init__(self, source: Current[S], pick: Callable[[S], T]) -> None:
        self.source = source
        self._pick = pick

    def current(self) -> T:
        return self._pick(self.source.current())


@dataclass(frozen=True, slots=True)
class Stats:
    rebuilds: int  # full builds, the first one included
    applied: int  # change records applied row by row
    build_seconds: float
    revision: str
    restored: int = 0  # starts from a checkpoint
    saved: int = 0  # checkpoints written


def revision_of(heads: dict[int, Head]) -> str:
    """Names the state of the log a snapshot reflects."""
    marks = ",".join(f"{h.shard}:{h.epoch}:{h.n}" for h in sorted(heads.values(), key=_shard))
    return hashlib.sha1(marks.encode()).hexdigest()[:16]


def _shard(head: Head) -> int:
    return head.shard


def changes_since(
    store: GraphStore, marks: dict[int, Head], heads: dict[int, Head]
) -> list[Change] | None:
    """The change records between the watermark `marks` and `heads`, in order per shard; None
    if they cannot all be read (a shard gone or refilled, records trimmed away or missing):
    whoever follows the log then reads the whole snapshot again."""
    if any(shard not in heads for shard in marks):
        return None
    ranges: list[tuple[int, int, int]] = []
    for shard, head in heads.items():
        mark = marks.get(shard)
        after = 0 if mark is None else mark.n
        if mark is not None and (mark.epoch != head.epoch or head.n < after):
            return None
        if head.floor > after:
            return None
        if head.n != after:
            ranges.append((shard, after, head.n))
    by_shard = ChangeRepository(store).since_each(ranges)
    found: list[Change] = []
    for shard, after, upto in ranges:
        records = by_shard[shard]
        if len(records) != upto - after:
            return None
        found += [r.change for r in records]
    return found


class Follower[T]:
    def __init__(
        self,
        store: GraphStore,
        views: Views[T],
        *,
        wait_for_rebuild_s: float = WAIT_FOR_REBUILD_S,
        name: str = "indexes",
        works: bool = True,
        saving: Saving[T] | None = None,
    ) -> None:
        self.store = store
        self.views = views
        # Whether the views read works: those that do not are spared the largest scans.
        self._works = works
        self._wait = wait_for_rebuild_s
        self._name = name
        self._state: T | None = None
        self._marks: dict[int, Head] = {}
        self._lock = threading.Lock()
        self._rebuilding: threading.Thread | None = None
        self._build_seconds = 0.0
        self.rebuilds = 0
        self.applied = 0
        self.saves = Saves(self, saving) if saving is not None else None
        # Every request reads the heads first; those that arrive together share one read.
        self._heads = Coalesced(ChangeRepository(store).heads)

    def stats(self) -> Stats:
        return Stats(
            self.rebuilds,
            self.applied,
            self._build_seconds,
            revision_of(self._marks),
            self.saves.restored if self.saves else 0,
            self.saves.saved if self.saves else 0,
        )

    def current(self, *, assumed: Collection[str] = (), into: T | None = None) -> T:
        """The snapshot as of the log's head now (or the previous one while a slow full build
        runs in the background). `assumed`: experts whose latest changes the caller wrote and
        applied itself to the state `into` (a bulk import's own rows): not read back while that
        state is still the one followed (a full build since read them from the graph)."""
        heads = self._heads()
        state = self._state
        if state is not None and heads == self._marks:
            return state
        with self._lock:
            restored = False
            if self._state is None:
                restored = self.saves is not None and self.saves.restore()
            state = self._state
            if state is None:
                return self._build(heads)
            if heads == self._marks:
                return state
            changes = self._pending(heads)
            if changes is not None and assumed and into is state:
                changes = [c for c in changes if c.entity != EXPERT or c.ref not in assumed]
            if changes is not None:
                ids = self._touched(state, changes)
                if ids is not None:
                    works = frozenset(c.ref for c in changes if c.entity == WORK)
                    return self._apply(state, ids, works, heads, len(changes))
            # A checkpoint whose watermark the log cannot be followed from (the graph was
            # refilled, or records trimmed past it) is never served, even while a build runs.
            if self._build_seconds > self._wait and not (restored and changes is None):
                self._rebuild_in_background()
                return state
            return self._build(heads)

    def _pending(self, heads: dict[int, Head]) -> list[Change] | None:
        return changes_since(self.store, self._marks, heads)

    def _touched(self, state: T, changes: list[Change]) -> list[str] | None:
        """The experts whose rows the changes replace; None when only a full build will do."""
        if any(c.kind is Kind.TAXONOMY for c in changes):
            return None
        experts = {c.ref for c in changes if c.entity == EXPERT}
        works = {c.ref for c in changes if c.entity == WORK}
        orgs = {c.ref for c in changes if c.entity == ORGANIZATION}
        if works or orgs:
            experts |= self.views.linked(state, works, orgs)
            experts |= SnapshotRepository(self.store).authors_of(sorted(works))
        if len(experts) > REBUILD_SHARE * max(1000, self.views.size(state)):
            return None
        return sorted(experts)

    def _apply(
        self,
        state: T,
        ids: list[str],
        works: frozenset[str],
        heads: dict[int, Head],
        records: int,
    ) -> T:
        started = time.perf_counter()
        rows = SnapshotRepository(self.store).rows(ids, works=self._works) if ids else _empty()
        rows.works_changed = works
        patched = self._state = self.views.apply(state, rows, revision_of(heads))
        self._marks = heads
        self.applied += records
        if self.views.drifted(patched):
            # A quick build is done before answering: every process at these heads then
            # serves the same state, whatever changes it followed to get there.
            if self._build_seconds <= min(self._wait, WAIT_FOR_REBUILD_S):
                patched = self._build(heads)
            else:
                self._rebuild_in_background()
        log.debug(
            "%s: %d changes, %d experts in %.3f s",
            self._name,
            records,
            len(ids),
            time.perf_counter() - started,
        )
        if self.saves is not None:
            self.saves.due()
        return patched

    def _build(self, heads: dict[int, Head]) -> T:
        state, seconds, taxonomy = self._read_whole(heads)
        self._built(state, heads, seconds, taxonomy)
        return state

    def _read_whole(self, heads: dict[int, Head]) -> tuple[T, float, Taxonomy]:
        """`heads` are read before the scans: a change made during them is applied again
        afterwards, which changes nothing."""
        started = time.perf_counter()
        repo = SnapshotRepository(self.store)
        rows = repo.rows(works=self._works)
        taxonomy = repo.taxonomy()
        state = self.views.build(taxonomy, rows, revision_of(heads))
        return state, time.perf_counter() - started, taxonomy

    def _built(self, state: T, heads: dict[int, Head], seconds: float, taxonomy: Taxonomy) -> None:
        self._state, self._marks = state, heads
        self._build_seconds = seconds
        self.rebuilds += 1
        log.info("%s built in %.2f s", self._name, seconds)
        if self.saves is not None:
            self.saves.after_build(taxonomy)

    def restored(self, state: T, marks: dict[int, Head], build_seconds: float) -> None:
        """Serve `state`, read from a checkpoint at the watermark `marks` (under the lock)."""
        self._state, self._marks = state, marks
        self._build_seconds = build_seconds

    def held(self) -> tuple[T, dict[int, Head], float] | None:
        """The state followed now, its watermark and the last full build's seconds; to be
        called under `lock()` by whoever needs them to stay put."""
        if self._state is None:
            return None
        return self._state, self._marks, self._build_seconds

    def lock(self) -> threading.Lock:
        return self._lock

    def _rebuild_in_background(self) -> None:
        if self._rebuilding is not None and self._rebuilding.is_alive():
            return
        self._rebuilding = threading.Thread(
            target=self._rebuild_quietly, name=f"{self._name}-build", daemon=True
        )
        self._rebuilding.start()

    def _rebuild_quietly(self) -> None:
        try:
            heads = ChangeRepository(self.store).heads()
            state, seconds, taxonomy = self._read_whole(heads)
        except Exception:
            log.exception("%s rebuild failed; the previous one stays in use", self._name)
            return
        with self._lock:
            self._built(state, heads, seconds, taxonomy)


def _empty() -> Rows:
    return Rows(experts=[], skills=[], affiliations=[], authorships=[], works=[], ids=[])
