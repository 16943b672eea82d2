"""One suite for every backend: embedded FalkorDB always, Neo4j with TALENT_TEST_NEO4J_URL."""

import os
from collections.abc import Iterator

import pytest

from graph import GraphQueryError, GraphStore, Mode, Query
from graph.falkor import FalkorStore
from graph.neo4j_store import Neo4jStore


@pytest.fixture(params=["falkordb", "neo4j"])
def backend(request: pytest.FixtureRequest, server_db: object) -> Iterator[GraphStore]:
    store: GraphStore
    if request.param == "falkordb":
        store = FalkorStore(server_db, "contract")
    else:
        url = os.environ.get("TALENT_TEST_NEO4J_URL")
        if not url:
            pytest.skip("TALENT_TEST_NEO4J_URL is not set")
        store = Neo4jStore(
            url,
            os.environ.get("TALENT_TEST_NEO4J_USER", "neo4j"),
            os.environ.get("TALENT_TEST_NEO4J_PASSWORD", ""),
        )
    store.drop_all()
    store.ensure_schema()
    yield store
    store.drop_all()
    store.close()


def test_rows_come_back_as_plain_dicts_with_nodes_as_property_maps(backend: GraphStore) -> None:
    backend.run(
        Query("CREATE (n:Expert) SET n = $props", {"props": {"id": "a", "n": 1}}, Mode.WRITE)
    )
    rows = backend.run(Query("MATCH (n:Expert {id: $id}) RETURN n, n.n AS n_value", {"id": "a"}))
    assert rows == [{"n": {"id": "a", "n": 1}, "n_value": 1}]


def test_unicode_and_list_parameters_round_trip(backend: GraphStore) -> None:
    props = {"id": "b", "full_name": "Đặng Thị Ngọc Ánh", "languages": ["vi", "en", "ja"]}
    backend.run(Query("CREATE (n:Expert) SET n = $props", {"props": props}, Mode.WRITE))
    rows = backend.run(Query("MATCH (n:Expert {id: 'b'}) RETURN properties(n) AS p"))
    assert rows[0]["p"] == props


def test_schema_can_be_ensured_twice(backend: GraphStore) -> None:
    backend.ensure_schema()
    backend.ensure_schema()
    backend.ping()


def test_a_refused_statement_raises_graph_query_error(backend: GraphStore) -> None:
    with pytest.raises(GraphQueryError):
        backend.run(Query("MATCH (n RETURN n"))


def test_a_failed_statement_writes_nothing(backend: GraphStore) -> None:
    bad = Query(
        "UNWIND $rows AS row CREATE (n:Expert) SET n.id = row.id, n.x = 1 / row.d",
        {"rows": [{"id": "ok", "d": 1}, {"id": "bad", "d": 0}]},
        Mode.WRITE,
    )
    with pytest.raises(GraphQueryError):
        backend.run(bad)
    assert backend.run(Query("MATCH (n:Expert) RETURN count(n) AS n"))[0]["n"] == 0
