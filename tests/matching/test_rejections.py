"""A lead's rejection counts in the very next match: on a graph written again under a running
service, while a background rebuild of the index runs, and when another service process
answers the match.

The cause of rejections once ignored: FalkorDB caches the plan of a statement, and a plan
compiled before any DECIDED edge existed read the role's decisions through a pattern
comprehension that never saw one afterwards (tests/graph/test_schema.py has the store-level
cases)."""

from typing import Any

import httpx

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.taxonomy.bundled import load_bundled
from tests.accounts import signed_in
from tests.matching.helpers import API, expert, matches, ranked_ids, role

ML = {"skill_id": "machine-learning", "weight": 1.0, "min_level": 1}


def _reject(client: httpx.Client, role_id: str, expert_id: str) -> None:
    response = client.post(
        f"{API}/roles/{role_id}/rejections",
        json={"expert_id": expert_id, "reason": "declined the offer"},
    )
    assert response.status_code == 200, response.text


def _assert_left_out(result: dict[str, Any], expert_id: str) -> None:
    assert expert_id not in ranked_ids(result)
    assert result["excluded"]["by_reason"]["rejected_by_lead"] == 1


def test_a_rejection_counts_in_the_next_match_on_a_graph_written_again_under_the_service(
    base_url: str, store: Neo4jStore
) -> None:
    # As `seed --fresh` leaves it for a moment: the graph deleted and written again while the
    # service runs, without the start-up schema that makes every relationship type known.
    store.drop_all()
    load_bundled(store)
    client = signed_in(base_url, store, Role.ADMIN)
    try:
        experts = [expert(client) for _ in range(4)]
        role_id = role(client, requirements=[ML])
        assert sorted(ranked_ids(matches(client, role_id))) == sorted(experts)
        _reject(client, role_id, experts[2])
        _assert_left_out(matches(client, role_id), experts[2])
    finally:
        client.close()


def test_a_rejection_in_one_process_counts_at_once_in_another(
    base_url: str, store: Neo4jStore, second_process: str
) -> None:
    here = signed_in(base_url, store, Role.ADMIN)
    there = signed_in(second_process, store, Role.ADMIN)
    try:
        experts = [expert(here) for _ in range(4)]
        role_id = role(here, requirements=[ML])
        before = matches(there, role_id)
        assert sorted(ranked_ids(before)) == sorted(experts)
        # The other process follows the write and the rejection at once.
        newcomer = expert(here)
        _reject(here, role_id, experts[1])
        followed = matches(there, role_id)
        assert newcomer in ranked_ids(followed)
        _assert_left_out(followed, experts[1])
        _assert_left_out(matches(here, role_id), experts[1])
        # And the other way round, on the rebuilt index.
        _reject(there, role_id, newcomer)
        result = matches(here, role_id)
        assert newcomer not in ranked_ids(result)
        assert result["excluded"]["by_reason"]["rejected_by_lead"] == 2
    finally:
        here.close()
        there.close()
