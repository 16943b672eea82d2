"""What portfolio assignment reads: the open roles chosen, and the ledger of each candidate."""

from graph.query import Mode, Query


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
    `roles`, hours a month committed elsewhere, until when]."""
    text = (
        "UNWIND $ids AS id\n"
        "MATCH (e:Expert {id: id})\n"
        "CALL (e) {\n"
        "  OPTIONAL MATCH (e)-[a:AFFILIATED]->(o:Organization)\n"
        "    WHERE a.end_year IS NULL OR a.end_year >= $year\n"
        "  RETURN collect(DISTINCT o.id) AS orgs\n"
        "}\n"
        "CALL (e) {\n"
        "  OPTIONAL MATCH (r:Role)-[p:PROPOSED]->(e) WHERE p.until IS NULL AND NOT r.id IN $roles\n"
        "  RETURN collect(r.kind) AS held\n"
        "}\n"
        "RETURN collect([e.id, e.country, e.diaspora, coalesce(e.years_experience, 0),\n"
        "  e.lead_limit, orgs, held, coalesce(e.commitment_hours, 0), e.commitment_until])\n"
        "  AS rows"
    )
    return Query(text, {"ids": expert_ids, "roles": roles, "year": year})


def lock_roles(role_ids: list[str]) -> Query:
    """Take the roles' write locks (a property set and removed), in the order given (sorted by
    the caller, so that two accepts never wait on each other): two accepts over one role run one
    after the other, the second reading what the first recorded."""
    text = (
        "UNWIND $roles AS id\n"
        "MATCH (r:Role {id: id})\n"
        "SET r.proposing = true REMOVE r.proposing\n"
        "RETURN count(r) AS locked"
    )
    return Query(text, {"roles": role_ids}, Mode.WRITE)


def proposed_since(role_ids: list[str], job_id: str, since: int) -> Query:
    """The roles whose proposals another assignment recorded after `since`."""
    text = (
        "MATCH (r:Role)-[p:PROPOSED]->(:Expert)\n"
        "WHERE r.id IN $roles AND p.assignment <> $job AND p.at > $since\n"
        "RETURN collect(DISTINCT r.id) AS roles"
    )
    return Query(text, {"roles": role_ids, "job": job_id, "since": since})


def not_active(expert_ids: list[str]) -> Query:
    """Those of `expert_ids` gone from the graph or no longer active."""
    text = (
        "UNWIND $ids AS id\n"
        "OPTIONAL MATCH (e:Expert {id: id})\n"
        "WITH id, e WHERE e IS NULL OR e.status <> 'active'\n"
        "RETURN collect(id) AS gone"
    )
    return Query(text, {"ids": expert_ids})


def propose(seats: list[dict[str, object]], props: dict[str, object]) -> Query:
    """Each role's current proposals ended (kept, with `until`, as its history) and replaced
    by its `experts`: [{role, experts}]."""
    text = (
        "UNWIND $seats AS seat\n"
        "MATCH (r:Role {id: seat.role})\n"
        "OPTIONAL MATCH (r)-[old:PROPOSED]->(:Expert) WHERE old.until IS NULL\n"
        "SET old.until = $props.at, old.ended_by = $props.assignment\n"
        "WITH DISTINCT r, seat\n"
        "UNWIND seat.experts AS expert_id\n"
        "MATCH (e:Expert {id: expert_id})\n"
        "CREATE (r)-[p:PROPOSED]->(e) SET p = $props\n"
        "RETURN count(p) AS proposed"
    )
    return Query(text, {"seats": seats, "props": props}, Mode.WRITE)


def proposals(role_ids: list[str]) -> Query:
    """[role, expert, at, by, assignment] of the current proposals for these roles."""
    text = (
        "MATCH (r:Role)-[p:PROPOSED]->(e:Expert) WHERE r.id IN $roles AND p.until IS NULL\n"
        "RETURN collect([r.id, e.id, p.at, p.by, p.assignment]) AS rows"
    )
    return Query(text, {"roles": role_ids})


def role_history(role_id: str) -> Query:
    """Every proposal recorded for the role, current and ended, newest first, with who was
    proposed (a merged profile's survivor named beside it)."""
    text = (
        "MATCH (r:Role {id: $role})-[p:PROPOSED]->(e:Expert)\n"
        "RETURN e.id AS expert_id, p.at AS at, p.by AS by, p.assignment AS assignment,\n"
        "  p.until AS until, p.ended_by AS ended_by\n"
        "ORDER BY at DESC, expert_id"
    )
    return Query(text, {"role": role_id})


def held_by(expert_id: str) -> Query:
    """The roles the expert is proposed for now, with their programme, oldest first."""
    text = (
        "MATCH (pr:Programme)-[:HAS_ROLE]->(r:Role)-[p:PROPOSED]->(:Expert {id: $id})\n"
        "WHERE p.until IS NULL\n"
        "RETURN r.id AS role_id, r.title AS title, r.kind AS kind, pr.id AS programme_id,\n"
        "  pr.name AS programme_name, p.at AS at, p.assignment AS assignment\n"
        "ORDER BY at, role_id"
    )
    return Query(text, {"id": expert_id})
