"""Every write the indexes follow leaves a numbered change record in its unit of work; numbers
count up without a gap per shard, also under concurrent writers; old records are trimmed."""

import threading
import time
from collections import Counter

import pytest

from graph.neo4j_store import Neo4jStore
from talent.core.changes import EXPERT, Change, Kind
from talent.core.errors import NotFound, Stale
from talent.core.ids import now_ms
from talent.core.repository import ChangeRepository, record_changes
from talent.experts.models import ExpertCreate
from talent.experts.resource import EXPERT as EXPERT_RESOURCE
from talent.resources.repository import ResourceRepository

THREADS = 8


def _records(store: Neo4jStore) -> list[tuple[int, int, Change]]:
    """Every record on experts (the fixture's taxonomy load leaves one of its own)."""
    repo = ChangeRepository(store)
    return [
        (shard, r.seq, r.change)
        for shard, head in repo.heads().items()
        for r in repo.since(shard, 0, head.n)
        if r.change.entity == EXPERT
    ]


def _expert(name: str) -> ExpertCreate:
    return ExpertCreate(full_name=name, country="VN")


def test_a_write_leaves_its_record_and_a_refused_one_leaves_none(store: Neo4jStore) -> None:
    experts = ResourceRepository(store, EXPERT_RESOURCE)
    expert_id = experts.insert(_expert("Đỗ Minh Tâm"))
    assert [c for _, _, c in _records(store)] == [Change(EXPERT, expert_id, Kind.CREATED)]

    current = experts.get(expert_id)
    with pytest.raises(Stale):
        experts.replace(current.model_copy(update={"version": 7}), _expert("Không Ai"))
    with pytest.raises(NotFound):
        experts.replace(current.model_copy(update={"id": "nobody"}), _expert("Không Ai"))
    with pytest.raises(NotFound):
        experts.delete("nobody")
    assert len(_records(store)) == 1
    experts.delete(expert_id)
    assert [c for _, _, c in _records(store)][-1] == Change(EXPERT, expert_id, Kind.DELETED)


def test_concurrent_writers_get_every_number_of_a_shard_once(store: Neo4jStore) -> None:
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for k in range(5):
                # Three refs per writer land in one shard each; all writers share some shards.
                record_changes(store, [Change(EXPERT, f"e{n}-{k}"), Change(EXPERT, f"shared-{k}")])
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    records = _records(store)
    assert len(records) == THREADS * 5 * 2
    per_shard = Counter(shard for shard, _, _ in records)
    repo = ChangeRepository(store)
    for shard, head in repo.heads().items():
        numbers = [r.seq for r in repo.since(shard, 0, head.n)]
        assert numbers == list(range(1, head.n + 1))
    # No single counter takes every write.
    assert len(per_shard) > 1


def test_trimming_drops_old_records_and_raises_the_floor(store: Neo4jStore) -> None:
    record_changes(store, [Change(EXPERT, "old")])
    shard = Change(EXPERT, "old").shard
    before = ChangeRepository(store).heads()[shard].n
    cut = now_ms() + 1
    time.sleep(0.01)
    record_changes(store, [Change(EXPERT, "old", Kind.DELETED)])
    assert ChangeRepository(store).trim(before=cut) >= 1
    head = ChangeRepository(store).heads()[shard]
    assert (head.n, head.floor) == (before + 1, before)
    kept = ChangeRepository(store).since(shard, 0, head.n)
    assert [(r.seq, r.change.kind) for r in kept] == [(before + 1, Kind.DELETED)]


def test_a_bulk_upsert_carries_its_records_in_its_last_statement(store: Neo4jStore) -> None:
    experts = ResourceRepository(store, EXPERT_RESOURCE)
    items = [(f"bulk-{n}", _expert(f"Chuyên Gia {n}")) for n in range(3)]
    assert experts.upsert_many(items) == 3
    written = {c.ref for _, _, c in _records(store)}
    assert written == {"bulk-0", "bulk-1", "bulk-2"}
