"""Two tabs open on the same edit form: the first saves, the second saves later from what it
showed. The second is refused with a page that says why, in Vietnamese, and the first change
stays whole (the form carries the version it was filled from)."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountRead, Role
from talent.accounts.repository import Leadership
from talent.audit.log import Actor
from talent.experts.models import ExpertCreate
from talent.experts.repository import ExpertRepository
from talent.resources import service
from talent.resources.catalog import PROGRAMME, ROLE
from talent.resources.models import ProgrammeCreate, RoleCreate
from talent.resources.repository import ResourceRepository
from tests.web.browser import account, sign_in

STALE_TITLE = "Nội dung đã được thay đổi trong lúc bạn sửa"
SYSTEM = Actor(id="test", role="admin")


@pytest.fixture
def second_tab(browser: Browser, browser_context_args: dict[str, object]) -> Iterator[Page]:
    context = browser.new_context(**browser_context_args)  # type: ignore[arg-type]
    yield context.new_page()
    context.close()


def _both_signed_in(first: Page, second: Page, who: AccountRead, path: str) -> None:
    for tab in (first, second):
        sign_in(tab, who)
        tab.goto(path)


def test_a_profile_saved_from_a_stale_form_is_refused_and_the_other_change_stays(
    page: Page, second_tab: Page, store: Neo4jStore
) -> None:
    item = ExpertCreate.model_validate(
        {"full_name": "Lý Thanh Tùng", "country": "VN", "headline": "Kỹ sư", "bio": "Cũ."}
    )
    expert_id = ExpertRepository(store).insert(item)
    owner = account(store, Role.EXPERT, expert_id=expert_id)
    _both_signed_in(page, second_tab, owner, "/me/edit")

    second_tab.locator("#f-headline").fill("Tổng công trình sư vi mạch")
    second_tab.get_by_role("button", name="Lưu hồ sơ").click()
    expect(second_tab.get_by_role("status")).to_contain_text("Hồ sơ của bạn đã được lưu")

    page.locator("#f-bio").fill("Hai mươi năm thiết kế chip.")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(STALE_TITLE)
    expect(page.locator("main")).to_contain_text("Thay đổi của bạn chưa được lưu")

    now = ExpertRepository(store).get(expert_id)
    assert (now.headline, now.bio, now.version) == ("Tổng công trình sư vi mạch", "Cũ.", 2)


def test_a_role_saved_from_a_stale_editor_is_refused_and_the_other_change_stays(
    page: Page, second_tab: Page, store: Neo4jStore
) -> None:
    lead = account(store, Role.PROGRAMME_LEAD)
    programme = service.create(
        repo=ResourceRepository(store, PROGRAMME),
        item=ProgrammeCreate(name="Đường sắt tốc độ cao"),
        actor=SYSTEM,
    )
    Leadership(store).record(lead.id, programme.id)
    role = service.create(
        repo=ResourceRepository(store, ROLE),
        item=RoleCreate(programme_id=programme.id, title="Tổng kiến trúc sư"),
        actor=SYSTEM,
    )
    _both_signed_in(page, second_tab, lead, f"/roles/{role.id}/edit")

    second_tab.locator("#f-title").fill("Tổng kiến trúc sư hệ thống")
    second_tab.locator("main form button[value=save]").click()
    expect(second_tab.get_by_role("status")).to_be_visible()

    page.locator("#f-headcount").fill("3")
    page.locator("main form button[value=save]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(STALE_TITLE)

    now = ResourceRepository(store, ROLE).get(role.id)
    assert (now.title, now.headcount, now.version) == ("Tổng kiến trúc sư hệ thống", 1, 2)
