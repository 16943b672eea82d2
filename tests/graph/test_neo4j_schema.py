"""Neo4j's schema on a real server: what the Cypher front end cannot tell."""

import threading
from collections.abc import Iterator

import pytest

from graph import GraphQueryError, Mode, Query
from graph.neo4j_store import Neo4jStore
from graph.schema import UNIQUE_PROPERTIES
from tests.neo4j_server import Neo4jServer


@pytest.fixture
def neo4j_store(neo4j: Neo4jServer) -> Iterator[Neo4jStore]:
    store = Neo4jStore(neo4j.url, neo4j.user, neo4j.password)
    store.drop_all()
    yield store
    store.drop_all()
    store.ensure_schema()
    store.close()


def _as_an_earlier_schema_left_it(store: Neo4jStore) -> None:
    """Account.email and Token.digest as plain range indexes, named as the constraints now are."""
    for label, prop in UNIQUE_PROPERTIES:
        name = f"{label.lower()}_{prop}"
        store.run(Query(f"DROP CONSTRAINT {name} IF EXISTS", mode=Mode.WRITE))
        store.run(
            Query(
                f"CREATE RANGE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})",
                mode=Mode.WRITE,
            )
        )


def test_ensure_schema_turns_an_earlier_plain_index_on_a_key_into_a_uniqueness_constraint(
    neo4j_store: Neo4jStore,
) -> None:
    _as_an_earlier_schema_left_it(neo4j_store)
    neo4j_store.ensure_schema()
    neo4j_store.ensure_schema()
    create = "CREATE (:Account {id: $id, email: 'same@example.org'})"
    neo4j_store.run(Query(create, {"id": "a1"}, Mode.WRITE))
    with pytest.raises(GraphQueryError, match="already exists"):
        neo4j_store.run(Query(create, {"id": "a2"}, Mode.WRITE))


def _drop_schema(store: Neo4jStore) -> None:
    for row in store.run(Query("SHOW CONSTRAINTS YIELD name RETURN name")):
        store.run(Query(f"DROP CONSTRAINT {row['name']}", mode=Mode.WRITE))
    for row in store.run(Query("SHOW RANGE INDEXES YIELD name RETURN name")):
        store.run(Query(f"DROP INDEX {row['name']}", mode=Mode.WRITE))


def test_ensure_schema_run_by_processes_starting_together_succeeds_in_each(
    neo4j: Neo4jServer, neo4j_store: Neo4jStore
) -> None:
    """The API and its workers start at once on a new database, each ensuring the schema."""
    failures: list[Exception] = []

    def start() -> None:
        store = Neo4jStore(neo4j.url, neo4j.user, neo4j.password)
        try:
            store.ensure_schema()
        except GraphQueryError as exc:
            failures.append(exc)
        finally:
            store.close()

    for _ in range(5):
        _drop_schema(neo4j_store)
        starting = [threading.Thread(target=start) for _ in range(8)]
        for thread in starting:
            thread.start()
        for thread in starting:
            thread.join()
    assert failures == []
