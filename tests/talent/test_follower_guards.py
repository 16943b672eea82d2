"""The change follower follows the log only while the log can be followed, and builds whole
otherwise: each of its guards on its own, with the log put in the one state that guard alone
must catch (every other guard would let it through).

- the floor above the watermark: records it had not read were trimmed away (it must not count
  on the ones still readable);
- a number missing below the head, the floor untouched;
- another epoch: the graph was emptied and refilled, its numbers reaching as far again;
- a shard the watermark names that is gone;
- a change of the taxonomy.
"""

import pytest

from graph import GraphStore, Query
from graph.neo4j_store import Neo4jStore
from graph.query import Mode
from matching.cache import IndexCache
from matching.live import WorkerIndexes
from talent.core.changes import EXPERT, Change, Kind
from talent.core.repository import record_changes
from talent.experts.models import ExpertCreate
from talent.experts.resource import EXPERT as EXPERT_RESOURCE
from talent.resources.repository import ResourceRepository
from talent.snapshot.follower import Follower
from talent.taxonomy.repository import TAXONOMY_CHANGED

NAMES = iter(
    f"{family} {given}"
    for family in ("Lâm", "Cao", "Đoàn", "Hồ", "Khúc", "La", "Mạc", "Nông")
    for given in ("Thanh Hương", "Văn Sơn", "Ngọc Ánh", "Đức Trí", "Thu Hà", "Quốc Việt")
)


def _add(store: GraphStore) -> str:
    """A new profile, with its change record (in its id's shard)."""
    return ResourceRepository(store, EXPERT_RESOURCE).insert(
        ExpertCreate(full_name=next(NAMES), country="VN")
    )


def _shard(expert_id: str) -> int:
    return Change(EXPERT, expert_id, Kind.CREATED).shard


def _write(store: GraphStore, text: str, **params: object) -> None:
    store.run(Query(text, dict(params), Mode.WRITE))


def _followed(store: Neo4jStore) -> tuple[IndexCache, Follower[WorkerIndexes], str]:
    """A follower built on a graph of one profile."""
    cache = IndexCache(store)
    first = _add(store)
    assert set(cache.current().position) == {first}
    follower = cache.follower
    assert isinstance(follower, Follower)
    assert (follower.rebuilds, follower.applied) == (1, 0)
    return cache, follower, first


def _ids(cache: IndexCache) -> set[str]:
    return set(cache.current().position)


def test_the_follower_follows_an_intact_log_without_building_whole(store: Neo4jStore) -> None:
    """The baseline the guards depart from: new records are applied one by one."""
    cache, follower, first = _followed(store)
    second = _add(store)
    assert _ids(cache) == {first, second}
    assert (follower.rebuilds, follower.applied) == (1, 1)


def test_a_watermark_below_the_floor_builds_whole_though_the_records_still_read(
    store: Neo4jStore,
) -> None:
    """Trimming raises a shard's floor in the statement that starts deleting: a follower
    whose watermark is below it has missed records, and does not follow even while the ones
    it would read are still there."""
    cache, follower, first = _followed(store)
    second = _add(store)
    _write(store, "MATCH (s:ChangeShard {no: $no}) SET s.floor = s.n", no=_shard(second))
    assert _ids(cache) == {first, second}
    assert (follower.rebuilds, follower.applied) == (2, 0)


def test_a_number_missing_below_the_head_builds_whole(store: Neo4jStore) -> None:
    """A record gone without the floor raised: what it recorded is read in a whole build."""
    cache, follower, first = _followed(store)
    second = _add(store)
    _write(
        store, "MATCH (c:Change {entity: $entity, ref: $ref}) DELETE c", entity=EXPERT, ref=second
    )
    assert _ids(cache) == {first, second}
    assert follower.rebuilds == 2


def test_a_log_of_another_epoch_builds_whole(store: Neo4jStore) -> None:
    """The graph was emptied and refilled: same shards, numbers as high as before or higher,
    but they count other writes. The first profile is gone without a record this log holds."""
    cache, follower, first = _followed(store)
    second = _add(store)
    _write(store, "MATCH (e:Expert {id: $id}) DETACH DELETE e", id=first)
    _write(store, "MATCH (s:ChangeShard) SET s.epoch = 'refilled'")
    assert _ids(cache) == {second}
    assert follower.rebuilds == 2


def test_a_shard_that_is_gone_builds_whole(store: Neo4jStore) -> None:
    """A shard the watermark names is no longer there, with the profile it recorded: the
    other shards alone say nothing of it."""
    cache, follower, first = _followed(store)
    second = _add(store)
    while _shard(second) == _shard(first):
        second = _add(store)
    assert first in _ids(cache)
    builds = follower.rebuilds
    _write(store, "MATCH (e:Expert {id: $id}) DETACH DELETE e", id=first)
    _write(store, "MATCH (c:Change {shard: $no}) DELETE c", no=_shard(first))
    _write(store, "MATCH (s:ChangeShard {no: $no}) DELETE s", no=_shard(first))
    assert first not in _ids(cache)
    assert follower.rebuilds == builds + 1


@pytest.mark.parametrize("with_expert", [False, True], ids=["alone", "with-a-profile"])
def test_a_change_of_the_taxonomy_builds_whole(store: Neo4jStore, with_expert: bool) -> None:
    cache, follower, first = _followed(store)
    changes = [TAXONOMY_CHANGED]
    if with_expert:
        changes.append(Change(EXPERT, first, Kind.UPDATED))
    record_changes(store, changes)
    assert _ids(cache) == {first}
    assert (follower.rebuilds, follower.applied) == (2, 0)
