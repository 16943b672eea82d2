"""The pages of the bulk import of experts: upload, column mapping, the dry run's report in the
page's language, a confirmed start on the real worker, progress and result; the same access
as the API. Texts written by hand."""

import re
import time
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect
from pydantic import JsonValue

from api.settings import get_settings
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountRead, Role
from talent.audit.log import Actor
from talent.bulk import service
from talent.duplicates.checker import DuplicateChecker
from talent.jobs import tasks as job_tasks
from tests.accounts import SignIn
from tests.factories import expert_body, organization_body
from tests.web.browser import account, check_page, sign_in

VI = {"Accept-Language": "vi"}
EN = {"Accept-Language": "en"}
LIST = (
    "Họ và tên,Thư điện tử,Mã,Quốc gia,Tổ chức,Kỹ năng\n"
    "Nguyễn Thị Hương,huong.web@example.edu.vn,W-1,Việt Nam,Viện Vật lý,Học máy:4\n"
    "Trần Văn Bình,binh.web@example.org,W-2,VN,,\n"
    "Lê Hoàng Phương,phuong.web@example,W-3,VN,,\n"
    "Nguyễn Thị Hương,huong.web@example.edu.vn,W-4,VN,,\n"
    "Đỗ Thu Trang,trang.web@example.org,W-5,Narnia,Viện Không Có,\n"
)


def _text(response: httpx.Response) -> str:
    html = response.text.split("<main", 1)[-1].split(">", 1)[-1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def _csrf(client: httpx.Client) -> dict[str, str]:
    client.get("/")
    return {"x-csrf-token": client.cookies["talent_csrf"]}


def _fact(response: httpx.Response, key: str) -> str:
    found = re.search(rf'<dd id="xl-{key}">([^<]*)</dd>', response.text)
    assert found, (key, _text(response))
    return found.group(1)


@pytest.fixture
def known(client: httpx.Client) -> dict[str, str]:
    org = client.post("/api/v1/organizations", json=organization_body(name="Viện Vật lý"))
    binh = client.post(
        "/api/v1/experts",
        json=expert_body(
            full_name="Trần Văn Bình", emails=["binh.web@example.org"], orcid=None, skills=[]
        ),
    )
    return {"org": org.json()["id"], "binh": binh.json()["id"]}


def _judged(client: httpx.Client, path: str) -> httpx.Response:
    """The list's page once its dry run (a job) has ended and the page shows the report."""
    deadline = time.monotonic() + 60
    while True:
        page = client.get(path, headers=VI)
        if 'id="xl-summary"' in page.text:
            assert "hx-trigger" not in page.text.split('id="xl-dry"', 1)[1].split(">", 1)[0]
            return page
        assert time.monotonic() < deadline, _text(page)
        time.sleep(0.3)


def _upload(client: httpx.Client, data: bytes, headers: dict[str, str]) -> httpx.Response:
    return client.post(
        "/expert-lists", files={"file": ("danh-sach.csv", data, "text/csv")}, headers=headers
    )


def test_upload_dry_run_and_import_through_the_pages_in_vietnamese(
    client: httpx.Client, known: dict[str, str]
) -> None:
    headers = VI | _csrf(client)
    uploaded = _upload(client, LIST.encode(), headers)
    assert uploaded.status_code == 303
    path = uploaded.headers["location"]
    assert path.startswith("/expert-lists/")
    page = client.get(path, headers=VI)
    assert page.status_code == 200
    text = _text(page)
    assert "Nhập tệp danh-sach.csv" in text
    assert "5 dòng, đọc theo bảng mã utf-8." in text
    assert "Cột “Tổ chức”" in text
    # The mapping guessed: "Mã" fills the list key.
    assert re.search(r'name="map_2">.*?<option value="external_id" selected>', page.text, re.S)
    fields = {
        f"map_{n}": v
        for n, v in enumerate(
            ["full_name", "emails", "external_id", "country", "organization", "skills"]
        )
    }
    ran = client.post(f"{path}/dry-run", data=fields, headers=headers)
    assert ran.status_code == 303
    report = _judged(client, path)
    assert (_fact(report, "created"), _fact(report, "matched")) == ("1", "1")
    assert (_fact(report, "review"), _fact(report, "refused")) == ("0", "3")
    text = _text(report)
    # Refused rows first, each with its column as the file heads it and the reason in Vietnamese.
    assert (
        "4 Lê Hoàng Phương Bị từ chối Thư điện tử : Đây không phải địa chỉ thư điện tử hợp lệ."
        in text
    )
    assert "5 Nguyễn Thị Hương Bị từ chối Thư điện tử : Trùng với dòng 2." in text
    assert "Quốc gia : Không có quốc gia nào có mã hoặc tên này." in text
    assert "Tổ chức : Không có tổ chức nào trong cơ sở dữ liệu mang tên này." in text
    assert text.index("Lê Hoàng Phương") < text.index("Trần Văn Bình")
    assert "3 Trần Văn Bình Đã có trong cơ sở dữ liệu" in text

    download = client.get(f"{path}/report", params={"form": "csv"}, headers=VI)
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Dòng,Họ tên,Kết quả,Hồ sơ,Cột,Lý do,Chi tiết"
    assert lines[1].startswith("4,Lê Hoàng Phương,Bị từ chối,,Thư điện tử,invalid_email,")

    asked = client.post(f"{path}/import", data={"invite": "yes"}, headers=headers)
    assert asked.status_code == 200
    assert "Thao tác này tạo 1 hồ sơ mới và chuyển 0 dòng sang rà soát." in _text(asked)
    started = client.post(
        f"{path}/import", data={"invite": "yes", "confirm": "yes"}, headers=headers
    )
    assert started.status_code == 303
    job_path = started.headers["location"]
    deadline = time.monotonic() + 60
    while True:
        job = client.get(job_path, headers=VI)
        if "xl-result-created" in job.text:
            break
        assert time.monotonic() < deadline, _text(job)
        time.sleep(0.3)
    assert _fact(job, "state") == "Đã xong"
    assert _fact(job, "result-created") == "1"
    # A second start of the same list is refused, saying why.
    again = client.post(f"{path}/import", data={"confirm": "yes"}, headers=headers)
    assert again.status_code == 409
    assert "Danh sách này đang được nhập hoặc đã được nhập" in _text(again)


def test_the_pages_speak_english_too_and_refuse_a_mapping_without_a_name(
    client: httpx.Client, known: dict[str, str]
) -> None:
    headers = EN | _csrf(client)
    path = _upload(client, LIST.encode(), headers).headers["location"]
    refused = client.post(
        f"{path}/dry-run", data={"map_0": "-", "map_3": "country"}, headers=headers
    )
    assert refused.status_code == 422
    assert (
        "Each field may come from one column only, and the full name and country of residence "
        "must each come from one." in _text(refused)
    )
    upload_page = client.get("/expert-lists", headers=EN)
    text = _text(upload_page)
    assert "Import experts from a list" in text
    assert "Họ và tên / Full name (required)" in text
    assert "Download the template (XLSX)" in text


def test_a_file_over_the_limit_is_refused_on_the_page_naming_it(client: httpx.Client) -> None:
    limit = get_settings().import_max_bytes
    refused = _upload(client, b"x" * (limit + 1), VI | _csrf(client))
    assert refused.status_code == 413
    # Vietnamese numbers: dots between thousands, a comma before decimals.
    written = f"{limit:,}".replace(",", ".")
    megabytes = f"{limit / 1_000_000:g}".replace(".", ",")
    assert f"Tệp lớn hơn giới hạn {written} byte ({megabytes} MB)." in _text(refused)


@pytest.mark.parametrize("role", [Role.PROGRAMME_LEAD, Role.EXPERT])
def test_only_whom_the_api_admits_may_import(
    client: httpx.Client, as_role: SignIn, role: Role
) -> None:
    profile = client.post("/api/v1/experts", json=expert_body()).json()["id"]
    caller = as_role(role, profile if role is Role.EXPERT else None)
    api = caller.get("/api/v1/expert-lists/template").status_code
    assert api == 403
    assert caller.get("/expert-lists").status_code == api
    refused = _upload(caller, LIST.encode(), _csrf(caller))
    assert refused.status_code == api
    assert "Biểu mẫu đã hết hạn" not in refused.text


def test_a_signed_out_visitor_is_sent_to_log_in(anonymous: httpx.Client) -> None:
    response = anonymous.get("/expert-lists")
    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/login")


def test_the_import_pages_in_a_browser(
    page: Page, store: Neo4jStore, client: httpx.Client, known: dict[str, str], tmp_path: Path
) -> None:
    listed = tmp_path / "danh-sach.csv"
    listed.write_bytes(LIST.encode())
    sign_in(page, account(store, Role.MINISTRY))
    check_page(page, "/expert-lists", "ministry-expert-lists")
    for locale, words in {
        "vi": (
            "Tải lên và kiểm tra các cột",
            "Chạy thử",
            "Nhập danh sách",
            "Đồng ý, nhập ngay",
            "Đã xong",
        ),
        "en": (
            "Upload and check the columns",
            "Run the dry run",
            "Import the list",
            "Yes, import now",
            "Finished",
        ),
    }.items():
        upload, dry, start, confirm, finished = words
        page.goto(f"/lang/{locale}?next=/expert-lists")
        page.locator("#f-file").set_input_files(str(listed))
        page.get_by_role("button", name=upload).click()
        page.get_by_role("button", name=dry).click()
        expect(page.locator("#xl-refused")).to_have_text("3", timeout=60_000)
        if locale == "vi":
            check_page(page, page.url.split(page.url.split("/")[2], 1)[1], "ministry-expert-list")
            page.goto(f"/lang/{locale}?next={page.url.split(page.url.split('/')[2], 1)[1]}")
        page.get_by_role("button", name=start).click()
        page.get_by_role("button", name=confirm).click()
        expect(page.locator("#xl-state")).to_have_text(finished, timeout=60_000)
        if locale == "vi":
            check_page(
                page, page.url.split(page.url.split("/")[2], 1)[1], "ministry-expert-list-import"
            )


OFFICER = AccountRead(
    id="officer-web",
    email="officer.web@example.org",
    role=Role.MINISTRY,
    name="Cán bộ",
    active=True,
    created_at=0,
)


class Held:
    """A broker that keeps the job: it stays queued, as while the workers are busy."""

    def send_task(
        self, name: str, args: list[JsonValue], *, task_id: str, ignore_result: bool
    ) -> object:
        return None


def test_a_form_drawn_before_the_list_changed_is_refused_saying_so(
    client: httpx.Client, known: dict[str, str]
) -> None:
    headers = VI | _csrf(client)
    path = _upload(client, LIST.encode(), headers).headers["location"]
    page = client.get(path, headers=VI)
    assert 'name="version" id="f-version-map" value="1"' in page.text
    fields = {"map_0": "full_name", "map_3": "country", "version": "1"}
    assert client.post(f"{path}/dry-run", data=fields, headers=headers).status_code == 303
    # The same form sent again (another window, a colleague): refused, nothing started.
    again = client.post(f"{path}/dry-run", data=fields, headers=headers)
    assert again.status_code == 409
    assert "Danh sách này vừa được thay đổi, ở một cửa sổ khác hoặc bởi một đồng nghiệp." in _text(
        again
    )
    report = _judged(client, path)
    assert 'name="version" id="f-version-map" value="3"' in report.text
    stale = client.post(f"{path}/import", data={"confirm": "yes", "version": "2"}, headers=headers)
    assert stale.status_code == 409
    assert "hãy kiểm tra lại các cột và lượt chạy thử rồi thử lại" in _text(stale)
    listed = client.get(f"/api/v1/expert-lists/{path.rsplit('/', 1)[1]}").json()
    assert listed["job_id"] is None
    # The audit log says each step in words, naming the list by its file.
    audit = _text(client.get("/admin/audit", params={"target": listed["id"]}, headers=VI))
    assert "đã tải lên danh sách chuyên gia danh-sach.csv" in audit
    assert "đã bắt đầu chạy thử danh sách chuyên gia danh-sach.csv" in audit
    assert "Lượt chạy thử danh sách chuyên gia danh-sach.csv do" in audit
    assert "bắt đầu đã xong" in audit
    assert "bắt đầu chạy thử danh sách chuyên gia" in audit.split("Đối tượng (mã)")[0]


def test_a_dry_run_in_progress_in_a_browser(
    page: Page, store: Neo4jStore, client: httpx.Client, known: dict[str, str]
) -> None:
    listed = client.post(
        "/api/v1/expert-lists", files={"file": ("danh-sach.csv", LIST.encode(), "text/csv")}
    ).json()
    job = service.start_dry_run(store=store, broker=Held(), caller=OFFICER, list_id=listed["id"])
    sign_in(page, account(store, Role.MINISTRY))
    path = f"/expert-lists/{listed['id']}"
    check_page(page, path, "ministry-expert-list-dry-run")
    page.goto(f"/lang/vi?next={path}")
    expect(page.locator("#xl-dry-state")).to_have_text("Đang chờ máy xử lý bắt đầu")
    expect(page.locator("#xl-dry progress")).to_be_visible()
    expect(page.locator("#f-version-map")).to_have_value("2")
    # The page follows the job (htmx every 2 s): once it ends, the report replaces the
    # progress, the forms carry the list's new version, and the page stops asking.
    assert page.locator("#xl-dry").get_attribute("hx-trigger") == "every 2s"
    # As the worker runs it (claimed, progress reported, then finished).
    job_tasks.use_store(store)
    done = job_tasks.run_job(
        job.id,
        lambda jobs: service.run_dry_run(
            store=store,
            checker=DuplicateChecker(store),
            list_id=listed["id"],
            job_id=job.id,
            version=2,
            actor=Actor(id=OFFICER.id, role="ministry"),
            progress=job_tasks.progress_reporter(jobs, job.id),
        ),
    )
    assert done is not None
    assert done["stored"] is True
    expect(page.locator("#xl-refused")).to_have_text("3", timeout=15_000)
    expect(page.locator("#f-version-map")).to_have_value("3")
    assert page.locator("#xl-dry").get_attribute("hx-trigger") is None
    # A second dry run, stopped from the page: nothing of it is kept.
    second = service.start_dry_run(store=store, broker=Held(), caller=OFFICER, list_id=listed["id"])
    page.reload()
    page.get_by_role("button", name="Dừng chạy thử").click()
    expect(page.locator("#xl-dry-ended")).to_contain_text("Lượt chạy thử đã bị dừng")
    assert page.locator("#xl-dry").get_attribute("hx-trigger") is None
    assert service.dry_run_job(store, listed["id"], second.id).state.value == "cancelled"


def test_rows_of_the_file_that_may_be_one_person_are_named_by_their_rows(
    client: httpx.Client,
) -> None:
    twins = (
        "Họ và tên,Thư điện tử,Quốc gia,Kỹ năng\n"
        "Phạm Thị Lan,lan.web@example.org,VN,Học máy:4; Thị giác máy tính:3\n"
        "Vũ Minh Khoa,khoa.web@example.org,JP,\n"
        "Lan Pham Thi,lan.second.web@example.org,Việt Nam,Học máy:4; Thị giác máy tính:3\n"
    )
    headers = VI | _csrf(client)
    path = _upload(client, twins.encode(), headers).headers["location"]
    fields = {f"map_{n}": v for n, v in enumerate(["full_name", "emails", "country", "skills"])}
    assert client.post(f"{path}/dry-run", data=fields, headers=headers).status_code == 303
    text = _text(_judged(client, path))
    assert "4 Lan Pham Thi Hồ sơ mới Có thể là cùng một người với các dòng: 2" in text
    assert text.count("Có thể là cùng một người với các dòng") == 1
