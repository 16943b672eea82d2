"""An expert's page as staff and leads read it: the expert's works (title, kind, year, venue,
DOI link, co-authors they may open), newest first, within what the expert lets them see; the
page opened as the API opens the profile."""

import re
from dataclasses import dataclass

import httpx
import pytest
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.experts.models import ExpertCreate, ExpertStatus
from talent.experts.repository import ExpertRepository
from talent.resources.catalog import WORK
from talent.resources.models import WorkCreate
from talent.resources.repository import ResourceRepository
from tests.accounts import SignIn
from tests.web.browser import account, check_page, sign_in

VI = {"cookie": "talent_lang=vi"}
EN = {"cookie": "talent_lang=en"}


@dataclass(frozen=True)
class Authors:
    expert: str
    active_co_author: str
    pending_co_author: str


def _expert(store: Neo4jStore, name: str, **fields: object) -> str:
    item = ExpertCreate.model_validate({"full_name": name, "country": "VN", **fields})
    return ExpertRepository(store).insert(item)


def _work(store: Neo4jStore, **fields: object) -> str:
    return ResourceRepository(store, WORK).insert(WorkCreate.model_validate(fields))


@pytest.fixture
def authors(store: Neo4jStore) -> Authors:
    """An expert with three works: one shared with an active co-author and one with a
    co-author whose profile is still pending (staff cannot open it)."""
    expert = _expert(
        store,
        "Hoàng Minh Châu",
        bio="Nghiên cứu xử lý tiếng nói trên thiết bị biên.",
        visibility={"bio": "admins"},
    )
    active = _expert(store, "Trần Quốc Bảo")
    pending = _expert(store, "Phạm Thị Ẩn", status=ExpertStatus.PENDING)
    _work(
        store,
        title="Speech recognition on a microcontroller",
        kind="patent",
        year=2019,
        author_ids=[expert, pending],
    )
    _work(
        store,
        title="Edge inference for Vietnamese speech",
        kind="publication",
        year=2021,
        venue="IEEE ICASSP",
        doi="10.1109/icassp.2021.1234",
        author_ids=[expert, active],
        source="ministry_verified",
    )
    _work(store, title="Tiếng nói cho mọi nhà", kind="project", author_ids=[expert])
    _work(store, title="Someone else's paper", year=2022, author_ids=[active])
    return Authors(expert, active, pending)


def _works_section(html: str) -> str:
    start = html.index('<section aria-labelledby="works">')
    return html[start : html.index("</section>", start)]


def test_staff_read_the_experts_works_newest_first_with_kind_venue_and_doi_link(
    as_role: SignIn, authors: Authors
) -> None:
    page = as_role(Role.MINISTRY).get(f"/experts/{authors.expert}", headers=VI)
    assert page.status_code == 200
    works = _works_section(page.text)
    assert '<h2 id="works">Công trình</h2>' in works
    assert "3 công trình có tên chuyên gia này trong danh sách tác giả." in works
    titles = re.findall(r"<strong>(.*?)</strong>", works)
    # Newest first; a work without a year last.
    assert titles == [
        "Edge inference for Vietnamese speech",
        "Speech recognition on a microcontroller",
        "Tiếng nói cho mọi nhà",
    ]
    assert "Công bố khoa học · 2021 · IEEE ICASSP · Được bộ xác minh" in works
    assert "Bằng sáng chế · 2019 · Tự khai" in works
    assert "Dự án · Tự khai" in works
    assert (
        'DOI: <a href="https://doi.org/10.1109/icassp.2021.1234" rel="noopener noreferrer">'
        "10.1109/icassp.2021.1234</a>"
    ) in works
    assert f'Đồng tác giả: <a href="/experts/{authors.active_co_author}">Trần Quốc Bảo</a>' in works
    assert "Someone else&#39;s paper" not in page.text


def test_what_staff_may_not_open_stays_out_of_the_works_and_the_page(
    as_role: SignIn, authors: Authors
) -> None:
    ministry = as_role(Role.MINISTRY)
    page = ministry.get(f"/experts/{authors.expert}", headers=EN)
    assert page.status_code == 200
    works = _works_section(page.text)
    # The pending co-author's profile answers 404 to staff: their name and id are not shown.
    assert "Phạm Thị Ẩn" not in page.text
    assert authors.pending_co_author not in page.text
    assert ministry.get(f"/api/v1/experts/{authors.pending_co_author}").status_code == 404
    assert ministry.get(f"/experts/{authors.pending_co_author}").status_code == 404
    # Their shared work is the expert's, and is listed, without a co-author line.
    patent = works[works.index("Speech recognition") : works.index("</li>", works.index("Speech"))]
    assert "Co-authors:" not in patent
    # A field the expert withholds from staff stays withheld beside the works.
    assert "Nghiên cứu xử lý tiếng nói" not in page.text
    assert "Withheld by the expert" in page.text


def test_a_lead_reads_the_works_and_an_expert_is_sent_to_their_own_page(
    as_role: SignIn, authors: Authors
) -> None:
    lead = as_role(Role.PROGRAMME_LEAD).get(f"/experts/{authors.expert}", headers=EN)
    assert lead.status_code == 200
    assert "Edge inference for Vietnamese speech" in lead.text
    assert "Publication · 2021 · IEEE ICASSP · Verified by a ministry" in lead.text
    admin = as_role(Role.ADMIN).get(f"/experts/{authors.expert}", headers=EN)
    assert admin.status_code == 200
    assert "Edge inference for Vietnamese speech" in admin.text
    owner = as_role(Role.EXPERT, expert_id=authors.expert)
    mine = owner.get(f"/experts/{authors.expert}", follow_redirects=False)
    assert (mine.status_code, mine.headers["location"]) == (303, "/me")
    other = owner.get(f"/experts/{authors.active_co_author}", follow_redirects=False)
    assert other.status_code == 404
    assert owner.get(f"/api/v1/experts/{authors.active_co_author}").status_code == 404


def test_a_page_for_a_profile_without_works_says_so(as_role: SignIn, store: Neo4jStore) -> None:
    lonely = _expert(store, "Vũ Thị Lan")
    page = as_role(Role.MINISTRY).get(f"/experts/{lonely}", headers=VI)
    assert "Chưa có công trình nào được ghi nhận." in _works_section(page.text)


def test_anonymous_visitors_are_sent_to_sign_in(anonymous: httpx.Client, authors: Authors) -> None:
    answer = anonymous.get(f"/experts/{authors.expert}", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=")


def test_the_expert_page_with_works_in_a_browser(
    page: Page, store: Neo4jStore, authors: Authors
) -> None:
    sign_in(page, account(store, Role.MINISTRY))
    page.goto(f"/lang/vi?next=/experts/{authors.expert}")
    works = page.locator("section", has=page.get_by_role("heading", name="Công trình"))
    expect(works.get_by_role("link", name="10.1109/icassp.2021.1234")).to_have_attribute(
        "href", "https://doi.org/10.1109/icassp.2021.1234"
    )
    works.get_by_role("link", name="Trần Quốc Bảo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trần Quốc Bảo")
    check_page(page, f"/experts/{authors.expert}", "ministry-expert-works")
