"""What the search index, the capability map and the attraction pipeline read and write."""

from typing import Any

from graph.query import Mode, Query


def expert_cards() -> Query:
    """Every field search filters, ranks or shows; skills come from the edge scan."""
    text = (
        "MATCH (e:Expert)\n"
        "RETURN e.id AS id, e.full_name AS name, e.status AS status,\n"
        "  e.consent_match AS consent_match,\n"
        "  e.country AS country, e.residency AS residency, e.diaspora AS diaspora,\n"
        "  e.engagement_modes AS modes, e.languages AS languages,\n"
        "  e.verification_grade AS grade, e.headline AS headline"
    )
    return Query(text)


def skill_labels() -> Query:
    text = (
        "MATCH (s:Skill)\n"
        "RETURN s.id AS id, s.label_en AS en, s.label_vi AS vi, s.aliases AS aliases"
    )
    return Query(text)


def skill_broader() -> Query:
    return Query("MATCH (s:Skill)-[:BROADER]->(b:Skill)\nRETURN s.id AS skill, b.id AS broader")


def skill_groups() -> Query:
    """Skills in the groups of the decision in force."""
    text = (
        "MATCH (s:Skill)-[:IN_GROUP]->(g:TechGroup) WHERE g.current\n"
        "RETURN s.id AS skill, g.id AS grp"
    )
    return Query(text)


def current_groups() -> Query:
    text = (
        "MATCH (g:TechGroup) WHERE g.current\n"
        "RETURN g.id AS id, g.no AS no, g.name_en AS name_en, g.name_vi AS name_vi\n"
        "ORDER BY no"
    )
    return Query(text)


def open_role_requirements() -> Query:
    """Skills required by the roles of programmes not yet closed: the demand."""
    text = (
        "MATCH (p:Programme)-[:HAS_ROLE]->(r:Role)-[:REQUIRES]->(s:Skill)\n"
        "WHERE p.status IN ['planned', 'active']\n"
        "RETURN r.id AS role, s.id AS skill"
    )
    return Query(text)


def name_contains(text_folded: str, limit: int) -> Query:
    """The naive name search the index is measured against: a substring scan."""
    text = (
        "MATCH (e:Expert) WHERE e.status = 'active' AND e.name_folded CONTAINS $q\n"
        "RETURN e.id AS id ORDER BY id LIMIT $limit"
    )
    return Query(text, {"q": text_folded, "limit": limit})


def pipeline_entry(expert_id: str) -> Query:
    text = "MATCH (p:PipelineEntry {id: $id})\nRETURN properties(p) AS entry"
    return Query(text, {"id": expert_id})


def pipeline_move(
    expert_id: str, expected: str | None, entry: dict[str, Any], change: dict[str, Any]
) -> Query:
    """Moves the expert to a stage if it is still at `expected` (none: not yet in the pipeline);
    no row when another move came first."""
    text = (
        "MATCH (e:Expert {id: $id})\n"
        "MERGE (p:PipelineEntry {id: $id})\n"
        "ON CREATE SET p.stage = null\n"
        "WITH e, p WHERE ($expected IS NULL AND p.stage IS NULL) OR p.stage = $expected\n"
        "SET p += $entry\n"
        "CREATE (c:StageChange)\n"
        "SET c = $change\n"
        "RETURN properties(p) AS entry"
    )
    params = {"id": expert_id, "expected": expected, "entry": entry, "change": change}
    return Query(text, params, Mode.WRITE)


def pipeline_history(expert_id: str) -> Query:
    text = (
        "MATCH (c:StageChange {expert_id: $id})\nRETURN properties(c) AS change ORDER BY change.id"
    )
    return Query(text, {"id": expert_id})


def pipeline_page(stage: str | None, after: str, limit: int) -> Query:
    text = (
        "MATCH (p:PipelineEntry) WHERE p.id > $after AND ($stage IS NULL OR p.stage = $stage)\n"
        "WITH p ORDER BY p.id LIMIT $limit\n"
        "RETURN properties(p) AS entry"
    )
    return Query(text, {"stage": stage, "after": after, "limit": limit})


def pipeline_stages() -> Query:
    return Query("MATCH (p:PipelineEntry)\nRETURN p.id AS expert, p.stage AS stage")


def engagements() -> Query:
    """Each move to `engaged`, with its date: the KPI's trend."""
    text = (
        "MATCH (c:StageChange {to: 'engaged'})\n"
        "RETURN c.expert_id AS expert, c.at AS at ORDER BY at"
    )
    return Query(text)


def current_cards(ids: list[str]) -> Query:
    """What may have changed since the index was built, for the experts of one result page."""
    text = (
        "MATCH (e:Expert) WHERE e.id IN $ids\n"
        "RETURN e.id AS id, e.full_name AS name, e.headline AS headline, e.status AS status,\n"
        "  e.consent_match AS consent_match, e.consent_contact AS consent_contact,\n"
        "  e.emails AS emails, e.visibility_emails AS emails_visibility"
    )
    return Query(text, {"ids": ids})
