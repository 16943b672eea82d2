"""What the capability map reads: the groups in force and the open roles' demand."""

from graph.query import Query


def current_groups() -> Query:
    text = (
        "MATCH (g:TechGroup) WHERE g.current\n"
        "RETURN g.id AS id, g.no AS no, g.name_en AS name_en, g.name_vi AS name_vi\n"
        "ORDER BY no"
    )
    return Query(text)


def open_role_requirements() -> Query:
    """Skills required by the roles of programmes not yet closed, with how many experts each
    role needs (roles stored before headcounts need one): the demand."""
    text = (
        "MATCH (p:Programme)-[:HAS_ROLE]->(r:Role)-[:REQUIRES]->(s:Skill)\n"
        "WHERE p.status IN ['planned', 'active']\n"
        "RETURN r.id AS role, s.id AS skill, coalesce(r.headcount, 1) AS headcount"
    )
    return Query(text)
