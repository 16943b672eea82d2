"""Full matches as jobs on a real Celery worker, stored as runs that outlive the service."""

import os
import socket
import subprocess
import sys
import time
from typing import Any

import httpx
import pytest

from graph.neo4j_store import Neo4jStore
from talent.demo.seeding import seed_demo
from tests.conftest import ROOT
from tests.matching.helpers import API, matches, role

# Not a must-have, so most demo experts are candidates and the job has many chunks to store.
REQUIREMENTS = [
    {"skill_id": "machine-learning", "weight": 1, "min_level": 3},
    {"skill_id": "computer-vision", "weight": 0.5, "min_level": 2},
]


def _wait(client: httpx.Client, url: str, states: set[str], timeout: float = 180) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(url).json()
        if job["state"] in states:
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.05)


@pytest.fixture
def demo_role(client: httpx.Client, store: Neo4jStore) -> str:
    seed_demo(store, 3000, seed=5)
    return role(client, requirements=REQUIREMENTS, description="deep learning for vision")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_match_job_ranks_everyone_reports_progress_and_survives_a_restart(
    client: httpx.Client, worker: subprocess.Popen[bytes], demo_role: str
) -> None:
    started = client.post(f"{API}/roles/{demo_role}/match-jobs", json={"limit": 600})
    assert started.status_code == 202, started.text
    job_url = f"{API}/roles/{demo_role}/match-jobs/{started.json()['id']}"
    job = _wait(client, job_url, {"succeeded", "failed", "cancelled"})
    assert job["state"] == "succeeded", job
    assert job["done"] == job["total"] == 600
    assert job["progress"] == 1.0
    run_id = job["run_id"]
    run = client.get(f"{API}/match-runs/{run_id}").json()
    assert run["state"] == "succeeded", run
    assert run["stored"] == 600
    assert run["candidates"] + run["excluded"]["total"] == run["considered"] == 3000
    first_page = client.get(f"{API}/match-runs/{run_id}/candidates", params={"limit": 100}).json()
    assert [c["rank"] for c in first_page["items"]] == list(range(1, 101))
    scores = [c["score"] for c in first_page["items"]]
    assert scores == sorted(scores, reverse=True)
    synchronous = matches(client, demo_role, k=100)
    assert [c["expert_id"] for c in first_page["items"]] == [
        c["expert_id"] for c in synchronous["items"]
    ]
    assert [r["id"] for r in client.get(f"{API}/roles/{demo_role}/match-runs").json()] == [run_id]

    # A new service process, attached to the same graph, reads the same stored run.
    port = _free_port()
    service = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--port", str(port)],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # The same token: the signing key is kept with the data, so logins survive restarts.
        token = {"authorization": client.headers["authorization"]}
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}", timeout=30, headers=token
        ) as restarted:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if restarted.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the restarted service did not answer"
                time.sleep(0.2)
            again = restarted.get(
                f"{API}/match-runs/{run_id}/candidates", params={"limit": 100}
            ).json()
            assert again == first_page
            assert restarted.get(f"{API}/match-runs/{run_id}").json() == run
    finally:
        service.terminate()
        service.wait(timeout=20)


def test_a_running_match_job_can_be_cancelled(
    client: httpx.Client, worker: subprocess.Popen[bytes], demo_role: str
) -> None:
    started = client.post(f"{API}/roles/{demo_role}/match-jobs", json={"limit": 100_000}).json()
    job_url = f"{API}/roles/{demo_role}/match-jobs/{started['id']}"
    _wait(client, job_url, {"running"})
    cancelled = client.post(f"{job_url}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    final = _wait(client, job_url, {"cancelled", "succeeded", "failed"})
    assert final["state"] == "cancelled", final
    run = client.get(f"{API}/match-runs/{final['run_id']}").json()
    assert run["state"] == "cancelled"
    assert run["stored"] < run["candidates"]
    assert client.post(f"{job_url}/cancel").status_code == 409


def test_an_invalid_match_job_request_gets_422_and_starts_nothing(
    client: httpx.Client, demo_role: str
) -> None:
    response = client.post(f"{API}/roles/{demo_role}/match-jobs", json={"limit": 0})
    assert response.status_code == 422
    assert "limit" in response.json()["fields"]
    assert client.get(f"{API}/roles/{demo_role}/match-runs").json() == []
    assert client.post(f"{API}/roles/nope/match-jobs", json={}).status_code == 404
    assert client.get(f"{API}/match-runs/nope").status_code == 404
