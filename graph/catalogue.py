"""Every statement the project sends, with sample parameters: the input of the Cypher checks.

A test records the statements actually run during the suite and fails if one is missing here.
"""

from graph.dialect import FALKOR, NEO4J
from graph.queries import (
    accounts,
    audit,
    changes,
    entities,
    experts,
    insights,
    jobs,
    matching,
    merges,
    meta,
    outbox,
    pipeline,
    reviews,
    search,
    taxonomy,
    tokens,
)
from graph.query import Query

_ROW = [{"id": "x", "props": {}}]


_CHANGE = {"entity": "Expert", "ref": "x", "kind": "updated"}


def _recorded(query: Query) -> Query:
    return changes.recorded(query, [{"no": 0, "id": "0", "changes": [_CHANGE]}], epoch="e", at=1)


def _entities() -> list[Query]:
    queries: list[Query] = []
    for entity in entities.ENTITIES:
        row = {"props": {"id": "x"}, **{link.key: _ROW for link in entity.links}}
        queries += [
            entities.create(entity, row),
            entities.replace(entity, row),
            entities.merge_nodes(entity, [{"id": "x"}]),
            *(entities.merge_links(entity, link, []) for link in entity.links),
            _recorded(entities.merge_nodes(entity, [{"id": "x"}])),
            *(_recorded(entities.merge_links(entity, link, [])) for link in entity.links),
            entities.get(entity, "x"),
            entities.page(entity, after="", limit=10),
            entities.delete(entity, "x"),
            *([entities.owned_counts(entity, "x")] if entity.owns else []),
            entities.count(entity.label),
            entities.distinct_ids(entity.label),
        ]
    targets = sorted({link.target for entity in entities.ENTITIES for link in entity.links})
    queries += [entities.existing_ids(label, ["x"]) for label in targets]
    queries.append(entities.page_in_states(entities.EXPERT, after="", limit=10, states=["active"]))
    queries.append(entities.page_held(entities.ROLE, parent="x", after="", limit=10))
    queries += [
        entities.page_owned(entity, owner="x", after="", limit=10)
        for entity in entities.ENTITIES
        if entity.label in entities.OWNED_BY
    ]
    return queries


def _taxonomy() -> list[Query]:
    return [
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
    ]


def _accounts() -> list[Query]:
    return [
        accounts.create({"email": "x", "id": "y"}),
        accounts.by_email("x"),
        accounts.get("x"),
        accounts.page(after="", limit=10),
        accounts.update("x", {}),
        accounts.lead("x", "y"),
        accounts.leads_programme("x", "y"),
        accounts.leads_role("x", "y"),
        accounts.for_expert("x"),
        accounts.deactivate("x", 1),
        accounts.reactivate("x", 1),
        accounts.create_pending({"id": "x"}),
        accounts.extend_pending("x", 1),
        accounts.purge_expired(1),
        accounts.awaiting_link("x", 1),
        accounts.owners("x", "y"),
        tokens.create({}),
        tokens.find("x"),
        tokens.redeem("x", 1, "y"),
        tokens.reset_password("x", 1, "y"),
    ]


def _experts() -> list[Query]:
    return [
        experts.authored_counts(["x"]),
        experts.set_props("x", {}),
        experts.verify_skills("x", [], "s"),
        experts.verify_affiliations("x", [], "s"),
        experts.verify_works("x", [], "s"),
        experts.authored_work_ids("x"),
        experts.unchanged([]),
        experts.add_authorship("x", []),
        experts.remove_authorship("x", []),
        experts.due_reminders(1, 1, 10),
        experts.status_counts(),
        experts.mark_reminded(["x"], 1),
    ]


def _duplicates_and_reviews() -> list[Query]:
    return [
        reviews.create([]),
        reviews.get("x"),
        reviews.page(state=None, kind=None, after="", limit=10),
        reviews.decide("x", {}),
        merges.create({}),
        merges.get("x"),
        merges.update("x", {}),
        merges.link("x", "y"),
        merges.unlink("x", "y"),
        merges.still_merged("x"),
        reviews.still_open("x"),
        outbox.add({}),
        outbox.get("x"),
        outbox.claim("x", 0, 1),
        outbox.sent("x", 0),
        outbox.attempt_failed("x", "", 0, False),
        outbox.pending(0, 0, 10),
        outbox.count_pending(None),
    ]


def _search_insights_pipeline() -> list[Query]:
    return [
        search.skill_labels(),
        search.skill_groups(),
        search.current_cards(["x"]),
        insights.current_groups(),
        insights.open_role_requirements(),
        pipeline.pipeline_entry("x"),
        pipeline.pipeline_move("x", None, {}, {}),
        pipeline.pipeline_history("x"),
        pipeline.pipeline_page(None, "", 10),
        pipeline.pipeline_stages(),
        pipeline.engagements(),
    ]


def _matching() -> list[Query]:
    return [
        matching.expert_rows(),
        matching.skill_edges(),
        matching.affiliation_edges(),
        matching.authorship_edges(),
        matching.work_texts(),
        matching.expert_rows(["x"]),
        matching.skill_edges(["x"]),
        matching.affiliation_edges(["x"]),
        matching.authorship_edges(["x"]),
        matching.work_texts(["x"]),
        matching.authors_of(["x"]),
        matching.skill_links(),
        matching.role_context("x"),
        matching.expert_cards(["x"]),
        matching.organization_names(["x"]),
        matching.decide("x", "y", {}),
        matching.decisions("x"),
        matching.create_run("x", {}),
        matching.add_run_candidates("x", []),
        matching.clear_run_candidates("x"),
        matching.update_run("x", {}),
        matching.run("x"),
        matching.runs_of_role("x"),
        matching.run_candidates("x", after=0, limit=10),
    ]


def _platform() -> list[Query]:
    return [
        jobs.create({}),
        jobs.update("x", {}),
        jobs.get("x"),
        jobs.claim("x", 1, {}),
        jobs.beat("x", 1),
        jobs.stale(["running"], 1, 10),
        jobs.settle_stale("x", "running", 1, {}),
        jobs.tick("x", 1),
        jobs.last_tick("x"),
        meta.ping(),
        meta.counts(),
        audit.record([]),
        audit.page(before="~", limit=10, action=None, target=None, actor=None),
        changes.record(
            [
                {
                    "no": 0,
                    "id": "0",
                    "changes": [{"entity": "Expert", "ref": "x", "kind": "updated"}],
                }
            ],
            epoch="e",
            at=1,
        ),
        changes.heads(),
        changes.since(0, 0, 10),
        changes.last_before(0, 1),
        changes.trim(0, 10, 100),
    ]


def data_queries() -> list[Query]:
    """The portable statements, run by both engines."""
    return [
        *_entities(),
        *_taxonomy(),
        *_accounts(),
        *_experts(),
        *_duplicates_and_reviews(),
        *_search_insights_pipeline(),
        *_matching(),
        *_platform(),
    ]


def schema_statements() -> dict[str, list[str]]:
    neo4j = NEO4J.schema_statements()
    if NEO4J.plain_indexes_on_keys is not None:
        neo4j.append(NEO4J.plain_indexes_on_keys)
    return {"falkordb": FALKOR.schema_statements(), "neo4j": neo4j}


def texts() -> set[str]:
    """Every statement text, portable and schema, of both dialects."""
    found = {q.text for q in data_queries()}
    for statements in schema_statements().values():
        found.update(statements)
    return found
