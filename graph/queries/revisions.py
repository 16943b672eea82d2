"""Revision counters: one node per watched data set, bumped by writes, read by every
process's indexes."""

from graph.query import Mode, Query

# One Revision node per watched data set; writes to experts, works or skills bump it.
MATCHING_REVISION = "matching"


def revision(key: str) -> Query:
    text = (
        "OPTIONAL MATCH (v:Revision {id: $key})\n"
        "RETURN coalesce(v.epoch, '') AS epoch, coalesce(v.n, 0) AS n"
    )
    return Query(text, {"key": key})


def bump_revision(key: str, epoch: str) -> Query:
    """Count a change; `epoch` is kept from the node's creation, so that a graph emptied and
    filled again never repeats an earlier revision."""
    text = (
        "MERGE (v:Revision {id: $key})\n"
        "ON CREATE SET v.epoch = $epoch\n"
        "SET v.n = coalesce(v.n, 0) + 1\n"
        "RETURN v.n AS n"
    )
    return Query(text, {"key": key, "epoch": epoch}, Mode.WRITE)
