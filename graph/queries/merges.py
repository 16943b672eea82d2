"""Merge records and the MERGED_INTO link between a merged profile and its survivor."""

from typing import Any

from graph.query import Mode, Query


def create(props: dict[str, Any]) -> Query:
    return Query(
        "CREATE (m:Merge)\nSET m = $props\nRETURN properties(m) AS merge",
        {"props": props},
        Mode.WRITE,
    )


def get(merge_id: str) -> Query:
    return Query("MATCH (m:Merge {id: $id})\nRETURN properties(m) AS merge", {"id": merge_id})


def update(merge_id: str, changes: dict[str, Any]) -> Query:
    text = "MATCH (m:Merge {id: $id})\nSET m += $changes\nRETURN properties(m) AS merge"
    return Query(text, {"id": merge_id, "changes": changes}, Mode.WRITE)


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


def still_merged(merge_id: str) -> Query:
    """A merge not undone yet (a unit's precondition)."""
    text = "MATCH (m:Merge {id: $id}) WHERE m.state = 'merged'\nRETURN m.id AS id"
    return Query(text, {"id": merge_id})
