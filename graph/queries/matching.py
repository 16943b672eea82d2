"""What the matching index reads, the lead's decisions and the stored runs."""

from collections.abc import Mapping, Sequence

from graph.queries import entities
from graph.query import Mode, Query


def _of(ids: list[str] | None, var: str) -> tuple[str, dict[str, object]]:
    """The filter of a scan limited to some experts (or works), and its parameters."""
    if ids is None:
        return "", {}
    return f" WHERE {var}.id IN $ids", {"ids": ids}


# Each expert's fields in the order of the snapshot's expert rows; the reads below return a
# whole page as one list of such lists (`rows`): one record, where a record per expert or per
# link costs the driver more than the data.
EXPERT_FIELDS = (
    ("id", "e.id"),
    ("status", "e.status"),
    ("consent_match", "e.consent_match"),
    ("residency", "e.residency"),
    ("years", "e.years_experience"),
    ("languages", "e.languages"),
    ("modes", "e.engagement_modes"),
    ("available_from", "e.available_from"),
    ("available_until", "e.available_until"),
    ("grade", "e.verification_grade"),
    ("updated_at", "e.updated_at"),
    ("full_name", "e.full_name"),
    ("headline", "e.headline"),
    ("country", "e.country"),
    ("diaspora", "e.diaspora"),
    ("emails", "e.emails"),
    ("orcid", "e.orcid"),
    ("birth_year", "e.birth_year"),
    ("external_id", "e.external_id"),
)
_EXPERT_ROW = "RETURN collect([" + ", ".join(expr for _, expr in EXPERT_FIELDS) + "]) AS rows"


def expert_rows(ids: list[str] | None = None) -> Query:
    """Every field the indexes filter, rank, show or compare, of every expert or of `ids`;
    links come from the edge scans below, which answer faster than per-expert pattern
    comprehensions."""
    where, params = _of(ids, "e")
    return Query(f"MATCH (e:Expert){where}\n{_EXPERT_ROW}", params)


def expert_page(after: str, limit: int) -> Query:
    """The next `limit` experts by id after `after`: a full read in pages, each a bounded
    statement walking the id index, instead of one scan of every expert."""
    text = f"MATCH (e:Expert) WHERE e.id > $after\nWITH e ORDER BY e.id LIMIT $limit\n{_EXPERT_ROW}"
    return Query(text, {"after": after, "limit": limit})


def skill_edges(ids: list[str] | None = None) -> Query:
    """[expert, skill, level, source] of each skill held."""
    where, params = _of(ids, "e")
    text = (
        f"MATCH (e:Expert)-[r:HAS_SKILL]->(s:Skill){where}\n"
        "RETURN collect([e.id, s.id, r.level, r.source]) AS rows"
    )
    return Query(text, params)


def affiliation_edges(ids: list[str] | None = None) -> Query:
    """[expert, organisation, end year, team size, title, source] of each affiliation."""
    where, params = _of(ids, "e")
    text = (
        f"MATCH (e:Expert)-[r:AFFILIATED]->(o:Organization){where}\n"
        "RETURN collect([e.id, o.id, r.end_year, r.team_size, r.title, r.source]) AS rows"
    )
    return Query(text, params)


def authorship_edges(ids: list[str] | None = None) -> Query:
    """[expert, work] of each authorship."""
    where, params = _of(ids, "e")
    text = f"MATCH (e:Expert)-[:AUTHORED]->(w:Work){where}\nRETURN collect([e.id, w.id]) AS rows"
    return Query(text, params)


def authors_of(work_ids: list[str]) -> Query:
    """The authors of these works now."""
    text = (
        "MATCH (e:Expert)-[:AUTHORED]->(w:Work) WHERE w.id IN $ids\n"
        "RETURN e.id AS expert, w.id AS work"
    )
    return Query(text, {"ids": work_ids})


def works_with_vectors(ids: list[str]) -> Query:
    """[id, title, abstract, year, kind, vector, scale, model, text hash] of these works: the
    sentence vector stored for each (if any), in one read."""
    text = (
        "MATCH (w:Work) WHERE w.id IN $ids\n"
        "OPTIONAL MATCH (v:WorkVector {id: w.id})\n"
        "RETURN collect([w.id, w.title, w.abstract, w.year, w.kind,\n"
        "  v.data, v.scale, v.model, v.hash]) AS rows"
    )
    return Query(text, {"ids": ids})


def skill_links() -> Query:
    """Each skill with its labels in both languages and aliases, and the skills it is broader
    than, narrower than or the same as."""
    text = (
        "MATCH (s:Skill)\n"
        "RETURN s.id AS id, s.label_en AS label, s.label_vi AS label_vi, s.aliases AS aliases,\n"
        "  [(s)-[:BROADER]->(b:Skill) | b.id] AS broader,\n"
        "  [(s)-[:EXACT_MATCH]-(m:Skill) | m.id] AS same"
    )
    return Query(text)


def role_with_context(role_id: str) -> Query:
    """A role as `entities.get` reads it, with the programme around it in `context`: its
    contractors, its team (everyone shortlisted for any role of the programme) and the lead's
    rejections for the role; the programme's id is null for a role without one. One round
    trip: each match starts with it."""
    text = (
        "MATCH (n:Role {id: $id})\n"
        "CALL (n) {\n"
        "  OPTIONAL MATCH (p:Programme)-[:HAS_ROLE]->(n)\n"
        "  OPTIONAL MATCH (p)<-[:CONTRACTOR_OF]-(c:Organization)\n"
        "  WITH p, collect(DISTINCT c.id) AS contractors\n"
        "  OPTIONAL MATCH (p)-[:HAS_ROLE]->(:Role)-[d1:DECIDED]->(t:Expert)\n"
        "    WHERE d1.decision = 'shortlisted'\n"
        "  WITH p, contractors, collect(DISTINCT t.id) AS team\n"
        "  OPTIONAL MATCH (n)-[d2:DECIDED]->(x:Expert) WHERE d2.decision = 'rejected'\n"
        "  WITH p, contractors, team, collect(DISTINCT x.id) AS rejected\n"
        "  RETURN {programme_id: p.id, programme_name: p.name, contractors: contractors,\n"
        "    team: team, rejected: rejected} AS context\n"
        "}\n"
        f"{entities.link_reads(entities.ROLE)}, context"
    )
    return Query(text, {"id": role_id})


_CARD = (
    "{id: e.id, full_name: e.full_name, headline: e.headline, country: e.country,\n"
    "  residency: e.residency, status: e.status, consent_match: e.consent_match,\n"
    "  affiliations: e.visibility_affiliations}"
)


def expert_cards(ids: list[str]) -> Query:
    """What explanations show of the experts they name, read fresh (names and headlines
    change, and withdrawn consent must show at once), with who may see their affiliations.
    Works come from the index."""
    text = f"UNWIND $ids AS id\nMATCH (e:Expert {{id: id}})\nRETURN {_CARD} AS card"
    return Query(text, {"ids": ids})


def cards_and_names(experts: list[str], orgs: list[str]) -> Query:
    """`expert_cards` and these organisations' names in one round trip: what a ranked page
    shows."""
    text = (
        "CALL () { UNWIND $experts AS id MATCH (e:Expert {id: id})\n"
        f"  RETURN collect({_CARD}) AS cards }}\n"
        "CALL () { UNWIND $orgs AS oid MATCH (o:Organization {id: oid})\n"
        "  RETURN collect({id: o.id, name: o.name}) AS names }\n"
        "RETURN cards, names"
    )
    return Query(text, {"experts": experts, "orgs": orgs})


def decide(role_id: str, expert_id: str, props: Mapping[str, object]) -> Query:
    """The lead's latest decision on an expert for a role; replaces an earlier one."""
    text = (
        "MATCH (r:Role {id: $role})\n"
        "MATCH (e:Expert {id: $expert})\n"
        "MERGE (r)-[d:DECIDED]->(e)\n"
        "SET d = $props\n"
        # When the expert said they are available, as the decision found it: a watch of the
        # role tells the lead when that changes.
        "SET d.available_when = coalesce(toString(e.available_from), '') + '|' +\n"
        "  coalesce(toString(e.available_until), '')\n"
        "RETURN e.id AS expert_id, properties(d) AS decision"
    )
    return Query(text, {"role": role_id, "expert": expert_id, "props": props}, Mode.WRITE)


def withdraw_decision(role_id: str, expert_id: str, at: int | None) -> Query:
    """Remove the lead's decision on an expert for a role, only if it is still the one taken
    at `at` (any, for None); returns what was removed, nothing if no such decision."""
    text = (
        "MATCH (r:Role {id: $role})-[d:DECIDED]->(e:Expert {id: $expert})\n"
        "WHERE $at IS NULL OR d.at = $at\n"
        "WITH e, d, properties(d) AS decision\n"
        "DELETE d\n"
        "RETURN e.id AS expert_id, decision"
    )
    return Query(text, {"role": role_id, "expert": expert_id, "at": at}, Mode.WRITE)


def write_note(
    role_id: str, expert_id: str, props: Mapping[str, object], expected: int | None
) -> Query:
    """The lead's private note on an expert for a role, written only over the note read (its
    `at`; none for `expected` 0); returns the note, nothing if another was written since."""
    text = (
        "MATCH (r:Role {id: $role})\n"
        "MATCH (e:Expert {id: $expert})\n"
        "OPTIONAL MATCH (r)-[old:NOTE]->(e)\n"
        "WITH r, e, old WHERE $expected IS NULL OR coalesce(old.at, 0) = $expected\n"
        "MERGE (r)-[n:NOTE]->(e)\n"
        "SET n = $props\n"
        "RETURN e.id AS expert_id, properties(n) AS note"
    )
    params = {"role": role_id, "expert": expert_id, "props": props, "expected": expected}
    return Query(text, params, Mode.WRITE)


def notes(role_id: str) -> Query:
    text = (
        "MATCH (r:Role {id: $role})-[n:NOTE]->(e:Expert)\n"
        "WITH e, n ORDER BY e.id\n"
        "RETURN e.id AS expert_id, properties(n) AS note"
    )
    return Query(text, {"role": role_id})


def decisions(role_id: str) -> Query:
    text = (
        "MATCH (r:Role {id: $role})-[d:DECIDED]->(e:Expert)\n"
        "WITH e, d ORDER BY d.at, e.id\n"
        "RETURN e.id AS expert_id, properties(d) AS decision"
    )
    return Query(text, {"role": role_id})


def create_run(role_id: str, props: Mapping[str, object]) -> Query:
    text = (
        "MATCH (r:Role {id: $role})\n"
        "CREATE (r)-[:HAS_RUN]->(m:MatchRun)\n"
        "SET m = $props\n"
        "RETURN properties(m) AS run"
    )
    return Query(text, {"role": role_id, "props": props}, Mode.WRITE)


def add_run_candidates(run_id: str, rows: Sequence[Mapping[str, object]]) -> Query:
    """`[{rank, expert_id, score, explanation}]`: ranked candidates as nodes of the run.

    Nodes rather than edges to the experts, so a stored run reads the same after an expert
    is deleted or merged.
    """
    text = (
        "MATCH (m:MatchRun {id: $run})\n"
        "UNWIND $rows AS row\n"
        "CREATE (m)-[:RANKED]->(c:Candidate)\n"
        "SET c = row"
    )
    return Query(text, {"run": run_id, "rows": rows}, Mode.WRITE)


def clear_run_candidates(run_id: str) -> Query:
    """Drop a run's candidates: a run whose worker died is filled again from the start."""
    text = "MATCH (:MatchRun {id: $run})-[:RANKED]->(c:Candidate)\nDETACH DELETE c"
    return Query(text, {"run": run_id}, Mode.WRITE)


def update_run(run_id: str, changes: Mapping[str, object]) -> Query:
    text = "MATCH (m:MatchRun {id: $id})\nSET m += $changes\nRETURN properties(m) AS run"
    return Query(text, {"id": run_id, "changes": changes}, Mode.WRITE)


def run(run_id: str) -> Query:
    return Query("MATCH (m:MatchRun {id: $id})\nRETURN properties(m) AS run", {"id": run_id})


def runs_of_role(role_id: str) -> Query:
    text = (
        "MATCH (:Role {id: $role})-[:HAS_RUN]->(m:MatchRun)\n"
        "WITH m ORDER BY m.created_at DESC, m.id\n"
        "RETURN properties(m) AS run"
    )
    return Query(text, {"role": role_id})


def run_candidates(run_id: str, *, after: int, limit: int) -> Query:
    text = (
        "MATCH (:MatchRun {id: $id})-[:RANKED]->(c:Candidate) WHERE c.rank > $after\n"
        "WITH c ORDER BY c.rank LIMIT $limit\n"
        "RETURN properties(c) AS candidate"
    )
    return Query(text, {"id": run_id, "after": after, "limit": limit})
