"""A saved search in a browser, in Vietnamese: saved from its results under a name, opened the
first time, then again after a new expert came in, who is marked new since the last visit."""

import httpx
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.matching.helpers import expert
from tests.web.browser import account, check_page, sign_in


def test_a_saved_search_marks_who_is_new_since_the_last_visit(
    page: Page, client: httpx.Client, store: Neo4jStore
) -> None:
    expert(client, full_name="Lê Văn Đầu", skills=[{"skill_id": "ic-design", "level": 4}])
    sign_in(page, account(store, Role.MINISTRY))
    page.goto("/search?skills=Integrated+circuit+design")
    expect(page.get_by_role("status").first).to_contain_text("1 chuyên gia")
    page.get_by_label("Lưu tìm kiếm này với tên").fill("Vi mạch, từ bậc 1")
    page.get_by_role("button", name="Lưu với tên này").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vi mạch, từ bậc 1")
    expect(page.get_by_text("Đây là lần xem đầu tiên")).to_be_visible()

    expert(client, full_name="Trần Thị Sau", skills=[{"skill_id": "ic-design", "level": 5}])
    page.reload()
    expect(
        page.get_by_text("1 chuyên gia trên trang này là mới kể từ lần xem trước")
    ).to_be_visible()
    newcomer = page.get_by_role("heading", level=3).filter(has_text="Trần Thị Sau")
    expect(newcomer).to_contain_text("Mới kể từ lần xem trước")
    expect(page.get_by_role("heading", level=3).filter(has_text="Lê Văn Đầu")).not_to_contain_text(
        "Mới kể từ lần xem trước"
    )
    saved = "/" + page.url.split("/", 3)[3]
    page.get_by_role("link", name="Tìm kiếm đã lưu").first.click()
    expect(page.get_by_role("link", name="Vi mạch, từ bậc 1")).to_be_visible()
    check_page(page, "/searches", "saved-searches")
    check_page(page, saved, "saved-search")
