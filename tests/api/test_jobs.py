"""Jobs run on a real Celery worker process."""

import subprocess
import time
from typing import Any

import httpx
import pytest
from pydantic import JsonValue

from graph.neo4j_store import Neo4jStore
from graph.queries.experts import set_props
from talent.accounts.models import Role
from talent.core.errors import ServiceUnavailable
from talent.core.ids import now_ms
from talent.jobs import service
from talent.jobs.model import JobState
from talent.jobs.repository import JobRepository
from tests.accounts import signed_in
from tests.factories import expert_body
from tests.mailbox import messages_to

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


def test_owners_of_profiles_unconfirmed_for_a_year_are_reminded_once_a_month(
    client: httpx.Client, store: Neo4jStore, worker: subprocess.Popen[bytes]
) -> None:
    old = client.post(f"{API}/experts", json=expert_body(full_name="Võ Cũ")).json()["id"]
    fresh = client.post(f"{API}/experts", json=expert_body(full_name="Võ Mới")).json()["id"]
    owner = signed_in(str(client.base_url), store, Role.EXPERT, expert_id=old)
    owner_email = owner.get(f"{API}/auth/me").json()["email"]
    thirteen_months_ago = now_ms() - 395 * 24 * 3600 * 1000
    version = client.get(f"{API}/experts/{old}").json()["version"]
    store.run(set_props(old, {"confirmed_at": thirteen_months_ago}, version=version))
    assert client.get(f"{API}/experts/{old}").json()["stale"] is True
    assert client.get(f"{API}/experts/{fresh}").json()["stale"] is False

    started = client.post(f"{API}/jobs/freshness-reminders")
    assert started.status_code == 202, started.text
    job = _wait(client, started.json()["id"], {"succeeded", "failed"})
    assert job["result"] == {"reminded": 1, "unreachable": 0}, job
    reminder = messages_to(owner_email)[-1]
    # Vietnamese first, then English.
    assert reminder.index("chưa được xác nhận") < reminder.index("not been confirmed for a year")
    assert client.get(f"{API}/experts/{old}").json()["reminded_at"] is not None

    again = _wait(
        client, client.post(f"{API}/jobs/freshness-reminders").json()["id"], {"succeeded"}
    )
    assert again["result"] == {"reminded": 0, "unreachable": 0}
    assert len(messages_to(owner_email)) == 1
    # Confirming makes the profile fresh again.
    assert owner.post(f"{API}/experts/{old}/confirm").json()["stale"] is False
    owner.close()


class _DownBroker:
    def __init__(self) -> None:
        self.tried: list[str] = []

    def send_task(
        self, name: str, args: list[JsonValue], *, task_id: str, ignore_result: bool
    ) -> object:
        self.tried.append(task_id)
        raise ConnectionError("broker down")


def test_a_job_the_broker_cannot_take_is_failed_and_refused(store: Neo4jStore) -> None:
    broker = _DownBroker()
    with pytest.raises(ServiceUnavailable):
        service.start_demo_data(store, broker, count=5, seed=1)
    with pytest.raises(ServiceUnavailable):
        service.start_reminders(store, broker)
    for job_id in broker.tried:
        job = JobRepository(store).get(job_id)
        assert job is not None
        assert (job.state, job.error) == (JobState.FAILED, "broker unavailable")
    assert len(broker.tried) == 2
