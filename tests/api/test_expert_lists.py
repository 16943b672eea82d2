"""Staff bulk import of experts over HTTP, the run on a real Celery worker."""

import io
import subprocess
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from api.settings import get_settings
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.factories import expert_body, organization_body
from tests.mailbox import messages_to

API = "/api/v1"
LISTS = f"{API}/expert-lists"

HEADER = "Họ và tên;Thư điện tử;ORCID;Mã;Quốc gia;Tổ chức;Chức danh;Kỹ năng;Giới thiệu ngắn\n"
# Written by hand: what each row should come to is in EXPECTED below.
ROWS = (
    "Nguyễn Thị Hương;huong.nguyen@example.edu.vn;;BK-001;Việt Nam;Viện Toán học;"
    "Nghiên cứu viên;Học máy:4;\n"
    "Trần Văn Bình;binh.tran@example.org;;BK-002;VN;;;;\n"
    "Phạm Minh Tuấn;tuan.pham@example.org;;BK-003;Vietnam;Viện Toán học;;"
    "Machine learning (4); Deep learning;\n"
    "Lê Hoàng Phương;phuong.le@example;;BK-004;VN;;;;\n"
    "Đỗ Thu Trang;trang.do@example.org;;BK-005;Narnia;;;;\n"
    "Võ Quang Huy;huy.vo@example.org;;BK-006;JP;Đại học Không Có;;;\n"
    "Nguyễn Thị Hương;huong.nguyen@example.edu.vn;;BK-007;VN;;;;\n"
    "Bùi Thị Mai;;0000-0002-1825-0098;BK-008;VN;;;;\n"
    "Hoàng Văn Nam;nam.hoang@example.org;;BK-009;Nhật Bản;;;Phép thuật;\n"
    "Đặng Thu Hà;ha.dang@example.org;0000-0002-1825-0097;BK-010;Hoa Kỳ;;;"
    "deep-learning:5;=SUM(A1:A3)\n"
)
LIST_CSV = (HEADER + ROWS).encode("utf-8")
# Row number (as a spreadsheet shows it) -> (outcome, column, reason).
EXPECTED: dict[int, tuple[str, str | None, str | None]] = {
    2: ("created", None, None),
    3: ("matched", None, None),
    4: ("review", None, None),
    5: ("refused", "Thư điện tử", "invalid_email"),
    6: ("refused", "Quốc gia", "unknown_country"),
    7: ("refused", "Tổ chức", "unknown_organization"),
    8: ("refused", "Thư điện tử", "repeated"),
    9: ("refused", "ORCID", "invalid_orcid"),
    10: ("refused", "Kỹ năng", "unknown_skill"),
    11: ("created", None, None),
}


def _wait(client: httpx.Client, url: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(url).json()
        if job["state"] in {"succeeded", "failed", "cancelled"}:
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


def _upload(client: httpx.Client, data: bytes, name: str = "list.csv") -> httpx.Response:
    return client.post(LISTS, files={"file": (name, data, "text/csv")})


def _setup(client: httpx.Client) -> dict[str, str]:
    """An organisation, an expert the list names by e-mail, one it names only by likeness."""
    org = client.post(f"{API}/organizations", json=organization_body(name="Viện Toán học"))
    assert org.status_code == 201, org.text
    org_id = org.json()["id"]
    binh = client.post(
        f"{API}/experts",
        json=expert_body(
            full_name="Trần Văn Bình", emails=["binh.tran@example.org"], orcid=None, skills=[]
        ),
    )
    assert binh.status_code == 201, binh.text
    tuan = client.post(
        f"{API}/experts",
        json=expert_body(
            full_name="Phạm Minh Tuấn",
            emails=["tuan@other.example.org"],
            orcid=None,
            affiliations=[{"organization_id": org_id}],
            skills=[
                {"skill_id": "machine-learning", "level": 4},
                {"skill_id": "deep-learning", "level": 3},
            ],
        ),
    )
    assert tuan.status_code == 201, tuan.text
    return {"org": org_id, "binh": binh.json()["id"], "tuan": tuan.json()["id"]}


def _judge(
    client: httpx.Client, list_id: str, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Queue the dry run (202, a job), follow it to its end, then read its report."""
    started = client.post(f"{LISTS}/{list_id}/dry-run", json=body)
    assert started.status_code == 202, started.text
    job = started.json()
    assert (job["kind"], job["params"]["list_id"]) == ("expert_list_dry_run", list_id)
    done = _wait(client, f"{LISTS}/{list_id}/dry-runs/{job['id']}")
    assert done["state"] == "succeeded", done
    report = client.get(f"{LISTS}/{list_id}/dry-run")
    assert report.status_code == 200, report.text
    body_json: dict[str, Any] = report.json()
    assert done["result"] == {**body_json["summary"], "list_id": list_id, "stored": True}
    return body_json


def _dry_run(client: httpx.Client, data: bytes) -> tuple[str, dict[str, Any]]:
    uploaded = _upload(client, data)
    assert uploaded.status_code == 201, uploaded.text
    list_id = uploaded.json()["id"]
    return list_id, _judge(client, list_id)


def test_a_dry_run_says_what_happens_to_each_row_and_writes_nothing(
    client: httpx.Client, worker: subprocess.Popen[bytes]
) -> None:
    made = _setup(client)
    before = client.get(f"{API}/experts", params={"limit": 50}).json()["items"]
    uploaded = _upload(client, LIST_CSV)
    assert uploaded.status_code == 201, uploaded.text
    listed = uploaded.json()
    assert listed["rows"] == 10
    assert listed["encoding"] == "utf-8"
    assert listed["mapping"] == [
        "full_name",
        "emails",
        "orcid",
        "external_id",
        "country",
        "organization",
        "title",
        "skills",
        "headline",
    ]
    report = _judge(client, listed["id"])
    assert report["summary"] == {
        "rows": 10,
        "created": 2,
        "matched": 1,
        "review": 1,
        "refused": 6,
    }
    rows = {r["row"]: r for r in report["rows"]}
    for number, (outcome, column, reason) in EXPECTED.items():
        row = rows[number]
        assert row["outcome"] == outcome, row
        if column is not None:
            assert (row["problems"][0]["column"], row["problems"][0]["code"]) == (column, reason)
    # Refused rows first, in the file's order.
    assert [r["row"] for r in report["rows"][:6]] == [5, 6, 7, 8, 9, 10]
    assert rows[3]["expert_id"] == made["binh"]
    assert made["tuan"] in rows[4]["duplicates"]
    assert "row 2" in rows[8]["problems"][0]["detail"]
    after = client.get(f"{API}/experts", params={"limit": 50}).json()["items"]
    assert len(after) == len(before) == 2
    # The whole report as CSV, a line per problem.
    csv_report = client.get(f"{LISTS}/{listed['id']}/dry-run", params={"form": "csv"})
    assert csv_report.status_code == 200
    lines = csv_report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "row,name,outcome,expert_id,column,reason,detail"
    assert lines[1].startswith("5,Lê Hoàng Phương,refused,,Thư điện tử,invalid_email,")


def test_the_run_writes_rows_whole_invites_once_and_a_second_import_changes_nothing(
    client: httpx.Client, worker: subprocess.Popen[bytes], store: Neo4jStore
) -> None:
    made = _setup(client)
    list_id, _ = _dry_run(client, LIST_CSV)
    started = client.post(f"{LISTS}/{list_id}/imports", json={"invite": True})
    assert started.status_code == 202, started.text
    job = _wait(client, f"{LISTS}/{list_id}/imports/{started.json()['id']}")
    assert job["state"] == "succeeded", job
    assert job["result"] == {
        "rows": 10,
        "created": 2,
        "matched": 1,
        "review": 1,
        "refused": 6,
        "list_id": list_id,
    }
    experts = client.get(f"{API}/experts", params={"limit": 50}).json()["items"]
    by_key = {e.get("external_id"): e for e in experts}
    # Created and the likely duplicate (pending, queued for review); nothing of refused rows.
    assert sorted(k for k in by_key if k) == ["BK-001", "BK-003", "BK-010"]
    huong = by_key["BK-001"]
    assert huong["status"] == "active"
    assert huong["consent"]["contact"] is False
    assert huong["affiliations"][0]["organization_id"] == made["org"]
    assert huong["affiliations"][0]["title"] == "Nghiên cứu viên"
    assert huong["skills"] == [
        {"skill_id": "machine-learning", "level": 4, "years": None, "source": "imported"}
    ]
    assert by_key["BK-010"]["headline"] == "=SUM(A1:A3)"
    assert by_key["BK-003"]["status"] == "pending"
    reviews = client.get(f"{API}/reviews").json()["items"]
    assert [sorted(r["expert_ids"]) for r in reviews] == [
        sorted([by_key["BK-003"]["id"], made["tuan"]])
    ]
    audit = client.get(
        f"{API}/audit-events", params={"target": huong["id"], "action": "expert.create"}
    ).json()
    assert audit["items"][0]["details"]["imported_from"] == list_id
    mails = messages_to("huong.nguyen@example.edu.vn")
    assert len(mails) == 1
    assert "token=" in mails[0]
    # Mail only to created, active profiles: not to the matched one nor the pending one.
    assert messages_to("tuan.pham@example.org") == []
    # Starting the same list again is refused; the same file uploaded again changes nothing.
    again = client.post(f"{LISTS}/{list_id}/imports", json={"invite": True})
    assert again.status_code == 409
    second_id, second = _dry_run(client, LIST_CSV)
    assert second["summary"] == {
        "rows": 10,
        "created": 0,
        "matched": 4,
        "review": 0,
        "refused": 6,
    }
    rerun = client.post(f"{LISTS}/{second_id}/imports", json={"invite": True})
    job = _wait(client, f"{LISTS}/{second_id}/imports/{rerun.json()['id']}")
    assert job["result"]["created"] == 0
    assert job["result"]["matched"] == 4
    assert len(client.get(f"{API}/experts", params={"limit": 50}).json()["items"]) == 5
    assert len(messages_to("huong.nguyen@example.edu.vn")) == 1


def test_the_mapping_can_be_changed_and_a_required_field_must_be_mapped(
    client: httpx.Client,
) -> None:
    data = "Name;Nơi ở;Ghi chú\nTrần Văn Bình;VN;K-1\n".encode()
    listed = _upload(client, data).json()
    assert listed["mapping"] == ["full_name", None, None]
    refused = client.put(
        f"{LISTS}/{listed['id']}/mapping", json={"mapping": ["full_name", None, None]}
    )
    assert refused.status_code == 422
    assert "country" in refused.json()["fields"]
    twice = client.put(
        f"{LISTS}/{listed['id']}/mapping",
        json={"mapping": ["full_name", "country", "country"]},
    )
    assert twice.status_code == 422
    assert "mapping[2]" in twice.json()["fields"]
    changed = client.put(
        f"{LISTS}/{listed['id']}/mapping",
        json={"mapping": ["full_name", "country", "external_id"]},
    )
    assert changed.status_code == 200
    report = _judge(client, listed["id"])
    assert report["summary"]["created"] == 1


def test_a_run_needs_a_dry_run_first(client: httpx.Client) -> None:
    listed = _upload(client, LIST_CSV).json()
    refused = client.post(f"{LISTS}/{listed['id']}/imports", json={})
    assert refused.status_code == 409
    assert "dry_run" in refused.json()["fields"]


def test_the_template_has_bilingual_headers_and_an_example(client: httpx.Client) -> None:
    csv_file = client.get(f"{LISTS}/template", params={"form": "csv"})
    assert csv_file.status_code == 200
    lines = csv_file.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Họ và tên / Full name,Thư điện tử / E-mail,ORCID / ORCID iD,")
    assert lines[1].startswith("Nguyễn Thị Hương,")
    xlsx = client.get(f"{LISTS}/template", params={"form": "xlsx"})
    assert xlsx.status_code == 200
    # The template read back maps every column, and its example row passes.
    listed = client.post(
        LISTS, files={"file": ("template.xlsx", xlsx.content, "application/octet-stream")}
    ).json()
    assert None not in listed["mapping"]


def test_a_file_over_the_size_limit_gets_413_naming_it(client: httpx.Client) -> None:
    limit = get_settings().import_max_bytes
    response = _upload(client, b"a" * (limit + 1))
    assert response.status_code == 413
    body = response.json()
    assert f"{limit} bytes" in body["detail"]
    assert f"{limit / 1_000_000:g} MB" in body["detail"]
    assert body["limit"] == limit


def test_a_list_over_the_row_limit_gets_413_naming_it(client: httpx.Client) -> None:
    limit = get_settings().import_max_rows
    data = "Họ và tên;Quốc gia\n" + "Trần Văn Bình;VN\n" * (limit + 1)
    response = _upload(client, data.encode())
    assert response.status_code == 413
    assert f"{limit} rows" in response.json()["detail"]


def test_an_xlsx_zip_bomb_gets_413_before_it_is_unpacked(client: httpx.Client) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("xl/worksheets/sheet1.xml", b"0" * 50_000_000)
    assert len(packed.getvalue()) < 100_000
    response = client.post(
        LISTS, files={"file": ("bomb.xlsx", packed.getvalue(), "application/octet-stream")}
    )
    assert response.status_code == 413
    assert "100 to 1" in response.json()["fields"]["file"]


@pytest.mark.parametrize("role", [Role.EXPERT, Role.PROGRAMME_LEAD])
def test_experts_and_leads_may_not_import(
    client: httpx.Client, as_role: SignIn, role: Role
) -> None:
    profile = None
    if role is Role.EXPERT:
        profile = client.post(f"{API}/experts", json=expert_body()).json()["id"]
    caller = as_role(role, profile)
    assert caller.get(f"{LISTS}/template").status_code == 403
    assert _upload(caller, LIST_CSV).status_code == 403
    assert caller.post(f"{LISTS}/x/dry-run").status_code == 403
    assert caller.put(f"{LISTS}/x/mapping", json={"mapping": []}).status_code == 403
    assert caller.get(f"{LISTS}/x/dry-runs/y").status_code == 403
    assert caller.post(f"{LISTS}/x/dry-runs/y/cancel").status_code == 403


def test_a_ministry_officer_imports_and_anonymous_callers_get_401(
    as_role: SignIn, anonymous: httpx.Client
) -> None:
    officer = as_role(Role.MINISTRY)
    uploaded = _upload(officer, LIST_CSV)
    assert uploaded.status_code == 201
    assert officer.post(f"{LISTS}/{uploaded.json()['id']}/dry-run").status_code == 202
    assert _upload(anonymous, LIST_CSV).status_code == 401
    assert anonymous.get(f"{LISTS}/template").status_code == 401


def test_a_2000_row_list_with_3_broken_rows_reports_exactly_those(client: httpx.Client) -> None:
    lines = ["Họ và tên,Thư điện tử,Quốc gia"]
    broken = {500: "bad-address", 1201: "", 1999: "x@y"}
    for n in range(2000):
        email = broken.get(n, f"expert{n}@example.org")
        name = "" if n == 1201 else f"Chuyên gia Số {n}"
        lines.append(f"{name},{email},VN")
    _, report = _dry_run(client, "\n".join(lines).encode())
    assert report["summary"]["refused"] == 3
    assert report["summary"]["created"] == 1997
    refused = [(r["row"], r["problems"][0]["code"]) for r in report["rows"][:3]]
    # Row numbers as a spreadsheet shows them: the header is row 1.
    assert refused == [(502, "invalid_email"), (1203, "required"), (2001, "invalid_email")]


MAPPED = ["full_name", "emails", "orcid", "external_id", "country", "organization"]


def _mapping(*, title: str | None) -> list[str | None]:
    return [*MAPPED, title, "skills", "headline"]


def test_mapping_changes_from_the_same_version_race_and_only_one_is_kept(
    client: httpx.Client,
) -> None:
    listed = _upload(client, LIST_CSV).json()
    assert listed["version"] == 1
    url = f"{LISTS}/{listed['id']}/mapping"
    bodies = [
        {"mapping": _mapping(title="title" if n % 2 else None), "version": 1} for n in range(4)
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda body: client.put(url, json=body), bodies))
    codes = sorted(a.status_code for a in answers)
    assert codes == [200, 409, 409, 409], [a.text for a in answers]
    kept = next(a.json() for a in answers if a.status_code == 200)
    refused = next(a.json() for a in answers if a.status_code == 409)
    assert refused["fields"] == {"version": "now 2"}
    now = client.get(f"{LISTS}/{listed['id']}").json()
    assert (now["version"], now["mapping"]) == (2, kept["mapping"])
    # A dry run or a run from the version read before is refused too, and starts nothing.
    assert client.post(f"{LISTS}/{listed['id']}/dry-run", json={"version": 1}).status_code == 409
    assert client.post(f"{LISTS}/{listed['id']}/imports", json={"version": 1}).status_code == 409
    after = client.get(f"{LISTS}/{listed['id']}").json()
    assert (after["version"], after["dry_run_job"], after["job_id"]) == (2, None, None)


def test_a_new_mapping_while_a_dry_run_goes_keeps_no_report_of_the_old_one(
    client: httpx.Client, worker: subprocess.Popen[bytes]
) -> None:
    _setup(client)
    listed = _upload(client, LIST_CSV).json()
    started = client.post(f"{LISTS}/{listed['id']}/dry-run", json={"version": 1})
    assert started.status_code == 202, started.text
    changed = client.put(
        f"{LISTS}/{listed['id']}/mapping", json={"mapping": _mapping(title=None), "version": 2}
    )
    assert changed.status_code == 200, changed.text
    job = _wait(client, f"{LISTS}/{listed['id']}/dry-runs/{started.json()['id']}")
    # Cancelled while queued or running, or refused at its end: never a report of the old
    # mapping. (Finished before the change: the change dropped it.)
    assert job["state"] in {"cancelled", "failed", "succeeded"}, job
    if job["state"] == "failed":
        assert "its report was not kept" in job["error"]
    now = client.get(f"{LISTS}/{listed['id']}").json()
    assert (now["dry_run"], now["dry_run_job"]) == (None, None)
    assert now["mapping"] == _mapping(title=None)
    assert client.get(f"{LISTS}/{listed['id']}/dry-run").status_code == 409
    # A new dry run judges with the new mapping.
    assert _judge(client, listed["id"])["summary"]["rows"] == 10


def test_a_dry_run_can_be_cancelled_and_a_finished_one_cannot(
    client: httpx.Client, worker: subprocess.Popen[bytes]
) -> None:
    listed = _upload(client, LIST_CSV).json()
    report = _judge(client, listed["id"])
    job_id = client.get(f"{LISTS}/{listed['id']}").json()["dry_run_job"]
    refused = client.post(f"{LISTS}/{listed['id']}/dry-runs/{job_id}/cancel")
    assert refused.status_code == 409
    assert report["summary"]["rows"] == 10
    # A job that is no dry run of this list is not found through it.
    other = _upload(client, LIST_CSV).json()
    assert client.get(f"{LISTS}/{other['id']}/dry-runs/{job_id}").status_code == 404
    assert client.post(f"{LISTS}/{other['id']}/dry-runs/{job_id}/cancel").status_code == 404


def test_every_step_of_a_list_is_in_the_audit_trail(
    client: httpx.Client, worker: subprocess.Popen[bytes]
) -> None:
    _setup(client)
    listed = _upload(client, LIST_CSV).json()
    mapped = client.put(
        f"{LISTS}/{listed['id']}/mapping", json={"mapping": _mapping(title="title"), "version": 1}
    )
    assert mapped.status_code == 200
    _judge(client, listed["id"], {"version": 2})
    version = client.get(f"{LISTS}/{listed['id']}").json()["version"]
    assert version == 4
    started = client.post(f"{LISTS}/{listed['id']}/imports", json={"version": 4})
    assert started.status_code == 202, started.text
    _wait(client, f"{LISTS}/{listed['id']}/imports/{started.json()['id']}")
    events = client.get(f"{API}/audit-events", params={"target": listed["id"], "limit": 50}).json()[
        "items"
    ]
    # Newest first, written out by hand.
    assert [e["action"] for e in events] == [
        "expert_list.import.start",
        "expert_list.dry_run.finish",
        "expert_list.dry_run.start",
        "expert_list.mapping",
        "expert_list.upload",
    ]
    assert {e["target_kind"] for e in events} == {"expert_list"}
    finished = events[1]["details"]
    assert (finished["created"], finished["refused"]) == (2, 6)
    assert events[4]["details"]["values"] == {"name": "list.csv"}
    assert events[4]["details"]["rows"] == 10
    assert events[0]["details"]["job_id"] == started.json()["id"]
