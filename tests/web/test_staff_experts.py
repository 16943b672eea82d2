"""Staff create an expert and add and edit the expert's works from pages: the API's
validation with errors beside their fields and summed up at the top (a link to each), the
duplicate check, post/redirect/get, a stale edit shown again as typed (409); the pages open
to whom the API lets create experts and write works."""

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.experts.resource import EXPERT
from talent.resources.catalog import WORK
from talent.resources.repository import ResourceRepository
from tests.accounts import SignIn
from tests.factories import expert_body
from tests.web.browser import account, check_page, sign_in

API = "/api/v1"
VI = {"cookie": "talent_lang=vi"}


def _post(client: httpx.Client, path: str, data: dict[str, Any]) -> httpx.Response:
    """The form as a browser sends it: with the CSRF token of a page it was served."""
    client.cookies.set("talent_lang", "vi")
    client.get("/search")
    token = client.cookies.get("talent_csrf")
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def _count(store: Neo4jStore, what: Any) -> int:
    return ResourceRepository(store, what).count()


NEW_EXPERT = {
    "full_name": "Vương Đình Khải",
    "country": "DE",
    "nationality": "VN",
    "emails": "khai.vuong@example.de, k.vuong@example.org",
    "orcid": "0000-0002-1825-0097",
    "years_experience": "18",
    "headline": "Kỹ sư thiết kế vi mạch",
    "bio": "Hai mươi năm thiết kế chip tại châu Âu.",
    "engagement_modes": ["remote", "advisory"],
    "skill_0_name": "Thiết kế vi mạch",
    "skill_0_level": "5",
    "skill_1_name": "",
    "skill_1_level": "3",
    "skill_2_name": "machine learning",
    "skill_2_level": "3",
}


def test_a_ministry_creates_an_expert_and_lands_on_their_page(
    as_role: SignIn, store: Neo4jStore
) -> None:
    ministry = as_role(Role.MINISTRY)
    form = ministry.get("/experts/new", headers=VI)
    assert form.status_code == 200
    assert "<h1>Thêm chuyên gia</h1>" in form.text
    created = _post(ministry, "/experts/new", NEW_EXPERT)
    assert created.status_code == 303, created.text[:500]
    location = created.headers["location"]
    found = re.fullmatch(r"/experts/([^?]+)\?saved=created", location)
    assert found, location
    expert_id = found[1]
    page = ministry.get(location, headers=VI)
    assert "Đã tạo hồ sơ chuyên gia." in page.text
    assert "<h1>Vương Đình Khải</h1>" in page.text
    profile = as_role(Role.ADMIN).get(f"{API}/experts/{expert_id}").json()
    assert {k: profile[k] for k in ("country", "nationality", "residency", "status")} == {
        "country": "DE",
        "nationality": "VN",
        "residency": "overseas",
        "status": "active",
    }
    assert profile["emails"] == ["khai.vuong@example.de", "k.vuong@example.org"]
    assert profile["years_experience"] == 18
    assert profile["engagement_modes"] == ["remote", "advisory"]
    assert profile["verification_grade"] == 0
    assert [(s["skill_id"], s["level"], s["source"]) for s in profile["skills"]] == [
        ("ic-design", 5, "self_declared"),
        ("machine-learning", 3, "self_declared"),
    ]


def test_a_refused_expert_comes_back_as_typed_with_a_summary_linking_each_field(
    as_role: SignIn, store: Neo4jStore
) -> None:
    ministry = as_role(Role.MINISTRY)
    before = _count(store, EXPERT)
    typed = {
        **NEW_EXPERT,
        "full_name": "",
        "country": "XX",
        "emails": "khai at example",
        "years_experience": "200",
        "skill_2_name": "hok maay",
    }
    answer = _post(ministry, "/experts/new", typed)
    assert answer.status_code == 422
    html = answer.text
    top = html[html.index("error-summary") : html.index("staff-form")]
    assert re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', top) == [
        ("f-full_name", "Họ và tên: Hãy nhập họ và tên của chuyên gia."),
        ("f-country", "Quốc gia cư trú: Hãy chọn quốc gia nơi chuyên gia sinh sống."),
        (
            "f-emails",
            "Thư điện tử: Hãy nhập các địa chỉ thư điện tử như ten@example.org, cách nhau "
            "bằng dấu phẩy.",
        ),
        ("f-years_experience", "Số năm kinh nghiệm: Hãy nhập số năm từ 0 đến 80."),
        (
            "f-skill_2_name",
            "Kỹ năng 3: Không có kỹ năng nào tên như vậy: hãy chọn một kỹ năng trong danh "
            "sách gợi ý.",
        ),
    ]
    # Beside each field, the same words; what was typed stays.
    assert '<p class="error" id="e-full_name">Hãy nhập họ và tên của chuyên gia.</p>' in html
    assert 'id="f-emails" name="emails" type="text" value="khai at example"' in html
    assert 'value="hok maay"' in html
    assert 'value="remote" checked' in html
    assert _count(store, EXPERT) == before


def test_a_likely_duplicate_is_refused_with_a_link_to_the_profile_it_may_be(
    as_role: SignIn, client: httpx.Client, store: Neo4jStore
) -> None:
    existing = client.post(
        f"{API}/experts",
        json=expert_body(full_name="Vương Đình Khải", orcid="0000-0002-1825-0097"),
    ).json()["id"]
    before = _count(store, EXPERT)
    answer = _post(as_role(Role.MINISTRY), "/experts/new", NEW_EXPERT)
    assert answer.status_code == 409
    assert "Người này có thể đã có trong cơ sở dữ liệu" in answer.text
    assert f'<a href="/experts/{existing}">Vương Đình Khải</a>' in answer.text
    assert 'value="Vương Đình Khải"' in answer.text
    assert _count(store, EXPERT) == before


def test_creating_experts_is_the_ministries_and_admins_as_in_the_api(
    as_role: SignIn, anonymous: httpx.Client, client: httpx.Client
) -> None:
    lead = as_role(Role.PROGRAMME_LEAD)
    assert lead.get("/experts/new").status_code == 403
    assert _post(lead, "/experts/new", NEW_EXPERT).status_code == 403
    assert lead.post(f"{API}/experts", json=expert_body()).status_code == 403
    admin = as_role(Role.ADMIN)
    assert admin.get("/experts/new").status_code == 200
    profile = client.post(f"{API}/experts", json=expert_body(orcid=None)).json()["id"]
    expert = as_role(Role.EXPERT, expert_id=profile)
    assert expert.get("/experts/new").status_code == 403
    assert anonymous.get("/experts/new", follow_redirects=False).status_code == 303
    # Only those who may create are offered the link.
    assert 'href="/experts/new"' in as_role(Role.MINISTRY).get("/search").text
    assert 'href="/experts/new"' not in lead.get("/search").text


@pytest.fixture
def khai(client: httpx.Client) -> str:
    body = expert_body(full_name="Vương Đình Khải", country="DE", orcid=None)
    return str(client.post(f"{API}/experts", json=body).json()["id"])


def test_a_ministry_adds_a_work_and_a_refused_one_names_each_field(
    as_role: SignIn, store: Neo4jStore, khai: str
) -> None:
    ministry = as_role(Role.MINISTRY)
    page = ministry.get(f"/experts/{khai}", headers=VI)
    assert f'href="/experts/{khai}/works/new">Thêm một công trình</a>' in page.text
    refused = _post(
        ministry,
        f"/experts/{khai}/works/new",
        {"title": "", "kind": "patent", "year": "năm ngoái", "doi": "xyz", "venue": "IEEE"},
    )
    assert refused.status_code == 422
    top = refused.text[refused.text.index("error-summary") : refused.text.index("staff-form")]
    assert re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', top) == [
        ("f-title", "Tên công trình: Hãy nhập tên công trình, tối đa 500 ký tự."),
        ("f-year", "Năm: Hãy nhập một năm từ 1900 đến mười năm tới."),
        ("f-doi", "DOI: Mã DOI có dạng 10.1000/xyz123."),
    ]
    assert 'value="năm ngoái"' in refused.text
    assert '<option value="patent" selected>' in refused.text
    assert _count(store, WORK) == 0

    work = {
        "title": "Low-power RISC-V cores",
        "kind": "publication",
        "year": "2023",
        "venue": "ISSCC",
        "doi": "10.1109/isscc.2023.1",
    }
    added = _post(ministry, f"/experts/{khai}/works/new", work)
    assert (added.status_code, added.headers["location"]) == (
        303,
        f"/experts/{khai}?saved=work#works",
    )
    shown = ministry.get(added.headers["location"], headers=VI).text
    assert "Đã lưu công trình." in shown
    assert "<strong>Low-power RISC-V cores</strong>" in shown
    assert "Công bố khoa học · 2023 · ISSCC · Tự khai" in shown
    [stored] = as_role(Role.ADMIN).get(f"{API}/works").json()["items"]
    assert stored["author_ids"] == [khai]
    assert stored["source"] == "self_declared"


def test_a_stale_work_edit_comes_back_as_typed_with_the_stored_values_beside(
    as_role: SignIn, client: httpx.Client, khai: str
) -> None:
    made = client.post(
        f"{API}/works", json={"title": "Chip thiết kế", "year": 2020, "author_ids": [khai]}
    ).json()
    ministry = as_role(Role.MINISTRY)
    form = ministry.get(f"/works/{made['id']}/edit", params={"expert": khai}, headers=VI)
    assert form.status_code == 200
    assert f'name="version" value="{made["version"]}"' in form.text
    # Someone else saves first.
    meanwhile = client.patch(f"{API}/works/{made['id']}", json={"year": 2021})
    assert meanwhile.status_code == 200, meanwhile.text
    typed = {
        "title": "Chip thiết kế tiết kiệm năng lượng",
        "kind": "publication",
        "year": "2020",
        "venue": "",
        "doi": "",
        "version": str(made["version"]),
        "expert": khai,
    }
    stale = _post(ministry, f"/works/{made['id']}/edit", typed)
    assert stale.status_code == 409
    assert "Người khác đã thay đổi nội dung này kể từ khi bạn mở." in stale.text
    assert 'value="Chip thiết kế tiết kiệm năng lượng"' in stale.text
    assert '<p class="now" id="n-year">Hiện tại: 2021</p>' in stale.text
    assert client.get(f"{API}/works/{made['id']}").json()["title"] == "Chip thiết kế"
    version = re.search(r'name="version" value="(\d+)"', stale.text)
    assert version
    assert version[1] == str(meanwhile.json()["version"])
    saved = _post(ministry, f"/works/{made['id']}/edit", {**typed, "version": version[1]})
    assert (saved.status_code, saved.headers["location"]) == (
        303,
        f"/experts/{khai}?saved=work#works",
    )
    now = client.get(f"{API}/works/{made['id']}").json()
    assert (now["title"], now["year"]) == ("Chip thiết kế tiết kiệm năng lượng", 2020)


def test_works_pages_open_as_the_apis_works(
    as_role: SignIn, client: httpx.Client, khai: str, anonymous: httpx.Client
) -> None:
    work = client.post(f"{API}/works", json={"title": "Bài báo", "author_ids": [khai]}).json()
    lead = as_role(Role.PROGRAMME_LEAD)
    assert lead.get(f"/experts/{khai}/works/new").status_code == 403
    assert lead.get(f"/works/{work['id']}/edit").status_code == 403
    assert lead.patch(f"{API}/works/{work['id']}", json={"year": 2020}).status_code == 403
    assert "/works/new" not in lead.get(f"/experts/{khai}").text
    assert "/edit" not in lead.get(f"/experts/{khai}").text
    owner = as_role(Role.EXPERT, expert_id=khai)
    mine = owner.get(f"/experts/{khai}/works/new", follow_redirects=False)
    assert (mine.status_code, mine.headers["location"]) == (303, "/me#works")
    edit = owner.get(f"/works/{work['id']}/edit", follow_redirects=False)
    assert (edit.status_code, edit.headers["location"]) == (303, "/me#works")
    stranger = as_role(
        Role.EXPERT,
        expert_id=client.post(
            f"{API}/experts",
            json=expert_body(full_name="Đoàn Thị Lạ", orcid=None, emails=["la@example.org"]),
        ).json()["id"],
    )
    assert stranger.get(f"/experts/{khai}/works/new").status_code == 404
    assert stranger.get(f"/works/{work['id']}/edit").status_code == 404
    assert stranger.patch(f"{API}/works/{work['id']}", json={"year": 2020}).status_code == 404
    assert as_role(Role.ADMIN).get(f"/works/{work['id']}/edit").status_code == 200
    assert anonymous.get(f"/works/{work['id']}/edit", follow_redirects=False).status_code == 303
    assert as_role(Role.MINISTRY).get("/works/no-such-work/edit").status_code == 404


def test_the_staff_forms_in_a_browser(
    page: Page, store: Neo4jStore, client: httpx.Client, khai: str
) -> None:
    work = client.post(f"{API}/works", json={"title": "Bài báo", "author_ids": [khai]}).json()
    sign_in(page, account(store, Role.MINISTRY))
    page.goto("/lang/vi?next=/experts/new")
    page.get_by_label("Kỹ năng 1", exact=True).fill("hok maay")
    page.get_by_role("button", name="Thêm chuyên gia này").click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Họ và tên: Hãy nhập họ và tên của chuyên gia.",
            "Kỹ năng 1: Không có kỹ năng nào tên như vậy: hãy chọn một kỹ năng trong danh "
            "sách gợi ý.",
        ]
    )
    summary.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile("#f-full_name$"))
    page.get_by_label("Họ và tên").fill("Vương Thị Hạnh")
    page.get_by_label("Kỹ năng 1", exact=True).fill("Học máy")
    page.get_by_role("button", name="Thêm chuyên gia này").click()
    expect(page.get_by_role("status")).to_have_text("Đã tạo hồ sơ chuyên gia.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vương Thị Hạnh")
    check_page(page, "/experts/new", "ministry-expert-new")
    check_page(page, f"/experts/{khai}/works/new", "ministry-work-new")
    check_page(page, f"/works/{work['id']}/edit?expert={khai}", "ministry-work-edit")
