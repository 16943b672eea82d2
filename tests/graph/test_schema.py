"""The schema keeps keys unique: every node key a statement MERGEs on is a uniqueness
constraint on Neo4j (and indexed on FalkorDB), so two racing writes cannot both create."""

import re

from graph import Mode, Query
from graph.catalogue import texts
from graph.dialect import FALKOR, KEYED_LABELS, NEO4J, RELATIONSHIP_TYPES, UNIQUE_PROPERTIES
from graph.falkor import FalkorStore
from graph.queries import entities
from graph.queries.matching import role_context

_MERGED_KEY = re.compile(r"MERGE \(\w+:(\w+) \{(\w+):")


def _merged_keys() -> set[tuple[str, str]]:
    return {(m.group(1), m.group(2)) for text in texts() for m in _MERGED_KEY.finditer(text)}


def test_every_merged_key_is_unique_on_neo4j() -> None:
    unique = {(label, "id") for label in KEYED_LABELS} | set(UNIQUE_PROPERTIES)
    merged = _merged_keys()
    # The check sees the statements, the resources' upserts included.
    assert {("Account", "email"), ("PipelineEntry", "id"), ("Expert", "id")} <= merged
    assert merged - unique == set()
    statements = "\n".join(NEO4J.schema_statements())
    for label, prop in unique:
        assert f"FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE" in statements


def test_every_unique_key_is_indexed_on_falkordb() -> None:
    statements = set(FALKOR.schema_statements())
    for label, prop in [(label, "id") for label in KEYED_LABELS] + list(UNIQUE_PROPERTIES):
        assert f"CREATE INDEX FOR (n:{label}) ON (n.{prop})" in statements


def test_every_relationship_type_a_statement_names_is_made_known_at_start() -> None:
    named = {
        name
        for text in texts()
        for m in re.finditer(r"\[\w*:([A-Z_|]+)", text)
        for name in m.group(1).split("|")
    }
    assert {"DECIDED", "HAS_ROLE"} <= named
    assert named <= set(RELATIONSHIP_TYPES)


def test_a_statement_first_run_before_its_relationships_exist_sees_them_later(
    server_db: object,
) -> None:
    store = FalkorStore(server_db, "schema_types")
    store.drop_all()
    store.ensure_schema()
    try:
        setup = "CREATE (:Programme {id: 'p'})-[:HAS_ROLE]->(:Role {id: 'r'}), (:Expert {id: 'e'})"
        store.run(Query(setup, mode=Mode.WRITE))
        assert store.run(role_context("r"))[0]["rejected"] == []
        decide = (
            "MATCH (r:Role {id: 'r'}), (e:Expert {id: 'e'})\n"
            "CREATE (r)-[:DECIDED {decision: 'rejected'}]->(e)"
        )
        store.run(Query(decide, mode=Mode.WRITE))
        assert store.run(role_context("r"))[0]["rejected"] == ["e"]
        assert store.run(Query("MATCH (n:SchemaProbe) RETURN count(n) AS n"))[0]["n"] == 0
    finally:
        store.drop_all()


# A pattern comprehension that binds a relationship variable: `[(a)-[r:TYPE]->(b) ...`.
_COMPREHENDED_RELATIONSHIP = re.compile(r"\[\s*\(\w*\)[^|\]]*?-\[\w+:[A-Z_|]+")


def test_no_statement_reads_a_relationship_inside_a_pattern_comprehension() -> None:
    offenders = [text for text in texts() if _COMPREHENDED_RELATIONSHIP.search(text)]
    assert _COMPREHENDED_RELATIONSHIP.search("RETURN [(r)-[d:DECIDED]->(x) | d.at] AS a")
    assert offenders == []


def test_decisions_and_links_made_after_a_statement_first_ran_show_on_an_unprepared_graph(
    server_db: object,
) -> None:
    """A graph deleted and written again under a running service (as `seed --fresh` does)
    has not learnt the relationship types yet; plans cached then must still see them."""
    store = FalkorStore(server_db, "schema_unprepared")
    store.drop_all()
    try:
        setup = (
            "CREATE (:Programme {id: 'p'})-[:HAS_ROLE]->(:Role {id: 'r'}), (:Expert {id: 'e'}),\n"
            "  (:Skill {id: 's'})"
        )
        store.run(Query(setup, mode=Mode.WRITE))
        assert store.run(role_context("r"))[0]["rejected"] == []
        assert store.run(entities.get(entities.EXPERT, "e"))[0]["skills"] == []
        writes = (
            "MATCH (r:Role {id: 'r'}), (e:Expert {id: 'e'}), (s:Skill {id: 's'})\n"
            "CREATE (r)-[:DECIDED {decision: 'rejected'}]->(e),\n"
            "  (e)-[:HAS_SKILL {level: 4}]->(s)"
        )
        store.run(Query(writes, mode=Mode.WRITE))
        assert store.run(role_context("r"))[0]["rejected"] == ["e"]
        skills = store.run(entities.get(entities.EXPERT, "e"))[0]["skills"]
        assert skills == [{"id": "s", "props": {"level": 4}}]
    finally:
        store.drop_all()
