"""What waits for each kind of user, read for their start page: open reviews, pipeline next
actions that are due, roles still without candidates, and a lead's roles with their counts."""

from graph.query import Query


def open_reviews() -> Query:
    """Open reviews by kind: how many, and when the oldest was opened."""
    text = (
        "MATCH (r:Review {state: 'open'})\n"
        "RETURN r.kind AS kind, count(r) AS n, min(r.created_at) AS oldest ORDER BY kind"
    )
    return Query(text)


def due_actions(today: str, limit: int) -> Query:
    """Pipeline entries whose next action is due by `today` (an ISO date), earliest first,
    with the expert's name."""
    text = (
        "MATCH (p:PipelineEntry) WHERE p.stage IS NOT NULL AND p.next_action_on IS NOT NULL\n"
        "  AND p.next_action_on <= $today\n"
        "OPTIONAL MATCH (e:Expert {id: p.id})\n"
        "WITH p, e ORDER BY p.next_action_on, p.id LIMIT $limit\n"
        "RETURN p.id AS expert_id, e.full_name AS name, p.stage AS stage,\n"
        "  p.next_action_on AS due_on, coalesce(p.next_action, '') AS action,\n"
        "  p.owner_id AS owner_id"
    )
    return Query(text, {"today": today, "limit": limit})


def count_due_actions(today: str) -> Query:
    text = (
        "MATCH (p:PipelineEntry) WHERE p.stage IS NOT NULL AND p.next_action_on IS NOT NULL\n"
        "  AND p.next_action_on <= $today\n"
        "RETURN count(p) AS n, sum(CASE WHEN p.next_action_on < $today THEN 1 ELSE 0 END)"
        " AS overdue"
    )
    return Query(text, {"today": today})


# A role's figures: its programme, how many candidates its latest finished run found (null:
# never matched), when that run finished, and how many experts are shortlisted for it.
_ROLE_FIGURES = (
    "OPTIONAL MATCH (r)-[:HAS_RUN]->(m:MatchRun) WHERE m.state = 'succeeded'\n"
    "WITH p, r, m ORDER BY m.finished_at DESC\n"
    "WITH p, r, collect(m)[0] AS latest\n"
    "OPTIONAL MATCH (r)-[d:DECIDED {decision: 'shortlisted'}]->(:Expert)\n"
    "WITH p, r, latest, count(d) AS shortlisted\n"
    "RETURN r.id AS role_id, r.title AS title, r.headcount AS headcount,\n"
    "  p.id AS programme_id, p.name AS programme,\n"
    "  latest.candidates AS candidates, latest.finished_at AS matched_at,\n"
    "  shortlisted\n"
)


def lead_roles(lead_id: str) -> Query:
    """The roles of the programmes `lead_id` leads that are not closed, with their figures."""
    text = (
        "MATCH (:Account {id: $lead})-[:LEADS]->(p:Programme)-[:HAS_ROLE]->(r:Role)\n"
        "WHERE coalesce(p.status, 'planned') <> 'closed'\n"
        + _ROLE_FIGURES
        + "ORDER BY programme, title, role_id"
    )
    return Query(text, {"lead": lead_id})


def roles_without_candidates(limit: int) -> Query:
    """Roles of programmes not closed that no finished run found a candidate for and no one is
    shortlisted for, oldest first, with their figures."""
    text = (
        "MATCH (p:Programme)-[:HAS_ROLE]->(r:Role)\n"
        "WHERE coalesce(p.status, 'planned') <> 'closed'\n"
        "  AND NOT EXISTS { (r)-[:DECIDED {decision: 'shortlisted'}]->(:Expert) }\n"
        "  AND NOT EXISTS { (r)-[:HAS_RUN]->(m:MatchRun) WHERE m.candidates > 0 }\n"
        "WITH p, r ORDER BY r.created_at, r.id LIMIT $limit\n" + _ROLE_FIGURES
    )
    return Query(text, {"limit": limit})


def count_roles_without_candidates() -> Query:
    text = (
        "MATCH (p:Programme)-[:HAS_ROLE]->(r:Role)\n"
        "WHERE coalesce(p.status, 'planned') <> 'closed'\n"
        "  AND NOT EXISTS { (r)-[:DECIDED {decision: 'shortlisted'}]->(:Expert) }\n"
        "  AND NOT EXISTS { (r)-[:HAS_RUN]->(m:MatchRun) WHERE m.candidates > 0 }\n"
        "RETURN count(r) AS n"
    )
    return Query(text)
