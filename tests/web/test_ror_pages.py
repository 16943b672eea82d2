"""The admin page of ROR's register: an admin loads a dump file (the counts and the
organisations given a ROR id show after), a malformed one comes back with the reason beside
the field; other roles are refused."""

import re

from playwright.sync_api import Page, expect

from graph import GraphStore
from talent.accounts.models import Role
from talent.audit.log import Actor
from talent.resources import service
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationCreate
from talent.resources.repository import ResourceRepository
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
        page.get_by_text("Đã nạp tệp dữ liệu; những gì thay đổi được nêu bên dưới.")
    ).to_be_visible()
    assert page.url.endswith(f"{PAGE}?done=loaded")
    expect(page.locator("#ror-records")).to_have_text("3")
    expect(page.locator("#ror-created")).to_have_text("3")
    expect(page.locator("#ror-unchanged")).to_have_text("0")
    linked = page.locator("#ror-linked").get_by_role("link", name="Đại học Bách khoa Hà Nội")
    expect(linked).to_have_attribute("href", f"/admin/directory/organizations/{hust.id}")
    # Again: nothing changes.
    _upload(page, "v2.8-2026-06-02-ror-data.zip", f.dump_zip([f.hust(), f.vast(), f.hue_v1()]))
    expect(page.locator("#ror-created")).to_have_text("0")
    expect(page.locator("#ror-unchanged")).to_have_text("3")
    check_page(page, PAGE, "admin-ror-loaded")


def test_a_malformed_dump_comes_back_with_the_reason_beside_the_field(
    page: Page, store: GraphStore
) -> None:
    sign_in(page, account(store, Role.ADMIN))
    page.goto(f"/lang/en?next={PAGE}")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        _upload(page, "ror.json", b'[{"id": "https://ror.org/04hb5qz12",}]')
    assert answer.value.status == 422
    expect(page.locator("#e-file")).to_have_text(
        "The file is not valid JSON: the error is near character 36."
    )
    expect(page.locator("#ror-records")).to_have_text("0")
    page.goto(f"/lang/vi?next={PAGE}")
    _upload(page, "ror.json", f.dump_json([{**f.hust(), "names": []}]))
    expect(page.locator("#e-file")).to_have_text(
        "Bản ghi thứ 1 (https://ror.org/04hb5qz12) không đúng định dạng của ROR."
    )


def test_only_admins_open_the_page(page: Page, store: GraphStore) -> None:
    for role in (Role.MINISTRY, Role.PROGRAMME_LEAD):
        page.context.clear_cookies()
        sign_in(page, account(store, role))
        response = page.goto(PAGE)
        assert response is not None
        assert response.status == 403
