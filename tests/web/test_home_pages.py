"""The start page after signing in shows each user what waits for them, each item linking to
its page: an admin's reviews and proposed organisations, a ministry officer's due next actions,
roles without candidates and the target, a lead's own roles (never another lead's) with their
figures, an expert's own profile. Expectations written out by hand."""

import itertools
import re
from datetime import datetime, timedelta
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from api.web.i18n import ZONE
from graph import Mode, Query
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountRead, Role
from talent.resources.catalog import ORGANIZATION, PROPOSED_BY
from talent.resources.models import OrganizationCreate, OrganizationKind
from talent.resources.repository import ResourceRepository
from talent.reviews.queue import ReviewQueue
from tests.accounts import SignIn
from tests.factories import expert_body
from tests.web.browser import PASSWORD as BROWSER_PASSWORD
from tests.web.browser import account, check_page, sign_in

API = "/api/v1"
_numbers = itertools.count(1)
VI = {"accept-language": "vi"}
EN = {"accept-language": "en"}


def _text(html: str) -> str:
    """The page's main content as words, tags and repeated spaces dropped."""
    main = html.split('<main id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).strip()


def _expert(client: httpx.Client, name: str, **fields: Any) -> str:
    email = f"{next(_numbers)}.home@example.org"
    body = expert_body(full_name=name, orcid=None, emails=[email], **fields)
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _programme(lead: httpx.Client, name: str, *titles: str) -> tuple[str, list[str]]:
    made = lead.post(f"{API}/programmes", json={"name": name})
    assert made.status_code == 201, made.text
    programme = str(made.json()["id"])
    roles = []
    for title in titles:
        role = lead.post(f"{API}/roles", json={"programme_id": programme, "title": title})
        assert role.status_code == 201, role.text
        roles.append(str(role.json()["id"]))
    return programme, roles


def _run(store: Neo4jStore, role_id: str, run_id: str, candidates: int, at: int) -> None:
    """A finished match run of the role that found `candidates` (its page's figures)."""
    text = (
        "MATCH (r:Role {id: $role}) CREATE (r)-[:HAS_RUN]->(m:MatchRun)\n"
        "SET m = {id: $id, role_id: $role, job_id: $id, state: 'succeeded', stored: $n,\n"
        "  candidates: $n, created_at: $at, updated_at: $at, finished_at: $at}"
    )
    store.run(Query(text, {"role": role_id, "id": run_id, "n": candidates, "at": at}, Mode.WRITE))


def _shortlist(store: Neo4jStore, role_id: str, expert_id: str) -> None:
    text = (
        "MATCH (r:Role {id: $role}), (e:Expert {id: $expert})\n"
        "CREATE (r)-[:DECIDED {decision: 'shortlisted', reason: '', at: 1}]->(e)"
    )
    store.run(Query(text, {"role": role_id, "expert": expert_id}, Mode.WRITE))


def test_a_lead_sees_exactly_their_own_open_roles_with_their_figures(
    as_role: SignIn, store: Neo4jStore
) -> None:
    lead, rival, ministry = (
        as_role(Role.PROGRAMME_LEAD),
        as_role(Role.PROGRAMME_LEAD),
        as_role(Role.MINISTRY),
    )
    programme, (chief, architect) = _programme(
        lead, "Chương trình vi mạch", "Kỹ sư trưởng", "Kiến trúc sư trưởng"
    )
    _, (other,) = _programme(rival, "Chương trình pin", "Tổng công trình sư pin")
    closed, (old,) = _programme(lead, "Chương trình đã đóng", "Vị trí cũ")
    assert lead.patch(f"{API}/programmes/{closed}", json={"status": "closed"}).status_code == 200
    expert = _expert(ministry, "Lê Văn Ứng")
    _run(store, chief, "run-chief", 7, 1_780_000_000_000)
    _shortlist(store, chief, expert)

    vietnamese = _text(lead.get("/", headers=VI).text)
    assert "1 vị trí chưa từng được ghép nối." in vietnamese
    assert (
        "Kiến trúc sư trưởng Chương trình vi mạch Ứng viên chưa từng ghép nối "
        "Đã vào danh sách ngắn 0 trên 1 người cần có"
    ) in vietnamese
    assert (
        "Kỹ sư trưởng Chương trình vi mạch Ứng viên 7 Đã vào danh sách ngắn 1 trên 1 người cần có "
        "Lần ghép nối gần nhất 29/05/2026 03:26"
    ) in vietnamese
    page = lead.get("/", headers=EN).text
    assert "Tổng công trình sư pin" not in page
    assert "Vị trí cũ" not in page
    assert f'href="/roles/{chief}/matches"' in page
    assert f'href="/roles/{architect}/matches"' in page
    assert f'href="/programmes/{programme}"' in page
    assert other not in page
    assert old not in page
    assert "1 of your roles was never matched." in _text(page)
    # The rival sees theirs only.
    theirs = rival.get("/", headers=EN).text
    assert "Tổng công trình sư pin" in theirs
    assert "Kỹ sư trưởng" not in theirs


def test_an_admin_sees_reviews_and_proposed_organisations_with_the_oldest(
    as_role: SignIn, store: Neo4jStore
) -> None:
    admin, ministry = as_role(Role.ADMIN), as_role(Role.MINISTRY)
    empty = _text(admin.get("/", headers=EN).text)
    assert "Nothing is waiting for your decision." in empty
    first, second, third = (
        _expert(ministry, n) for n in ("Ngô Thị Một", "Ngô Thị Hai", "Ngô Thị Ba")
    )
    queue = ReviewQueue(store)
    queue.add_claim(first, "account-1")
    queue.add_claim(second, "account-2")
    ResourceRepository(store, ORGANIZATION).insert(
        OrganizationCreate(name="Viện Mới", kind=OrganizationKind.OTHER, country="VN"),
        system={PROPOSED_BY: third},
    )
    english = _text(admin.get("/", headers=EN).text)
    assert "Possible duplicates to review: 0" in english
    assert re.search(r"Claims of a profile to decide: 2 the oldest since \d+ \w+ 20\d\d", english)
    assert re.search(r"Proposed organisations to approve: 1 the oldest since", english)
    assert "Nothing is waiting" not in english
    page = admin.get("/", headers=VI).text
    assert 'href="/admin/reviews?state=open&amp;kind=claim"' in page
    assert 'href="/admin/organizations"' in page
    assert "Yêu cầu nhận quyền quản lý hồ sơ cần quyết định: 2" in _text(page)
    assert "quản trị viên" in _text(page)


def test_a_ministry_officer_sees_due_actions_roles_without_candidates_and_the_target(
    as_role: SignIn, store: Neo4jStore
) -> None:
    ministry, lead = as_role(Role.MINISTRY), as_role(Role.PROGRAMME_LEAD)
    late, today_one, later = (
        _expert(ministry, n) for n in ("Đỗ Văn Trễ", "Đỗ Văn Nay", "Đỗ Văn Sau")
    )
    for expert in (late, today_one, later):
        moved = ministry.post(f"{API}/pipeline/{expert}/transitions", json={"to": "identified"})
        assert moved.status_code == 200, moved.text
    # Due by the day it is in Vietnam, as the pages' dates are.
    now = datetime.now(ZONE).date()
    dates = {late: now - timedelta(days=3), today_one: now, later: now + timedelta(days=2)}
    for expert, when in dates.items():
        store.run(
            Query(
                "MATCH (p:PipelineEntry {id: $id}) SET p.next_action_on = $on, "
                "p.next_action = $what",
                {"id": expert, "on": when.isoformat(), "what": f"Gọi lại {expert[:4]}"},
                Mode.WRITE,
            )
        )
    _, (unfilled, filled) = _programme(lead, "Chương trình robot", "Kỹ sư robot", "Trưởng nhóm")
    _run(store, filled, "run-filled", 3, 1_780_000_000_000)
    _run(store, unfilled, "run-none", 0, 1_780_000_000_000)

    text = _text(ministry.get("/", headers=VI).text)
    late_day = dates[late].strftime("%d/%m/%Y")
    assert "2 việc tiếp theo đến hạn hôm nay hoặc trước đó (1 việc đã quá hạn)." in text
    assert f"Đỗ Văn Trễ · Đã xác định · quá hạn từ ngày {late_day} Gọi lại {late[:4]}" in text
    assert "Đỗ Văn Nay · Đã xác định · đến hạn hôm nay" in text
    assert "Đỗ Văn Sau" not in text
    assert "1 vị trí thuộc các chương trình đang mở chưa có ứng viên." in text
    assert "Kỹ sư robot · Chương trình robot lượt ghép nối lúc 29/05/2026 03:26" in text
    assert "Trưởng nhóm" not in text
    assert "Đã thu hút 0 trên 100 chuyên gia đầu ngành (0%)." in text
    assert "cán bộ Bộ" in text
    # The target as stored on the KPI page, once changed.
    changed = ministry.put(f"{API}/pipeline/kpi/target", json={"target": 40, "version": 0})
    assert changed.status_code == 200, changed.text
    assert "0 of 40 leading experts engaged (0%)." in _text(ministry.get("/", headers=EN).text)
    english = _text(ministry.get("/", headers=EN).text)
    assert "2 next actions are due today or earlier (1 overdue)." in english
    assert "1 role of an open programme has no candidate yet." in english
    page = ministry.get("/", headers=VI).text
    assert f'href="/experts/{late}"' in page
    assert 'href="/kpi"' in page


def test_an_expert_sees_what_their_profile_lacks_and_when_they_last_confirmed(
    as_role: SignIn, store: Neo4jStore
) -> None:
    ministry = as_role(Role.MINISTRY)
    expert_id = _expert(
        ministry, "Vũ Thị Hoàn", headline="", bio="", languages=[], engagement_modes=[]
    )
    owner = as_role(Role.EXPERT, expert_id)
    text = _text(owner.get("/", headers=EN).text)
    shown = owner.get(f"{API}/experts/{expert_id}").json()
    assert f"Your profile is {round(shown['completeness'] * 100)}% complete." in text
    assert "It still lacks: " in text
    for part in ("a headline", "your ORCID iD", "at least three works"):
        assert part in text
    assert "You last confirmed your profile on" in text
    vietnamese = _text(owner.get("/", headers=VI).text)
    assert "Hồ sơ còn thiếu:" in vietnamese
    assert "mã ORCID" in vietnamese
    assert "chuyên gia" in vietnamese
    page = owner.get("/", headers=EN).text
    assert 'href="/me/edit"' in page
    assert 'href="/me"' in page


def test_the_anonymous_start_page_is_as_before(anonymous: httpx.Client) -> None:
    text = _text(anonymous.get("/", headers=EN).text)
    assert text == (
        "Experts for the strategic-technology programmes "
        "Leading experts at home and abroad, their skills and evidence, and the programmes "
        "that need them. Register as an expert Claim a profile that is yours Log in"
    )


def _browser_account_client(base_url: str, who: AccountRead) -> httpx.Client:
    """An API client of an account made for the browser (its password is the browser's)."""
    client = httpx.Client(base_url=base_url, timeout=30)
    login = {"email": who.email, "password": BROWSER_PASSWORD}
    token = client.post(f"{API}/auth/login", json=login).json()["access_token"]
    client.headers["authorization"] = f"Bearer {token}"
    return client


def test_each_roles_start_page_reads_well_in_both_languages(
    page: Page, store: Neo4jStore, as_role: SignIn, base_url: str
) -> None:
    """With something waiting for each: a claim and a proposed organisation, a due and an
    overdue next action, roles with and without candidates, a profile that lacks parts."""
    ministry = as_role(Role.MINISTRY)
    expert_id = _expert(ministry, "Trịnh Thị Màn Hình", headline="", bio="")
    other = _expert(ministry, "Phùng Văn Chờ Đợi Lâu")
    ReviewQueue(store).add_claim(other, "account-screens")
    ResourceRepository(store, ORGANIZATION).insert(
        OrganizationCreate(name="Viện Đề Xuất", kind=OrganizationKind.OTHER, country="VN"),
        system={PROPOSED_BY: other},
    )
    now = datetime.now(ZONE).date()
    for expert, days in ((expert_id, 0), (other, -5)):
        ministry.post(f"{API}/pipeline/{expert}/transitions", json={"to": "identified"})
        when = (now + timedelta(days=days)).isoformat()
        store.run(
            Query(
                "MATCH (p:PipelineEntry {id: $id}) SET p.next_action_on = $on, "
                "p.next_action = 'Gửi thư mời tham gia hội đồng thẩm định'",
                {"id": expert, "on": when},
                Mode.WRITE,
            )
        )
    lead = account(store, Role.PROGRAMME_LEAD)
    lead_api = _browser_account_client(base_url, lead)
    _, (chief, _) = _programme(
        lead_api,
        "Chương trình quốc gia về vi mạch bán dẫn",
        "Kỹ sư trưởng thiết kế vi mạch",
        "Kiến trúc sư trưởng hệ thống nhúng",
    )
    lead_api.close()
    _run(store, chief, "run-screens", 12, 1_780_000_000_000)
    _shortlist(store, chief, expert_id)
    for role, name in (
        (Role.ADMIN, "home-admin"),
        (Role.MINISTRY, "home-ministry"),
        (Role.PROGRAMME_LEAD, "home-lead"),
        (Role.EXPERT, "home-expert"),
    ):
        who = (
            lead
            if role is Role.PROGRAMME_LEAD
            else account(store, role, expert_id=expert_id if role is Role.EXPERT else None)
        )
        page.context.clear_cookies()
        sign_in(page, who)
        results = check_page(page, "/", name)
        assert all(found == [] for found in results.values()), results
        expect(page.locator("h2").first).to_be_visible()
        # Nothing scrolls sideways on a phone.
        page.set_viewport_size({"width": 360, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
