"""The change log every index-relevant write leaves in the transaction that makes it."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from graph import GraphStore, Query
from graph.queries import changes as q
from talent.core.changes import Change, Head, Kind, Numbered
from talent.core.ids import new_id, now_ms


def record_changes(store: GraphStore, changes: Iterable[Change]) -> None:
    """Write the records in `store`: the transaction of the change they record, so that they
    land with it or not at all."""
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

    def since_each(self, ranges: list[tuple[int, int, int]]) -> dict[int, list[Numbered]]:
        """`since` for several (shard, after, upto) in one statement, by shard."""
        found: dict[int, list[Numbered]] = {shard: [] for shard, _, _ in ranges}
        if not ranges:
            return found
        for row in self.store.run(q.since_each(ranges)):
            shard = int(row["shard"])
            change = Change(str(row["entity"]), str(row["ref"]), Kind(str(row["kind"])))
            found[shard].append(Numbered(shard, int(row["seq"]), change))
        return found

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


@dataclass(frozen=True, slots=True)
class Batch:
    """What a follower with a cursor reads next: the changes after its marks, in order per
    shard, and the marks to move its cursor to once they are handled."""

    changes: list[Change]
    marks: list[int]
    epochs: list[str]
    # Records the follower has not seen are gone (trimmed, or the log was refilled), or it has
    # no cursor yet: it looks at everything instead.
    gap: bool
    moved: bool


def since_cursor(changes: ChangeRepository, known: tuple[list[int], list[str]] | None) -> Batch:
    """The batch after the cursor `known` ((marks, epochs) per shard; None: none yet)."""
    heads = changes.heads()
    marks = [heads[s].n if s in heads else 0 for s in range(q.SHARDS)]
    epochs = [heads[s].epoch if s in heads else "" for s in range(q.SHARDS)]
    if known is None or len(known[0]) != q.SHARDS:
        return Batch([], marks, epochs, gap=True, moved=True)
    was, was_epochs = known
    gap = False
    ranges = []
    for shard, head in heads.items():
        # A shard first written since the last look is read from its start.
        restarted = was_epochs[shard] not in ("", head.epoch)
        if restarted or was[shard] < head.floor:
            gap = True
        elif head.n > was[shard]:
            ranges.append((shard, was[shard], head.n))
    found = changes.since_each(ranges)
    listed = [n.change for rows in found.values() for n in rows]
    moved = marks != was or epochs != was_epochs
    return Batch(listed, marks, epochs, gap=gap, moved=moved)
