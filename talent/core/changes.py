"""What the change log holds: one record per entity changed, numbered in its shard."""

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from graph.queries import changes as q


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
# Written to the log as well, for the alerts' evaluation (a role opened or changed); the
# indexes pass over them.
ROLE, PROGRAMME = "Role", "Programme"
LOGGED = FOLLOWED | {ROLE, PROGRAMME}


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


def expert_changes(ids: Iterable[str], kind: Kind = Kind.UPDATED) -> list[Change]:
    return [Change(EXPERT, expert_id, kind) for expert_id in ids]
