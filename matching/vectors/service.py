"""Which works need a vector, computing and storing them, and the change-log cursor that finds
works written or changed since the last look."""

from collections.abc import Callable
from dataclasses import dataclass

from graph import GraphStore
from matching.embedding.packing import pack, to_bytes
from matching.embedding.port import Embedder, text_hash
from matching.evidence import work_text
from matching.vectors.repository import Computed, EmbeddingRepository, WorkToEmbed
from talent.core.changes import WORK
from talent.core.repository import ChangeRepository, since_cursor
from talent.jobs.model import Job
from talent.jobs.service import Broker, start_once

# Works embedded per model call and per stored batch.
BATCH = 64
CURSOR = "embeddings"


def hash_of(work: WorkToEmbed) -> str:
    return text_hash(work_text(work.title, work.abstract))


def needs_vector(work: WorkToEmbed, model_id: str) -> bool:
    """No vector, one of another model, or one of a text the work no longer has."""
    return work.model != model_id or work.hash != hash_of(work)


def embed(store: GraphStore, embedder: Embedder, works: list[WorkToEmbed]) -> list[str]:
    """Vectors for those of `works` that need one, stored; the ids stored. A work whose text
    changed while it was embedded is left for the change's own task."""
    todo = [w for w in works if needs_vector(w, embedder.model_id)]
    if not todo:
        return []
    vectors = embedder.encode([work_text(w.title, w.abstract) for w in todo])
    packed, scales = pack(vectors)
    computed = [
        Computed(work, hash_of(work), to_bytes(row), float(scale))
        for work, row, scale in zip(todo, packed, scales, strict=True)
        if scale > 0  # a work with no text has nothing to embed
    ]
    return EmbeddingRepository(store).store_vectors(computed, embedder.model_id)


def embed_one(store: GraphStore, embedder: Embedder, work_id: str, expected_hash: str) -> bool:
    """The task's work: embed `work_id` if its text still hashes to `expected_hash` (a later
    change has its own task) and it has no vector of that text yet. Whether one was stored."""
    works = EmbeddingRepository(store).works([work_id])
    if not works or hash_of(works[0]) != expected_hash:
        return False
    return bool(embed(store, embedder, works))


@dataclass(frozen=True, slots=True)
class Backfilled:
    seen: int
    embedded: int
    after: str
    stopped: bool


def backfill(
    store: GraphStore,
    embedder: Embedder,
    *,
    after: str = "",
    go_on: Callable[[int, int, str], bool],
    seen: int = 0,
    embedded: int = 0,
) -> Backfilled:
    """Every work by id from `after` on, embedding those that need it, `BATCH` at a time;
    `go_on(seen, embedded, last id)` is told after each batch is stored and stops the run by
    answering False. A run resumed from the last id it reported repeats no stored batch."""
    repo = EmbeddingRepository(store)
    while page := repo.page(after, BATCH):
        embedded += len(embed(store, embedder, page))
        seen += len(page)
        after = page[-1].id
        if not go_on(seen, embedded, after):
            return Backfilled(seen, embedded, after, stopped=True)
    repo.drop_orphans()
    return Backfilled(seen, embedded, after, stopped=False)


@dataclass(frozen=True, slots=True)
class Followed:
    """Works the log named since the last look, with their text hashes; `gap`: records were
    trimmed or the log restarted before they were read, so a backfill must find what was
    missed."""

    works: dict[str, str]
    gap: bool


def follow(store: GraphStore, model_id: str) -> Followed:
    """The works changed since the cursor that need a vector, and the cursor moved past them.
    The caller queues their tasks before the next call; a call that dies before it moves the
    cursor is repeated, and the tasks it queued twice find nothing left to do."""
    repo = EmbeddingRepository(store)
    known = repo.cursor(CURSOR)
    batch = since_cursor(ChangeRepository(store), known)
    if known is None:
        repo.move_cursor(CURSOR, batch.marks, batch.epochs)
        return Followed({}, gap=True)
    ids = sorted({c.ref for c in batch.changes if c.entity == WORK})
    works = [w for w in repo.works(ids) if needs_vector(w, model_id)]
    if batch.moved:
        repo.move_cursor(CURSOR, batch.marks, batch.epochs)
    return Followed({w.id: hash_of(w) for w in works}, batch.gap)


def work_count(store: GraphStore) -> int:
    return EmbeddingRepository(store).work_count()


BACKFILL = "embedding_backfill"
BACKFILL_TASK = "talent.embed_backfill"


def start_backfill(store: GraphStore, broker: Broker) -> Job:
    """Queue a backfill of every work's vector; 409 while one is queued or running (two would
    embed the same works)."""
    what = "a backfill of the works' vectors"
    return start_once(store, broker, kind=BACKFILL, task=BACKFILL_TASK, what=what)
