"""The unit of work that repositories write into when several writes must land together, and
the change log every index-relevant write leaves in it."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from graph import GraphStore, Mode, Query
from graph.queries import changes as q
from graph.store import Row
from graph.unit import Step, UnitOfWork, UnitRefused, unit_keys
from talent.core.changes import Change, Head, Kind, Numbered
from talent.core.ids import new_id, now_ms


class Unit:
    """A store for repositories that write into one unit of work: reads go to the store at
    once, writes become the unit's steps, applied all together by `apply` (or not at all).

    Repositories used through a unit must not read their writes' results; what a write
    returns is known to its caller already (the ids it chose, the values it wrote)."""

    def __init__(self, store: GraphStore, name: str, keys: Iterable[str] = ()) -> None:
        self.store = store
        self.dialect = store.dialect
        self.name = name
        self.keys: set[str] = set(keys)
        self.steps: list[Step] = []
        self._required = False

    def run(self, query: Query) -> list[Row]:
        if query.mode is Mode.READ and not self._required:
            return self.store.run(query)
        self.steps.append(Step(replace(query, mode=Mode.WRITE), self._required))
        return []

    @contextmanager
    def required(self) -> Iterator[None]:
        """Statements run inside (reads too: preconditions) become steps that must each
        yield a row when the unit is applied, else it is refused (UnitRefused) with nothing
        written; they come before every other step, and only the last may write."""
        self._required = True
        try:
            yield
        finally:
            self._required = False

    def lock(self, *keys: str) -> None:
        self.keys.update(keys)

    def apply(self, refused: Callable[[], Exception] | None = None) -> None:
        """Apply every step, or none; a refused precondition raises `refused()` (the error
        that says which, to the caller), else UnitRefused."""
        if not self.steps:
            return
        try:
            self.store.commit(UnitOfWork(self.name, unit_keys(self.keys), tuple(self.steps)))
        except UnitRefused as refusal:
            if refused is None:
                raise
            raise refused() from refusal
        self.steps = []

    # A unit inside a unit joins it.
    def commit(self, unit: UnitOfWork) -> None:
        self.keys.update(unit.keys)
        self.steps.extend(unit.steps)

    def recover(self) -> int:
        return self.store.recover()

    def ensure_schema(self) -> None:
        self.store.ensure_schema()

    def ping(self) -> None:
        self.store.ping()

    def drop_all(self) -> None:
        raise TypeError("a unit of work does not drop the graph")

    def close(self) -> None:
        """The store belongs to whoever opened it."""


def record_changes(store: GraphStore, changes: Iterable[Change]) -> None:
    """Write the records in `store`: a unit of work when the change takes several statements,
    so that they land with it or not at all."""
    shards = _shards(changes)
    if shards:
        store.run(q.record(shards, epoch=new_id(), at=now_ms()))


def with_records(query: Query, changes: Iterable[Change]) -> Query:
    """`query` (a write without RETURN) carrying the records of its changes in itself."""
    shards = _shards(changes)
    return q.recorded(query, shards, epoch=new_id(), at=now_ms()) if shards else query


def _shards(changes: Iterable[Change]) -> list[dict[str, object]]:
    by_shard: dict[int, list[dict[str, str]]] = defaultdict(list)
    for change in dict.fromkeys(changes):
        entry = {"entity": change.entity, "ref": change.ref, "kind": change.kind.value}
        by_shard[change.shard].append(entry)
    return [
        {"no": no, "id": str(no), "changes": entries} for no, entries in sorted(by_shard.items())
    ]


class ChangeRepository:
    """What followers read of the log, and its trimming."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def heads(self) -> dict[int, Head]:
        return {
            int(row["shard"]): Head(
                shard=int(row["shard"]),
                n=int(row["n"] or 0),
                epoch=str(row["epoch"] or ""),
                floor=int(row["floor"] or 0),
            )
            for row in self.store.run(q.heads())
        }

    def since(self, shard: int, after: int, upto: int) -> list[Numbered]:
        return [
            Numbered(
                shard,
                int(row["seq"]),
                Change(str(row["entity"]), str(row["ref"]), Kind(str(row["kind"]))),
            )
            for row in self.store.run(q.since(shard, after, upto))
        ]

    def trim(self, *, before: int, batch: int = 10_000) -> int:
        """Delete the records written before `before` (ms); how many."""
        deleted = 0
        for shard in self.heads():
            rows = self.store.run(q.last_before(shard, before))
            upto = rows[0]["seq"] if rows else None
            if upto is None:
                continue
            while True:
                n = int(self.store.run(q.trim(shard, int(upto), batch))[0]["n"])
                deleted += n
                if n < batch:
                    break
        return deleted
