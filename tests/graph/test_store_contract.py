"""The store on Neo4j 5: rows as plain values, failed statements that write nothing, and units
of work that are one transaction each."""

import threading

import pytest

from graph import GraphQueryError, GraphStore, Mode, Query
from graph.errors import GraphConflict
from graph.neo4j_store import Neo4jStore


def test_rows_come_back_as_plain_dicts_with_nodes_as_property_maps(store: Neo4jStore) -> None:
    store.run(Query("CREATE (n:Probe) SET n = $props", {"props": {"id": "a", "n": 1}}, Mode.WRITE))
    rows = store.run(Query("MATCH (n:Probe {id: $id}) RETURN n, n.n AS n_value", {"id": "a"}))
    assert rows == [{"n": {"id": "a", "n": 1}, "n_value": 1}]


def test_unicode_and_list_parameters_round_trip(store: Neo4jStore) -> None:
    props = {"id": "b", "full_name": "Đặng Thị Ngọc Ánh", "languages": ["vi", "en", "ja"]}
    store.run(Query("CREATE (n:Probe) SET n = $props", {"props": props}, Mode.WRITE))
    rows = store.run(Query("MATCH (n:Probe {id: 'b'}) RETURN properties(n) AS p"))
    assert rows[0]["p"] == props


def test_schema_can_be_ensured_twice(store: Neo4jStore) -> None:
    store.ensure_schema()
    store.ensure_schema()
    store.ping()


def test_a_refused_statement_raises_graph_query_error(store: Neo4jStore) -> None:
    with pytest.raises(GraphQueryError):
        store.run(Query("MATCH (n RETURN n"))


def test_a_failed_statement_writes_nothing(store: Neo4jStore) -> None:
    bad = Query(
        "UNWIND $rows AS row CREATE (n:Probe) SET n.id = row.id, n.x = 1 / row.d",
        {"rows": [{"id": "ok", "d": 1}, {"id": "bad", "d": 0}]},
        Mode.WRITE,
    )
    with pytest.raises(GraphQueryError):
        store.run(bad)
    assert _probes(store) == []


def _probes(store: GraphStore) -> list[tuple[str, int]]:
    rows = store.run(Query("MATCH (n:Probe) RETURN n.id AS id, n.v AS v ORDER BY id"))
    return [(r["id"], r["v"]) for r in rows]


def _three_writes(tx: GraphStore) -> int:
    tx.run(Query("CREATE (:Probe {id: 'u1', v: 1})", mode=Mode.WRITE))
    # Reads its own write, which no other transaction sees yet.
    rows = tx.run(Query("MATCH (n:Probe {id: 'u1'}) SET n.v = n.v + 1 RETURN n.v AS v"))
    tx.run(Query("CREATE (:Probe {id: 'u2', v: $v})", {"v": rows[0]["v"] * 10}, Mode.WRITE))
    return int(rows[0]["v"])


def test_a_unit_of_work_lands_whole_and_reads_its_own_writes(store: Neo4jStore) -> None:
    assert store.write(_three_writes) == 2
    assert _probes(store) == [("u1", 2), ("u2", 20)]


class Crash(Exception):
    pass


@pytest.mark.parametrize("after", [0, 1, 2])
def test_a_unit_of_work_stopped_after_any_statement_leaves_nothing(
    store: Neo4jStore, after: int
) -> None:
    def crash(name: str, _: str, index: int) -> None:
        if name == "_three_writes" and index == after:
            raise Crash

    store.fault = crash
    with pytest.raises(Crash):
        store.write(_three_writes)
    store.fault = None
    assert _probes(store) == []


def test_an_error_raised_by_the_work_itself_rolls_it_back(store: Neo4jStore) -> None:
    def work(tx: GraphStore) -> None:
        tx.run(Query("CREATE (:Probe {id: 'x', v: 1})", mode=Mode.WRITE))
        raise ValueError("refused by the service")

    with pytest.raises(ValueError, match="refused by the service"):
        store.write(work)
    assert _probes(store) == []


def test_a_unit_inside_a_unit_joins_it(store: Neo4jStore) -> None:
    def outer(tx: GraphStore) -> None:
        tx.write(
            lambda inner: inner.run(Query("CREATE (:Probe {id: 'in', v: 1})", mode=Mode.WRITE))
        )
        raise Crash

    with pytest.raises(Crash):
        store.write(outer)
    assert _probes(store) == []


def test_a_duplicate_key_is_a_conflict_and_leaves_the_first(store: Neo4jStore) -> None:
    create = Query("CREATE (:Account {id: 'a1', email: $e})", {"e": "x@example.org"}, Mode.WRITE)
    store.run(create)
    with pytest.raises(GraphConflict):
        store.write(lambda tx: tx.run(create))
    assert store.run(Query("MATCH (a:Account) RETURN count(a) AS n"))[0]["n"] == 1


def test_a_deadlock_between_two_units_is_retried_until_both_land(store: Neo4jStore) -> None:
    # Each takes the two nodes' locks in the opposite order: the server breaks the deadlock by
    # failing one, and the store runs that one again.
    store.run(Query("CREATE (:Probe {id: 'a', v: 0}), (:Probe {id: 'b', v: 0})", mode=Mode.WRITE))
    both = threading.Barrier(2)

    def crossing(first: str, second: str) -> None:
        def work(tx: GraphStore) -> None:
            bump = "MATCH (n:Probe {id: $id}) SET n.v = n.v + 1"
            tx.run(Query(bump, {"id": first}, Mode.WRITE))
            if not getattr(work, "met", False):
                work.met = True  # type: ignore[attr-defined]
                both.wait(timeout=10)
            tx.run(Query(bump, {"id": second}, Mode.WRITE))

        store.write(work)

    threads = [
        threading.Thread(target=crossing, args=("a", "b")),
        threading.Thread(target=crossing, args=("b", "a")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert _probes(store) == [("a", 2), ("b", 2)]
