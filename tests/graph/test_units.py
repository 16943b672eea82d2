"""Units of work on the embedded engine: a crash after any step ends, once recovered, exactly
as if the unit had run whole; a refused precondition writes nothing."""

from collections.abc import Iterator

import pytest

from graph import Mode, Query
from graph.falkor import FalkorStore
from graph.intents import recover
from graph.unit import Step, UnitBusy, UnitOfWork, UnitRefused, strip_return

COUNT = "MATCH (n:UnitProbe) RETURN n.name AS name, n.v AS v ORDER BY name"


class Crash(Exception):
    pass


@pytest.fixture
def falkor(server_db: object) -> Iterator[FalkorStore]:
    """Intents are the embedded engine's units (Neo4j's are transactions: see
    tests/graph/test_store_contract.py), on a graph of their own."""
    store = FalkorStore(server_db, "units")
    store.drop_all()
    store.ensure_schema()
    yield store
    store.fault = None
    store.drop_all()


def _state(store: FalkorStore) -> list[tuple[str, int]]:
    return [(r["name"], r["v"]) for r in store.run(Query(COUNT))]


def _unit(*, check_v: int | None = None) -> UnitOfWork:
    steps = [
        Step(Query("CREATE (n:UnitProbe {name: $n, v: 1})\nRETURN n", {"n": "a"}, Mode.WRITE)),
        Step(Query("MATCH (n:UnitProbe {name: 'a'}) SET n.v = n.v + 1", {}, Mode.WRITE)),
        Step(Query("CREATE (:UnitProbe {name: $n, v: 7})", {"n": "b"}, Mode.WRITE)),
    ]
    if check_v is not None:
        check = "MATCH (c:UnitProbe {name: 'c'}) WHERE c.v = $v\nRETURN c"
        steps.insert(0, Step(Query(check, {"v": check_v}, Mode.WRITE), required=True))
    return UnitOfWork(name="probe", keys=("probe:a",), steps=tuple(steps))


AFTER = [("a", 2), ("b", 7)]


@pytest.mark.parametrize("crash_after", [0, 1, 2])
def test_a_unit_interrupted_after_any_step_is_finished_by_recovery(
    falkor: FalkorStore, crash_after: int
) -> None:
    def fault(unit: UnitOfWork, index: int) -> None:
        if index == crash_after:
            raise Crash

    falkor.fault = fault
    with pytest.raises(Crash):
        falkor.commit(_unit())
    falkor.fault = None
    # Until the lease of the dead unit runs out, recovery leaves it to its owner.
    assert falkor.recover() == 0
    assert recover(falkor.run, now=_far_future()) == 1
    assert _state(falkor) == AFTER
    assert recover(falkor.run, now=_far_future()) == 0


def test_a_unit_applies_every_step_and_leaves_no_intent(falkor: FalkorStore) -> None:
    falkor.commit(_unit())
    assert _state(falkor) == AFTER
    assert falkor.run(Query("MATCH (u:UnitOfWork) RETURN count(u) AS n"))[0]["n"] == 0


def test_a_refused_precondition_writes_nothing(falkor: FalkorStore) -> None:
    falkor.run(Query("CREATE (:UnitProbe {name: 'c', v: 1})", {}, Mode.WRITE))
    with pytest.raises(UnitRefused) as refused:
        falkor.commit(_unit(check_v=2))
    assert refused.value.step == 0
    assert _state(falkor) == [("c", 1)]
    falkor.commit(_unit(check_v=1))
    assert _state(falkor) == [*AFTER, ("c", 1)]


def test_a_replayed_unit_whose_precondition_failed_meanwhile_is_abandoned(
    falkor: FalkorStore,
) -> None:
    falkor.run(Query("CREATE (:UnitProbe {name: 'c', v: 1})", {}, Mode.WRITE))

    def fault(unit: UnitOfWork, index: int) -> None:
        raise Crash

    falkor.fault = fault
    with pytest.raises(Crash):
        falkor.commit(_unit(check_v=1))
    falkor.fault = None
    assert recover(falkor.run, now=_far_future()) == 1
    assert _state(falkor) == [*AFTER, ("c", 1)]


def test_a_unit_waits_on_a_key_a_dead_unit_holds_until_its_lease_ends(
    falkor: FalkorStore,
) -> None:
    def fault(unit: UnitOfWork, index: int) -> None:
        if index == 0:
            raise Crash

    falkor.fault = fault
    with pytest.raises(Crash):
        falkor.commit(_unit())
    falkor.fault = None
    other = UnitOfWork(
        name="other",
        keys=("probe:a",),
        steps=(Step(Query("CREATE (:UnitProbe {name: 'z', v: 0})", {}, Mode.WRITE)),),
    )
    with pytest.raises(UnitBusy):
        falkor.commit(other)
    assert _state(falkor) == [("a", 1)]
    assert recover(falkor.run, now=_far_future()) == 1
    falkor.commit(other)
    assert _state(falkor) == [*AFTER, ("z", 0)]


def test_a_step_loses_only_its_final_return_clause() -> None:
    text = "MATCH (n)\nWITH n\nRETURN n.id AS id"
    assert strip_return(text) == "MATCH (n)\nWITH n"
    assert strip_return("CREATE (n)") == "CREATE (n)"


def _far_future() -> int:
    return 2**62
