"""Skills proposed by the people who miss them, each reviewed by an admin: kept as
`SkillProposal` nodes, decided once, at the version the admin read."""

from typing import Any

from graph.queries.entities import lock
from graph.query import Mode, Query


def create(props: dict[str, Any]) -> Query:
    text = "CREATE (p:SkillProposal)\nSET p = $props\nRETURN properties(p) AS proposal"
    return Query(text, {"props": props}, Mode.WRITE)


def get(proposal_id: str) -> Query:
    text = "MATCH (p:SkillProposal {id: $id})\nRETURN properties(p) AS proposal"
    return Query(text, {"id": proposal_id}, Mode.READ)


def page(*, status: str | None, after: str, limit: int) -> Query:
    """Oldest first (ids grow with time), optionally of one status."""
    text = (
        "MATCH (p:SkillProposal)\n"
        "WHERE ($status IS NULL OR p.status = $status) AND p.id > $after\n"
        "RETURN properties(p) AS proposal ORDER BY p.id LIMIT $limit"
    )
    return Query(text, {"status": status, "after": after, "limit": limit}, Mode.READ)


def decide(proposal_id: str, version: int, changes: dict[str, Any]) -> Query:
    """The decision, only on an open proposal still at `version` (no row: decided already, or
    changed since it was read)."""
    text = (
        f"MATCH (p:SkillProposal {{id: $id}})\n{lock('p')}\n"
        "WITH p WHERE p.status = 'open' AND p.version = $version\n"
        "SET p += $changes, p.version = p.version + 1\n"
        "RETURN properties(p) AS proposal"
    )
    return Query(text, {"id": proposal_id, "version": version, "changes": changes}, Mode.WRITE)
