"""The index ranks exactly as one Cypher statement with the same rules (text evidence aside)."""

from datetime import date

import httpx
import pytest

from bench.baselines import reference_query
from graph.neo4j_store import Neo4jStore
from matching.cache import IndexCache
from matching.profiles import WeightOverride, profile_for
from matching.service import load_role
from talent.demo.seeding import seed_demo
from tests.matching.helpers import API, matches, role


@pytest.mark.parametrize("kind", ["chief_engineer", "chief_architect"])
def test_the_index_ranks_like_the_single_query_reference(
    client: httpx.Client, store: Neo4jStore, kind: str
) -> None:
    seed_demo(store, 400, seed=11)
    orgs = client.get(f"{API}/organizations", params={"limit": 3}).json()["items"]
    requirements = [
        {"skill_id": "machine-learning", "weight": 1, "min_level": 3},
        {"skill_id": "computer-vision", "weight": 0.6, "min_level": 2},
        {"skill_id": "deep-learning", "weight": 0.4, "min_level": 1, "must": False},
    ]
    constraints = {"languages": ["en"], "min_years": 4, "engagement_modes": ["remote", "advisory"]}
    role_id = role(
        client,
        requirements=requirements,
        constraints=constraints,
        contractors=[orgs[0]["id"], orgs[1]["id"]],
        kind=kind,
    )
    no_text = WeightOverride(evidence=0)
    # A team of two and a rejection make the network feature and the exclusions count too.
    first = matches(client, role_id, k=3)["items"]
    for item, decision in zip(first, ["shortlist", "shortlist", "rejections"], strict=True):
        body = {"expert_id": item["expert_id"], "reason": "panel decision"}
        assert client.post(f"{API}/roles/{role_id}/{decision}", json=body).status_code == 200
    ours = matches(client, role_id, k=60, weights=no_text.model_dump(exclude_none=True))
    index = IndexCache(store).current()
    spec, context = load_role(store, index, role_id)
    query = reference_query(spec, context, profile_for(kind, no_text), today=date.today(), k=60)
    reference = store.run(query)
    assert len(ours["items"]) == 60
    assert [item["expert_id"] for item in ours["items"]] == [row["id"] for row in reference]
    assert [item["score"] for item in ours["items"]] == pytest.approx(
        [row["score"] for row in reference], abs=1e-9
    )
