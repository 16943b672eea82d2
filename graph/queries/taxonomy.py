"""Taxonomy writes (idempotent MERGEs) and browsing."""

from graph.query import Mode, Query


def upsert_groups(rows: list[dict[str, object]]) -> Query:
    text = "UNWIND $rows AS row\nMERGE (g:TechGroup {id: row.id})\nSET g += row.props"
    return Query(text, {"rows": rows}, Mode.WRITE)


def upsert_products(rows: list[dict[str, object]]) -> Query:
    text = (
        "UNWIND $rows AS row\n"
        "MATCH (g:TechGroup {id: row.group})\n"
        "MERGE (p:TechProduct {id: row.id})\n"
        "SET p += row.props\n"
        "MERGE (p)-[:PART_OF]->(g)"
    )
    return Query(text, {"rows": rows}, Mode.WRITE)


def upsert_skills(rows: list[dict[str, object]]) -> Query:
    text = "UNWIND $rows AS row\nMERGE (s:Skill {id: row.id})\nSET s += row.props"
    return Query(text, {"rows": rows}, Mode.WRITE)


def link_broader(pairs: list[dict[str, str]]) -> Query:
    """`[{id, broader}]`: the narrower skill points at the broader one."""
    text = (
        "UNWIND $pairs AS pair\n"
        "MATCH (s:Skill {id: pair.id})\n"
        "MATCH (b:Skill {id: pair.broader})\n"
        "MERGE (s)-[:BROADER]->(b)"
    )
    return Query(text, {"pairs": pairs}, Mode.WRITE)


def link_groups(pairs: list[dict[str, str]]) -> Query:
    text = (
        "UNWIND $pairs AS pair\n"
        "MATCH (s:Skill {id: pair.id})\n"
        "MATCH (g:TechGroup {id: pair.group})\n"
        "MERGE (s)-[:IN_GROUP]->(g)"
    )
    return Query(text, {"pairs": pairs}, Mode.WRITE)


def groups(version: str | None) -> Query:
    text = (
        "MATCH (g:TechGroup) WHERE $version IS NULL OR g.version = $version\n"
        "WITH g ORDER BY g.version, g.no\n"
        "RETURN properties(g) AS node,\n"
        "  [(p:TechProduct)-[:PART_OF]->(g) | properties(p)] AS products,\n"
        "  size([(s:Skill)-[:IN_GROUP]->(g) | 1]) AS skill_count"
    )
    return Query(text, {"version": version})


def group(group_id: str) -> Query:
    text = (
        "MATCH (g:TechGroup {id: $id})\n"
        "RETURN properties(g) AS node,\n"
        "  [(p:TechProduct)-[:PART_OF]->(g) | properties(p)] AS products,\n"
        "  size([(s:Skill)-[:IN_GROUP]->(g) | 1]) AS skill_count"
    )
    return Query(text, {"id": group_id})


_SKILL_COLUMNS = (
    "RETURN properties(s) AS node,\n"
    "  [(s)-[:BROADER]->(b:Skill) | b.id] AS broader,\n"
    "  [(s)-[:IN_GROUP]->(g:TechGroup) | g.id] AS groups"
)


def skills_page(*, group: str | None, scheme: str | None, after: str, limit: int) -> Query:
    text = (
        "MATCH (s:Skill) WHERE s.id > $after\n"
        "  AND ($scheme IS NULL OR s.scheme = $scheme)\n"
        "  AND ($group IS NULL OR (s)-[:IN_GROUP]->(:TechGroup {id: $group}))\n"
        "WITH s ORDER BY s.id LIMIT $limit\n" + _SKILL_COLUMNS
    )
    return Query(text, {"group": group, "scheme": scheme, "after": after, "limit": limit})


def skill(skill_id: str) -> Query:
    return Query("MATCH (s:Skill {id: $id})\n" + _SKILL_COLUMNS, {"id": skill_id})


def narrower(skill_id: str) -> Query:
    text = "MATCH (s:Skill)-[:BROADER]->(:Skill {id: $id})\nWITH s ORDER BY s.id\n" + _SKILL_COLUMNS
    return Query(text, {"id": skill_id})


def link_exact_matches(pairs: list[dict[str, str]]) -> Query:
    """`[{id, match}]`: an imported concept and the curated skill with the same meaning."""
    text = (
        "UNWIND $pairs AS pair\n"
        "MATCH (s:Skill {id: pair.id})\n"
        "MATCH (m:Skill {id: pair.match})\n"
        "MERGE (s)-[:EXACT_MATCH]->(m)"
    )
    return Query(text, {"pairs": pairs}, Mode.WRITE)
