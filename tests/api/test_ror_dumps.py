"""ROR's register over HTTP: an admin uploads a dump, saved to a file, and a job on the worker
loads it (a reload changes nothing; malformed JSON fails the job naming where; a zip inflating
past the limit fails it naming the limit); over ror_max_bytes the upload gets 413; one load at
a time; cancelled it stops between batches; the file is deleted whenever the job ends. Only
admins load; staff ask how a name resolves and why."""

import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.settings import Settings, get_settings
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.jobs import service as job_service
from talent.jobs import tasks as job_tasks
from talent.jobs.model import Progress
from talent.jobs.repository import JobRepository
from talent.organizations import tasks as ror_tasks
from talent.organizations.register import jobs
from talent.organizations.register.repository import RorRepository
from tests.accounts import SignIn, signed_in
from tests.conftest import DATA_DIR, serving
from tests.factories import expert_body
from tests.talent import ror_fixtures as f

API = "/api/v1"
UPLOADS = jobs.uploads(DATA_DIR)


def _upload(client: httpx.Client, data: bytes, name: str = "v2.8-ror-data.zip") -> httpx.Response:
    return client.post(
        f"{API}/ror/dumps", files={"file": (name, data, "application/zip")}, timeout=60
    )


def _wait(client: httpx.Client, job_id: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(f"{API}/jobs/{job_id}").json()
        if job["state"] in ("succeeded", "failed", "cancelled"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


def _load(client: httpx.Client, data: bytes, name: str = "v2.8-ror-data.zip") -> dict[str, Any]:
    started = _upload(client, data, name)
    assert started.status_code == 202, started.text
    assert started.json()["kind"] == "ror_load"
    return _wait(client, started.json()["id"])


def _left(timeout: float = 10) -> list[Path]:
    """The files left in the uploads folder once the task has deleted what it will."""
    deadline = time.monotonic() + timeout
    while True:
        left = sorted(UPLOADS.glob("*")) if UPLOADS.exists() else []
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def test_an_admin_loads_a_dump_and_a_reload_changes_nothing(client: httpx.Client) -> None:
    organization = client.post(
        f"{API}/organizations",
        json={"name": "Đại học Bách khoa Hà Nội", "kind": "university", "country": "VN"},
    ).json()
    data = f.dump_zip([f.hust(), f.vast(), f.hue_v1()])
    first = _load(client, data)
    assert first["state"] == "succeeded", first
    assert first["params"] == {"file": "v2.8-ror-data.zip", "size": len(data)}
    assert first["done"] == first["total"] == 2 * len(data)
    body = first["result"]
    assert (body["read"], body["created"], body["updated"], body["unchanged"]) == (3, 3, 0, 0)
    assert (body["records"], body["complete"], body["linked_count"]) == (3, True, 1)
    assert body["linked"] == [
        {
            "organization_id": organization["id"],
            "name": "Đại học Bách khoa Hà Nội",
            "ror_id": f.HUST,
        }
    ]
    assert _left() == []  # the uploaded file is deleted once loaded
    again = _load(client, data)["result"]
    assert (again["created"], again["updated"], again["unchanged"], again["linked"]) == (
        0,
        0,
        3,
        [],
    )
    linked = client.get(f"{API}/organizations/{organization['id']}").json()
    assert linked["ror_id"] == f.HUST
    events = client.get(f"{API}/audit-events", params={"action": "ror.load"}).json()["items"]
    assert [e["details"]["records_created"] for e in events] == [0, 3]


def test_malformed_json_fails_the_job_naming_where(client: httpx.Client) -> None:
    failed = _load(client, b'[{"id": "https://ror.org/04hb5qz12",}]', "ror.json")
    assert failed["state"] == "failed"
    assert (
        failed["error"]
        == "malformed JSON at character 36: Illegal trailing comma before end of object"
    )
    assert failed["result"] == {
        "problem": {"status": 422, "limit": 300_000_000, "problem": "json", "at": 36}
    }
    bomb = _load(client, f.zip_bomb(301_000_000))
    assert bomb["state"] == "failed"
    assert bomb["error"] == "the file is larger than 300000000 bytes uncompressed"
    assert bomb["result"]["problem"]["status"] == 413
    assert _left() == []
    assert client.get(f"{API}/ror/resolve", params={"name": "x"}).json()["ror_id"] is None


@pytest.fixture
def small_limit_url(store: Neo4jStore) -> Iterator[str]:
    values = {**get_settings().model_dump(), "ror_max_bytes": 2048}
    with serving(create_app(Settings.model_validate(values), store)) as url:
        yield url


def test_a_file_over_the_dump_limit_gets_413_naming_it(
    small_limit_url: str, store: Neo4jStore
) -> None:
    admin = signed_in(small_limit_url, store, Role.ADMIN)
    # Within the body limit (the form's room around the file), past the file's own.
    response = _upload(admin, f.dump_json([f.hust()] * 5), "ror.json")
    # Past the body limit: refused before it is read.
    whole = _upload(admin, f.dump_json([f.hust()] * 200), "ror.json")
    admin.close()
    assert response.status_code == 413
    assert response.json()["detail"] == "the file is larger than 2048 bytes"
    assert response.json()["fields"] == {"file": "at most 2048 bytes"}
    assert whole.status_code == 413
    assert whole.json()["fields"] == {"body": f"at most {2048 + 64 * 1024} bytes"}
    assert _left() == []
    assert JobRepository(store).latest(jobs.KIND) is None


def _as(role: Role, client: httpx.Client, as_role: SignIn) -> httpx.Client:
    """Signed in with `role`; an expert with a profile of their own."""
    if role is not Role.EXPERT:
        return as_role(role)
    body = expert_body(full_name="Phạm Thị Lan", orcid=None)
    profile = client.post(f"{API}/experts", json=body).json()["id"]
    return as_role(role, profile)


def test_only_admins_load_and_staff_who_write_organisations_resolve(
    client: httpx.Client, as_role: SignIn, anonymous: httpx.Client
) -> None:
    data = f.dump_zip([f.hust()])
    for role in (Role.EXPERT, Role.PROGRAMME_LEAD, Role.MINISTRY):
        assert _upload(_as(role, client, as_role), data).status_code == 403
    assert _upload(anonymous, data).status_code == 401
    assert _load(client, data)["state"] == "succeeded"
    query = {"name": "dai hoc bach khoa ha noi", "country": "VN"}
    ministry = as_role(Role.MINISTRY).get(f"{API}/ror/resolve", params=query)
    assert ministry.status_code == 200
    assert ministry.json() == {
        "matched_by": "record_name",
        "organization": None,
        "proposed": {
            "name": "Đại học Bách khoa Hà Nội",
            "kind": "university",
            "country": "VN",
            "ror_id": f.HUST,
            "website": None,
        },
        "ror_id": f.HUST,
        "ambiguous": 0,
    }
    for role in (Role.EXPERT, Role.PROGRAMME_LEAD):
        assert _as(role, client, as_role).get(f"{API}/ror/resolve", params=query).status_code == 403


def test_a_dump_larger_than_other_bodies_is_read_up_to_its_limit(client: httpx.Client) -> None:
    """Other requests stop at 1 MB (max_body_bytes); a dump is an upload, read up to
    ror_max_bytes."""
    data = f.dump_json([f.hust()] * 1200)
    assert len(data) > 1_000_000
    job = _load(client, data, "ror.json")
    assert job["state"] == "succeeded", job
    assert (job["result"]["read"], job["result"]["created"]) == (1, 1)


def test_one_load_at_a_time(client: httpx.Client, store: Neo4jStore) -> None:
    queued = JobRepository(store).create(kind=jobs.KIND, params={}, task=None)
    refused = _upload(client, f.dump_zip([f.hust()]))
    assert refused.status_code == 409
    assert refused.json()["fields"] == {"job_id": queued.id}
    assert _left() == []


def _start(store: Neo4jStore, data: bytes) -> tuple[str, Path]:
    """A load's job and file as the upload leaves them, for the task to run here."""
    path = jobs.save(io.BytesIO(data), folder=UPLOADS, max_bytes=10_000_000)
    job = JobRepository(store).create(kind=jobs.KIND, params={"file": "ror.zip"}, task=None)
    return job.id, path


def _run(job_id: str, path: Path) -> None:
    ror_tasks.ror_load_task(job_id, str(path), "ror.zip", "admin-1", "admin", 10_000_000)


def test_a_cancelled_load_stops_between_batches_and_its_file_is_deleted(
    store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_tasks.use_store(store)
    records = [
        f.v2(f"0{n:06d}{n % 100:02d}", [(f"Viện {n}", ["ror_display"], None)]) for n in range(2500)
    ]
    job_id, path = _start(store, f.dump_zip(records))
    reporter = job_tasks.progress_reporter
    heard: list[tuple[int, int]] = []

    def cancelling(jobs_repo: JobRepository, job: str) -> Progress:
        report = reporter(jobs_repo, job)

        def hear(done: int, total: int) -> bool:
            heard.append((done, total))
            # After the first batch is written: the admin presses "Stop".
            if done > total // 2:
                job_service.request_cancel(store, job)
            return report(done, total)

        return hear

    monkeypatch.setattr(job_tasks, "progress_reporter", cancelling)
    _run(job_id, path)
    ended = JobRepository(store).get(job_id)
    assert ended is not None
    assert ended.state == "cancelled"
    assert ended.result is not None
    assert (ended.result["complete"], ended.result["read"], ended.result["created"]) == (
        False,
        1000,
        1000,
    )
    assert RorRepository(store).count() == 1000
    assert not path.exists()
    # Cancelled before a worker took it: the delivery does nothing but delete the file.
    job_id, path = _start(store, f.dump_zip(records[:3]))
    job_service.request_cancel(store, job_id)
    _run(job_id, path)
    assert not path.exists()
    assert RorRepository(store).count() == 1000
