"""What duplicate detection reads: the identifying fields of live profiles, and their links."""

from graph.query import Query

LIVE = ["pending", "active"]


def profiles() -> Query:
    text = (
        "MATCH (e:Expert) WHERE e.status IN $live\n"
        "RETURN e.id AS id, e.full_name AS full_name, e.emails AS emails, e.orcid AS orcid,\n"
        "  e.birth_year AS birth_year, e.country AS country, e.updated_at AS updated_at"
    )
    return Query(text, {"live": LIVE})


def skill_links() -> Query:
    text = (
        "MATCH (e:Expert)-[:HAS_SKILL]->(s:Skill) WHERE e.status IN $live\n"
        "RETURN e.id AS expert, s.id AS target"
    )
    return Query(text, {"live": LIVE})


def organization_links() -> Query:
    text = (
        "MATCH (e:Expert)-[:AFFILIATED]->(o:Organization) WHERE e.status IN $live\n"
        "RETURN e.id AS expert, o.id AS target"
    )
    return Query(text, {"live": LIVE})


def changed_since(stamp: int) -> Query:
    """Profiles written since `stamp`, whatever their status: added, changed or gone out."""
    text = (
        "MATCH (e:Expert) WHERE e.updated_at > $since\n"
        "RETURN e.id AS id, e.full_name AS full_name, e.emails AS emails, e.orcid AS orcid,\n"
        "  e.birth_year AS birth_year, e.country AS country, e.status AS status,\n"
        "  e.updated_at AS updated_at"
    )
    return Query(text, {"since": stamp})


def skill_links_of(ids: list[str]) -> Query:
    text = (
        "MATCH (e:Expert)-[:HAS_SKILL]->(s:Skill) WHERE e.id IN $ids\n"
        "RETURN e.id AS expert, s.id AS target"
    )
    return Query(text, {"ids": ids})


def organization_links_of(ids: list[str]) -> Query:
    text = (
        "MATCH (e:Expert)-[:AFFILIATED]->(o:Organization) WHERE e.id IN $ids\n"
        "RETURN e.id AS expert, o.id AS target"
    )
    return Query(text, {"ids": ids})
