"""Reading works to embed and storing their vectors; a stored vector is recorded in the change
log as a change of its work, so that every process's indexes take it up."""

from dataclasses import dataclass

from graph import GraphStore
from graph.queries import changes, entities
from graph.queries import embeddings as q
from talent.core.changes import WORK, Change
from talent.core.repository import record_changes


@dataclass(frozen=True, slots=True)
class WorkToEmbed:
    id: str
    title: str
    abstract: str
    hash: str | None  # of the text its stored vector was computed from, if it has one
    model: str | None


@dataclass(frozen=True, slots=True)
class Computed:
    work: WorkToEmbed
    hash: str
    data: bytes
    scale: float


class EmbeddingRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def page(self, after: str, limit: int) -> list[WorkToEmbed]:
        return [_work(row) for row in self.store.run(q.work_texts_after(after, limit))]

    def works(self, ids: list[str]) -> list[WorkToEmbed]:
        return [_work(row) for row in self.store.run(q.work_texts(ids))] if ids else []

    def store_vectors(self, computed: list[Computed], model: str) -> list[str]:
        """The works whose vectors were stored: those whose text is still the one embedded."""
        rows = [
            {
                "id": c.work.id,
                "hash": c.hash,
                "model": model,
                "data": c.data,
                "scale": c.scale,
                "title": c.work.title,
                "abstract": c.work.abstract,
            }
            for c in computed
        ]

        def work(tx: GraphStore) -> list[str]:
            stored = [str(row["id"]) for row in tx.run(q.store(rows))]
            record_changes(tx, [Change(WORK, work_id) for work_id in stored])
            return stored

        return self.store.write(work) if rows else []

    def work_count(self) -> int:
        return int(self.store.run(entities.count("Work"))[0]["n"])

    def drop_orphans(self, batch: int = 10_000) -> int:
        dropped = 0
        while (n := int(self.store.run(q.drop_orphans(batch))[0]["n"])) == batch:
            dropped += n
        return dropped + n

    def cursor(self, name: str) -> tuple[list[int], list[str]] | None:
        rows = self.store.run(changes.cursor(name))
        if not rows:
            return None
        return [int(m) for m in rows[0]["marks"]], [str(e) for e in rows[0]["epochs"]]

    def move_cursor(self, name: str, marks: list[int], epochs: list[str]) -> None:
        self.store.run(changes.move_cursor(name, marks, epochs))


def _work(row: dict[str, object]) -> WorkToEmbed:
    return WorkToEmbed(
        id=str(row["id"]),
        title=str(row["title"] or ""),
        abstract=str(row["abstract"] or ""),
        hash=None if row["hash"] is None else str(row["hash"]),
        model=None if row["model"] is None else str(row["model"]),
    )
