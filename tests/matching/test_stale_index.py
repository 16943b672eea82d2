"""Candidates are checked against the graph before they are shown: an index that trails a
background rebuild does not propose an expert who has withdrawn or stopped consenting."""

from typing import Any

import httpx

from graph.neo4j_store import Neo4jStore
from matching.cache import Fixed, IndexCache
from matching.live import read_live
from matching.models import MatchRequest
from matching.service import top_candidates
from tests.matching.helpers import API, expert, ranked_ids, role

ML = {"skill_id": "machine-learning", "level": 4}


def match(store: Neo4jStore, cache: IndexCache, role_id: str) -> dict[str, Any]:
    """The top candidates as the API shows them."""
    return top_candidates(store, cache, role_id, MatchRequest(), viewer=None).model_dump(
        mode="json"
    )


def test_a_stale_index_does_not_propose_experts_who_left(
    client: httpx.Client, store: Neo4jStore
) -> None:
    staying = expert(client, skills=[ML])
    leaving = expert(client, skills=[ML])
    refusing = expert(client, skills=[ML])
    role_id = role(client, requirements=[{"skill_id": "machine-learning", "weight": 1}])
    cache = IndexCache(store, source=Fixed(read_live(store).match))
    assert set(ranked_ids(match(store, cache, role_id))) == {
        staying,
        leaving,
        refusing,
    }

    assert client.post(f"{API}/experts/{leaving}/withdraw").status_code == 200
    consent = {"consent": {"match": False, "contact": False}}
    assert client.patch(f"{API}/experts/{refusing}", json=consent).status_code == 200
    result = match(store, cache, role_id)
    assert ranked_ids(result) == [staying]
    assert [item["rank"] for item in result["items"]] == [1]
