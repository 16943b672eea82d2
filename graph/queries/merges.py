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


def move_proposals(merged_id: str, survivor_id: str) -> Query:
    """A merged profile's current proposals for roles (portfolio assignment's) moved to its
    survivor: [role, props, doubled] for each, `doubled` where the survivor was already
    proposed for that role (the merged one's link is then only removed)."""
    text = (
        "MATCH (r:Role)-[p:PROPOSED]->(:Expert {id: $merged}) WHERE p.until IS NULL\n"
        "MATCH (s:Expert {id: $survivor})\n"
        "WITH r, p, s, properties(p) AS props,\n"
        "  EXISTS { (r)-[q:PROPOSED]->(s) WHERE q.until IS NULL } AS doubled\n"
        "DELETE p\n"
        "FOREACH (_ IN CASE WHEN doubled THEN [] ELSE [1] END |\n"
        "  CREATE (r)-[n:PROPOSED]->(s) SET n = props)\n"
        "RETURN r.id AS role, props, doubled ORDER BY role"
    )
    return Query(text, {"merged": merged_id, "survivor": survivor_id}, Mode.WRITE)


def restore_proposals(merged_id: str, survivor_id: str, moved: list[dict[str, object]]) -> Query:
    """What `move_proposals` moved, put back on the merged profile where the role still
    proposes it: the survivor's copy removed (unless the survivor had been proposed too). A
    proposal a later assignment replaced stays in the role's history as it is."""
    text = (
        "UNWIND $moved AS m\n"
        "MATCH (r:Role {id: m.role}), (x:Expert {id: $merged})\n"
        "OPTIONAL MATCH (r)-[c:PROPOSED]->(:Expert {id: $survivor})\n"
        "  WHERE NOT m.doubled AND c.until IS NULL\n"
        "    AND c.assignment = m.props.assignment AND c.at = m.props.at\n"
        "WITH r, x, m, c WHERE c IS NOT NULL OR (m.doubled AND EXISTS {\n"
        "  (r)-[q:PROPOSED]->(:Expert)\n"
        "  WHERE q.until IS NULL AND q.assignment = m.props.assignment\n"
        "})\n"
        "DELETE c\n"
        "CREATE (r)-[p:PROPOSED]->(x) SET p = m.props\n"
        "RETURN count(p) AS restored"
    )
    params = {"merged": merged_id, "survivor": survivor_id, "moved": moved}
    return Query(text, params, Mode.WRITE)
