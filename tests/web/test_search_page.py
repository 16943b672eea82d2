"""The search page's suggestions are links that fill the skills field and search (type-ahead
and "did you mean"), keeping the rest of the form; a self-registered expert's card shows
their skills."""

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.experts.models import ExpertCreate, SkillClaim
from talent.experts.repository import ExpertRepository
from tests.accounts import SignIn
from tests.factories import expert_body
from tests.mailbox import last_token
from tests.web.browser import account, check_page, sign_in

API = "/api/v1"
VI = {"cookie": "talent_lang=vi"}


def _links(html: str, inside: str) -> dict[str, dict[str, list[str]]]:
    """The links of the element with id `inside`: text -> the query of its address."""
    start = html.index(f'id="{inside}"')
    end = html.index("</p>" if inside.startswith("e-") else "</ul>", start)
    found = re.findall(r'<a href="([^"]+)">([^<]+)</a>', html[start:end])
    links = {}
    for href, text in found:
        address = urlsplit(href.replace("&amp;", "&"))
        assert address.path == "/search"
        links[text] = parse_qs(address.query)
    return links


@pytest.fixture
def khoa(store: Neo4jStore) -> str:
    item = ExpertCreate(
        full_name="Phạm Minh Khoa",
        country="JP",
        skills=[
            SkillClaim(skill_id="ic-design", level=5),
            SkillClaim(skill_id="machine-learning", level=3),
        ],
    )
    return ExpertRepository(store).insert(item)


def test_typed_skill_suggestions_are_links_searching_with_the_whole_field(
    as_role: SignIn, khoa: str
) -> None:
    ministry = as_role(Role.MINISTRY)
    typed = {"q": "pham", "residency": "overseas", "mode": "remote", "skills": "Thiết kế vi, học m"}
    answer = ministry.get("/search/skill-options", params=typed, headers=VI)
    assert answer.status_code == 200
    links = _links(answer.text, "skill-options-title")
    assert links["Học máy"] == {
        "q": ["pham"],
        "skills": ["Thiết kế vi, Học máy"],
        "residency": ["overseas"],
        "mode": ["remote"],
    }
    # Nothing typed: nothing offered.
    empty = ministry.get("/search/skill-options", params={"skills": " "}, headers=VI)
    assert "<a " not in empty.text


def test_an_unknown_skill_offers_what_it_may_mean_as_links_in_its_place(
    as_role: SignIn, khoa: str
) -> None:
    ministry = as_role(Role.MINISTRY)
    asked = {"q": "pham", "skills": "Thiết kế vi mạch; hok maay", "verified": "1"}
    answer = ministry.get("/search", params=asked, headers=VI)
    assert answer.status_code == 422
    assert "Không có kỹ năng nào tên là “hok maay”. Có phải bạn muốn tìm:" in answer.text
    links = _links(answer.text, "e-skills")
    assert links["Học máy"] == {
        "q": ["pham"],
        "skills": ["Thiết kế vi mạch, Học máy"],
        "verified": ["1"],
    }
    again = ministry.get("/search", params={"q": "pham", "skills": "Thiết kế vi mạch, Học máy"})
    assert again.status_code == 200
    assert "Phạm Minh Khoa" in again.text


def test_suggestions_are_clicked_to_search_in_a_browser(
    page: Page, store: Neo4jStore, khoa: str
) -> None:
    sign_in(page, account(store, Role.MINISTRY))
    page.goto("/lang/vi?next=/search")
    skills = page.get_by_label("Kỹ năng", exact=True)
    skills.fill("thiết kế vi")
    page.locator("#skill-options").get_by_role("link", name="Thiết kế vi mạch", exact=True).click()
    expect(page).to_have_url(re.compile(r"skills=Thi%E1%BA%BFt"))
    expect(skills).to_have_value("Thiết kế vi mạch")
    expect(page.locator("#results").get_by_role("link", name="Phạm Minh Khoa")).to_be_visible()

    skills.fill("hok maay")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.locator("#e-skills").get_by_role("link", name="Học máy").click()
    expect(skills).to_have_value("Học máy")
    expect(page.locator("#results")).to_contain_text("Học máy: 3 · Thành thạo")
    check_page(page, "/search?skills=hok+maay", "ministry-search-did-you-mean")
    page.goto("/lang/vi?next=/search")
    page.get_by_label("Kỹ năng", exact=True).fill("học m")
    expect(page.locator("#skill-options a").first).to_be_visible()
    page.set_viewport_size({"width": 360, "height": 900})
    page.screenshot(path="artifacts/screenshots/ministry-search-suggestions.vi.360.png")


def test_a_self_registered_experts_card_shows_their_skills(
    anonymous: httpx.Client, as_role: SignIn, store: Neo4jStore
) -> None:
    # An expert whose id sorts after any generated one, and an index built before the
    # registration: the registered expert joins the index after it.
    item = ExpertCreate(full_name="Zương Văn Trước", country="VN")
    ExpertRepository(store).insert(item, resource_id="zzzz-first-in-the-index")
    ministry = as_role(Role.MINISTRY)
    assert ministry.get("/search", params={"q": "truoc"}).status_code == 200

    body = expert_body(full_name="Đặng Thu Hà")
    body["emails"], body["orcid"] = [], None
    email = "ha.dang@example.net"
    sent = anonymous.post(f"{API}/registrations", json={"email": email, "profile": body})
    assert sent.status_code == 202, sent.text
    password = "a long enough passphrase"
    confirm = {"token": last_token(email), "password": password}
    assert anonymous.post(f"{API}/registrations/confirm", json=confirm).status_code == 200

    page = ministry.get("/search", params={"q": "dang thu ha"}, headers=VI)
    card = page.text[page.text.index("Đặng Thu Hà") :]
    card = card[: card.index("</ul>")]
    assert "<li>Học máy: <strong>4 · Chuyên sâu</strong></li>" in card
    assert "<li>Thị giác máy tính: <strong>3 · Thành thạo</strong></li>" in card
