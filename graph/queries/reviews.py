"""The admin review queue: possible duplicates and claims an e-mail could not prove."""

from typing import Any

from graph.queries.entities import lock
from graph.query import Mode, Query


def create(items: list[dict[str, Any]]) -> Query:
    text = "UNWIND $items AS props\nCREATE (r:Review)\nSET r = props\nRETURN r.id AS id"
    return Query(text, {"items": items}, Mode.WRITE)


def get(review_id: str) -> Query:
    return Query("MATCH (r:Review {id: $id})\nRETURN properties(r) AS review", {"id": review_id})


def page(*, state: str | None, kind: str | None, after: str, limit: int) -> Query:
    text = (
        "MATCH (r:Review) WHERE r.id > $after\n"
        "AND ($state IS NULL OR r.state = $state)\n"
        "AND ($kind IS NULL OR r.kind = $kind)\n"
        "WITH r ORDER BY r.id LIMIT $limit\n"
        "RETURN properties(r) AS review"
    )
    return Query(text, {"state": state, "kind": kind, "after": after, "limit": limit})


def decide(review_id: str, changes: dict[str, Any]) -> Query:
    """Closes an open review; no row if it was already decided (read under its lock: of two
    admins deciding at once, the second finds it closed)."""
    text = (
        f"MATCH (r:Review {{id: $id}})\n{lock('r')}\n"
        "WITH r WHERE r.state = 'open'\n"
        "SET r += $changes\n"
        "RETURN properties(r) AS review"
    )
    return Query(text, {"id": review_id, "changes": changes}, Mode.WRITE)


def reopen(review_id: str, decision: str) -> Query:
    """Opens again a review closed with `decision` (its merge undone): the pair waits for an
    admin once more. No row unless it was closed so."""
    text = (
        f"MATCH (r:Review {{id: $id}})\n{lock('r')}\n"
        "WITH r WHERE r.state = 'closed' AND r.decision = $decision\n"
        "SET r.state = 'open', r.decision = null, r.decided_by = null, r.decided_at = null\n"
        "RETURN properties(r) AS review"
    )
    return Query(text, {"id": review_id, "decision": decision}, Mode.WRITE)
