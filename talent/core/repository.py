"""The revision counters that tell every process's in-memory indexes that the graph changed."""

from graph import GraphStore
from graph.queries import matching
from talent.core.ids import new_id

# Labels whose writes change what the matching index holds (an organisation's deletion
# removes affiliations).
MATCHING_LABELS = {"Expert", "Work", "Organization"}


def data_changed(store: GraphStore) -> None:
    """Tell matching indexes in every process that experts, works or skills changed."""
    store.run(matching.bump_revision(matching.MATCHING_REVISION, new_id()))
