"""The organisations' pages: the list with how many profiles name each; a new one and an edit,
with the ROR id and the website checked beside their fields; a deletion asked for first and
refused, saying why, while a profile names the organisation. Access as the API's
/organizations: ministries create and edit, only admins delete, leads and experts none of it.
Expected texts written by hand."""

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.audit.log import Actor
from talent.experts.models import ExpertCreate
from talent.experts.repository import ExpertRepository
from talent.resources import service
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationCreate, OrganizationRead
from talent.resources.repository import ResourceRepository
from tests.accounts import SignIn
from tests.web.browser import account, check_page, sign_in

SEEDER = Actor(id="test-seed", role="admin")
BASE = "/admin/directory/organizations"
VI = {"Accept-Language": "vi"}
EN = {"Accept-Language": "en"}


def _text(response: httpx.Response) -> str:
    html = response.text.split("<main", 1)[-1].split(">", 1)[-1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def _org(store: Neo4jStore, name: str) -> OrganizationRead:
    item = OrganizationCreate(name=name, kind="university", country="VN")
    return service.create(repo=ResourceRepository(store, ORGANIZATION), item=item, actor=SEEDER)


def _affiliate(store: Neo4jStore, org_id: str) -> None:
    item = ExpertCreate.model_validate(
        {
            "full_name": "Lâm Văn Tài",
            "country": "VN",
            "nationality": "VN",
            "affiliations": [{"organization_id": org_id, "title": "Giảng viên"}],
        }
    )
    service.create(repo=ExpertRepository(store), item=item, actor=SEEDER)


def _post(
    client: httpx.Client, path: str, data: dict[str, str], headers: dict[str, str]
) -> httpx.Response:
    assert client.get(BASE).status_code == 200
    csrf = {"x-csrf-token": client.cookies["talent_csrf"]}
    return client.post(path, data=data, headers=headers | csrf)


def test_an_organisation_is_added_with_its_ror_id_and_website_checked(
    client: httpx.Client, store: Neo4jStore
) -> None:
    bad = {
        "name": "Đại học Bách khoa Hà Nội",
        "kind": "university",
        "country": "VN",
        "ror_id": "not-a-ror",
        "website": "hust.edu.vn",
    }
    refused = _post(client, BASE, bad, VI)
    assert refused.status_code == 422
    text = _text(refused)
    assert "Hãy nhập địa chỉ trang web, bắt đầu bằng https:// hoặc http://." in text
    assert 'value="Đại học Bách khoa Hà Nội"' in refused.text  # the form keeps what was typed
    refused = _post(client, BASE, bad | {"website": "https://hust.edu.vn"}, EN)
    assert refused.status_code == 422
    assert "Enter a ROR id such as 05dxps055, or leave it empty." in _text(refused)

    good = bad | {"ror_id": "https://ror.org/04cq4vy41", "website": "https://hust.edu.vn"}
    made = _post(client, BASE, good, VI)
    assert made.status_code == 303
    listed = client.get(made.headers["location"], headers=VI)
    assert "Đã thêm tổ chức." in _text(listed)
    assert "Đại học Bách khoa Hà Nội trường đại học Việt Nam 0" in _text(listed)
    [org] = [
        o
        for o in ResourceRepository(store, ORGANIZATION).page(after="", limit=50)
        if o.name == "Đại học Bách khoa Hà Nội"
    ]
    assert org.ror_id == "04cq4vy41"
    assert org.website == "https://hust.edu.vn"


def test_an_organisation_is_edited_and_its_website_removed(
    client: httpx.Client, store: Neo4jStore
) -> None:
    org = _org(store, "Viện Hàn lâm KHCN")
    path = f"{BASE}/{org.id}"
    form = {
        "name": "Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
        "kind": "institute",
        "country": "VN",
        "ror_id": "",
        "website": "https://vast.gov.vn",
        "version": str(org.version),
    }
    saved = _post(client, path, form, EN)
    assert saved.status_code == 303
    assert "The organisation was saved." in _text(client.get(saved.headers["location"], headers=EN))
    current = ResourceRepository(store, ORGANIZATION).get(org.id)
    assert current.name == "Viện Hàn lâm Khoa học và Công nghệ Việt Nam"
    assert current.website == "https://vast.gov.vn"
    emptied = _post(client, path, form | {"website": "", "version": str(current.version)}, EN)
    assert emptied.status_code == 303
    assert ResourceRepository(store, ORGANIZATION).get(org.id).website is None
    # A form read before the last save is refused, nothing of it stored.
    stale = _post(client, path, form | {"name": "Tên cũ", "version": str(org.version)}, VI)
    assert stale.status_code in (409, 412)
    assert ResourceRepository(store, ORGANIZATION).get(org.id).name != "Tên cũ"
    latest = str(ResourceRepository(store, ORGANIZATION).get(org.id).version)
    nameless = _post(client, path, form | {"name": "", "version": latest}, VI)
    assert nameless.status_code == 422
    assert "Hãy nhập tên tổ chức." in _text(nameless)


def test_deleting_asks_first_and_is_refused_while_a_profile_names_it(
    client: httpx.Client, store: Neo4jStore
) -> None:
    named, alone = _org(store, "Đại học Cần Thơ"), _org(store, "Viện Toán học")
    _affiliate(store, named.id)
    asked = client.get(f"{BASE}/{named.id}/delete", headers=VI)
    assert asked.status_code == 200
    assert (
        "Không thể xoá tổ chức này: 1 hồ sơ đang ghi tổ chức này là nơi công tác. "
        "Hãy sửa nơi công tác của các hồ sơ đó trước."
    ) in _text(asked)
    assert "Xoá tổ chức</button>" not in asked.text
    refused = _post(client, f"{BASE}/{named.id}/delete", {}, EN)
    assert refused.status_code == 409
    assert "This organisation cannot be deleted: 1 profile(s) name it" in _text(refused)
    assert ResourceRepository(store, ORGANIZATION).find(named.id) is not None

    confirm = client.get(f"{BASE}/{alone.id}/delete", headers=VI)
    assert "Không hồ sơ nào ghi tổ chức này. Việc xoá không thể hoàn tác." in _text(confirm)
    deleted = _post(client, f"{BASE}/{alone.id}/delete", {}, VI)
    assert deleted.status_code == 303
    assert "Đã xoá tổ chức." in _text(client.get(deleted.headers["location"], headers=VI))
    assert ResourceRepository(store, ORGANIZATION).find(alone.id) is None


@pytest.mark.parametrize(
    ("role", "read", "delete"),
    [(Role.MINISTRY, 200, 403), (Role.PROGRAMME_LEAD, 403, 403)],
)
def test_access_is_the_apis(
    as_role: SignIn, store: Neo4jStore, role: Role, read: int, delete: int
) -> None:
    org = _org(store, "Viện Vật lý")
    caller = as_role(role)
    api_edit = caller.patch(f"/api/v1/organizations/{org.id}", json={}).status_code
    assert (api_edit < 400) == (read == 200)
    assert caller.get(BASE).status_code == read
    assert caller.get(f"{BASE}/{org.id}").status_code == read
    assert caller.get(f"{BASE}/{org.id}/delete").status_code == delete
    api_delete = caller.delete(f"/api/v1/organizations/{org.id}").status_code
    assert api_delete == delete


def test_the_organisation_pages_in_a_browser(page: Page, store: Neo4jStore) -> None:
    named = _org(store, "Đại học Cần Thơ")
    _affiliate(store, named.id)
    sign_in(page, account(store, Role.ADMIN))
    check_page(page, BASE, "admin-organizations-all")
    check_page(page, f"{BASE}/{named.id}", "admin-organization-edit")
    check_page(page, f"{BASE}/{named.id}/delete", "admin-organization-delete")
    page.goto(f"/lang/vi?next={BASE}")
    page.get_by_label("Tên tổ chức").fill("Viện Nghiên cứu Hạt nhân")
    page.get_by_label("Trang web").fill("dalat.vn")
    page.get_by_role("button", name="Thêm tổ chức").click()
    expect(page.locator("#e-website")).to_have_text(
        "Hãy nhập địa chỉ trang web, bắt đầu bằng https:// hoặc http://."
    )
    page.get_by_label("Trang web").fill("https://dalat.vn")
    page.get_by_role("button", name="Thêm tổ chức").click()
    expect(page.get_by_role("status")).to_have_text("Đã thêm tổ chức.")
