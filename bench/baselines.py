"""The peers the benchmarks and the tests measure the product against, each one Cypher
statement: a substring name search, and the whole ranking (without the text evidence).
Never run by the service."""

from datetime import date

from graph.query import Query
from matching.index import DAY_MS, SELF_DECLARED_TRUST
from matching.models import RoleContext, RoleSpec
from matching.parts import LEADERSHIP_WORDS
from matching.profiles import RoleProfile


def name_contains(text_folded: str, limit: int) -> Query:
    """The naive name search the index is measured against: a substring scan."""
    text = (
        "MATCH (e:Expert) WHERE e.status = 'active' AND e.name_folded CONTAINS $q\n"
        "RETURN e.id AS id ORDER BY id LIMIT $limit"
    )
    return Query(text, {"q": text_folded, "limit": limit})


# The whole ranking as one Cypher statement, without the text evidence: the benchmark's
# baseline and a cross-check of the index in the tests. Same constraints and formulas as
# matching.rank; dates are compared as year * 365 + day of year.
_REFERENCE_RANKING = """
OPTIONAL MATCH (t0:Expert)-[:AFFILIATED]->(o0:Organization) WHERE t0.id IN $team
WITH collect(DISTINCT {member: t0.id, org: o0.id}) AS team_orgs
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
     team: coalesce(a.team_size, 0), title: toLower(coalesce(a.title, '')),
     confirmed: coalesce(a.source, 'self_declared') <> 'self_declared'}] AS affs
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
        * (CASE WHEN x.level >= r.min_level THEN 1.0 ELSE 0.5 END)
        * (CASE WHEN x.verified THEN 1.0 ELSE $self_declared_trust END)]
      | CASE WHEN v > best THEN v ELSE best END)}] AS per
WHERE all(p IN per WHERE NOT p.must OR p.met)
WITH e, team_orgs, held, affs,
  CASE WHEN $total_weight > 0
       THEN reduce(t = 0.0, p IN per | t + p.weight * p.credit) / $total_weight
       ELSE 0.0 END AS skill,
  reduce(m = 0, a IN affs | CASE WHEN a.team > m THEN a.team ELSE m END) AS team,
  any(a IN affs WHERE any(w IN $leadership_words WHERE a.title CONTAINS w)) AS led,
  CASE
    WHEN any(a IN affs WHERE a.org IN $contractors AND a.confirmed)
      OR size([(e)-[:AUTHORED]->(:Work)<-[:AUTHORED]-(t1:Expert) WHERE t1.id IN $team | 1]) > 0
      THEN 1.0
    WHEN any(a IN affs WHERE a.org IN $contractors) THEN $self_declared_trust
    WHEN any(a IN affs WHERE a.confirmed
             AND any(t IN team_orgs WHERE t.org = a.org AND t.member <> e.id))
      OR size([(e)-[:AUTHORED]->(:Work)<-[:AUTHORED]-(c2:Expert)-[:AFFILIATED]->(o2:Organization)
               WHERE o2.id IN $contractors AND c2 <> e | 1]) > 0
      THEN 0.5
    WHEN any(a IN affs WHERE any(t IN team_orgs WHERE t.org = a.org AND t.member <> e.id))
      THEN 0.5 * $self_declared_trust
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
        "today_days", "today_ms", "w", "k", "self_declared_trust",
    }
)  # fmt: skip


def reference_ranking(params: dict[str, object]) -> Query:
    if set(params) != REFERENCE_PARAMETERS:
        raise ValueError(f"parameters differ: {sorted(set(params) ^ REFERENCE_PARAMETERS)}")
    return Query(_REFERENCE_RANKING, params)


def reference_query(
    role: RoleSpec, context: RoleContext, profile: RoleProfile, *, today: date, k: int
) -> Query:
    """The statement that ranks like the index with the evidence weight set to 0."""
    c = role.constraints
    weights = profile.weights.normalised()
    epoch_days = today.toordinal() - date(1970, 1, 1).toordinal()
    params: dict[str, object] = {
        "rejected": context.rejected,
        "min_years": c.min_years,
        "languages": list(c.languages),
        "residency": c.residency.value,
        "modes": [m.value for m in c.engagement_modes],
        "conflicts": sorted(set(context.contractors) | set(c.exclude_organization_ids)),
        "contractors": context.contractors,
        "team": context.team,
        "year": today.year,
        "requirements": [r.model_dump() for r in role.requirements],
        "total_weight": sum(r.weight for r in role.requirements),
        "depth": profile.depth,
        "self_declared_trust": SELF_DECLARED_TRUST,
        "leadership_words": list(LEADERSHIP_WORDS),
        "today_days": today.year * 365 + today.timetuple().tm_yday,
        "today_ms": epoch_days * DAY_MS,
        "w": weights,
        "k": k,
    }
    return reference_ranking(params)


_LISTS = ("team", "requirements", "rejected", "languages", "modes", "conflicts", "contractors")
_NUMBERS = ("min_years", "year", "today_days", "today_ms", "total_weight", "k")
_REFERENCE_SAMPLE: dict[str, object] = {
    **{key: [] for key in (*_LISTS, "leadership_words")},
    **dict.fromkeys(_NUMBERS, 1),
    "residency": "any",
    "depth": 1.0,
    "self_declared_trust": 0.8,
    "w": dict.fromkeys(["skill", "seniority", "network", "availability", "confidence"], 0.2),
}


def samples() -> list[Query]:
    """These statements with sample parameters, for the same Cypher checks as the catalogue's."""
    return [name_contains("x", 10), reference_ranking(dict(_REFERENCE_SAMPLE))]
