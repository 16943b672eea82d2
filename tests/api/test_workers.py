"""Jobs outlive their worker: a killed worker's job is run again (or failed, or cancelled, with
the reason), `talent serve` restarts its worker, and /health says when no worker answers."""

import signal
import subprocess
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import psutil

from api.worker import celery_app
from graph.neo4j_store import Neo4jStore
from graph.queries import jobs as job_queries
from talent.core.ids import now_ms
from talent.jobs import service
from talent.jobs.model import REMINDER_TASK, JobState
from talent.jobs.repository import JobRepository
from tests.serving import Served, admin, children_named, create_admin, talent_serve

API = "/api/v1"
# Short enough that a lost worker is noticed in seconds.
QUICK = {
    "TALENT_JOB_HEARTBEAT": "0.5",
    "TALENT_JOB_STALE_AFTER": "3",
    "TALENT_SWEEP_INTERVAL": "1",
}
MINUTE_MS = 60_000


def _until(check: Callable[[], Any], timeout: float = 120, every: float = 0.3) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, "timed out"
        time.sleep(every)


def _job(client: httpx.Client, job_id: str) -> dict[str, Any]:
    found: dict[str, Any] = client.get(f"{API}/jobs/{job_id}").json()
    return found


def _lost(store: Neo4jStore, *, state: JobState, attempts: int) -> str:
    """A reminders job left by a worker that died two minutes ago."""
    silent_since = now_ms() - 2 * MINUTE_MS
    job_id = str(uuid.uuid4())
    props = {
        "id": job_id,
        "kind": "reminders",
        "state": state.value,
        "done": 0,
        "total": 0,
        "params": "{}",
        "task": REMINDER_TASK,
        "args": "[]",
        "attempts": attempts,
        "created_at": silent_since,
        "updated_at": silent_since,
        "heartbeat_at": silent_since,
    }
    store.run(job_queries.create(props))
    return job_id


def _worker_pid(served: Served) -> int:
    [worker] = _until(lambda: children_named(served, "worker"), timeout=30)
    return int(worker.pid)


def test_a_job_whose_worker_is_killed_mid_way_is_run_again_and_finishes(tmp_path: Path) -> None:
    create_admin(tmp_path)
    with talent_serve(tmp_path, **QUICK) as served, closing(admin(served)) as client:
        started = client.post(f"{API}/jobs/demo-data", json={"count": 20000, "seed": 5})
        assert started.status_code == 202, started.text
        job_id = started.json()["id"]
        _until(lambda: 1000 <= _job(client, job_id)["done"] < 20000)
        killed = _worker_pid(served)
        psutil.Process(killed).kill()

        final = _until(
            lambda: (j := _job(client, job_id))["state"] in {"succeeded", "failed"} and j,
            timeout=240,
        )
        assert final["state"] == "succeeded", final
        assert final["attempts"] == 2
        assert final["done"] == final["total"] == 20000
        assert final["result"]["experts"] == 20000
        assert _worker_pid(served) != killed
        assert "attempt 2 after its worker was lost" in (tmp_path / "serve.log").read_text()


def _health_ok(served: Served) -> dict[str, Any] | None:
    body: dict[str, Any] = httpx.get(f"{served.url}/health", timeout=10).json()
    return body if body["status"] == "ok" else None


def test_serve_restarts_its_killed_worker_and_health_follows_it(tmp_path: Path) -> None:
    with talent_serve(tmp_path, **QUICK) as served:
        healthy = _until(lambda: _health_ok(served), timeout=60)
        assert (healthy["worker"], healthy["beat"]) == ("ok", "ok")
        first = _worker_pid(served)
        psutil.Process(first).kill()

        again = _until(lambda: [p for p in children_named(served, "worker") if p.pid != first])
        assert len(again) == 1
        assert _until(lambda: _health_ok(served), timeout=60)
        assert "worker exited with -9; restarting" in (tmp_path / "serve.log").read_text()


def test_health_reports_no_worker_when_none_answers(
    anonymous: httpx.Client, worker: subprocess.Popen[bytes]
) -> None:
    worker.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        response = anonymous.get("/health")
        took = time.monotonic() - started
    finally:
        worker.send_signal(signal.SIGCONT)
    assert response.status_code == 200  # the API itself still serves
    body = response.json()
    assert (body["status"], body["worker"]) == ("degraded", "unavailable")
    assert (body["graph"], body["broker"]) == ("ok", "ok")
    assert took < 3
    assert _until(lambda: anonymous.get("/health").json()["worker"] == "ok", timeout=30)


def test_a_lost_job_is_queued_again_and_runs_on_a_live_worker(
    client: httpx.Client, store: Neo4jStore, worker: subprocess.Popen[bytes]
) -> None:
    job_id = _lost(store, state=JobState.RUNNING, attempts=1)
    swept = service.sweep(store, celery_app, stale_after_ms=MINUTE_MS, max_attempts=3)
    assert swept.requeued == [job_id]
    final = _until(lambda: (j := _job(client, job_id))["state"] in {"succeeded", "failed"} and j)
    assert (final["state"], final["attempts"]) == ("succeeded", 2), final


def test_a_lost_job_with_no_attempt_left_fails_with_the_reason(
    client: httpx.Client, store: Neo4jStore
) -> None:
    job_id = _lost(store, state=JobState.RUNNING, attempts=3)
    # Recorded, never sent: a job the worker has not picked up yet.
    live = JobRepository(store).create(kind="reminders", params={}, task=REMINDER_TASK).id
    swept = service.sweep(store, celery_app, stale_after_ms=MINUTE_MS, max_attempts=3)
    assert (swept.failed, swept.requeued) == ([job_id], [])
    job = _job(client, job_id)
    assert job["state"] == "failed"
    assert job["error"] == "worker lost: no heartbeat after 3 attempt(s)"
    assert _job(client, live)["state"] == "queued"  # queued jobs are not the sweep's
    JobRepository(store).update(live, state=JobState.CANCELLED)


def test_a_lost_job_being_cancelled_is_cancelled_by_the_sweep(
    client: httpx.Client, store: Neo4jStore
) -> None:
    job_id = _lost(store, state=JobState.CANCELLING, attempts=1)
    swept = service.sweep(store, celery_app, stale_after_ms=MINUTE_MS, max_attempts=3)
    assert swept.cancelled == [job_id]
    job = _job(client, job_id)
    assert (job["state"], job["error"]) == ("cancelled", "worker lost")


def test_cancel_of_a_job_whose_worker_is_gone_cancels_it_at_once(
    client: httpx.Client, store: Neo4jStore
) -> None:
    for state in (JobState.RUNNING, JobState.CANCELLING):
        job_id = _lost(store, state=state, attempts=1)
        cancelled = client.post(f"{API}/jobs/{job_id}/cancel")
        assert cancelled.status_code == 200, cancelled.text
        assert (cancelled.json()["state"], cancelled.json()["error"]) == (
            "cancelled",
            "worker lost",
        )
        assert client.post(f"{API}/jobs/{job_id}/cancel").status_code == 409
