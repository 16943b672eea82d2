"""When the matching index is rebuilt, on the real embedded graph."""

import time

import httpx

from api.store import prepare
from matching.cache import IndexCache
from talent.experts.models import ExpertCreate
from talent.experts.resource import EXPERT
from talent.resources.repository import ResourceRepository
from tests.conftest import CataloguedStore
from tests.matching.helpers import expert


def test_a_quick_rebuild_is_waited_for(client: httpx.Client, store: CataloguedStore) -> None:
    cache = IndexCache(store)
    assert len(cache.current()) == 0
    expert(client)
    assert len(cache.current()) == 1


def test_a_slow_rebuild_runs_in_the_background_while_the_old_index_serves(
    client: httpx.Client, store: CataloguedStore
) -> None:
    cache = IndexCache(store, wait_for_rebuild_s=0.0)
    expert(client)
    first = cache.current()
    assert len(first) == 1
    expert(client)
    assert cache.current() is first  # served at once, a rebuild started
    deadline = time.monotonic() + 30
    while len(cache.current()) != 2:
        assert time.monotonic() < deadline, "the background rebuild did not land"
        time.sleep(0.05)


def test_an_emptied_and_refilled_graph_never_reuses_an_old_index(
    client: httpx.Client, store: CataloguedStore
) -> None:
    cache = IndexCache(store)
    expert(client)
    old = cache.current()
    store.drop_all()
    prepare(store)
    ResourceRepository(store, EXPERT).create(ExpertCreate(full_name="Lê Văn Minh", country="VN"))
    assert cache.current() is not old
