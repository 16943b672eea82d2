"""Alerts in a browser, in Vietnamese: a lead watches a role from its matches, a new expert
enters its top 10 and the bell counts it; the alerts page says it in words and marks it read;
the delivery chosen; an expert asks for roles that fit them; a mail's link stops alert mail
with one button."""

import re
import subprocess
import time

import httpx
from playwright.sync_api import Page, expect

from api.auth import signing_key
from api.settings import get_settings
from api.worker import celery_app
from graph.neo4j_store import Neo4jStore
from matching.alerts.tasks import EVALUATE_TASK
from talent.accounts.models import Role
from talent.alerts.mail import unsubscribe_token
from tests.matching.helpers import API, expert, programme_with_roles
from tests.web.browser import PASSWORD, account, check_page, sign_in

IC = [{"skill_id": "ic-design", "weight": 1, "min_level": 3, "must": True}]


def _as(base_url: str, email: str) -> httpx.Client:
    client = httpx.Client(base_url=base_url, timeout=30)
    token = client.post(f"{API}/auth/login", json={"email": email, "password": PASSWORD})
    client.headers["authorization"] = f"Bearer {token.json()['access_token']}"
    return client


def _tick_until(page: Page, timeout: float = 30) -> None:
    """Send the beat's evaluation until the bell shows a count (the page read again)."""
    deadline = time.monotonic() + timeout
    while True:
        celery_app.send_task(EVALUATE_TASK)
        page.reload()
        if page.locator("#bell .badge").count():
            return
        assert time.monotonic() < deadline, "the bell never rang"
        time.sleep(0.5)


def test_a_lead_watches_a_role_and_is_told_in_words(
    page: Page,
    base_url: str,
    client: httpx.Client,
    store: Neo4jStore,
    worker: subprocess.Popen[bytes],
) -> None:
    lead = account(store, Role.PROGRAMME_LEAD)
    api = _as(base_url, lead.email)
    body = {"kind": "chief_engineer", "title": "Kỹ sư trưởng vi mạch", "requirements": IC}
    role_id = programme_with_roles(api, "Vi mạch quốc gia", [body])[1][0]
    api.close()
    sign_in(page, lead)
    page.goto(f"/roles/{role_id}/matches")
    page.get_by_role("button", name="Theo dõi vị trí này").click()
    expect(page.get_by_role("button", name="Dừng theo dõi vị trí này")).to_be_visible()
    # The watch's first look, then a newcomer.
    for _ in range(3):
        celery_app.send_task(EVALUATE_TASK)
        time.sleep(0.5)
    expert(client, full_name="Lê Thị Mới", skills=[{"skill_id": "ic-design", "level": 5}])
    _tick_until(page)
    expect(page.locator("#bell")).to_contain_text("Thông báo 1 chưa đọc")
    page.locator("#bell").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông báo")
    expect(page.get_by_role("listitem").filter(has_text="Lê Thị Mới")).to_contain_text(
        "Mới: Lê Thị Mới hiện nằm trong số ứng viên hàng đầu của “Kỹ sư trưởng vi mạch” "
        "(Vi mạch quốc gia)."
    )
    watching = page.get_by_role("region", name="Những gì bạn theo dõi")
    expect(watching).to_contain_text("Kỹ sư trưởng vi mạch: ai vào 10 người đầu")
    check_page(page, "/alerts", "alerts")
    page.goto("/lang/vi?next=/alerts")
    page.get_by_role("button", name="Đánh dấu tất cả là đã đọc").click()
    expect(page.get_by_role("status")).to_have_text("Các thông báo đã được đánh dấu là đã đọc.")
    expect(page.locator("#bell .badge")).to_have_count(0)
    page.get_by_role("radio", name="Tại đây, và thư tổng hợp mỗi ngày").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu lựa chọn của bạn.")
    expect(page.get_by_role("radio", name="Tại đây, và thư tổng hợp mỗi ngày")).to_be_checked()

    # The link of a mail: one button stops alert mail; a forged one is refused.
    token = unsubscribe_token(_key(), lead.id)
    page.goto(f"/alerts/unsubscribe?token={token}")
    page.get_by_role("button", name="Dừng thư thông báo").click()
    expect(page.get_by_role("status")).to_contain_text("Bạn sẽ không nhận thư thông báo nữa.")
    page.goto("/alerts")
    expect(page.get_by_role("radio", name="Chỉ tại đây")).to_be_checked()
    page.goto(f"/alerts/unsubscribe?token={token.replace(lead.id, 'someone')}")
    expect(page.get_by_role("alert")).to_contain_text("Đường dẫn này không hợp lệ.")


def _key() -> str:
    """The served app's signing key, as its settings find it (the data folder's key file)."""
    return signing_key(get_settings())


def test_an_expert_asks_for_roles_that_fit_them(
    page: Page, client: httpx.Client, store: Neo4jStore
) -> None:
    me = expert(client, full_name="Vũ Minh Tâm", skills=[{"skill_id": "ic-design", "level": 4}])
    sign_in(page, account(store, Role.EXPERT, expert_id=me))
    page.goto("/me")
    section = page.get_by_role("region", name="Vị trí phù hợp với ông/bà")
    section.get_by_role("button", name="Báo cho tôi về các vị trí phù hợp").click()
    expect(page.get_by_role("button", name="Dừng thông báo")).to_be_visible()
    expect(page.get_by_role("region", name="Vị trí phù hợp với ông/bà")).to_contain_text(
        "trong 10 ứng viên hàng đầu"
    )
    check_page(page, "/me", "expert-role-alerts")
    page.goto("/lang/vi?next=/me")
    page.get_by_role("button", name="Dừng thông báo").click()
    expect(page.get_by_role("button", name="Báo cho tôi về các vị trí phù hợp")).to_be_visible()
    assert re.search("role-alerts", page.url)


def test_a_ministry_officer_watches_a_group_and_a_saved_search(
    page: Page,
    base_url: str,
    client: httpx.Client,
    store: Neo4jStore,
    worker: subprocess.Popen[bytes],
) -> None:
    expert(client, full_name="Lê Văn Sẵn", skills=[{"skill_id": "ic-design", "level": 5}])
    groups = client.get(f"{API}/insights/capability-map").json()
    (group,) = [g for g in groups if sum(g["leading"].values()) == 1]
    officer = account(store, Role.MINISTRY)
    sign_in(page, officer)
    page.goto("/insights/capability")
    page.get_by_role("button", name=f"Theo dõi {group['name_vi']}", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu lựa chọn của bạn.")
    expect(page.get_by_role("button", name=f"Dừng theo dõi {group['name_vi']}")).to_be_visible()
    check_page(page, "/insights/capability", "capability-watch")

    # A saved search, with alerts asked for from its page (back in Vietnamese).
    page.goto("/lang/vi?next=/insights/capability")
    page.goto("/search?skills=Integrated+circuit+design&min_level=4")
    page.get_by_label("Lưu tìm kiếm này với tên").fill("Vi mạch giỏi")
    page.get_by_role("button", name="Lưu với tên này").click()
    page.get_by_role("button", name="Báo cho tôi khi có chuyên gia mới").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lưu lựa chọn của bạn.")
    expect(page.get_by_role("button", name="Dừng nhận thông báo cho tìm kiếm này")).to_be_visible()
    saved = "/" + page.url.split("/", 3)[3].split("?")[0]
    # The watches' first look, then a newcomer who is both leading and found by the search.
    for _ in range(3):
        celery_app.send_task(EVALUATE_TASK)
        time.sleep(0.5)
    expert(client, full_name="Trần Thị Giỏi", skills=[{"skill_id": "ic-design", "level": 4}])
    _tick_until(page)
    page.goto("/alerts")
    items = page.get_by_role("listitem").filter(has_text="Trần Thị Giỏi")
    expect(items).to_have_count(2)
    expect(items.filter(has_text="đầu ngành")).to_contain_text(
        f"Mới: Trần Thị Giỏi nay là một trong các chuyên gia đầu ngành của {group['name_vi']}"
        " (tổng cộng 2 người)."
    )
    expect(items.filter(has_text="tìm kiếm đã lưu")).to_contain_text(
        "Mới: Trần Thị Giỏi nằm trong số kết quả đầu tiên của tìm kiếm đã lưu “Vi mạch giỏi”"
    )
    watching = page.get_by_role("region", name="Những gì bạn theo dõi")
    expect(watching).to_contain_text(f"{group['name_vi']}: ai trở thành hoặc không còn là")
    expect(watching).to_contain_text("Vi mạch giỏi: ai lọt vào 10 kết quả đầu tiên")
    check_page(page, "/alerts", "alerts-group-search")
    check_page(page, saved, "saved-search-watched")
