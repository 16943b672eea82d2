"""Ministry staff in a browser: search with facets, an expert's page with withheld fields, the
capability map, the pipeline board and the KPI, in both languages and at both widths."""

import re
from datetime import UTC, date, datetime
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from api.web.routes.ministry.search import PAGE_SIZE
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountRead, Role
from talent.duplicates.checker import DuplicateChecker
from talent.experts.models import ExpertCreate, SkillClaim
from talent.experts.resource import EXPERT
from talent.experts.service import ExpertService
from talent.pipeline.models import ORDER, Stage, Transition
from talent.pipeline.service import Pipeline
from talent.resources.repository import ResourceRepository
from tests.web.browser import account, check_page, sign_in

AI_GROUP_EN = re.compile(r"^Digital technology")
SEARCHED = "/search?q=nguyen&group=qd21-2026:g01&residency=any"


def _expert(
    store: Neo4jStore, admin: AccountRead, name: str, country: str, skill: str, level: int
) -> str:
    item = ExpertCreate(
        full_name=name,
        country=country,
        nationality="VN",
        emails=[f"{name.split()[-1].lower()}.{country.lower()}@example.org"],
        languages=["vi", "en"],
        years_experience=15,
        headline=f"{skill.replace('-', ' ').capitalize()} researcher",
        engagement_modes=["remote", "advisory"],
        skills=[SkillClaim(skill_id=skill, level=level)],
    )
    created = ExpertService(store).create(admin, item, duplicates=DuplicateChecker(store))
    return created.id


@pytest.fixture
def people(store: Neo4jStore) -> dict[str, str]:
    """A few experts at home and abroad; one leading expert is one step from engaged."""
    admin = account(store, Role.ADMIN)
    made = {
        "huong": _expert(store, admin, "Nguyễn Thị Hương", "VN", "machine-learning", 5),
        "huong_abroad": _expert(store, admin, "Nguyễn Thị Hường", "US", "machine-learning", 4),
        "duc": _expert(store, admin, "Trần Văn Đức", "DE", "machine-learning", 4),
        "khoa": _expert(store, admin, "Phạm Minh Khoa", "JP", "ic-design", 5),
        "trang": _expert(store, admin, "Lê Thu Trang", "VN", "deep-learning", 3),
    }
    pipeline = Pipeline(store)
    for stage in ORDER[: ORDER.index(Stage.COMMITTED) + 1]:
        pipeline.step(caller=admin, expert_id=made["duc"], transition=Transition(to=stage))
    pipeline.step(caller=admin, expert_id=made["trang"], transition=Transition(to=Stage.IDENTIFIED))
    return made


def test_a_name_typed_without_diacritics_is_found_and_narrowed_by_group_and_residency(
    page: Page, store: Neo4jStore, people: dict[str, str]
) -> None:
    sign_in(page, account(store, Role.MINISTRY))
    page.goto("/lang/en?next=/search")
    page.get_by_label("Name").fill("nguyen thi huong")
    results = page.locator("#results")
    # Type-ahead: the results follow what is typed, without sending the form.
    expect(results.get_by_role("link", name="Nguyễn Thị Hương")).to_be_visible()
    expect(results.get_by_role("link", name="Nguyễn Thị Hường")).to_be_visible()
    expect(results.get_by_role("link", name="Phạm Minh Khoa")).to_have_count(0)
    expect(results).to_contain_text("Machine learning: 5 · Leading")
    page.get_by_label(AI_GROUP_EN).check()
    # The group's results replace the filters (with their counts): a key pressed while they are
    # swapped would land on the element being replaced, as it would for a person typing.
    expect(page.get_by_role("status")).to_contain_text("2 experts found")
    # By keyboard: the results and counts follow, and the focus stays on the filter.
    at_home = page.get_by_label(re.compile(r"^In Vietnam"))
    at_home.focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("status")).to_contain_text("1 expert found")
    expect(at_home).to_be_focused()
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"residency=domestic"))
    expect(results.get_by_role("link", name="Nguyễn Thị Hương")).to_be_visible()
    expect(results.get_by_role("link", name="Nguyễn Thị Hường")).to_have_count(0)
    expect(page.get_by_label(re.compile(r"^In Vietnam"))).to_be_checked()
    expect(page.get_by_label(re.compile(r"^In Vietnam"))).to_have_accessible_name(
        re.compile(r"\(1\)")
    )
    check_page(page, quote(SEARCHED, safe="/"), "ministry-search")

    page.goto("/lang/en?next=/search")
    results.get_by_role("link", name="Nguyễn Thị Hương").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Thị Hương")
    email = page.locator("dt", has_text="E-mail").locator("xpath=following-sibling::dd[1]")
    expect(email).to_have_text("Withheld by the expert")
    expect(page.get_by_text("huong.vn@example.org")).to_have_count(0)
    check_page(page, f"/experts/{people['huong']}", "ministry-expert")


def test_an_unknown_skill_is_told_beside_the_field_with_what_it_may_mean(
    page: Page, store: Neo4jStore, people: dict[str, str]
) -> None:
    sign_in(page, account(store, Role.MINISTRY))
    page.goto("/lang/vi?next=/search")
    page.get_by_label("Kỹ năng", exact=True).fill("hok maay")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.locator("#e-skills")).to_contain_text("Học máy")
    expect(page.get_by_label("Kỹ năng", exact=True)).to_have_value("hok maay")
    page.get_by_label("Kỹ năng", exact=True).fill("thiết kế vi")
    expect(page.locator("#skill-options a")).not_to_have_count(0)
    # Values no form offers get the page again with the error, never a failure.
    for odd in ("residency=nowhere", "cursor=not-ours", "min_level=9"):
        response = page.goto(f"/search?q=pham&{odd}")
        assert response is not None
        assert response.status == 422, odd
        expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("Kỹ năng", exact=True).fill("Thiết kế vi mạch")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.locator("#results").get_by_role("link", name="Phạm Minh Khoa")).to_be_visible()


def test_moving_an_expert_to_engaged_on_the_board_raises_the_kpi(
    page: Page, store: Neo4jStore, people: dict[str, str]
) -> None:
    sign_in(page, account(store, Role.MINISTRY))
    page.goto("/lang/en?next=/kpi")
    expect(page.locator(".kpi-figure")).to_have_text("0 / 100")
    page.goto("/lang/en?next=/pipeline")
    engaged = page.locator("section", has=page.get_by_role("heading", name=re.compile("^Engaged")))
    expect(engaged.get_by_role("link", name="Trần Văn Đức")).to_have_count(0)
    card = page.locator("li.card", has=page.get_by_role("link", name="Trần Văn Đức"))
    card.get_by_text("Update").click()
    # A day before the expert reached the current stage is refused beside the date.
    card.get_by_label("Move to").select_option("engaged")
    card.get_by_label("Date", exact=True).fill("2001-01-01")
    card.get_by_label("Note").fill("Signed the contract")
    card.get_by_role("button", name="Move", exact=True).click()
    card = page.locator("li.card", has=page.get_by_role("link", name="Trần Văn Đức"))
    expect(card.locator(".error")).to_have_text(
        "The date cannot be before the expert reached this stage."
    )
    expect(card.get_by_label("Note")).to_have_value("Signed the contract")
    card.get_by_label("Date", exact=True).fill(_today().isoformat())
    card.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Trần Văn Đức moved to: Engaged.")
    expect(engaged.get_by_role("link", name="Trần Văn Đức")).to_be_visible()
    check_page(page, "/pipeline", "ministry-pipeline")

    page.goto("/lang/en?next=/kpi")
    expect(page.locator(".kpi-figure")).to_have_text("1 / 100")
    expect(
        page.get_by_role("img", name="Leading experts attracted, cumulative, per month")
    ).to_be_visible()
    check_page(page, "/kpi", "ministry-kpi")
    page.goto(f"/experts/{people['duc']}")
    expect(page.get_by_text("Signed the contract")).to_be_visible()


def test_the_capability_map_charts_each_group_and_downloads_as_csv(
    page: Page, store: Neo4jStore, people: dict[str, str]
) -> None:
    sign_in(page, account(store, Role.MINISTRY))
    page.goto("/lang/en?next=/insights/capability")
    table = page.get_by_role("table")
    ai = table.get_by_role("row", name=AI_GROUP_EN)
    # In Vietnam: Hương (5) and Trang (3); abroad: Hường and Đức; all but Trang lead.
    # The last cell: the ministry's button to watch the group.
    expect(ai.get_by_role("cell")).to_have_text(["2", "2", "1", "2", "0", "0", "0", "Watch"])
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    assert re.fullmatch(r"capability-map-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename)
    check_page(page, "/insights/capability", "ministry-capability")


def test_an_expert_enters_the_pipeline_from_their_page(
    page: Page, store: Neo4jStore, people: dict[str, str]
) -> None:
    sign_in(page, account(store, Role.MINISTRY))
    page.goto(f"/lang/en?next=/experts/{people['khoa']}")
    expect(page.get_by_text("Not in the pipeline.")).to_be_visible()
    page.get_by_label("Note").fill("Met at the conference")
    page.get_by_role("button", name="Add to the pipeline").click()
    expect(page.get_by_text(re.compile(r"^Stage: Identified"))).to_be_visible()
    expect(page.get_by_text("Met at the conference")).to_be_visible()


def test_a_programme_lead_reads_the_ministry_pages_but_moves_no_one(
    page: Page, store: Neo4jStore, people: dict[str, str]
) -> None:
    sign_in(page, account(store, Role.PROGRAMME_LEAD))
    # As the API lets a lead read them.
    for path in ("/search", "/pipeline", "/kpi", "/insights/capability"):
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
    page.goto(f"/lang/en?next=/experts/{people['khoa']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phạm Minh Khoa")
    # The API lets only ministries move experts in the pipeline.
    expect(page.get_by_role("button", name="Add to the pipeline")).to_have_count(0)


def _today() -> date:
    return datetime.now(UTC).date()


def test_results_page_on_and_back_by_the_search_cursor(page: Page, store: Neo4jStore) -> None:
    many = [
        (f"web-page-{n:02d}", ExpertCreate(full_name=f"Vũ Văn Trang {n:02d}", country="VN"))
        for n in range(PAGE_SIZE + 2)
    ]
    ResourceRepository(store, EXPERT).upsert_many(many)
    sign_in(page, account(store, Role.MINISTRY))
    page.goto("/lang/en?next=/search%3Fq%3Dvu%2Bvan")
    status = page.get_by_role("status")
    expect(status).to_have_text(f"{PAGE_SIZE + 2} experts found · showing 1\N{EN DASH}{PAGE_SIZE}")
    expect(page.get_by_role("link", name="Previous page")).to_have_count(0)
    page.get_by_role("link", name="Next page").click()
    expect(status).to_have_text(
        f"{PAGE_SIZE + 2} experts found · showing {PAGE_SIZE + 1}\N{EN DASH}{PAGE_SIZE + 2}"
    )
    expect(page.locator(".result-cards > li")).to_have_count(2)
    expect(page.get_by_label("Name")).to_have_value("vu van")
    page.get_by_role("link", name="Previous page").click()
    expect(status).to_have_text(f"{PAGE_SIZE + 2} experts found · showing 1\N{EN DASH}{PAGE_SIZE}")
