"""Each process's indexes follow the change log: a write is seen by the next search and match
without a rebuild, in this process and in another; merges, undos and withdrawals too; only a
process that can no longer follow the log (records trimmed away, a refilled graph) rebuilds, or
one quick to build whose text model has not learnt from a work."""

import time
from typing import Any

import httpx
import pytest

from api.store import prepare
from graph.neo4j_store import Neo4jStore
from matching.cache import IndexCache
from talent.core.ids import now_ms
from talent.core.repository import ChangeRepository
from talent.experts.models import ExpertCreate
from talent.experts.resource import EXPERT
from talent.resources.repository import ResourceRepository
from talent.snapshot.follower import Follower
from tests.matching.helpers import API, expert, matches, ranked_ids, role, work

ML = {"skill_id": "machine-learning", "level": 4}
NEED_ML = [{"skill_id": "machine-learning", "weight": 1, "must": True}]


def _indexes(client: httpx.Client) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/health").json()["indexes"]
    return body


def _found(client: httpx.Client, q: str) -> list[str]:
    response = client.get(f"{API}/experts/search", params={"q": q})
    assert response.status_code == 200, response.text
    return [item["expert_id"] for item in response.json()["items"]]


def test_a_write_is_seen_by_the_next_search_and_match_without_a_rebuild(
    client: httpx.Client,
) -> None:
    role_id = role(client, requirements=NEED_ML)
    first = expert(client, skills=[ML])
    assert ranked_ids(matches(client, role_id)) == [first]
    before = _indexes(client)

    newcomer = expert(client, full_name="Hoàng Thị Quỳnh Như", skills=[ML])
    assert _found(client, "hoang quynh nhu") == [newcomer]
    assert newcomer in ranked_ids(matches(client, role_id))
    renamed = client.patch(f"{API}/experts/{first}", json={"full_name": "Đặng Văn Khoa"})
    assert renamed.status_code == 200, renamed.text
    assert _found(client, "dang khoa") == [first]
    dropped = client.patch(f"{API}/experts/{first}", json={"skills": []})
    assert dropped.status_code == 200, dropped.text
    assert ranked_ids(matches(client, role_id)) == [newcomer]

    after = _indexes(client)
    assert after["rebuilds"] == before["rebuilds"]
    assert after["changes_applied"] >= before["changes_applied"] + 3


def test_merges_undos_and_withdrawals_are_followed_without_a_rebuild(
    client: httpx.Client,
) -> None:
    role_id = role(client, requirements=NEED_ML)
    survivor = expert(client, full_name="Lý Thanh Tùng", skills=[ML])
    merged = expert(client, full_name="Ly Thanh Tung", skills=[ML])
    leaving = expert(client, full_name="Vương Hải Yến", skills=[ML])
    assert sorted(_found(client, "ly thanh tung")) == sorted([survivor, merged])
    before = _indexes(client)

    merge = client.post(f"{API}/merges", json={"survivor_id": survivor, "merged_id": merged})
    assert merge.status_code in (200, 201), merge.text
    assert _found(client, "ly thanh tung") == [survivor]
    assert merged not in ranked_ids(matches(client, role_id))

    undo = client.post(f"{API}/merges/{merge.json()['id']}/undo")
    assert undo.status_code == 200, undo.text
    assert sorted(_found(client, "ly thanh tung")) == sorted([survivor, merged])
    assert merged in ranked_ids(matches(client, role_id))

    assert client.post(f"{API}/experts/{leaving}/withdraw").status_code == 200
    assert _found(client, "vuong hai yen") == []
    assert leaving not in ranked_ids(matches(client, role_id))
    assert _indexes(client)["rebuilds"] == before["rebuilds"]


def test_a_write_in_one_process_is_seen_at_once_by_another(
    client: httpx.Client, second_client: httpx.Client
) -> None:
    role_id = role(client, requirements=NEED_ML)
    expert(client, skills=[ML])
    matches(second_client, role_id)  # the other process has built its indexes
    before = _indexes(second_client)

    newcomer = expert(client, full_name="Tôn Nữ Minh Châu", skills=[ML])
    assert _found(second_client, "ton nu minh chau") == [newcomer]
    assert newcomer in ranked_ids(matches(second_client, role_id))
    there = expert(second_client, full_name="Mạc Đăng Dung", skills=[ML])
    assert _found(client, "mac dang dung") == [there]
    assert _indexes(second_client)["rebuilds"] == before["rebuilds"]


def test_two_processes_started_from_one_checkpoint_both_see_a_write(
    client: httpx.Client, request: pytest.FixtureRequest
) -> None:
    """The second process starts from the checkpoint the first wrote after its build, follows
    the log from there (the expert written since is in it), and sees the next write."""
    role_id = role(client, requirements=NEED_ML)
    written_before = expert(client, full_name="Bạch Thái Bưởi", skills=[ML])
    assert _found(client, "bach thai buoi") == [written_before]
    second_client: httpx.Client = request.getfixturevalue("second_client")
    assert _found(second_client, "bach thai buoi") == [written_before]
    started = _indexes(second_client)
    assert (started["restored"], started["rebuilds"]) == (1, 0)

    newcomer = expert(client, full_name="Tôn Thất Thuyết", skills=[ML])
    assert _found(second_client, "ton that thuyet") == [newcomer]
    assert newcomer in ranked_ids(matches(second_client, role_id))
    assert _found(client, "ton that thuyet") == [newcomer]
    assert _indexes(second_client)["rebuilds"] == 0


def test_a_process_that_missed_trimmed_records_rebuilds_whole(
    client: httpx.Client, store: Neo4jStore
) -> None:
    cache = IndexCache(store)
    expert(client)
    assert len(cache.current()) == 1
    follower = cache.follower
    assert isinstance(follower, Follower)
    followed = follower.rebuilds, follower.applied

    missed = expert(client)
    ChangeRepository(store).trim(before=now_ms() + 1)
    index = cache.current()
    assert missed in index.position
    assert follower.rebuilds == followed[0] + 1
    assert follower.applied == followed[1]


def test_a_slow_rebuild_runs_in_the_background_while_the_old_index_serves(
    client: httpx.Client, store: Neo4jStore
) -> None:
    cache = IndexCache(store, wait_for_rebuild_s=0.0)
    expert(client)
    first = cache.current()
    expert(client)
    assert len(cache.current()) == 2  # followed, not rebuilt
    expert(client)
    ChangeRepository(store).trim(before=now_ms() + 1)
    assert len(cache.current()) == 2  # served at once, a rebuild started
    deadline = time.monotonic() + 30
    while len(cache.current()) != 3:
        assert time.monotonic() < deadline, "the background rebuild did not land"
        time.sleep(0.05)
    assert cache.current() is not first


def test_an_emptied_and_refilled_graph_never_reuses_an_old_index(
    client: httpx.Client, store: Neo4jStore
) -> None:
    cache = IndexCache(store)
    expert(client)
    old = cache.current()
    store.drop_all()
    prepare(store)
    ResourceRepository(store, EXPERT).create(ExpertCreate(full_name="Lê Văn Minh", country="VN"))
    fresh = cache.current()
    assert fresh is not old
    assert len(fresh) == 1


def test_a_work_rewritten_changes_its_authors_evidence_and_is_learnt_again(
    client: httpx.Client,
) -> None:
    other = expert(client, skills=[ML])
    work(client, other, "Federated learning for speech recognition", "Speech models.")
    writer = expert(client, skills=[ML])
    role_id = role(client, requirements=NEED_ML, description="Federated speech recognition")
    paper = work(client, writer, "Corrosion of bridge steel", "Field study of marine corrosion.")
    assert _evidence(matches(client, role_id), writer) == 0
    before = _indexes(client)

    body = {"title": "Federated learning of speech recognition"}
    assert client.patch(f"{API}/works/{paper}", json=body).status_code == 200
    assert _evidence(matches(client, role_id), writer) > 0
    # An index this quick to build learns its text model again from every work before it
    # answers, as a worker's fresh build at the same revision does (one data, one ranking).
    assert _indexes(client)["rebuilds"] == before["rebuilds"] + 1


def _evidence(result: dict[str, Any], expert_id: str) -> float:
    item = next(i for i in result["items"] if i["expert_id"] == expert_id)
    value: float = item["features"]["evidence"]["value"]
    return value
