"""Jobs run on a real Celery worker process."""

import subprocess
import time
from typing import Any

import httpx

API = "/api/v1"


def _wait(
    client: httpx.Client, job_id: str, states: set[str], timeout: float = 120
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(f"{API}/jobs/{job_id}").json()
        if job["state"] in states:
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


def test_a_demo_data_job_runs_on_the_worker_and_reports_progress(
    client: httpx.Client, worker: subprocess.Popen[bytes]
) -> None:
    started = client.post(f"{API}/jobs/demo-data", json={"count": 1200, "seed": 3})
    assert started.status_code == 202
    job = _wait(client, started.json()["id"], {"succeeded", "failed"})
    assert job["state"] == "succeeded", job
    assert job["done"] == job["total"] == 1200
    assert job["progress"] == 1.0
    assert job["result"]["experts"] == 1200
    page = client.get(f"{API}/experts", params={"limit": 5}).json()
    assert len(page["items"]) == 5


def test_a_job_on_a_non_empty_graph_fails_with_its_reason(
    client: httpx.Client, worker: subprocess.Popen[bytes]
) -> None:
    first = client.post(f"{API}/jobs/demo-data", json={"count": 10}).json()
    assert _wait(client, first["id"], {"succeeded", "failed"})["state"] == "succeeded"
    second = client.post(f"{API}/jobs/demo-data", json={"count": 10}).json()
    failed = _wait(client, second["id"], {"succeeded", "failed"})
    assert failed["state"] == "failed"
    assert "empty graph" in failed["error"]


def test_a_running_job_can_be_cancelled_and_a_finished_one_cannot(
    client: httpx.Client, worker: subprocess.Popen[bytes]
) -> None:
    job = client.post(f"{API}/jobs/demo-data", json={"count": 20000}).json()
    _wait(client, job["id"], {"running"})
    cancelled = client.post(f"{API}/jobs/{job['id']}/cancel")
    assert cancelled.status_code == 200
    final = _wait(client, job["id"], {"cancelled", "succeeded", "failed"})
    assert final["state"] == "cancelled"
    assert final["done"] < 20000
    again = client.post(f"{API}/jobs/{job['id']}/cancel")
    assert again.status_code == 409


def test_an_invalid_job_request_gets_422(client: httpx.Client) -> None:
    response = client.post(f"{API}/jobs/demo-data", json={"count": 0})
    assert response.status_code == 422
    assert "count" in response.json()["fields"]
    assert client.get(f"{API}/jobs/unknown").status_code == 404
