"""What an import may not do and what keeps it alive: an expert cannot raise an imported work's
provenance while staff verify it as before; the beat's re-harvest reads linked identifiers
again and tells the experts who asked; an import can be cancelled; a file over the limit is
refused before it is read."""

import time
from typing import Any

import httpx
import pytest

from api.settings import get_settings
from api.worker import celery_app
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.core.ids import now_ms
from talent.imports import harvest
from talent.imports.accept import Skipped, accept
from talent.imports.gather import SYSTEM
from talent.imports.models import CandidateState
from talent.imports.repository import ImportRepository
from tests.accounts import SignIn
from tests.factories import expert_body
from tests.mailbox import messages_to
from tests.sources.server import SourceServer

API = "/api/v1"
HUONG_ORCID = "0000-0002-1234-5677"
SEGMENTATION = "Vietnamese word segmentation with conditional random fields"

pytestmark = pytest.mark.usefixtures("worker")


def _finished(client: httpx.Client, expert_id: str, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while True:
        job: dict[str, Any] = client.get(f"{API}/experts/{expert_id}/imports/{job_id}").json()
        if job["state"] in {"succeeded", "failed", "cancelled"}:
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


@pytest.fixture
def huong(client: httpx.Client, as_role: SignIn) -> tuple[str, httpx.Client]:
    body = expert_body(full_name="Nguyễn Thị Hương", orcid=None, emails=[], skills=[])
    expert_id = str(client.post(f"{API}/experts", json=body).json()["id"])
    me = as_role(Role.EXPERT, expert_id)
    linked = me.put(
        f"{API}/experts/{expert_id}/identifiers", json={"scheme": "orcid", "value": HUONG_ORCID}
    )
    assert linked.status_code == 200, linked.text
    return expert_id, me


def _accept_segmentation(me: httpx.Client, expert_id: str) -> str:
    started = me.post(f"{API}/experts/{expert_id}/imports", json={})
    assert _finished(me, expert_id, started.json()["id"])["state"] == "succeeded"
    items = me.get(f"{API}/experts/{expert_id}/import-candidates").json()["items"]
    (chosen,) = [c["id"] for c in items if c["work"]["title"] == SEGMENTATION]
    decided = me.post(
        f"{API}/experts/{expert_id}/import-candidates/decisions", json={"accept": [chosen]}
    )
    return str(decided.json()["work_ids"][0])


def test_the_expert_cannot_raise_an_imported_works_provenance_and_staff_verify_it(
    huong: tuple[str, httpx.Client], as_role: SignIn, source_server: SourceServer
) -> None:
    expert_id, me = huong
    work_id = _accept_segmentation(me, expert_id)
    raised = me.patch(f"{API}/works/{work_id}", json={"source": "ministry_verified"})
    assert raised.status_code == 403
    assert "source" in raised.json()["fields"]
    forged = me.patch(f"{API}/works/{work_id}", json={"origin": "crossref"})
    assert forged.status_code == 422
    # The expert corrects the title: the work is theirs to edit, and says so (self-declared),
    # while where it came from stays.
    edited = me.patch(
        f"{API}/works/{work_id}", json={"title": "Word segmentation", "source": "self_declared"}
    )
    assert edited.status_code == 200, edited.text
    assert (edited.json()["source"], edited.json()["origin"]) == ("self_declared", "orcid")
    assert edited.json()["orcid_put_code"] == "90002"

    ministry = as_role(Role.MINISTRY)
    verified = ministry.post(
        f"{API}/experts/{expert_id}/verifications", json={"work_ids": [work_id]}
    )
    assert verified.status_code == 200, verified.text
    work = ministry.get(f"{API}/works/{work_id}").json()
    assert (work["source"], work["origin"]) == ("ministry_verified", "orcid")


def test_the_beat_reads_linked_identifiers_again_and_tells_who_asked(
    huong: tuple[str, httpx.Client],
    store: Neo4jStore,
    source_server: SourceServer,
    client: httpx.Client,
    as_role: SignIn,
) -> None:
    expert_id, me = huong
    (account,) = ImportRepository(store).owner(expert_id)[1]
    me.put(
        f"{API}/experts/{expert_id}/identifiers",
        json={"scheme": "orcid", "value": HUONG_ORCID, "notify": True},
    )
    (job_id,) = harvest.queue_due(store, celery_app, before=now_ms())
    # Queued once: not again while that import is queued or running.
    assert harvest.queue_due(store, celery_app, before=now_ms()) == []
    job = _finished(me, expert_id, job_id)
    assert (job["result"]["new"], job["result"]["told"]) == (4, 1)
    (body,) = messages_to(account)
    assert "4" in body
    assert f"{get_settings().public_url.rstrip('/')}/me/imports" in body
    # Read: not due again until the interval has passed.
    assert harvest.queue_due(store, celery_app, before=now_ms() - 60_000) == []

    # The next harvest finds nothing new: nobody is mailed again.
    (again,) = harvest.queue_due(store, celery_app, before=now_ms() + 1)
    result = _finished(me, expert_id, again)["result"]
    assert (result["new"], result.get("told")) == (0, None)
    assert len(messages_to(account)) == 1


def test_the_beat_mails_nobody_who_did_not_ask_and_retries_what_it_could_not_read(
    huong: tuple[str, httpx.Client], store: Neo4jStore, source_server: SourceServer
) -> None:
    expert_id, me = huong  # linked without asking to be told: the default
    (account,) = ImportRepository(store).owner(expert_id)[1]
    source_server.fail(f"/orcid/v3.0/{HUONG_ORCID}/person", 503)
    (failed,) = harvest.queue_due(store, celery_app, before=now_ms())
    assert _finished(me, expert_id, failed)["result"]["problems"][0]["kind"] == "unavailable"
    # ORCID did not answer: the iD is due again at once, not in a week.
    source_server.clear()
    (job_id,) = harvest.queue_due(store, celery_app, before=now_ms() - 60_000)
    result = _finished(me, expert_id, job_id)["result"]
    assert (result["new"], result["told"]) == (4, 0)
    assert messages_to(account) == []


def test_an_import_is_cancelled_between_sources(
    huong: tuple[str, httpx.Client], source_server: SourceServer
) -> None:
    expert_id, me = huong
    # ORCID answers slowly: the job is still on its first source when the cancel arrives.
    source_server.delay(f"/orcid/v3.0/{HUONG_ORCID}/person", 2.0)
    started = me.post(f"{API}/experts/{expert_id}/imports", json={"dois": ["10.1000/tcvn.2020.7"]})
    job_id = started.json()["id"]
    deadline = time.monotonic() + 30
    while me.get(f"{API}/experts/{expert_id}/imports/{job_id}").json()["state"] == "queued":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    cancelled = me.post(f"{API}/experts/{expert_id}/imports/{job_id}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert _finished(me, expert_id, job_id)["state"] == "cancelled"
    # The sources after the cancel were not read.
    assert source_server.seen("/crossref/") == []


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    huong: tuple[str, httpx.Client],
) -> None:
    expert_id, me = huong
    limit = get_settings().import_max_bytes
    too_big = b"@misc{a, title={x}}\n" + b" " * (limit + 1)
    response = me.post(
        f"{API}/experts/{expert_id}/imports/file", files={"file": ("big.bib", too_big)}
    )
    assert response.status_code == 413
    assert str(limit) in response.text
    assert me.get(f"{API}/experts/{expert_id}/import-candidates").json()["items"] == []


def test_an_accept_from_a_stale_read_writes_no_work(
    huong: tuple[str, httpx.Client], store: Neo4jStore, source_server: SourceServer
) -> None:
    """Two decisions racing: the one that read the proposal before the other decided it
    stops at the proposal's version check, and its transaction leaves no work behind."""
    expert_id, me = huong
    started = me.post(f"{API}/experts/{expert_id}/imports", json={})
    assert _finished(me, expert_id, started.json()["id"])["state"] == "succeeded"
    repo = ImportRepository(store)
    listed = repo.page(expert_id, [CandidateState.PROPOSED], after="", limit=10)
    (stale,) = [c for c in listed if c.work.title == SEGMENTATION]
    rejected = me.post(
        f"{API}/experts/{expert_id}/import-candidates/decisions", json={"reject": [stale.id]}
    )
    assert rejected.json()["rejected"] == [stale.id]
    with pytest.raises(Skipped):
        store.write(lambda tx: accept(tx, stale, SYSTEM, by="racing", proven=False))
    assert repo.works_of(expert_id) == []
    assert repo.get(expert_id, stale.id).state is CandidateState.REJECTED  # type: ignore[union-attr]


def test_only_staff_write_the_key_of_the_list_a_profile_came_from(
    huong: tuple[str, httpx.Client], as_role: SignIn, anonymous: httpx.Client
) -> None:
    """An expert who set it could take over the row a ministry's list keys with it."""
    expert_id, me = huong
    refused = me.patch(f"{API}/experts/{expert_id}", json={"external_id": "BO-KHCN-0042"})
    assert refused.status_code == 403
    assert "external_id" in refused.json()["fields"]
    ministry = as_role(Role.MINISTRY)
    set_by_staff = ministry.patch(
        f"{API}/experts/{expert_id}", json={"external_id": "BO-KHCN-0042"}
    )
    assert set_by_staff.status_code == 200, set_by_staff.text
    assert set_by_staff.json()["external_id"] == "BO-KHCN-0042"
    body = {
        "email": "dang.ky@example.org",
        "password": "a long enough passphrase 42",
        "profile": expert_body(full_name="Phạm Văn Đăng", external_id="BO-KHCN-0043"),
    }
    registered = anonymous.post(f"{API}/registrations", json=body)
    assert registered.status_code == 422
    assert "external_id" in registered.text


def test_a_withdrawn_profile_keeps_no_name_variant_nor_list_key(
    huong: tuple[str, httpx.Client], as_role: SignIn
) -> None:
    expert_id, me = huong
    ministry = as_role(Role.MINISTRY)
    ministry.patch(f"{API}/experts/{expert_id}", json={"external_id": "BO-KHCN-0042"})
    me.patch(f"{API}/experts/{expert_id}", json={"name_variants": ["T. H. Nguyen"]})
    assert me.post(f"{API}/experts/{expert_id}/withdraw").status_code == 200
    gone = as_role(Role.ADMIN).get(f"{API}/experts/{expert_id}").json()
    assert (gone["name_variants"], gone["external_id"]) == ([], None)
