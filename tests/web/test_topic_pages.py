"""The search-by-topic page and the "similar experts" page: experts as cards with the works
that support them, in both languages; who may open them; a topic too short said beside its
field; and both pages in a browser at both widths."""

import httpx
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from tests.accounts import SignIn
from tests.api.test_topic_search import BATTERY, BATTERY_WORKS, make_people
from tests.web.browser import account, check_page, sign_in

VI = {"cookie": "talent_lang=vi"}
EN = {"cookie": "talent_lang=en"}
HIDDEN = ("Đỗ Văn Hùng", "Vũ Thị Lan", "Hồ Văn Minh")


def test_the_topic_page_lists_experts_with_their_supporting_works_in_both_languages(
    client: httpx.Client, as_role: SignIn
) -> None:
    make_people(client)
    for role in (Role.MINISTRY, Role.PROGRAMME_LEAD):
        caller = as_role(role)
        vi = caller.get("/search/topic", params={"q": BATTERY}, headers=VI)
        assert vi.status_code == 200, vi.text
        assert "Tìm theo chủ đề" in vi.text
        assert "Tìm thấy 2 chuyên gia" in vi.text
        assert "Công trình minh chứng" in vi.text
        # The works' own titles, as written (English), under the expert they support.
        text = vi.text
        an = text.index("Nguyễn Văn An")
        assert an < text.index("Lê Văn Cường")
        for title in BATTERY_WORKS:
            assert an < text.index(title) < text.index("Lê Văn Cường")
        assert "Trần Thị Bình" not in text  # LiDAR, not batteries
        assert not [name for name in HIDDEN if name in text]
        en = caller.get("/search/topic", params={"q": BATTERY}, headers=EN)
        assert "Search by topic" in en.text
        assert "2 experts found" in en.text
        assert "Supporting works" in en.text


def test_an_empty_topic_shows_the_form_and_a_short_one_is_refused_beside_it(
    as_role: SignIn, store: Neo4jStore
) -> None:
    ministry = as_role(Role.MINISTRY)
    empty = ministry.get("/search/topic", headers=VI)
    assert empty.status_code == 200
    assert 'id="f-q"' in empty.text
    assert "Tìm thấy" not in empty.text
    short = ministry.get("/search/topic", params={"q": "a"}, headers=VI)
    assert short.status_code == 422
    assert '<p class="error" id="e-q">Hãy nhập chủ đề dài từ 2 đến 200 ký tự.</p>' in short.text
    stale = ministry.get("/search/topic", params={"q": "pin", "cursor": "bm90LW91cnM"}, headers=EN)
    assert stale.status_code == 422
    assert "This page of results has expired; search again." in stale.text


def test_experts_may_not_open_the_pages(
    client: httpx.Client, as_role: SignIn, anonymous: httpx.Client
) -> None:
    people = make_people(client)
    own = as_role(Role.EXPERT, expert_id=people["an"])
    assert own.get("/search/topic", params={"q": BATTERY}).status_code == 403
    assert own.get(f"/experts/{people['an']}/similar").status_code == 403
    signed_out = anonymous.get("/search/topic", follow_redirects=False)
    assert signed_out.status_code == 303
    assert signed_out.headers["location"].startswith("/login?next=")


def test_the_similar_page_shows_close_experts_without_the_expert(
    client: httpx.Client, as_role: SignIn
) -> None:
    people = make_people(client)
    ministry = as_role(Role.MINISTRY)
    profile = ministry.get(f"/experts/{people['an']}", headers=VI)
    assert f'href="/experts/{people["an"]}/similar">Chuyên gia tương tự</a>' in profile.text
    similar = ministry.get(f"/experts/{people['an']}/similar", headers=VI)
    assert similar.status_code == 200, similar.text
    assert "<h1>Chuyên gia tương tự Nguyễn Văn An</h1>" in similar.text
    cards = similar.text[similar.text.index('class="cards') :]
    assert "Lê Văn Cường" in cards
    assert "Nguyễn Văn An" not in cards
    assert "Solid electrolyte interphase growth in lithium batteries" in cards
    lonely = ministry.get(f"/experts/{people['none']}/similar", headers=EN)
    assert "This expert has no works on record to compare with." in lonely.text
    assert ministry.get(f"/experts/{people['pending']}/similar").status_code == 404
    assert ministry.get(f"/experts/{people['deleted']}/similar").status_code == 404


def test_the_topic_pages_in_a_browser(page: Page, client: httpx.Client, store: Neo4jStore) -> None:
    people = make_people(client)
    sign_in(page, account(store, Role.PROGRAMME_LEAD))
    page.goto("/lang/vi?next=/search")
    page.get_by_role("link", name="Tìm theo chủ đề").click()
    page.get_by_label("Chủ đề", exact=True).fill(BATTERY)
    page.get_by_role("button", name="Tìm kiếm").click()
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Nguyễn Văn An")).to_be_visible()
    expect(results).to_contain_text("Interface stability of solid-state battery cathodes")
    check_page(page, "/search/topic?q=solid-state+battery+electrolytes", "ministry-topic-search")
    check_page(page, "/search/topic?q=a", "ministry-topic-search-error")
    check_page(page, f"/experts/{people['an']}/similar", "ministry-similar-experts")
