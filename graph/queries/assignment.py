"""What portfolio assignment reads: the open roles chosen, and the ledger of each candidate."""

from graph.query import Query


def open_roles(role_ids: list[str] | None, programme_ids: list[str] | None) -> Query:
    """The roles named, or every role of the programmes named, or of every programme; each
    with its programme and whether that programme is closed, in programme then role id order."""
    text = (
        "MATCH (p:Programme)-[:HAS_ROLE]->(r:Role)\n"
        "WHERE ($roles IS NULL OR r.id IN $roles)\n"
        "  AND ($programmes IS NULL OR p.id IN $programmes)\n"
        "RETURN r.id AS role_id, r.title AS title, r.kind AS kind,\n"
        "  coalesce(r.headcount, 1) AS headcount, p.id AS programme_id,\n"
        "  p.name AS programme_name, coalesce(p.status, 'planned') = 'closed' AS closed\n"
        "ORDER BY programme_id, role_id"
    )
    return Query(text, {"roles": role_ids, "programmes": programme_ids})


def ledgers(expert_ids: list[str], roles: list[str], year: int) -> Query:
    """Per expert: [id, country, diaspora, years of experience, lead limit set for them (or
    null), current organisations, the kinds of the roles they are proposed for outside
    `roles`]."""
    text = (
        "UNWIND $ids AS id\n"
        "MATCH (e:Expert {id: id})\n"
        "CALL (e) {\n"
        "  OPTIONAL MATCH (e)-[a:AFFILIATED]->(o:Organization)\n"
        "    WHERE a.end_year IS NULL OR a.end_year >= $year\n"
        "  RETURN collect(DISTINCT o.id) AS orgs\n"
        "}\n"
        "CALL (e) {\n"
        "  OPTIONAL MATCH (r:Role)-[d:DECIDED]->(e)\n"
        "    WHERE d.decision = 'proposed' AND NOT r.id IN $roles\n"
        "  RETURN collect(r.kind) AS held\n"
        "}\n"
        "RETURN collect([e.id, e.country, e.diaspora, coalesce(e.years_experience, 0),\n"
        "  e.lead_limit, orgs, held]) AS rows"
    )
    return Query(text, {"ids": expert_ids, "roles": roles, "year": year})
