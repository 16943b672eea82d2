"""The pipeline, target and capability pages in Chromium: on a 360 px phone the board shows one
stage at a time, is not absurdly long and never scrolls sideways; an open card's forms stay in
its column; a move and a follow-up say what was done; the target changes on its page; the
trend's axis text stays readable on a phone; each page passes axe in both languages at 360
and 1280 px (screenshots in artifacts/screenshots/)."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountRead, Role
from talent.experts.models import ExpertCreate, SkillClaim
from talent.experts.resource import EXPERT
from talent.pipeline.models import ORDER, Stage, Transition
from talent.pipeline.service import Pipeline
from talent.resources.repository import ResourceRepository
from tests.web.browser import SCREENSHOTS, account, check_page, sign_in

ENTRIES = 60
AT_FIRST_STAGE = 45


def _today() -> date:
    return datetime.now(UTC).date()


@pytest.fixture
def crowded(store: Neo4jStore) -> AccountRead:
    """60 experts on the board (45 identified, 15 contacted), some with long headlines."""
    admin = account(store, Role.ADMIN)
    made = [
        (
            f"web-board-{n:02d}",
            ExpertCreate(
                full_name=f"Hoàng Thị Quy Trình {n:02d}",
                country="VN",
                headline="Chuyên gia thiết kế vi mạch tích hợp quy mô rất lớn và hệ thống nhúng "
                "cho thiết bị công nghiệp",
                skills=[SkillClaim(skill_id="ic-design", level=4 if n % 2 else 2)],
            ),
        )
        for n in range(ENTRIES)
    ]
    ResourceRepository(store, EXPERT).upsert_many(made)
    pipeline = Pipeline(store)
    for n, (expert_id, _) in enumerate(made):
        pipeline.step(caller=admin, expert_id=expert_id, transition=Transition(to=Stage.IDENTIFIED))
        if n >= AT_FIRST_STAGE:
            pipeline.step(
                caller=admin, expert_id=expert_id, transition=Transition(to=Stage.CONTACTED)
            )
    return admin


def _no_sideways_scroll(page: Page) -> None:
    wide = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert wide <= 0, f"the page scrolls sideways by {wide} px"


def test_on_a_phone_the_board_is_one_stage_at_a_time_short_and_never_wider_than_the_screen(
    page: Page, store: Neo4jStore, crowded: AccountRead
) -> None:
    sign_in(page, account(store, Role.MINISTRY))
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/lang/vi?next=/pipeline")
    expect(page.locator(".column:visible")).to_have_count(1)
    expect(page.locator(".column:visible h2")).to_have_text("Đã xác định (45)")
    expect(page.locator(".column:visible li.card")).to_have_count(20)
    height = page.evaluate("() => document.body.scrollHeight")
    assert height < 6000, f"the board is {height} px long at 360 px"
    _no_sideways_scroll(page)
    # An open card's forms fit the screen.
    page.locator(".column:visible li.card").first.locator("summary").click()
    expect(
        page.locator(".column:visible li.card").first.get_by_label("Chuyển sang")
    ).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(
        path=str(SCREENSHOTS / "ministry-pipeline-card-open.vi.360.png"), full_page=True
    )
    # The stage selector shows another stage.
    page.get_by_role("navigation", name="Các giai đoạn").get_by_role(
        "link", name="Đã liên hệ (15)"
    ).click()
    expect(page).to_have_url(re.compile(r"/pipeline\?stage=contacted$"))
    expect(page.locator(".column:visible h2")).to_have_text("Đã liên hệ (15)")
    expect(page.locator(".column:visible li.card")).to_have_count(15)
    _no_sideways_scroll(page)
    check_page(page, "/pipeline", "ministry-pipeline")
    check_page(page, "/pipeline?stage=contacted", "ministry-pipeline-stage")


def test_an_open_card_stays_inside_its_column_on_a_desktop(
    page: Page, store: Neo4jStore, crowded: AccountRead
) -> None:
    sign_in(page, account(store, Role.MINISTRY))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/lang/vi?next=/pipeline")
    expect(page.locator(".column:visible")).to_have_count(8)
    card = page.locator("li.card").first
    card.locator("summary").click()
    column = page.locator(".column").first.bounding_box()
    assert column is not None
    for control in card.locator("input:visible, select:visible, textarea:visible, button").all():
        box = control.bounding_box()
        assert box is not None
        assert box["x"] >= column["x"]
        assert box["x"] + box["width"] <= column["x"] + column["width"]
    _no_sideways_scroll(page)
    page.screenshot(path=str(SCREENSHOTS / "ministry-pipeline-card-open.vi.1280.png"))


def test_a_move_and_a_follow_up_on_the_board_say_what_was_done(
    page: Page, store: Neo4jStore, crowded: AccountRead
) -> None:
    officer = account(store, Role.MINISTRY)
    sign_in(page, officer)
    page.goto("/lang/vi?next=/pipeline%3Fstage%3Dcontacted")
    card = page.locator("li.card", has=page.get_by_role("link", name="Hoàng Thị Quy Trình 59"))
    card.locator("summary").click()
    card.get_by_label("Chuyển sang").select_option("identified")  # one step back
    card.get_by_label("Ghi chú").fill("Cần liên hệ lại qua đại sứ quán")
    card.get_by_role("button", name="Chuyển", exact=True).click()
    expect(page.get_by_role("status")).to_have_text(
        "Đã chuyển Hoàng Thị Quy Trình 59 sang giai đoạn: Đã xác định."
    )
    expect(page).to_have_url(re.compile(r"stage=contacted&done=moved"))
    page.goto("/pipeline?stage=identified")
    first = page.locator("li.card").first
    expect(first.get_by_role("link")).to_have_text("Hoàng Thị Quy Trình 59")  # last changed
    first.locator("summary").click()
    first.get_by_label("Người phụ trách").select_option(officer.id)
    yesterday = (_today() - timedelta(days=1)).isoformat()
    first.get_by_label("Ngày thực hiện việc tiếp theo").fill(yesterday)
    first.get_by_label("Việc tiếp theo", exact=True).fill("Gửi thư mời dự hội thảo")
    first.get_by_role("button", name="Lưu người phụ trách và việc tiếp theo").click()
    expect(page.get_by_role("status")).to_have_text(
        "Đã lưu người phụ trách và việc tiếp theo của Hoàng Thị Quy Trình 59."
    )
    filters = page.get_by_role("form", name="Bộ lọc")
    filters.get_by_label("Việc tiếp theo").select_option("overdue")
    filters.get_by_role("button", name="Lọc").click()
    expect(page.locator("li.card:visible")).to_have_count(1)
    expect(page.locator("li.card:visible")).to_contain_text("Quá hạn")
    expect(page.locator("li.card:visible")).to_contain_text(f"Người phụ trách: {officer.name}")


def test_the_target_changes_on_its_page_and_the_trend_reads_on_a_phone(
    page: Page, store: Neo4jStore
) -> None:
    admin = account(store, Role.ADMIN)
    item = ExpertCreate(
        full_name="Hoàng Văn Dẫn Đầu",
        country="VN",
        skills=[SkillClaim(skill_id="machine-learning", level=5)],
    )
    ResourceRepository(store, EXPERT).upsert_many([("web-kpi-lead", item)])
    day = _today() - timedelta(days=300)
    for stage in ORDER:
        Pipeline(store).step(
            caller=admin, expert_id="web-kpi-lead", transition=Transition(to=stage, at=day)
        )
        day += timedelta(days=20)
    sign_in(page, account(store, Role.MINISTRY))
    page.goto("/lang/vi?next=/kpi")
    expect(page.locator(".kpi-figure")).to_have_text("1 / 100")
    page.get_by_text("Thay đổi chỉ tiêu thu hút").click()
    # The browser keeps to the bounds the field states (the server's refusal: HTTP tests).
    field = page.get_by_label("Số chuyên gia đầu ngành cần thu hút")
    expect(field).to_have_attribute("min", "1")
    expect(field).to_have_attribute("max", "100000")
    page.get_by_label("Số chuyên gia đầu ngành cần thu hút").fill("40")
    page.get_by_role("button", name="Lưu chỉ tiêu thu hút").click()
    expect(page.get_by_role("status")).to_have_text(
        "Chỉ tiêu thu hút hiện là 40 chuyên gia đầu ngành."
    )
    expect(page.locator(".kpi-figure")).to_have_text("1 / 40")
    page.set_viewport_size({"width": 360, "height": 800})
    smallest = page.evaluate(
        "() => Math.min(...[...document.querySelectorAll('svg.line text')]"
        ".map(t => t.getBoundingClientRect().height))"
    )
    assert smallest >= 11, f"axis text {smallest} px high at 360 px"
    # The month labels under the axis do not touch one another or leave the chart.
    clashes = page.evaluate(
        """() => {
            const svg = document.querySelector('svg.line').getBoundingClientRect();
            const months = [...document.querySelectorAll('svg.line text.tick[text-anchor]')]
                .filter(t => t.getAttribute('text-anchor') !== 'end' || t.textContent.match(/\\d{4}/))
                .map(t => t.getBoundingClientRect()).filter(r => r.top > svg.top + svg.height * 0.8);
            const out = months.filter(r => r.left < svg.left || r.right > svg.right).length;
            let touching = 0;
            months.forEach((a, i) => months.slice(i + 1).forEach(b => {
                if (a.left < b.right && b.left < a.right) touching += 1;
            }));
            return {count: months.length, out, touching};
        }"""
    )
    assert clashes["count"] >= 2
    assert (clashes["out"], clashes["touching"]) == (0, 0), clashes
    _no_sideways_scroll(page)
    page.locator(".kpi-figure a").click()
    expect(page).to_have_url(re.compile(r"/pipeline\?stage=engaged&leading=1$"))
    expect(page.locator("li.card:visible").get_by_role("link")).to_have_text("Hoàng Văn Dẫn Đầu")
    check_page(page, "/kpi", "ministry-kpi")


def test_a_capability_figure_opens_the_search_for_the_experts_it_counts(
    page: Page, store: Neo4jStore
) -> None:
    item = ExpertCreate(
        full_name="Hoàng Thị Năng Lực",
        country="VN",
        skills=[SkillClaim(skill_id="machine-learning", level=4)],
    )
    ResourceRepository(store, EXPERT).upsert_many([("web-capability", item)])
    sign_in(page, account(store, Role.MINISTRY))
    page.goto("/lang/vi?next=/insights/capability")
    row = page.get_by_role("row", name=re.compile(r"^Công nghệ số"))
    row.get_by_role("link", name="1 chuyên gia đầu ngành trong nước: xem danh sách").click()
    expect(page).to_have_url(re.compile(r"/search\?group=.*residency=domestic&min_level=4"))
    expect(page.locator("#results").get_by_role("link", name="Hoàng Thị Năng Lực")).to_be_visible()
    check_page(page, "/insights/capability", "ministry-capability")
