"""Every statement the project sends, with sample parameters: the input of the Cypher checks.

A test records the statements actually run during the suite and fails if one is missing here.
"""

from graph.dialect import FALKOR, NEO4J
from graph.queries import (
    accounts,
    audit,
    dedupe,
    entities,
    experts,
    jobs,
    matching,
    merges,
    meta,
    reviews,
    search,
    taxonomy,
    tokens,
)
from graph.query import Query

_ROW = [{"id": "x", "props": {}}]
_LISTS = ("team", "requirements", "rejected", "languages", "modes", "conflicts", "contractors")
_NUMBERS = ("min_years", "year", "today_days", "today_ms", "total_weight", "k")
_REFERENCE_SAMPLE: dict[str, object] = {
    **{key: [] for key in (*_LISTS, "leadership_words")},
    **dict.fromkeys(_NUMBERS, 1),
    "residency": "any",
    "depth": 1.0,
    "w": dict.fromkeys(["skill", "seniority", "network", "availability", "confidence"], 0.2),
}


def data_queries() -> list[Query]:
    """The portable statements, run by both engines."""
    queries: list[Query] = []
    for entity in entities.ENTITIES:
        row = {"props": {"id": "x"}, **{link.key: _ROW for link in entity.links}}
        queries += [
            entities.create(entity, row),
            entities.replace(entity, row),
            entities.merge_nodes(entity, [{"id": "x"}]),
            *(entities.merge_links(entity, link, []) for link in entity.links),
            entities.get(entity, "x"),
            entities.page(entity, after="", limit=10),
            entities.delete(entity, "x"),
            entities.count(entity.label),
            entities.distinct_ids(entity.label),
        ]
    targets = sorted({link.target for entity in entities.ENTITIES for link in entity.links})
    queries += [entities.existing_ids(label, ["x"]) for label in targets]
    queries += [
        taxonomy.upsert_groups([]),
        taxonomy.upsert_products([]),
        taxonomy.upsert_skills([]),
        taxonomy.link_broader([]),
        taxonomy.link_groups([]),
        taxonomy.link_exact_matches([]),
        taxonomy.groups(None),
        taxonomy.group("x"),
        taxonomy.skills_page(group=None, scheme=None, after="", limit=10),
        taxonomy.skill("x"),
        taxonomy.narrower("x"),
        jobs.create({}),
        jobs.update("x", {}),
        jobs.get("x"),
        meta.ping(),
        meta.counts(),
        accounts.create({"email": "x", "id": "y"}),
        accounts.by_email("x"),
        accounts.get("x"),
        accounts.page(after="", limit=10),
        accounts.update("x", {}),
        accounts.lead("x", "y"),
        accounts.leads_programme("x", "y"),
        accounts.leads_role("x", "y"),
        accounts.for_expert("x"),
        audit.record([]),
        audit.page(before="~", limit=10, action=None, target=None, actor=None),
        entities.page_in_states(entities.EXPERT, after="", limit=10, states=["active"]),
        experts.authored_counts(["x"]),
        experts.set_props("x", {}),
        experts.verify_skills("x", [], "s"),
        experts.verify_affiliations("x", [], "s"),
        experts.verify_works("x", [], "s"),
        experts.authored_work_ids("x"),
        experts.add_authorship("x", []),
        experts.remove_authorship("x", []),
        experts.due_reminders(1, 1, 10),
        experts.status_counts(),
        experts.mark_reminded(["x"], 1),
        search.expert_cards(),
        search.skill_labels(),
        search.skill_broader(),
        search.skill_groups(),
        search.current_groups(),
        search.open_role_requirements(),
        search.name_contains("x", 10),
        search.current_cards(["x"]),
        search.pipeline_entry("x"),
        search.pipeline_move("x", None, {}, {}),
        search.pipeline_history("x"),
        search.pipeline_page(None, "", 10),
        search.pipeline_stages(),
        search.engagements(),
        dedupe.profiles(),
        dedupe.changed_since(1),
        dedupe.skill_links_of(["x"]),
        dedupe.organization_links_of(["x"]),
        dedupe.skill_links(),
        dedupe.organization_links(),
        tokens.create({}),
        tokens.find("x"),
        tokens.use("x", 1),
        reviews.create([]),
        reviews.get("x"),
        reviews.page(state=None, kind=None, after="", limit=10),
        reviews.decide("x", {}),
        merges.create({}),
        merges.get("x"),
        merges.update("x", {}),
        merges.link("x", "y"),
        merges.unlink("x", "y"),
        matching.revision("x"),
        matching.bump_revision("x", "e"),
        matching.expert_rows(),
        matching.skill_edges(),
        matching.affiliation_edges(),
        matching.authorship_edges(),
        matching.work_texts(),
        matching.skill_links(),
        matching.role_context("x"),
        matching.expert_cards(["x"]),
        matching.organization_names(["x"]),
        matching.decide("x", "y", {}),
        matching.decisions("x"),
        matching.create_run("x", {}),
        matching.add_run_candidates("x", []),
        matching.update_run("x", {}),
        matching.run("x"),
        matching.runs_of_role("x"),
        matching.run_candidates("x", after=0, limit=10),
        matching.reference_ranking(_REFERENCE_SAMPLE),
    ]
    return queries


def schema_statements() -> dict[str, list[str]]:
    return {"falkordb": FALKOR.schema_statements(), "neo4j": NEO4J.schema_statements()}


def texts() -> set[str]:
    """Every statement text, portable and schema, of both dialects."""
    found = {q.text for q in data_queries()}
    for statements in schema_statements().values():
        found.update(statements)
    return found
