"""Merge records and the MERGED_INTO link between a merged profile and its survivor."""

from typing import Any

from graph.queries.entities import lock
from graph.query import Mode, Query


def create(props: dict[str, Any]) -> Query:
    return Query(
        "CREATE (m:Merge)\nSET m = $props\nRETURN properties(m) AS merge",
        {"props": props},
        Mode.WRITE,
    )


def get(merge_id: str) -> Query:
    return Query("MATCH (m:Merge {id: $id})\nRETURN properties(m) AS merge", {"id": merge_id})


def link(merged_id: str, survivor_id: str) -> Query:
    text = (
        "MATCH (old:Expert {id: $merged}), (new:Expert {id: $survivor})\n"
        "MERGE (old)-[:MERGED_INTO]->(new)\n"
        "RETURN new.id AS id"
    )
    return Query(text, {"merged": merged_id, "survivor": survivor_id}, Mode.WRITE)


def unlink(merged_id: str, survivor_id: str) -> Query:
    text = (
        "MATCH (:Expert {id: $merged})-[r:MERGED_INTO]->(:Expert {id: $survivor})\n"
        "DELETE r\n"
        "RETURN count(*) AS n"
    )
    return Query(text, {"merged": merged_id, "survivor": survivor_id}, Mode.WRITE)


def undo(merge_id: str, changes: dict[str, Any]) -> Query:
    """Marks a merge in force undone; no row if it was undone already (read under its lock:
    of two admins undoing at once, the second finds it undone)."""
    text = (
        f"MATCH (m:Merge {{id: $id}})\n{lock('m')}\n"
        "WITH m WHERE m.state = 'merged'\n"
        "SET m += $changes\n"
        "RETURN m.id AS id"
    )
    return Query(text, {"id": merge_id, "changes": changes}, Mode.WRITE)
