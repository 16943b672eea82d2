"""The schema keeps keys unique: every node key a statement MERGEs on is a uniqueness
constraint on Neo4j (and indexed on FalkorDB), so two racing writes cannot both create."""

import re

from graph.catalogue import texts
from graph.dialect import FALKOR, KEYED_LABELS, NEO4J, UNIQUE_PROPERTIES

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
