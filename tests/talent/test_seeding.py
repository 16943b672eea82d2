"""The bulk import path: idempotent, equivalent to single writes, every record once."""

import pytest

from graph.neo4j_store import Neo4jStore
from graph.queries import entities
from talent.core.errors import Conflict
from talent.demo.generator import DemoGenerator
from talent.demo.seeding import seed_demo
from talent.experts.resource import EXPERT
from talent.resources.catalog import ORGANIZATION, WORK
from talent.resources.repository import ResourceRepository


def _demo(store: Neo4jStore, count: int) -> tuple[ResourceRepository, list[str]]:
    generator = DemoGenerator(5)
    ResourceRepository(store, ORGANIZATION).upsert_many(generator.organizations(), stamp=1)
    batch = list(generator.experts(count))
    experts = ResourceRepository(store, EXPERT)
    experts.upsert_many([(d.id, d.expert) for d in batch], stamp=1)
    ResourceRepository(store, WORK).upsert_many([w for d in batch for w in d.works], stamp=1)
    return experts, [d.id for d in batch]


def test_writing_a_bulk_batch_twice_gives_the_same_graph(store: Neo4jStore) -> None:
    experts, _ = _demo(store, 30)
    first = [e.model_dump() for e in experts.page(after="", limit=100)]
    _demo(store, 30)
    assert [e.model_dump() for e in experts.page(after="", limit=100)] == first
    assert (
        store.run(entities.count("Work"))[0]["n"]
        == store.run(entities.distinct_ids("Work"))[0]["n"]
    )


def test_bulk_and_single_writes_read_back_alike(store: Neo4jStore) -> None:
    experts, ids = _demo(store, 3)
    bulk = experts.get(ids[0])
    single = experts.create(bulk)
    fields = set(EXPERT.create.model_fields)
    assert single.model_dump(include=fields) == bulk.model_dump(include=fields)


def test_seeding_writes_every_expert_and_work_once_and_refuses_a_second_run(
    store: Neo4jStore,
) -> None:
    result = seed_demo(store, 250, seed=9, batch=100)
    expected_works = sum(len(d.works) for d in DemoGenerator(9).experts(250))
    assert result["experts"] == 250
    assert result["works"] == expected_works
    for label, n in (("Expert", 250), ("Work", expected_works)):
        assert store.run(entities.count(label))[0]["n"] == n
        assert store.run(entities.distinct_ids(label))[0]["n"] == n
    with pytest.raises(Conflict):
        seed_demo(store, 10)


def test_seeding_stops_when_progress_says_so(store: Neo4jStore) -> None:
    seen: list[int] = []

    def report(done: int, total: int) -> bool:
        seen.append(done)
        return done < 200

    result = seed_demo(store, 1000, batch=100, progress=report)
    assert seen == [100, 200]
    assert result["experts"] == 200
    assert store.run(entities.count("Expert"))[0]["n"] == 200
