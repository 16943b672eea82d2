"""One suite for every backend: embedded FalkorDB, and Neo4j 5 (TALENT_TEST_NEO4J_URL, else the
test server that `make install` builds)."""

from collections.abc import Iterator

import pytest

from graph import GraphQueryError, GraphStore, Mode, Query
from graph.falkor import FalkorStore
from graph.intents import recover
from graph.neo4j_store import Neo4jStore
from graph.unit import Step, UnitOfWork, UnitRefused
from tests.neo4j_server import Neo4jServer


@pytest.fixture(params=["falkordb", "neo4j"])
def backend(request: pytest.FixtureRequest, server_db: object) -> Iterator[GraphStore]:
    store: GraphStore
    if request.param == "falkordb":
        store = FalkorStore(server_db, "contract")
    else:
        # Only a Neo4j test asks for the server, so a FalkorDB-only run starts no JVM.
        server: Neo4jServer = request.getfixturevalue("neo4j")
        store = Neo4jStore(server.url, server.user, server.password)
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


def _probe_unit(*, check: int | None = None) -> UnitOfWork:
    steps = [
        Step(Query("CREATE (:Expert {id: 'u1', v: 1})", {}, Mode.WRITE)),
        Step(Query("MATCH (n:Expert {id: 'u1'}) SET n.v = n.v + 1", {}, Mode.WRITE)),
        Step(Query("CREATE (:Expert {id: 'u2', v: 7})", {}, Mode.WRITE)),
    ]
    if check is not None:
        text = "MATCH (c:Expert {id: 'c'}) WHERE c.v = $v\nRETURN c.id AS id"
        steps.insert(0, Step(Query(text, {"v": check}, Mode.WRITE), required=True))
    return UnitOfWork("probe", ("Expert:u1",), tuple(steps))


def _probes(store: GraphStore) -> list[tuple[str, int]]:
    rows = store.run(Query("MATCH (n:Expert) RETURN n.id AS id, n.v AS v ORDER BY id"))
    return [(r["id"], r["v"]) for r in rows]


def test_a_unit_applies_all_its_statements_or_none(backend: GraphStore) -> None:
    backend.run(Query("CREATE (:Expert {id: 'c', v: 1})", {}, Mode.WRITE))
    with pytest.raises(UnitRefused):
        backend.commit(_probe_unit(check=2))
    assert _probes(backend) == [("c", 1)]
    backend.commit(_probe_unit(check=1))
    assert _probes(backend) == [("c", 1), ("u1", 2), ("u2", 7)]


def test_a_unit_crashed_part_way_ends_before_or_after_once_recovered(
    backend: GraphStore,
) -> None:
    class Crash(Exception):
        pass

    def crash(unit: UnitOfWork, index: int) -> None:
        if index == 1:
            raise Crash

    assert isinstance(backend, FalkorStore | Neo4jStore)
    backend.fault = crash
    with pytest.raises(Crash):
        backend.commit(_probe_unit())
    backend.fault = None
    if isinstance(backend, FalkorStore):
        recover(backend.run, now=2**62)  # as the next start would once the lease ran out
    assert _probes(backend) in ([], [("u1", 2), ("u2", 7)])
