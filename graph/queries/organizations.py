"""Organisations proposed at registration: the ones waiting for an admin, and the decision."""

from graph.queries.entities import lock
from graph.query import Mode, Query


def proposed(limit: int) -> Query:
    """The organisations waiting for review, oldest first, with the profiles that name them."""
    text = (
        "MATCH (o:Organization) WHERE o.proposed_by IS NOT NULL\n"
        "WITH o ORDER BY o.created_at, o.id LIMIT $limit\n"
        "RETURN properties(o) AS node,\n"
        "  [(e:Expert)-[:AFFILIATED]->(o) | e.id] AS experts"
    )
    return Query(text, {"limit": limit})


def approve(org_id: str, at: int) -> Query:
    """The organisation offered to everyone from now on; no row if it was not waiting (read
    under its lock: of two decisions, the second finds it decided)."""
    text = (
        "MATCH (o:Organization {id: $id})\n"
        f"{lock('o')}\n"
        "WITH o WHERE o.proposed_by IS NOT NULL\n"
        "REMOVE o.proposed_by\n"
        "SET o.updated_at = $at, o.version = coalesce(o.version, 0) + 1\n"
        "RETURN o.id AS id"
    )
    return Query(text, {"id": org_id, "at": at}, Mode.WRITE)


def reject(org_id: str) -> Query:
    """The waiting organisation deleted, with the affiliations naming it; the profiles that had
    one. No row if it was not waiting."""
    text = (
        "MATCH (o:Organization {id: $id})\n"
        f"{lock('o')}\n"
        "WITH o WHERE o.proposed_by IS NOT NULL\n"
        "WITH o, [(e:Expert)-[:AFFILIATED]->(o) | e.id] AS experts\n"
        "DETACH DELETE o\n"
        "RETURN experts"
    )
    return Query(text, {"id": org_id}, Mode.WRITE)


def affiliated_counts(org_ids: list[str]) -> Query:
    """Per organisation, how many profiles name it as an affiliation."""
    text = (
        "UNWIND $ids AS id\n"
        "MATCH (o:Organization {id: id})\n"
        "RETURN id, size([(e:Expert)-[:AFFILIATED]->(o) | e.id]) AS n"
    )
    return Query(text, {"ids": org_ids})
