"""What the matching index reads, the revision that tells it to rebuild, decisions and runs."""

from typing import Any

from graph.query import Mode, Query

# One Revision node per watched data set; writes to experts, works or skills bump it.
MATCHING_REVISION = "matching"


def revision(key: str) -> Query:
    text = (
        "OPTIONAL MATCH (v:Revision {id: $key})\n"
        "RETURN coalesce(v.epoch, '') AS epoch, coalesce(v.n, 0) AS n"
    )
    return Query(text, {"key": key})


def bump_revision(key: str, epoch: str) -> Query:
    """Count a change; `epoch` is kept from the node's creation, so that a graph emptied and
    filled again never repeats an earlier revision."""
    text = (
        "MERGE (v:Revision {id: $key})\n"
        "ON CREATE SET v.epoch = $epoch\n"
        "SET v.n = coalesce(v.n, 0) + 1\n"
        "RETURN v.n AS n"
    )
    return Query(text, {"key": key, "epoch": epoch}, Mode.WRITE)


def expert_rows() -> Query:
    """Every field the filters and features use; links come from the edge scans below, which
    FalkorDB answers several times faster than per-expert pattern comprehensions."""
    text = (
        "MATCH (e:Expert)\n"
        "RETURN e.id AS id, e.status AS status, e.consent_match AS consent_match,\n"
        "  e.residency AS residency, e.years_experience AS years,\n"
        "  e.languages AS languages, e.engagement_modes AS modes,\n"
        "  e.available_from AS available_from, e.available_until AS available_until,\n"
        "  e.verification_grade AS grade, e.updated_at AS updated_at"
    )
    return Query(text)


def skill_edges() -> Query:
    text = (
        "MATCH (e:Expert)-[r:HAS_SKILL]->(s:Skill)\n"
        "RETURN e.id AS expert, s.id AS skill, r.level AS level, r.source AS source"
    )
    return Query(text)


def affiliation_edges() -> Query:
    text = (
        "MATCH (e:Expert)-[r:AFFILIATED]->(o:Organization)\n"
        "RETURN e.id AS expert, o.id AS org, r.end_year AS end_year,\n"
        "  r.team_size AS team_size, r.title AS title"
    )
    return Query(text)


def authorship_edges() -> Query:
    return Query("MATCH (e:Expert)-[:AUTHORED]->(w:Work)\nRETURN e.id AS expert, w.id AS work")


def work_texts() -> Query:
    text = (
        "MATCH (w:Work)\n"
        "RETURN w.id AS id, w.title AS title, w.abstract AS abstract, w.year AS year,\n"
        "  w.kind AS kind"
    )
    return Query(text)


def skill_links() -> Query:
    """Each skill with the skills it is broader than, narrower than or the same as."""
    text = (
        "MATCH (s:Skill)\n"
        "RETURN s.id AS id, s.label_en AS label,\n"
        "  [(s)-[:BROADER]->(b:Skill) | b.id] AS broader,\n"
        "  [(s)-[:EXACT_MATCH]-(m:Skill) | m.id] AS same"
    )
    return Query(text)


def role_context(role_id: str) -> Query:
    """The programme around a role: its contractors, its team, the lead's decisions on the role.

    The team is everyone shortlisted for any role of the programme.
    """
    text = (
        "MATCH (p:Programme)-[:HAS_ROLE]->(r:Role {id: $id})\n"
        "RETURN p.id AS programme_id, p.name AS programme_name,\n"
        "  [(p)<-[:CONTRACTOR_OF]-(c:Organization) | c.id] AS contractors,\n"
        "  [(p)-[:HAS_ROLE]->(:Role)-[d1:DECIDED]->(t:Expert)\n"
        "    WHERE d1.decision = 'shortlisted' | t.id] AS team,\n"
        "  [(r)-[d2:DECIDED]->(x:Expert) WHERE d2.decision = 'rejected' | x.id] AS rejected"
    )
    return Query(text, {"id": role_id})


def expert_cards(ids: list[str]) -> Query:
    """What explanations show of the experts they name, read fresh (names and headlines
    change, and withdrawn consent must show at once). Works come from the index."""
    text = (
        "UNWIND $ids AS id\n"
        "MATCH (e:Expert {id: id})\n"
        "RETURN e.id AS id, e.full_name AS full_name, e.headline AS headline,\n"
        "  e.country AS country, e.residency AS residency, e.status AS status,\n"
        "  e.consent_match AS consent_match"
    )
    return Query(text, {"ids": ids})


def organization_names(ids: list[str]) -> Query:
    text = "UNWIND $ids AS id\nMATCH (o:Organization {id: id})\nRETURN o.id AS id, o.name AS name"
    return Query(text, {"ids": ids})


def decide(role_id: str, expert_id: str, props: dict[str, Any]) -> Query:
    """The lead's latest decision on an expert for a role; replaces an earlier one."""
    text = (
        "MATCH (r:Role {id: $role})\n"
        "MATCH (e:Expert {id: $expert})\n"
        "MERGE (r)-[d:DECIDED]->(e)\n"
        "SET d = $props\n"
        "RETURN e.id AS expert_id, properties(d) AS decision"
    )
    return Query(text, {"role": role_id, "expert": expert_id, "props": props}, Mode.WRITE)


def decisions(role_id: str) -> Query:
    text = (
        "MATCH (r:Role {id: $role})-[d:DECIDED]->(e:Expert)\n"
        "WITH e, d ORDER BY d.at, e.id\n"
        "RETURN e.id AS expert_id, properties(d) AS decision"
    )
    return Query(text, {"role": role_id})


def create_run(role_id: str, props: dict[str, Any]) -> Query:
    text = (
        "MATCH (r:Role {id: $role})\n"
        "CREATE (r)-[:HAS_RUN]->(m:MatchRun)\n"
        "SET m = $props\n"
        "RETURN properties(m) AS run"
    )
    return Query(text, {"role": role_id, "props": props}, Mode.WRITE)


def add_run_candidates(run_id: str, rows: list[dict[str, Any]]) -> Query:
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


def update_run(run_id: str, changes: dict[str, Any]) -> Query:
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


# The whole ranking as one Cypher statement, without the text evidence: the benchmark's
# baseline and a cross-check of the index in the tests. Same constraints and formulas as
# matching.rank; dates are compared as year * 365 + day of year.
_REFERENCE_RANKING = """
OPTIONAL MATCH (t0:Expert)-[:AFFILIATED]->(o0:Organization) WHERE t0.id IN $team
WITH collect(DISTINCT o0.id) AS team_orgs
UNWIND CASE WHEN size($requirements) = 0 THEN [null] ELSE $requirements END AS r
OPTIONAL MATCH (q:Skill {id: r.skill_id})
OPTIONAL MATCH (n1:Skill)-[:BROADER]->(q)
WITH team_orgs, r, q, collect(n1.id) AS narrower
OPTIONAL MATCH (q)-[:BROADER]->(b1:Skill)
WITH team_orgs, r, q, narrower, collect(b1.id) AS broader
OPTIONAL MATCH (q)-[:EXACT_MATCH]-(m1:Skill)
WITH team_orgs, r, narrower, broader, collect(m1.id) AS same
WITH team_orgs, collect(CASE WHEN r IS NULL THEN null ELSE
  {skill_id: r.skill_id, weight: r.weight, min_level: r.min_level, must: r.must,
   narrower: narrower, broader: broader, same: same} END) AS requirements
MATCH (e:Expert)
WHERE e.status = 'active' AND e.consent_match = true
  AND NOT e.id IN $rejected
  AND coalesce(e.years_experience, 0) >= $min_years
  AND all(l IN $languages WHERE l IN coalesce(e.languages, []))
  AND ($residency = 'any' OR e.residency = $residency)
  AND (size($modes) = 0
       OR any(m IN coalesce(e.engagement_modes, []) WHERE m IN $modes))
WITH e, team_orgs, requirements,
  [(e)-[h:HAS_SKILL]->(s:Skill) | {id: s.id, level: toFloat(h.level),
     verified: coalesce(h.source, 'self_declared') <> 'self_declared'}] AS held,
  [(e)-[a:AFFILIATED]->(o:Organization) | {org: o.id, end: a.end_year,
     team: coalesce(a.team_size, 0), title: toLower(coalesce(a.title, ''))}] AS affs
WHERE NOT any(a IN affs WHERE a.org IN $conflicts AND (a.end IS NULL OR a.end >= $year))
WITH e, team_orgs, held, affs,
  [r IN requirements | {weight: r.weight, must: r.must,
    met: any(x IN held WHERE x.level >= r.min_level
             AND (x.id = r.skill_id OR x.id IN r.same OR x.id IN r.narrower)),
    credit: reduce(best = 0.0, v IN [x IN held |
        (CASE WHEN x.id = r.skill_id OR x.id IN r.same THEN 1.0
              WHEN x.id IN r.narrower THEN 0.8
              WHEN x.id IN r.broader THEN 0.5 ELSE 0.0 END)
        * (x.level / 5.0) ^ $depth
        * (CASE WHEN x.level >= r.min_level THEN 1.0 ELSE 0.5 END)]
      | CASE WHEN v > best THEN v ELSE best END)}] AS per
WHERE all(p IN per WHERE NOT p.must OR p.met)
WITH e, team_orgs, held, affs,
  CASE WHEN $total_weight > 0
       THEN reduce(t = 0.0, p IN per | t + p.weight * p.credit) / $total_weight
       ELSE 0.0 END AS skill,
  reduce(m = 0, a IN affs | CASE WHEN a.team > m THEN a.team ELSE m END) AS team,
  any(a IN affs WHERE any(w IN $leadership_words WHERE a.title CONTAINS w)) AS led,
  CASE
    WHEN e.id IN $team OR any(a IN affs WHERE a.org IN $contractors)
      OR size([(e)-[:AUTHORED]->(:Work)<-[:AUTHORED]-(t1:Expert) WHERE t1.id IN $team | 1]) > 0
      THEN 1.0
    WHEN any(a IN affs WHERE a.org IN team_orgs)
      OR size([(e)-[:AUTHORED]->(:Work)<-[:AUTHORED]-(c2:Expert)-[:AFFILIATED]->(o2:Organization)
               WHERE o2.id IN $contractors AND c2 <> e | 1]) > 0
      THEN 0.5
    ELSE 0.0 END AS network
WITH e, skill, network,
  0.4 * (CASE WHEN coalesce(e.years_experience, 0) >= 25 THEN 1.0
              ELSE coalesce(e.years_experience, 0) / 25.0 END)
  + 0.4 * (CASE WHEN log(1.0 + team) / log(101.0) > 1.0 THEN 1.0
                ELSE log(1.0 + team) / log(101.0) END)
  + 0.2 * (CASE WHEN led THEN 1.0 ELSE 0.0 END) AS seniority,
  CASE WHEN size(held) = 0 THEN 0.0
       ELSE toFloat(size([x IN held WHERE x.verified])) / size(held) END AS verified,
  coalesce(e.engagement_modes, []) AS modes,
  CASE WHEN e.available_from IS NULL THEN 0
       ELSE date(e.available_from).year * 365 + date(e.available_from).ordinalDay - $today_days
       END AS starts_in,
  e.available_until IS NOT NULL
    AND date(e.available_until).year * 365 + date(e.available_until).ordinalDay < $today_days
    AS ended,
  ($today_ms - e.updated_at) / 86400000.0 AS age_days
WITH e, skill, network, seniority,
  (CASE WHEN size($modes) > 0
        THEN toFloat(size([m IN $modes WHERE m IN modes])) / size($modes)
        WHEN size(modes) > 0 THEN 1.0 ELSE 0.5 END) * 0.6
  + 0.4 * (CASE WHEN ended THEN 0.0
                WHEN starts_in <= 0 THEN 1.0
                WHEN starts_in >= 365 THEN 0.0
                ELSE 1.0 - starts_in / 365.0 END) AS availability,
  0.5 * coalesce(e.verification_grade, 0) / 3.0
  + 0.3 * (CASE WHEN age_days <= 365 THEN 1.0 WHEN age_days >= 730 THEN 0.0
                ELSE 1.0 - (age_days - 365.0) / 365.0 END)
  + 0.2 * verified AS confidence
WITH e, round(1000000000.0 * ($w.skill * skill + $w.seniority * seniority
  + $w.network * network + $w.availability * availability
  + $w.confidence * confidence)) / 1000000000.0 AS score
RETURN e.id AS id, score
ORDER BY score DESC, id
LIMIT $k
""".strip()


REFERENCE_PARAMETERS = frozenset(
    {
        "team", "requirements", "rejected", "min_years", "languages", "residency", "modes",
        "conflicts", "year", "depth", "total_weight", "leadership_words", "contractors",
        "today_days", "today_ms", "w", "k",
    }
)  # fmt: skip


def reference_ranking(params: dict[str, Any]) -> Query:
    if set(params) != REFERENCE_PARAMETERS:
        raise ValueError(f"parameters differ: {sorted(set(params) ^ REFERENCE_PARAMETERS)}")
    return Query(_REFERENCE_RANKING, params)
