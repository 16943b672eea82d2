"""Works' sentence vectors: computed by the worker from the change log, stored beside each work,
picked up by the live index change by change, and backfilled with resume."""

import subprocess
import time

import httpx
import numpy as np
import pytest

from api.worker import celery_app
from graph.neo4j_store import Neo4jStore
from graph.queries import jobs as job_queries
from graph.query import Query
from matching.embedding.files import pinned
from matching.embedding.onnx import OnnxEmbedder
from matching.vectors import service
from matching.vectors.repository import Computed, EmbeddingRepository
from matching.vectors.service import BACKFILL, BACKFILL_TASK
from matching.vectors.tasks import FOLLOW_TASK
from talent.accounts.models import Role
from talent.core.ids import now_ms
from talent.core.repository import ChangeRepository
from talent.demo.seeding import seed_demo
from talent.jobs import service as job_service
from talent.jobs.model import JobState
from talent.jobs.repository import JobRepository
from tests.accounts import SignIn
from tests.matching.helpers import expert, matches, role, work

ONLY_EVIDENCE = {
    "skill": 0, "evidence": 1, "seniority": 0, "network": 0, "availability": 0, "confidence": 0,
}  # fmt: skip


def _vectors(store: Neo4jStore) -> dict[str, tuple[str, bytes]]:
    rows = store.run(Query("MATCH (v:WorkVector) RETURN v.id AS id, v.hash AS h, v.data AS d"))
    return {r["id"]: (r["h"], r["d"]) for r in rows}


def _follow_until(
    store: Neo4jStore, ids: set[str], timeout: float = 90
) -> dict[str, tuple[str, bytes]]:
    """Ask the worker to look at the log (as the beat does every few seconds) until every work
    of `ids` has a vector."""
    deadline = time.monotonic() + timeout
    while True:
        celery_app.send_task(FOLLOW_TASK, ignore_result=True)
        found = _vectors(store)
        if ids <= set(found):
            return found
        assert time.monotonic() < deadline, f"no vectors for {ids - set(found)}"
        time.sleep(1)


def test_a_work_written_through_the_api_is_matched_by_meaning_once_its_vector_lands(
    client: httpx.Client, store: Neo4jStore, worker: subprocess.Popen[bytes]
) -> None:
    chemist = expert(client)
    poet = expert(client)
    # No word in common with the role's text: only meaning can connect them.
    cells = work(client, chemist, "Lithium-ion cells with solid electrolytes")
    verse = work(client, poet, "Rhyme and metre in medieval troubadour songs")
    role_id = role(
        client,
        requirements=[],
        title="Lead engineer, energy storage",
        description="Rechargeable batteries for electric cars",
    )
    before = matches(client, role_id, weights=ONLY_EVIDENCE)
    assert all(item["score"] == 0 for item in before["items"]), before
    stored = _follow_until(store, {cells, verse})
    assert len(stored[cells][1]) == 384  # int8, one byte a component
    deadline = time.monotonic() + 30
    while True:
        ranked = matches(client, role_id, weights=ONLY_EVIDENCE)["items"]
        scores = {item["expert_id"]: item["score"] for item in ranked}
        if scores.get(chemist, 0) > 0:
            break
        assert time.monotonic() < deadline, ranked
        time.sleep(0.2)
    assert ranked[0]["expert_id"] == chemist
    assert scores[chemist] > scores.get(poet, 0)

    # A changed text is embedded again; the vector of the old text no longer counts.
    changed = client.patch(f"/api/v1/works/{cells}", json={"abstract": "Also sodium."})
    assert changed.status_code == 200, changed.text
    old_hash = stored[cells][0]
    deadline = time.monotonic() + 90
    while _follow_until(store, {cells})[cells][0] == old_hash:
        assert time.monotonic() < deadline
        time.sleep(1)
    assert np.frombuffer(_vectors(store)[cells][1], dtype=np.int8).any()


def _work_count(store: Neo4jStore) -> int:
    return int(store.run(Query("MATCH (w:Work) RETURN count(w) AS n"))[0]["n"])


def test_a_backfill_whose_worker_died_resumes_after_its_last_batch_without_doubles(
    client: httpx.Client, store: Neo4jStore, worker: subprocess.Popen[bytes]
) -> None:
    seed_demo(store, 120, seed=3)
    total = _work_count(store)
    assert total > 4 * service.BATCH
    jobs = JobRepository(store)
    job = jobs.create(kind=BACKFILL, params={}, task=BACKFILL_TASK)
    jobs.update(job.id, state=JobState.RUNNING)
    batches: list[str] = []

    def die_after_two(seen: int, embedded: int, after: str) -> bool:
        # What the task records after each stored batch, then the worker is gone.
        jobs.update(job.id, done=seen, result={"seen": seen, "embedded": embedded, "after": after})
        batches.append(after)
        if len(batches) == 2:
            raise SystemExit("killed")
        return True

    with pytest.raises(SystemExit):
        service.backfill(store, OnnxEmbedder(pinned()), go_on=die_after_two)
    assert len(_vectors(store)) == 2 * service.BATCH
    lost = {"state": "running", "attempts": 1, "heartbeat_at": now_ms() - 120_000}
    store.run(job_queries.update(job.id, lost))
    swept = job_service.sweep(store, celery_app, stale_after_ms=60_000, max_attempts=3)
    assert swept.requeued == [job.id]
    deadline = time.monotonic() + 180
    while (found := jobs.get(job.id)) is None or found.state is not JobState.SUCCEEDED:
        assert found is not None
        assert found.state in (JobState.QUEUED, JobState.RUNNING), found
        assert time.monotonic() < deadline, found
        time.sleep(0.5)
    # Resumed after its second batch: every work seen once and embedded once.
    assert found.result is not None
    assert (found.result["seen"], found.result["embedded"]) == (total, total)
    assert found.attempts == 2
    assert len(_vectors(store)) == total


def test_an_admin_starts_a_backfill_once_and_follows_it_as_any_job(
    client: httpx.Client,
    store: Neo4jStore,
    worker: subprocess.Popen[bytes],
    as_role: SignIn,
) -> None:
    seed_demo(store, 30, seed=4)
    total = _work_count(store)
    assert as_role(Role.MINISTRY).post("/api/v1/jobs/embedding-backfill").status_code == 403
    started = client.post("/api/v1/jobs/embedding-backfill")
    assert started.status_code == 202, started.text
    again = client.post("/api/v1/jobs/embedding-backfill")
    assert again.status_code == 409, again.text
    deadline = time.monotonic() + 120
    while (job := client.get(f"/api/v1/jobs/{started.json()['id']}").json())["state"] != (
        "succeeded"
    ):
        assert job["state"] in ("queued", "running"), job
        assert time.monotonic() < deadline, job
        time.sleep(0.5)
    assert (job["done"], job["total"]) == (total, total)
    assert (job["result"]["seen"], job["result"]["embedded"]) == (total, total)
    assert len(_vectors(store)) == total
    # Nothing left to do: a second run sees every work and embeds none.
    second = client.post("/api/v1/jobs/embedding-backfill")
    assert second.status_code == 202, second.text
    deadline = time.monotonic() + 120
    while (job := client.get(f"/api/v1/jobs/{second.json()['id']}").json())["state"] != (
        "succeeded"
    ):
        assert time.monotonic() < deadline, job
        time.sleep(0.5)
    assert (job["result"]["seen"], job["result"]["embedded"]) == (total, 0)


def test_the_follower_finds_works_changed_since_its_cursor_and_gaps_in_the_log(
    client: httpx.Client, store: Neo4jStore
) -> None:
    model = "m-1"
    first = service.follow(store, model)
    assert first.gap  # no cursor yet: what came before is the backfill's
    author = expert(client)
    written = work(client, author, "Phased-array radar calibration")
    found = service.follow(store, model)
    assert found == service.Followed({written: _hash_of(store, written)}, gap=False)
    assert service.follow(store, model) == service.Followed({}, gap=False)  # moved past it
    # Records trimmed before the follower read them: it cannot know what it missed.
    client.patch(f"/api/v1/works/{written}", json={"abstract": "Now with drones."})
    ChangeRepository(store).trim(before=now_ms() + 1000)
    assert service.follow(store, model).gap


def _hash_of(store: Neo4jStore, work_id: str) -> str:
    (found,) = EmbeddingRepository(store).works([work_id])
    return service.hash_of(found)


def test_a_vector_of_a_text_changed_meanwhile_is_not_stored(
    client: httpx.Client, store: Neo4jStore
) -> None:
    author = expert(client)
    written = work(client, author, "Phased-array radar calibration")
    (read,) = EmbeddingRepository(store).works([written])
    client.patch(f"/api/v1/works/{written}", json={"title": "Sonar arrays"})
    stale = Computed(read, service.hash_of(read), b"\x01" * 384, 0.01)
    assert EmbeddingRepository(store).store_vectors([stale], "m-1") == []
    assert _vectors(store) == {}
    (now,) = EmbeddingRepository(store).works([written])
    current = Computed(now, service.hash_of(now), b"\x01" * 384, 0.01)
    assert EmbeddingRepository(store).store_vectors([current], "m-1") == [written]
