"""The schema keeps keys unique: every node key a statement MERGEs on is a uniqueness
constraint on Neo4j (and indexed on FalkorDB), so two racing writes cannot both create."""

import re

from graph import Mode, Query
from graph.catalogue import texts
from graph.dialect import FALKOR, KEYED_LABELS, NEO4J, RELATIONSHIP_TYPES, UNIQUE_PROPERTIES
from graph.falkor import FalkorStore
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
