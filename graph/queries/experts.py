"""Expert statements beyond the generic ones: evidence counts, verification, freshness, merges."""

from typing import Any

from graph.queries.entities import at_version
from graph.query import Mode, Query


def authored_counts(ids: list[str]) -> Query:
    text = (
        "MATCH (e:Expert)-[:AUTHORED]->(w:Work) WHERE e.id IN $ids\n"
        "RETURN e.id AS id, count(w) AS works"
    )
    return Query(text, {"ids": ids})


def set_props(expert_id: str, changes: dict[str, Any], *, version: int) -> Query:
    """Change system properties (freshness, verification, merge pointers) of one expert still
    at `version`, which moves on by one; no row, and nothing changed, otherwise."""
    text = (
        "MATCH (e:Expert {id: $id})\n"
        f"{at_version('e')}\n"
        "SET e += $changes\n"
        "SET e.version = $version + 1\n"
        "RETURN e.id AS id"
    )
    params = {"id": expert_id, "changes": changes, "version": version}
    return Query(text, params, Mode.WRITE)


def verify_skills(expert_id: str, skill_ids: list[str], source: str) -> Query:
    text = (
        "MATCH (e:Expert {id: $id})-[r:HAS_SKILL]->(s:Skill) WHERE s.id IN $ids\n"
        "SET r.source = $source\n"
        "RETURN s.id AS id"
    )
    return Query(text, {"id": expert_id, "ids": skill_ids, "source": source}, Mode.WRITE)


def verify_affiliations(expert_id: str, organization_ids: list[str], source: str) -> Query:
    text = (
        "MATCH (e:Expert {id: $id})-[r:AFFILIATED]->(o:Organization) WHERE o.id IN $ids\n"
        "SET r.source = $source\n"
        "RETURN o.id AS id"
    )
    return Query(text, {"id": expert_id, "ids": organization_ids, "source": source}, Mode.WRITE)


def verify_works(expert_id: str, work_ids: list[str], source: str) -> Query:
    text = (
        "MATCH (e:Expert {id: $id})-[:AUTHORED]->(w:Work) WHERE w.id IN $ids\n"
        "SET w.source = $source\n"
        "RETURN w.id AS id"
    )
    return Query(text, {"id": expert_id, "ids": work_ids, "source": source}, Mode.WRITE)


def authored_work_ids(expert_id: str) -> Query:
    text = "MATCH (:Expert {id: $id})-[:AUTHORED]->(w:Work)\nRETURN w.id AS id ORDER BY id"
    return Query(text, {"id": expert_id})


def add_authorship(expert_id: str, work_ids: list[str]) -> Query:
    text = (
        "MATCH (e:Expert {id: $id})\n"
        "MATCH (w:Work) WHERE w.id IN $ids\n"
        "MERGE (e)-[:AUTHORED]->(w)\n"
        "RETURN count(w) AS n"
    )
    return Query(text, {"id": expert_id, "ids": work_ids}, Mode.WRITE)


def remove_authorship(expert_id: str, work_ids: list[str]) -> Query:
    text = (
        "MATCH (:Expert {id: $id})-[r:AUTHORED]->(w:Work) WHERE w.id IN $ids\n"
        "DELETE r\n"
        "RETURN count(w) AS n"
    )
    return Query(text, {"id": expert_id, "ids": work_ids}, Mode.WRITE)


def due_reminders(stale_before: int, remind_before: int, limit: int) -> Query:
    """Active profiles not confirmed since `stale_before`, not reminded since `remind_before`."""
    text = (
        "MATCH (e:Expert {status: 'active'})\n"
        "WHERE coalesce(e.confirmed_at, e.created_at) < $stale_before\n"
        "AND (e.reminded_at IS NULL OR e.reminded_at < $remind_before)\n"
        "WITH e ORDER BY e.id LIMIT $limit\n"
        "OPTIONAL MATCH (a:Account {expert_id: e.id})\n"
        "RETURN e.id AS id, e.full_name AS name, e.emails AS emails, "
        "collect(a.email) AS accounts"
    )
    params = {"stale_before": stale_before, "remind_before": remind_before, "limit": limit}
    return Query(text, params)


def freshness_counts(stale_before: int, remind_before: int) -> Query:
    """Active profiles not confirmed since `stale_before`, and of those the ones whose owners
    were not reminded since `remind_before` (what `due_reminders` would return, counted)."""
    text = (
        "MATCH (e:Expert {status: 'active'})\n"
        "WHERE coalesce(e.confirmed_at, e.created_at) < $stale_before\n"
        "RETURN count(e) AS stale, "
        "count(CASE WHEN e.reminded_at IS NULL OR e.reminded_at < $remind_before "
        "THEN 1 END) AS due"
    )
    return Query(text, {"stale_before": stale_before, "remind_before": remind_before})


def mark_reminded(expert_ids: list[str], at: int) -> Query:
    text = "MATCH (e:Expert) WHERE e.id IN $ids\nSET e.reminded_at = $at\nRETURN count(e) AS n"
    return Query(text, {"ids": expert_ids, "at": at}, Mode.WRITE)


def status_counts() -> Query:
    """Experts by status and residency: the aggregates a withdrawal must not change."""
    text = (
        "MATCH (e:Expert)\n"
        "RETURN e.status AS status, e.residency AS residency, count(e) AS n\n"
        "ORDER BY status, residency"
    )
    return Query(text)
