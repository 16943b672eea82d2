"""The change log every index-relevant write leaves behind, and what followers read of it."""

import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from graph import GraphStore
from graph.queries import changes as q
from talent.core.ids import new_id, now_ms


class Kind(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
    # The taxonomy as a whole: its skills, their links and groups.
    TAXONOMY = "taxonomy"


# How long records are kept: a process idle longer than this rebuilds its indexes whole.
CHANGE_RETENTION_MS = 24 * 3600 * 1000
# Entities whose changes the indexes follow.
EXPERT, WORK, ORGANIZATION, SKILL = "Expert", "Work", "Organization", "Skill"
FOLLOWED = frozenset({EXPERT, WORK, ORGANIZATION, SKILL})


@dataclass(frozen=True, slots=True)
class Change:
    entity: str
    ref: str
    kind: Kind = Kind.UPDATED

    @property
    def shard(self) -> int:
        # A stable hash: one entity's records always share a shard, so they stay in order.
        return zlib.crc32(f"{self.entity}:{self.ref}".encode()) % q.SHARDS


@dataclass(frozen=True, slots=True)
class Head:
    shard: int
    n: int
    epoch: str
    floor: int


@dataclass(frozen=True, slots=True)
class Numbered:
    shard: int
    seq: int
    change: Change


def record_changes(store: GraphStore, changes: Iterable[Change]) -> None:
    """Write the records in `store`: a unit of work when the change takes several statements,
    so that they land with it or not at all."""
    by_shard: dict[int, list[dict[str, str]]] = defaultdict(list)
    for change in dict.fromkeys(changes):
        entry = {"entity": change.entity, "ref": change.ref, "kind": change.kind.value}
        by_shard[change.shard].append(entry)
    if not by_shard:
        return
    shards: list[dict[str, object]] = [
        {"no": no, "id": str(no), "changes": entries} for no, entries in sorted(by_shard.items())
    ]
    store.run(q.record(shards, epoch=new_id(), at=now_ms()))


def expert_changes(ids: Iterable[str], kind: Kind = Kind.UPDATED) -> list[Change]:
    return [Change(EXPERT, expert_id, kind) for expert_id in ids]


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
