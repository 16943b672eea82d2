"""A role's top brought up to date with the experts that changed alone gives the same top as
ranking the role whole; an expert scored alone scores as in the whole ranking; a change to a
top member, the role, its programme's team or the day ranks the role whole again."""

from datetime import date, timedelta

import httpx
import numpy as np

from graph.neo4j_store import Neo4jStore
from matching.alerts.tops import RoleTops
from matching.cache import IndexCache
from matching.profiles import profile_for
from matching.rank import rank
from matching.service import load_role
from tests.matching.helpers import API, expert, role

IC = [{"skill_id": "ic-design", "weight": 1, "min_level": 3, "must": True}]
TODAY = date(2026, 12, 7)


def _skilled(client: httpx.Client, name: str, level: int) -> str:
    return expert(client, full_name=name, skills=[{"skill_id": "ic-design", "level": level}])


def _whole(store: Neo4jStore, cache: IndexCache, role_id: str) -> list[str] | None:
    return RoleTops().top(store, cache.current(), role_id, frozenset(), TODAY)


def test_an_expert_scored_alone_scores_as_in_the_whole_ranking(
    client: httpx.Client, store: Neo4jStore
) -> None:
    for n, level in enumerate([5, 4, 3, 5, 2]):
        _skilled(client, f"Nguyễn Văn Số {n}", level)
    role_id = role(client, requirements=IC, description="thiết kế vi mạch")
    index = IndexCache(store).current()
    spec, context = load_role(store, index, role_id)
    profile = profile_for(spec.kind, None)
    whole = rank(index, spec, context, profile, today=TODAY)
    by_position = dict(zip(whole.candidates.tolist(), whole.score.tolist(), strict=True))
    assert len(by_position) == 4  # the level-2 expert fails the must-have
    for p in range(len(index)):
        alone = rank(
            index, spec, context, profile, today=TODAY, only=np.asarray([p], dtype=np.int64)
        )
        if p in by_position:
            assert alone.candidates.tolist() == [p]
            assert alone.score.tolist() == [by_position[p]]
        else:
            assert alone.candidates.tolist() == []


def test_a_top_kept_up_to_date_by_the_changed_experts_is_the_whole_top(
    client: httpx.Client, store: Neo4jStore
) -> None:
    strong = _skilled(client, "Lê Văn Mạnh", 5)
    middle = _skilled(client, "Phạm Thị Vừa", 4)
    weak = _skilled(client, "Đỗ Văn Yếu", 3)
    role_id = role(client, requirements=IC)
    cache = IndexCache(store)
    tops = RoleTops()
    first = tops.top(store, cache.current(), role_id, frozenset(), TODAY)
    assert first == [strong, middle, weak]
    assert (tops.whole, tops.partly) == (1, 0)

    # A newcomer at level 4 and an unrelated expert: scored alone, nobody ranked whole.
    newcomer = _skilled(client, "Vũ Thị Mới", 4)
    outsider = _skilled(client, "Hoàng Văn Ngoài", 1)
    kept = tops.top(store, cache.current(), role_id, frozenset({newcomer, outsider}), TODAY)
    assert (tops.whole, tops.partly) == (1, 1)
    assert kept == _whole(store, cache, role_id)
    assert kept is not None
    assert set(kept) == {strong, middle, weak, newcomer}
    assert kept[0] == strong
    assert kept[-1] == weak

    # A member of the top changed (her skill dropped below the must-have): ranked whole.
    dropped = client.patch(f"{API}/experts/{middle}", json={"skills": []})
    assert dropped.status_code == 200, dropped.text
    after = tops.top(store, cache.current(), role_id, frozenset({middle}), TODAY)
    assert tops.whole == 2
    assert after == _whole(store, cache, role_id)
    assert after is not None
    assert middle not in after

    # Another day: the availability dates read otherwise, so the role is ranked whole.
    tops.top(store, cache.current(), role_id, frozenset(), TODAY + timedelta(days=1))
    assert tops.whole == 3
    # The role changed, or its programme: forgotten, and ranked whole at the next look.
    tops.forget([], [role_id])
    tops.top(store, cache.current(), role_id, frozenset(), TODAY + timedelta(days=1))
    assert tops.whole == 4
    programme_id = client.get(f"{API}/roles/{role_id}").json()["programme_id"]
    tops.forget([programme_id], [])
    tops.top(store, cache.current(), role_id, frozenset(), TODAY + timedelta(days=1))
    assert tops.whole == 5
    tops.forget(["another programme"], ["another role"])
    tops.top(store, cache.current(), role_id, frozenset(), TODAY + timedelta(days=1))
    assert tops.whole == 5


def test_a_role_deleted_has_no_top(client: httpx.Client, store: Neo4jStore) -> None:
    _skilled(client, "Lê Văn Còn", 5)
    role_id = role(client, requirements=IC)
    cache = IndexCache(store)
    tops = RoleTops()
    assert tops.top(store, cache.current(), role_id, frozenset(), TODAY) is not None
    assert client.delete(f"{API}/roles/{role_id}").status_code == 204
    tops.forget([], [role_id])
    assert tops.top(store, cache.current(), role_id, frozenset(), TODAY) is None
    assert role_id not in tops.tops
