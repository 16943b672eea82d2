"""A match job whose worker was lost is run again into the same run, without doubles."""

import subprocess
import time
from typing import Any

import httpx

from api.worker import celery_app
from graph.neo4j_store import Neo4jStore
from graph.queries import jobs as job_queries
from talent.core.ids import now_ms
from talent.demo.seeding import seed_demo
from talent.jobs import service
from tests.matching.helpers import API, role


def _finished(client: httpx.Client, url: str) -> dict[str, Any]:
    deadline = time.monotonic() + 180
    while True:
        job: dict[str, Any] = client.get(url).json()
        if job["state"] in {"succeeded", "failed", "cancelled"}:
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


def test_a_match_job_run_again_after_its_worker_was_lost_stores_each_candidate_once(
    client: httpx.Client, store: Neo4jStore, worker: subprocess.Popen[bytes]
) -> None:
    seed_demo(store, 1500, seed=5)
    role_id = role(
        client,
        requirements=[{"skill_id": "machine-learning", "weight": 1, "min_level": 3}],
        description="deep learning",
    )
    started = client.post(f"{API}/roles/{role_id}/match-jobs", json={"limit": 300}).json()
    job_url = f"{API}/roles/{role_id}/match-jobs/{started['id']}"
    assert _finished(client, job_url)["state"] == "succeeded"
    # As if the worker had died after storing its candidates, before recording the outcome.
    lost = {"state": "running", "attempts": 1, "heartbeat_at": now_ms() - 120_000}
    store.run(job_queries.update(started["id"], lost))

    swept = service.sweep(store, celery_app, stale_after_ms=60_000, max_attempts=3)
    assert swept.requeued == [started["id"]]
    again = _finished(client, job_url)
    assert (again["state"], again["attempts"]) == ("succeeded", 2), again
    ranks: list[int] = []
    url, params = f"{API}/match-runs/{started['run_id']}/candidates", {"limit": 100}
    while True:
        page = client.get(url, params=params).json()
        ranks += [c["rank"] for c in page["items"]]
        if not page["next_cursor"]:
            break
        params = {"limit": 100, "cursor": page["next_cursor"]}
    assert ranks == list(range(1, 301))
