"""A process starts from the newest checkpoint on disk and follows the change log from its
watermark: it answers exactly as a process that read the whole graph; a write made while it
was down is seen; a corrupt, partial or stale checkpoint is never served, and the graph is read
whole instead."""

from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from scipy import sparse

from graph.neo4j_store import Neo4jStore
from matching.cache import Fixed, IndexCache
from matching.index import MatchIndex
from matching.live import Indexes, Live, live_indexes, read_live
from matching.models import MatchRequest
from matching.service import top_candidates
from talent.demo.seeding import seed_demo
from talent.experts.models import ExpertCreate
from talent.experts.repository import ExpertRepository
from talent.search.models import SearchRequest
from talent.search.service import search
from talent.snapshot.checkpoint import ARRAYS, STATE, Checkpoints
from talent.snapshot.follower import Follower
from talent.snapshot.layered import Layered
from tests.matching.helpers import role

ROLE = [
    {"skill_id": "machine-learning", "weight": 1, "min_level": 2},
    {"skill_id": "computer-vision", "weight": 0.6, "min_level": 1, "must": False},
]
DESCRIPTION = "Deep learning for medical images and robot perception"


def _process(store: Neo4jStore, folder: Path) -> Indexes:
    """What an API process holds: its indexes, kept in checkpoints in `folder`."""
    return live_indexes(store, wait_for_rebuild_s=1000, checkpoints=Checkpoints(folder))


def _written(indexes: Indexes) -> None:
    """Until the checkpoint the follower writes after its build is on disk."""
    saves = indexes.follower.saves
    assert saves is not None
    saves.wait(60)
    assert indexes.follower.stats().saved >= 1


def _checkpointed(store: Neo4jStore, folder: Path, experts: int, seed: int) -> Indexes:
    """A graph of `experts` demo experts, and a process that built its indexes from it and
    wrote their checkpoint."""
    seed_demo(store, experts, seed=seed)
    first = _process(store, folder)
    first.follower.current()
    _written(first)
    return first


def _top(store: Neo4jStore, index: MatchIndex, role_id: str) -> list[tuple[str, float]]:
    found = top_candidates(
        store,
        IndexCache(store, source=Fixed(index)),
        role_id,
        MatchRequest(k=50),
        viewer=None,
    )
    return [(item.expert_id, item.score) for item in found.items]


def _hits(live: Live, **asked: Any) -> list[str]:
    found = search(live.search, SearchRequest(**asked), limit=50, cursor=None)
    return [hit.expert_id for hit in found.items]


def _same_arrays(a: object, b: object) -> None:
    """Every array and matrix field of two indexes holds the same values."""
    for name in getattr(a, "__dataclass_fields__", {}):
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, np.ndarray):
            assert np.array_equal(x, y), name
        elif sparse.issparse(x):
            assert (x != y).nnz == 0, name
        elif isinstance(x, Layered):
            assert x.shape == y.shape, name
            assert (x.merged() != y.merged()).nnz == 0, name


def test_a_process_started_from_a_checkpoint_answers_like_one_built_from_the_graph(
    client: httpx.Client, store: Neo4jStore, tmp_path: Path
) -> None:
    seed_demo(store, 300, seed=5)
    role_id = role(client, requirements=ROLE, description=DESCRIPTION)
    first = _process(store, tmp_path)
    built = first.follower.current()
    _written(first)

    second = _process(store, tmp_path)
    restored = second.follower.current()
    stats = second.follower.stats()
    assert (stats.restored, stats.rebuilds) == (1, 0)
    # Its arrays are the file's pages, shared by every process that maps it, not copies.
    assert not restored.match.skills.by_column.data.flags.writeable

    fresh = read_live(store)
    _same_arrays(restored.match, fresh.match)
    top = _top(store, restored.match, role_id)
    assert len(top) == 50
    assert top == _top(store, fresh.match, role_id) == _top(store, built.match, role_id)
    group = restored.search.groups[0]
    for asked in ({"q": "nguyen"}, {"skills": ["machine learning"]}, {"group": [group]}):
        hits = _hits(restored, **asked)
        assert hits, asked
        assert hits == _hits(fresh, **asked), asked
    assert len(restored.duplicates) == len(fresh.duplicates) == 300


def test_a_write_made_while_a_process_was_down_is_seen_once_it_starts(
    store: Neo4jStore, tmp_path: Path
) -> None:
    _checkpointed(store, tmp_path, 60, 6)
    newcomer = ExpertRepository(store).insert(
        ExpertCreate(full_name="Trịnh Bảo Khuê", country="VN", consent={"match": True})
    )

    second = _process(store, tmp_path)
    live = second.follower.current()
    stats = second.follower.stats()
    assert (stats.restored, stats.rebuilds) == (1, 0)
    assert stats.applied >= 1
    assert _hits(live, q="trinh bao khue") == [newcomer]
    assert newcomer in live.match.position


def test_a_worker_starts_its_matching_index_from_the_api_checkpoint_and_writes_none(
    client: httpx.Client, store: Neo4jStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    api = _checkpointed(store, tmp_path, 80, 11)
    role_id = role(client, requirements=ROLE, description=DESCRIPTION)
    written = Checkpoints(tmp_path).folders()
    newcomer = ExpertRepository(store).insert(
        ExpertCreate(full_name="Lò Văn Sính", country="VN", consent={"match": True})
    )

    worker = IndexCache(store, wait_for_rebuild_s=1000, checkpoints=Checkpoints(tmp_path))
    index = worker.current()
    assert isinstance(worker.follower, Follower)
    stats = worker.follower.stats()
    assert (stats.restored, stats.rebuilds) == (1, 0)
    assert newcomer in index.position  # followed the log from the checkpoint's watermark
    # What the newcomer did not touch is still the file's pages: the works' columns.
    assert not index.works.titles.flags.writeable
    top = _top(store, index, role_id)
    assert top
    assert top == _top(store, read_live(store).match, role_id)
    assert top == _top(store, api.follower.current().match, role_id)
    saves = worker.follower.saves
    assert saves is not None
    saves.wait(10)
    assert Checkpoints(tmp_path).folders() == written
    assert worker.follower.stats().saved == 0

    # Before the API has written one, the worker reads the graph whole, and still writes none.
    empty = Checkpoints(tmp_path / "none-yet")
    alone = IndexCache(store, wait_for_rebuild_s=1000, checkpoints=empty)
    assert alone.current().position.keys() == index.position.keys()
    assert isinstance(alone.follower, Follower)
    assert (alone.follower.stats().restored, alone.follower.stats().rebuilds) == (0, 1)
    assert alone.follower.saves is not None
    alone.follower.saves.wait(10)
    assert empty.folders() == []
    # Not even tried: a try would fail and be logged.
    assert not [r for r in caplog.records if r.name == "talent.snapshot.saves"]


def _damage(folder: Path, name: str, how: str) -> None:
    path = folder / name
    data = bytearray(path.read_bytes())
    if how == "flip":
        data[len(data) // 2] ^= 0xFF
    else:
        data = data[: len(data) // 2]
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("name", "how"), [(ARRAYS, "flip"), (ARRAYS, "cut"), (STATE, "flip"), (STATE, "cut")]
)
def test_a_corrupt_checkpoint_is_removed_and_the_graph_read_whole(
    store: Neo4jStore, tmp_path: Path, name: str, how: str
) -> None:
    _checkpointed(store, tmp_path, 40, 7)
    [folder] = Checkpoints(tmp_path).folders()
    _damage(folder, name, how)

    second = _process(store, tmp_path)
    live = second.follower.current()
    stats = second.follower.stats()
    assert (stats.restored, stats.rebuilds) == (0, 1)
    assert len(live.match) == 40
    assert not folder.exists()


def test_a_partial_checkpoint_is_never_read(store: Neo4jStore, tmp_path: Path) -> None:
    """A writer that died leaves only a hidden temporary folder; its files are not read."""
    _checkpointed(store, tmp_path, 20, 8)
    [folder] = Checkpoints(tmp_path).folders()
    folder.rename(tmp_path / ".writing-left-behind")
    assert Checkpoints(tmp_path).folders() == []
    second = _process(store, tmp_path)
    second.follower.current()
    assert (second.follower.stats().restored, second.follower.stats().rebuilds) == (0, 1)


def test_a_checkpoint_of_another_graph_or_taxonomy_is_not_served(
    store: Neo4jStore, tmp_path: Path
) -> None:
    first = _checkpointed(store, tmp_path, 30, 9)
    # Another taxonomy (or code): its fingerprint differs, so it is passed over.
    other = Checkpoints(tmp_path / "other")
    held = first.follower.held()
    assert held is not None
    other.write(held[0], held[1], fingerprint="another taxonomy", build_seconds=0.1)
    refused = _process(store, tmp_path / "other")
    refused.follower.current()
    assert refused.follower.stats().restored == 0

    # The graph emptied and filled again: the log's epochs changed, the watermark means
    # nothing there, and the old experts must not be served even for a moment.
    store.drop_all()
    seed_demo(store, 10, seed=10)
    # A process that never waits for a build (a large graph) still waits for this one.
    second = live_indexes(store, wait_for_rebuild_s=0, checkpoints=Checkpoints(tmp_path))
    live = second.follower.current()
    assert second.follower.stats().rebuilds == 1
    assert len(live.match) == 10
