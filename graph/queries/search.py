"""What the search index reads, and the current state of one result page's experts."""

from graph.query import Query


def skill_labels() -> Query:
    text = (
        "MATCH (s:Skill)\n"
        "RETURN s.id AS id, s.label_en AS en, s.label_vi AS vi, s.aliases AS aliases"
    )
    return Query(text)


def skill_groups() -> Query:
    """The skills that define the groups of the decision in force: a cross-cutting skill
    (leadership, policy) is listed under many groups but places an expert in none."""
    text = (
        "MATCH (s:Skill)-[:IN_GROUP]->(g:TechGroup)\n"
        "WHERE g.current AND NOT coalesce(s.cross_cutting, false)\n"
        "RETURN s.id AS skill, g.id AS grp"
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
