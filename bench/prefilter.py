"""The peer a developer would write instead of an index: one Cypher statement keeps the experts
who pass the hard constraints (the must-have skills first of all) and returns what scoring
needs; Python then scores them with the same formulas, without the text evidence. Never run by
the service."""

import math
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from graph import GraphStore
from graph.query import Query
from matching.index import DAY_MS, SELF_DECLARED_TRUST, SkillGraph
from matching.models import RoleContext, RoleSpec
from matching.parts import LEADERSHIP_WORDS
from matching.profiles import RoleProfile

# From the first must-have skill's holders when there is one (the selective start a developer
# picks), from every expert otherwise.
_FROM_MUST_HAVE = """
UNWIND $first AS sid
MATCH (:Skill {id: sid})<-[h0:HAS_SKILL]-(e:Expert) WHERE h0.level >= $first_level
WITH DISTINCT e
""".strip()
_FROM_ALL = "MATCH (e:Expert)"
_PREFILTER = """
WITH e WHERE e.status = 'active' AND e.consent_match = true
  AND NOT e.id IN $rejected
  AND coalesce(e.years_experience, 0) >= $min_years
  AND all(l IN $languages WHERE l IN coalesce(e.languages, []))
  AND ($residency = 'any' OR e.residency = $residency)
  AND (size($modes) = 0 OR any(m IN coalesce(e.engagement_modes, []) WHERE m IN $modes))
WITH e, [(e)-[h:HAS_SKILL]->(s:Skill) | {id: s.id, level: h.level, source: h.source}] AS skills
WHERE all(r IN $must WHERE any(x IN skills WHERE x.id IN r.ids AND x.level >= r.min_level))
RETURN e.id AS id, coalesce(e.years_experience, 0) AS years,
  coalesce(e.engagement_modes, []) AS modes, e.available_from AS available_from,
  e.available_until AS available_until, coalesce(e.verification_grade, 0) AS grade,
  e.updated_at AS updated_at, skills,
  [(e)-[a:AFFILIATED]->(o:Organization) | {org: o.id, end: a.end_year, team: a.team_size,
     title: a.title, source: a.source}] AS affiliations,
  size([(e)-[:AUTHORED]->(:Work)<-[:AUTHORED]-(t:Expert) WHERE t.id IN $team | 1]) > 0
    AS coauthor_of_team,
  size([(e)-[:AUTHORED]->(:Work)<-[:AUTHORED]-(c:Expert)-[:AFFILIATED]->(o2:Organization)
        WHERE o2.id IN $contractors AND c <> e | 1]) > 0 AS coauthor_of_tied
""".strip()

_TEAM_ORGS = """
MATCH (t:Expert)-[:AFFILIATED]->(o:Organization) WHERE t.id IN $team
RETURN collect(DISTINCT o.id) AS orgs
""".strip()


class _Held(TypedDict):
    id: str
    level: int | None
    source: str | None


class _Tie(TypedDict):
    org: str
    end: int | None
    team: int | None
    title: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class Peer:
    """What the developer keeps between requests: the taxonomy's links."""

    skills: SkillGraph


def _trust(source: str | None) -> float:
    return SELF_DECLARED_TRUST if (source or "self_declared") == "self_declared" else 1.0


def _factors(graph: SkillGraph, skill_id: str) -> dict[str, float]:
    position = graph.position.get(skill_id)
    if position is None:
        return {}
    return {graph.ids[r.skill]: r.factor for r in reversed(graph.relations(position))}


def _skill(peer: Peer, role: RoleSpec, held: list[_Held], depth: float) -> float:
    total = sum(r.weight for r in role.requirements)
    earned = 0.0
    for requirement in role.requirements:
        factors = _factors(peer.skills, requirement.skill_id)
        best = 0.0
        for h in held:
            level = float(h["level"] or 1)
            value = factors.get(h["id"], 0.0) * (level / 5) ** depth
            value *= 1.0 if level >= requirement.min_level else 0.5
            best = max(best, value * _trust(h["source"]))
        earned += requirement.weight * best
    return earned / total if total else 0.0


def _network(row: dict[str, object], context: RoleContext, team_orgs: set[str]) -> float:
    ties: list[_Tie] = row["affiliations"]  # type: ignore[assignment]
    direct = max((_trust(a["source"]) for a in ties if a["org"] in context.contractors), default=0)
    if row["id"] in context.team or row["coauthor_of_team"]:
        direct = 1.0
    if direct:
        return direct
    colleague = max((_trust(a["source"]) for a in ties if a["org"] in team_orgs), default=0)
    return 0.5 if row["coauthor_of_tied"] else 0.5 * colleague


def _ordinal(value: object) -> int:
    return date.fromisoformat(str(value)).toordinal() if value else 0


def _features(
    peer: Peer, role: RoleSpec, profile: RoleProfile, row: dict[str, object], today: date
) -> dict[str, float]:
    held: list[_Held] = row["skills"]  # type: ignore[assignment]
    ties: list[_Tie] = row["affiliations"]  # type: ignore[assignment]
    years = float(row["years"])  # type: ignore[arg-type]
    team = max((float(a["team"] or 0) for a in ties), default=0.0)
    led = any(w in str(a["title"] or "").lower() for a in ties for w in LEADERSHIP_WORDS)
    modes: list[str] = row["modes"]  # type: ignore[assignment]
    wanted = [m.value for m in role.constraints.engagement_modes]
    if wanted:
        mode_fit = len([m for m in wanted if m in modes]) / len(wanted)
    else:
        mode_fit = 1.0 if modes else 0.5
    starts_in = _ordinal(row["available_from"]) - today.toordinal()
    until = _ordinal(row["available_until"])
    date_fit = 1.0 if starts_in <= 0 else max(0.0, 1 - starts_in / 365)
    if until and until < today.toordinal():
        date_fit = 0.0
    today_ms = (today.toordinal() - date(1970, 1, 1).toordinal()) * DAY_MS
    age_days = (today_ms - int(row["updated_at"] or 0)) / DAY_MS  # type: ignore[call-overload]
    freshness = min(1.0, max(0.0, 1 - (age_days - 365) / 365))
    confirmed = [h for h in held if _trust(h["source"]) == 1.0]
    share = len(confirmed) / len(held) if held else 0.0
    return {
        "skill": _skill(peer, role, held, profile.depth),
        "seniority": 0.4 * min(1.0, years / 25)
        + 0.4 * min(1.0, math.log1p(team) / math.log1p(100))
        + 0.2 * led,
        "availability": 0.6 * mode_fit + 0.4 * date_fit,
        "confidence": 0.5 * float(row["grade"]) / 3 + 0.3 * freshness + 0.2 * share,  # type: ignore[arg-type]
    }


def rank(
    store: GraphStore,
    peer: Peer,
    role: RoleSpec,
    context: RoleContext,
    profile: RoleProfile,
    *,
    today: date,
    k: int,
) -> list[str]:
    """The top k expert ids without the text evidence, as the index ranks them."""
    c = role.constraints
    must = [
        {"ids": [s for s, f in _factors(peer.skills, r.skill_id).items() if f >= 0.8],
         "min_level": r.min_level}
        for r in role.requirements
        if r.must
    ]  # fmt: skip
    params: dict[str, object] = {
        "rejected": context.rejected,
        "min_years": c.min_years,
        "languages": list(c.languages),
        "residency": c.residency.value,
        "modes": [m.value for m in c.engagement_modes],
        "must": must,
        "first": must[0]["ids"] if must else [],
        "first_level": must[0]["min_level"] if must else 0,
        "team": context.team,
        "contractors": context.contractors,
    }
    start = _FROM_MUST_HAVE if must else _FROM_ALL
    rows = store.run(Query(f"{start}\n{_PREFILTER}", params))
    team_orgs = set(store.run(Query(_TEAM_ORGS, {"team": context.team}))[0]["orgs"])
    conflicts = set(context.contractors) | set(c.exclude_organization_ids)
    weights = profile.weights.normalised()
    scored = []
    for row in rows:
        ties: list[_Tie] = row["affiliations"]
        current = {a["org"] for a in ties if a["end"] is None or a["end"] >= today.year}
        if current & conflicts:
            continue
        features = _features(peer, role, profile, row, today)
        features["network"] = _network(row, context, team_orgs)
        score = sum(weights[name] * value for name, value in features.items())
        scored.append((round(min(1.0, max(0.0, score)), 9), str(row["id"])))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [expert_id for _, expert_id in scored[:k]]
