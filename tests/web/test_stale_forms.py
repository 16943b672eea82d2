"""Two tabs open on the same edit form: the first saves, the second saves later from what it
showed. The second gets its form back as it typed it, nothing of it stored, with a notice (in
Vietnamese on a Vietnamese page) and, beside each field that holds something else than is
stored now, the stored value. Saving that form again stores it as it stands, over the first
change; a change made in between is caught again (the form carries the current version)."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, Response, expect

from api.web.routes.experts.profile_conflict import row_of
from api.web.stale import FormValue, conflict
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountRead, Role
from talent.accounts.repository import Leadership
from talent.audit.log import Actor
from talent.experts.models import ExpertCreate
from talent.experts.repository import ExpertRepository
from talent.resources import service
from talent.resources.catalog import PROGRAMME, ROLE, WORK
from talent.resources.models import ProgrammeCreate, RoleCreate, WorkCreate
from talent.resources.repository import ResourceRepository
from tests.web.browser import account, serious_violations, sign_in

NOTICE = (
    "Người khác đã thay đổi nội dung này kể từ khi bạn mở. Thay đổi của bạn chưa được lưu: "
    "hãy xem giá trị hiện tại bên dưới rồi lưu lại."
)
AGAIN = (
    "Khi lưu lại, mọi trường được lưu đúng như trong biểu mẫu này, thay cho giá trị hiện tại; "
    "muốn giữ giá trị hiện tại của trường nào, hãy chép giá trị đó vào trường ấy."
)
# Words of the notice's and the "now" lines' English source.
ENGLISH = ("Someone", "changed", "saved", "Saving", "Now:", "empty", "ticked", "field")
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


def _posted(page: Page, path: str, click: Callable[[], None]) -> Response:
    """The answer to the form `click` posts to `path`."""
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith(path)
    ) as answer:
        click()
    return answer.value


def _expert(store: Neo4jStore, **fields: object) -> tuple[str, AccountRead]:
    item = ExpertCreate.model_validate(
        {"full_name": "Lý Thanh Tùng", "country": "VN", "headline": "Kỹ sư", "bio": "Cũ.", **fields}
    )
    expert_id = ExpertRepository(store).insert(item)
    return expert_id, account(store, Role.EXPERT, expert_id=expert_id)


def test_a_stale_profile_form_comes_back_as_typed_with_the_stored_values_beside(
    page: Page, second_tab: Page, store: Neo4jStore
) -> None:
    expert_id, owner = _expert(store)
    _both_signed_in(page, second_tab, owner, "/me/edit")

    second_tab.locator("#f-headline").fill("Tổng công trình sư vi mạch")
    second_tab.get_by_role("button", name="Lưu hồ sơ").click()
    expect(second_tab.get_by_role("status")).to_contain_text("Hồ sơ của bạn đã được lưu")

    page.locator("#f-bio").fill("Hai mươi năm thiết kế chip.")
    answer = _posted(page, "/me/edit", page.get_by_role("button", name="Lưu hồ sơ").click)
    assert answer.status == 409
    expect(page.get_by_role("heading", level=1)).to_have_text("Sửa hồ sơ của tôi")
    expect(page.get_by_role("alert")).to_have_text(f"{NOTICE} {AGAIN}")
    expect(page.locator("#f-bio")).to_have_value("Hai mươi năm thiết kế chip.")
    expect(page.locator("#n-bio")).to_have_text("Hiện tại: Cũ.")
    expect(page.locator("#f-headline")).to_have_value("Kỹ sư")
    expect(page.locator("#n-headline")).to_have_text("Hiện tại: Tổng công trình sư vi mạch")
    expect(page.locator("#n-full_name")).to_have_count(0)  # the same as stored: nothing beside
    expect(page.locator("input[name=version]")).to_have_value("2")
    now = ExpertRepository(store).get(expert_id)
    assert (now.headline, now.bio, now.version) == ("Tổng công trình sư vi mạch", "Cũ.", 2)

    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.get_by_role("status")).to_contain_text("Hồ sơ của bạn đã được lưu")
    now = ExpertRepository(store).get(expert_id)
    assert (now.headline, now.bio, now.version) == ("Kỹ sư", "Hai mươi năm thiết kế chip.", 3)


def test_the_stale_profile_form_is_all_vietnamese_on_a_vietnamese_page(
    page: Page, second_tab: Page, store: Neo4jStore
) -> None:
    """Choices are named, boxes said ticked or not, an emptied field said empty: in Vietnamese."""
    _, owner = _expert(store, phone="+84 912 345 678")
    _both_signed_in(page, second_tab, owner, "/me/edit")

    second_tab.locator("#f-country").select_option("JP")
    second_tab.locator("#f-phone").fill("")
    second_tab.get_by_label("Cán bộ chương trình được phép liên hệ với tôi").check()
    second_tab.get_by_role("button", name="Lưu hồ sơ").click()
    expect(second_tab.get_by_role("status")).to_be_visible()

    page.locator("#f-headline").fill("Kiến trúc sư hệ thống")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.get_by_role("alert")).to_have_text(f"{NOTICE} {AGAIN}")
    expect(page.locator("#n-country")).to_have_text("Hiện tại: Nhật Bản")
    expect(page.locator("#n-phone")).to_have_text("Hiện tại: (để trống)")
    expect(page.locator("#n-consent_contact")).to_have_text("Hiện tại: đã đánh dấu")
    expect(page.locator("#n-headline")).to_have_text("Hiện tại: Kỹ sư")
    shown = page.locator("main").inner_text()
    assert [word for word in ENGLISH if word in shown] == []
    assert serious_violations(page) == []


def test_a_stale_role_editor_comes_back_as_typed_and_saving_again_stores_it(
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
    path = f"/roles/{role.id}/edit"
    _both_signed_in(page, second_tab, lead, path)

    second_tab.locator("#f-title").fill("Tổng kiến trúc sư hệ thống")
    second_tab.locator("main form button[value=save]").click()
    expect(second_tab.get_by_role("status")).to_be_visible()

    page.locator("#f-headcount").fill("3")
    answer = _posted(page, path, page.locator("main form button[value=save]").click)
    assert answer.status == 409
    expect(page.get_by_role("alert")).to_have_text(f"{NOTICE} {AGAIN}")
    expect(page.locator("#f-headcount")).to_have_value("3")
    expect(page.locator("#n-headcount")).to_have_text("Hiện tại: 1")
    expect(page.locator("#f-title")).to_have_value("Tổng kiến trúc sư")
    expect(page.locator("#n-title")).to_have_text("Hiện tại: Tổng kiến trúc sư hệ thống")
    expect(page.locator("input[name=version]")).to_have_value("2")
    now = ResourceRepository(store, ROLE).get(role.id)
    assert (now.title, now.headcount, now.version) == ("Tổng kiến trúc sư hệ thống", 1, 2)

    page.locator("main form button[value=save]").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu vị trí.")
    now = ResourceRepository(store, ROLE).get(role.id)
    assert (now.title, now.headcount, now.version) == ("Tổng kiến trúc sư", 3, 3)


def test_a_stale_work_form_is_caught_again_after_a_third_change(
    page: Page, second_tab: Page, store: Neo4jStore
) -> None:
    expert_id, owner = _expert(store)
    work = service.create(
        repo=ResourceRepository(store, WORK),
        item=WorkCreate(
            title="Bộ xử lý RISC-V", year=2020, venue="Hội nghị A", author_ids=[expert_id]
        ),
        actor=SYSTEM,
    )
    path = f"/me/works/{work.id}"
    _both_signed_in(page, second_tab, owner, "/me")
    for tab in (page, second_tab):
        tab.locator("#works summary", has_text="Bộ xử lý RISC-V").click()

    second_tab.locator("#w1-venue").fill("Tạp chí B")
    second_tab.get_by_role("button", name="Lưu công trình này").click()
    expect(second_tab.get_by_role("status")).to_have_text("Công trình của bạn đã được lưu.")

    page.locator("#w1-year").fill("2021")
    answer = _posted(page, path, page.get_by_role("button", name="Lưu công trình này").click)
    assert answer.status == 409
    form = page.locator(f"form[action='{path}']")
    expect(form.get_by_role("alert")).to_have_text(f"{NOTICE} {AGAIN}")
    expect(page.locator("#w1-year")).to_have_value("2021")
    expect(page.locator("#w1-year-n")).to_have_text("Hiện tại: 2020")
    expect(page.locator("#w1-venue")).to_have_value("Hội nghị A")
    expect(page.locator("#w1-venue-n")).to_have_text("Hiện tại: Tạp chí B")
    expect(form.locator("input[name=version]")).to_have_value("2")

    # A third change, made while the form is shown again, is caught again.
    second_tab.locator("#works summary", has_text="Bộ xử lý RISC-V").click()
    second_tab.locator("#w1-title").fill("Bộ xử lý RISC-V 64 bit")
    second_tab.get_by_role("button", name="Lưu công trình này").click()
    expect(second_tab.get_by_role("status")).to_be_visible()
    answer = _posted(page, path, page.get_by_role("button", name="Lưu công trình này").click)
    assert answer.status == 409
    expect(page.locator("#w1-title-n")).to_have_text("Hiện tại: Bộ xử lý RISC-V 64 bit")
    expect(page.locator("#w1-year")).to_have_value("2021")
    expect(form.locator("input[name=version]")).to_have_value("3")
    now = ResourceRepository(store, WORK).get(work.id)
    assert (now.title, now.year, now.venue, now.version) == (
        "Bộ xử lý RISC-V 64 bit",
        2020,
        "Tạp chí B",
        3,
    )

    page.get_by_role("button", name="Lưu công trình này").click()
    expect(page.get_by_role("status")).to_have_text("Công trình của bạn đã được lưu.")
    now = ResourceRepository(store, WORK).get(work.id)
    assert (now.title, now.year, now.venue, now.version) == (
        "Bộ xử lý RISC-V",
        2021,
        "Hội nghị A",
        4,
    )


def test_what_differs_is_read_field_by_field_and_row_by_row() -> None:
    """A row stored now is compared whole; a row typed but not stored shows beside its name
    only; a box the browser left out is unticked; spaces and a list's order do not count."""
    typed: dict[str, FormValue] = {
        "headline": "Kỹ  sư ",
        "languages": ["en", "vi"],
        "skill_0_name": "Vi mạch",
        "skill_0_level": "3",
        "skill_1_name": "Ăng-ten",
        "skill_1_level": "3",
        "skill_2_name": "",
        "skill_2_level": "3",
        "version": "1",
        "csrf_token": "x",
    }
    current: dict[str, FormValue] = {
        "headline": "Kỹ sư",
        "languages": ["vi", "en"],
        "consent_contact": "on",
        "skill_0_name": "Vi mạch",
        "skill_0_level": "4",
        "version": "2",
    }
    found = conflict(typed, current, version=2, row_of=row_of)
    assert found.version == 2
    assert found.now == {"consent_contact": "on", "skill_0_level": "4", "skill_1_name": ""}
