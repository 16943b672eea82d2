"""The two engines answer alike: the same seeded workload (demo data, then registrations, a
merge and an undo, lead decisions, pipeline moves and a match run through the services) on
FalkorDB and on Neo4j, then every read statement of the catalogue run on both with the same
parameters, taken from the data, and their rows compared: in order where the statement orders
them, as multisets where it does not."""

from collections.abc import Iterator
from typing import Any

import pytest

from api.store import prepare
from graph.catalogue import data_queries
from graph.falkor import FalkorStore
from graph.neo4j_store import Neo4jStore
from graph.query import Mode
from tests.conftest import CataloguedStore
from tests.graph.differential_reads import ordered, parameters, read_queries, rows_of
from tests.graph.differential_workload import reproducible, run_workload
from tests.neo4j_server import Neo4jServer

GRAPH = "talent_differential"


@pytest.fixture
def engines(server_db: object, neo4j: Neo4jServer) -> Iterator[dict[str, CataloguedStore]]:
    falkor = FalkorStore(server_db, GRAPH)
    graph_neo4j = Neo4jStore(neo4j.url, neo4j.user, neo4j.password)
    yield {"falkordb": CataloguedStore(falkor), "neo4j": CataloguedStore(graph_neo4j)}
    falkor.drop_all()
    graph_neo4j.drop_all()
    graph_neo4j.close()


def _seeded(store: CataloguedStore) -> dict[str, Any]:
    with reproducible():
        # The taxonomy's first write creates the revision counter: from here on too.
        store.drop_all()
        prepare(store)
        workload = run_workload(store)
    return parameters(store, workload.ids)


def _difference(name: str, left: list[Any], right: list[Any]) -> str:
    only_left = [row for row in left if row not in right][:2]
    only_right = [row for row in right if row not in left][:2]
    return (
        f"{name}\n  rows {len(left)} vs {len(right)}\n"
        f"  falkordb only: {only_left}\n  neo4j only: {only_right}"
    )


def test_every_read_statement_answers_alike_on_both_engines_after_one_workload(
    engines: dict[str, CataloguedStore],
) -> None:
    found = {name: _seeded(store) for name, store in engines.items()}
    assert found["falkordb"] == found["neo4j"], "the workload itself answered differently"
    queries = read_queries(found["falkordb"])
    catalogued = {q.text for q in data_queries() if q.mode is Mode.READ}
    assert {q.text for q in queries} == catalogued, "a read statement is left out"
    differences: list[str] = []
    empty: list[str] = []
    for query in queries:
        falkor = rows_of(query, engines["falkordb"].run(query))
        neo4j = rows_of(query, engines["neo4j"].run(query))
        if not falkor:
            empty.append(query.text.replace("\n", " ")[:100])
        if falkor != neo4j:
            order = "in order" if ordered(query.text) else "as multisets"
            differences.append(_difference(f"{query.text}\n  ({order})", falkor, neo4j))
    compared = f"{len(queries)} read statements compared, {len(queries) - len(empty)} with rows"
    print(f"\n{compared}; without: {empty}")
    assert not differences, "\n\n".join(differences)
    # Two empty answers agree whatever the statement does: each must find something.
    assert not empty, empty
