"""The revision counters that tell every process's in-memory indexes that the graph changed."""

from graph import GraphStore
from graph.queries import revisions as q
from talent.core.ids import new_id

MATCHING_REVISION = q.MATCHING_REVISION
# Labels whose writes change what the matching index holds (an organisation's deletion
# removes affiliations).
MATCHING_LABELS = {"Expert", "Work", "Organization"}


class RevisionRepository:
    """One counter per watched data set, read and bumped by key."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def read(self, key: str = MATCHING_REVISION) -> str:
        """`epoch:count` of the changes so far; the epoch tells a refilled graph from the old
        one."""
        row = self.store.run(q.revision(key))[0]
        return f"{row['epoch']}:{row['n']}"

    def bump(self, key: str = MATCHING_REVISION) -> None:
        self.store.run(q.bump_revision(key, new_id()))


def data_changed(store: GraphStore) -> None:
    """Tell matching indexes in every process that experts, works or skills changed."""
    RevisionRepository(store).bump()
