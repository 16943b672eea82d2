"""A team proposed on its page, in Vietnamese: teams with their members, why each is there and
the coverage of the programme's needs; a member kept and the rest proposed around them."""

import re

import httpx
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.matching.helpers import expert, programme_with_roles
from tests.web.browser import account, check_page, sign_in


def _programme(client: httpx.Client) -> str:
    needs = {
        "chief_engineer": [{"skill_id": "ic-design", "weight": 1, "min_level": 4}],
        "chief_architect": [
            {"skill_id": "machine-learning", "weight": 1, "min_level": 4},
            {"skill_id": "ai-safety", "weight": 0.5, "min_level": 5},
        ],
    }
    roles = [{"kind": k, "title": k, "requirements": r} for k, r in needs.items()]
    return programme_with_roles(client, "Chip AI", roles)[0]


def test_a_team_shows_why_each_member_is_there_and_keeps_a_ticked_member(
    page: Page, client: httpx.Client, store: Neo4jStore
) -> None:
    skills = [{"skill_id": "ic-design", "level": 4}, {"skill_id": "machine-learning", "level": 4}]
    expert(client, full_name="Vũ Thị An", skills=skills)
    expert(client, full_name="Đỗ Văn Bình", skills=[{"skill_id": "ic-design", "level": 5}])
    expert(client, full_name="Lý Minh Chi", skills=[{"skill_id": "machine-learning", "level": 5}])
    programme = _programme(client)
    sign_in(page, account(store, Role.MINISTRY))
    page.goto(f"/programmes/{programme}")
    page.get_by_role("link", name="Đề xuất đội ngũ cho chương trình này").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đề xuất đội ngũ: Chip AI")
    first = page.get_by_role("region", name="Đội ngũ 1")
    expect(first).to_contain_text("Đáp ứng 2 trên 3 kỹ năng được yêu cầu.")
    expect(page.get_by_text(re.compile("Không ứng viên nào có các kỹ năng sau"))).to_be_visible()
    coverage = first.get_by_role("table", name="Các kỹ năng được yêu cầu mà đội ngũ 1 đáp ứng")
    expect(coverage.get_by_role("row")).to_have_count(4)  # the header and three needs
    expect(coverage).to_contain_text("Không ai trong đội ngũ này")
    members = first.get_by_role("table", name="Thành viên của đội ngũ 1")
    expect(members).to_contain_text("Vũ Thị An")
    keep = first.get_by_role("checkbox", name=re.compile("^Giữ Lý Minh Chi"))
    keep.check()
    first.page.get_by_role(
        "button", name="Giữ các thành viên đã đánh dấu và đề xuất lại phần còn lại"
    ).click()
    expect(page).to_have_url(re.compile(r"lock="))
    for n in (1, 2, 3):
        team = page.get_by_role("region", name=f"Đội ngũ {n}")
        if team.count():
            expect(
                team.get_by_role("checkbox", name=re.compile("^Giữ Lý Minh Chi"))
            ).to_be_checked()
    check_page(page, "/" + page.url.split("/", 3)[3], "lead-team")
