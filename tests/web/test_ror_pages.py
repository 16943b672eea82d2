"""The admin page of ROR's register: an admin uploads a dump file, its load runs as a job the
page follows (then the counts and the organisations given a ROR id show); a malformed one
fails the job with the reason in the reader's language; a file over the limit comes back with
the reason beside the field; a load is stopped from the page; other roles are refused."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from api.app import create_app
from api.settings import Settings, get_settings
from graph import GraphStore
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.audit.log import Actor
from talent.jobs.repository import JobRepository
from talent.organizations.register import jobs
from talent.resources import service
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationCreate
from talent.resources.repository import ResourceRepository
from tests.accounts import signed_in
from tests.conftest import serving
from tests.talent import ror_fixtures as f
from tests.web.browser import account, check_page, sign_in

PAGE = "/admin/directory/ror"
SEEDER = Actor(id="test-seed", role="admin")


def _upload(page: Page, name: str, data: bytes) -> None:
    page.get_by_label(re.compile("^(Dump file|Tệp dữ liệu)")).set_input_files(
        {"name": name, "mimeType": "application/zip", "buffer": data}
    )
    page.get_by_role("button", name=re.compile("^(Load the dump|Nạp tệp dữ liệu này)$")).click()


def test_an_admin_loads_a_dump_and_sees_what_it_changed(page: Page, store: GraphStore) -> None:
    hust = service.create(
        repo=ResourceRepository(store, ORGANIZATION),
        item=OrganizationCreate(name="Đại học Bách khoa Hà Nội", kind="university", country="VN"),
        actor=SEEDER,
    )
    sign_in(page, account(store, Role.ADMIN))
    check_page(page, PAGE, "admin-ror-empty")
    page.goto(f"/lang/vi?next={PAGE}")
    expect(page.get_by_text("Chưa nạp tệp dữ liệu nào.")).to_be_visible()
    _upload(page, "v2.8-2026-06-02-ror-data.zip", f.dump_zip([f.hust(), f.vast(), f.hue_v1()]))
    expect(
        page.get_by_text("Đã tải tệp lên và bắt đầu nạp; tiến độ được nêu bên dưới.")
    ).to_be_visible()
    assert page.url.endswith(f"{PAGE}?done=started")
    # The page follows the job until it has finished.
    expect(page.locator("#ror-job-state")).to_have_text("Đã xong", timeout=60_000)
    expect(page.locator("#ror-job-created")).to_have_text("3")
    expect(page.locator("#ror-job-linked")).to_have_text("1")
    expect(page.locator("#ror-records")).to_have_text("3")
    expect(page.locator("#ror-created")).to_have_text("3")
    expect(page.locator("#ror-unchanged")).to_have_text("0")
    linked = page.locator("#ror-linked").get_by_role("link", name="Đại học Bách khoa Hà Nội")
    expect(linked).to_have_attribute("href", f"/admin/directory/organizations/{hust.id}")
    # Again: nothing changes.
    _upload(page, "v2.8-2026-06-02-ror-data.zip", f.dump_zip([f.hust(), f.vast(), f.hue_v1()]))
    expect(page.locator("#ror-job-unchanged")).to_have_text("3", timeout=60_000)
    expect(page.locator("#ror-created")).to_have_text("0")
    expect(page.locator("#ror-unchanged")).to_have_text("3")
    check_page(page, PAGE, "admin-ror-loaded")


def test_a_malformed_dump_fails_its_load_with_the_reason(page: Page, store: GraphStore) -> None:
    sign_in(page, account(store, Role.ADMIN))
    page.goto(f"/lang/en?next={PAGE}")
    _upload(page, "ror.json", b'[{"id": "https://ror.org/04hb5qz12",}]')
    expect(page.locator("#ror-job-state")).to_have_text("Failed", timeout=60_000)
    expect(page.locator("#ror-job-problem")).to_have_text(
        "The file is not valid JSON: the error is near character 36."
    )
    expect(page.locator("#ror-records")).to_have_text("0")
    page.goto(f"/lang/vi?next={PAGE}")
    _upload(page, "ror.json", f.dump_json([{**f.hust(), "names": []}]))
    expect(page.locator("#ror-job-problem")).to_have_text(
        "Bản ghi thứ 1 (https://ror.org/04hb5qz12) không đúng định dạng của ROR.", timeout=60_000
    )
    check_page(page, PAGE, "admin-ror-failed")


def test_a_queued_load_is_stopped_from_the_page(page: Page, store: GraphStore) -> None:
    # A load no worker has taken yet (none is sent): the page offers to stop it.
    queued = JobRepository(store).create(kind=jobs.KIND, params={"file": "ror.zip"}, task=None)
    sign_in(page, account(store, Role.ADMIN))
    page.goto(f"/lang/vi?next={PAGE}")
    expect(page.locator("#ror-job-state")).to_have_text("Đang chờ máy xử lý bắt đầu")
    check_page(page, PAGE, "admin-ror-queued")
    page.goto(f"/lang/vi?next={PAGE}")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        _upload(page, "ror.json", f.dump_json([f.hust()]))
    assert answer.value.status == 409
    expect(page.get_by_text("Một tệp dữ liệu đang được nạp", exact=False)).to_be_visible()
    page.get_by_role("button", name="Dừng nạp").click()
    expect(page.locator("#ror-job-state")).to_have_text("Đã hủy")
    ended = JobRepository(store).get(queued.id)
    assert ended is not None
    assert ended.state == "cancelled"


@pytest.fixture
def small_limit_url(store: GraphStore) -> Iterator[str]:
    values = {**get_settings().model_dump(), "ror_max_bytes": 2048}
    assert isinstance(store, Neo4jStore)
    with serving(create_app(Settings.model_validate(values), store)) as url:
        yield url


def test_a_file_over_the_limit_comes_back_with_the_reason_beside_the_field(
    small_limit_url: str, store: GraphStore
) -> None:
    admin = signed_in(small_limit_url, store, Role.ADMIN)
    assert admin.get(PAGE).status_code == 200
    headers = {"x-csrf-token": admin.cookies["talent_csrf"], "accept-language": "vi"}
    files = {"file": ("ror.json", f.dump_json([f.hust()] * 5), "application/json")}
    refused = admin.post(PAGE, files=files, headers=headers)
    admin.close()
    assert refused.status_code == 413
    assert (
        'id="e-file">Tệp (hoặc tệp JSON trong tệp zip) lớn hơn 1 MB, mức tối đa một lượt nạp '
        "đọc được.</p>"
    ) in refused.text
    assert JobRepository(store).latest(jobs.KIND) is None


def test_only_admins_open_the_page(page: Page, store: GraphStore) -> None:
    for role in (Role.MINISTRY, Role.PROGRAMME_LEAD):
        page.context.clear_cookies()
        sign_in(page, account(store, role))
        response = page.goto(PAGE)
        assert response is not None
        assert response.status == 403
