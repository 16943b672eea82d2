"""Skills proposed by the people who miss them, on the pages and over the API: a visitor
registering (or an expert) proposes one, an admin adds it to the taxonomy under a group (it is
then offered and accepted by every profile form) or rejects it with a reason. Access as the
API's; Vietnamese expectations written out by hand."""

import re
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.core.names import fold_name
from tests.accounts import SignIn
from tests.web.browser import account, check_page, sign_in
from tests.web.test_expert_forms import send, summary

VI = {"Accept-Language": "vi"}


def _propose(anonymous: httpx.Client, name: str, description: str = "") -> httpx.Response:
    data = {"proposal_name": name, "proposal_description": description, "next": "/register"}
    return send(anonymous, "/skills/propose", data, lang="vi", page="/skills/propose")


def _open(client: httpx.Client, name: str) -> dict[str, Any]:
    items = client.get("/api/v1/taxonomy/proposals", params={"status": "open"}).json()["items"]
    return next(p for p in items if p["name"] == name)


def test_a_visitor_proposes_a_missing_skill_and_is_thanked_in_vietnamese(
    anonymous: httpx.Client,
) -> None:
    form = anonymous.get("/skills/propose?next=/register&name=Điện toán lượng tử", headers=VI)
    assert "<h1>Đề xuất một kỹ năng</h1>" in form.text
    assert 'value="Điện toán lượng tử"' in form.text
    empty = _propose(anonymous, "")
    assert empty.status_code == 422
    assert summary(empty.text) == [("f-proposal_name", "Tên kỹ năng: Hãy điền mục này.")]
    sent = _propose(anonymous, "Điện toán biên công nghiệp", "Xử lý dữ liệu tại nhà máy")
    assert sent.status_code == 303
    assert sent.headers["location"] == "/skills/propose?sent=1&next=/register"
    thanks = anonymous.get(sent.headers["location"], headers=VI)
    assert "Cảm ơn bạn: quản trị viên sẽ rà soát đề xuất." in thanks.text
    assert '<a href="/register">Quay lại biểu mẫu đăng ký</a>' in thanks.text


def test_an_unknown_skill_on_the_registration_form_links_to_proposing_it(
    anonymous: httpx.Client,
) -> None:
    typed = {"email": "x", "full_name": "Lý Thường Kiệt", "country": "VN"}
    page = send(anonymous, "/register", {**typed, "skill_0_name": "Zzqx vũ trụ"}, lang="vi")
    link = re.search(
        r'<p class="xp-meant" id="p-skill_0_name"><a href="([^"]+)">([^<]+)</a>', page.text
    )
    assert link
    assert link.group(1) == "/skills/propose?name=Zzqx%20v%C5%A9%20tr%E1%BB%A5&amp;next=/register"
    assert link.group(2) == "Đề xuất “Zzqx vũ trụ” thành kỹ năng mới"  # nothing close to it
    assert "Kỹ năng của bạn chưa có trong danh sách? Hãy đề xuất" in page.text


def test_an_admin_adds_a_proposed_skill_under_a_group_and_every_form_accepts_it(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    assert _propose(anonymous, "Robot hàn tự động").status_code == 303
    proposal = _open(client, "Robot hàn tự động")
    group = client.get("/api/v1/taxonomy/groups").json()[0]["id"]
    listed = client.get("/admin/skill-proposals", headers=VI)
    assert "<h1>Kỹ năng được đề xuất</h1>" in listed.text
    assert "Robot hàn tự động" in listed.text
    assert "bởi một người đang đăng ký" in listed.text
    path = f"/admin/skill-proposals/{proposal['id']}/accept"
    base = {"label_en": "Automated welding robots", "label_vi": "Robot hàn tự động"}
    version = str(proposal["version"])
    no_group = send(
        client, path, {**base, "version": version}, lang="vi", page="/admin/skill-proposals"
    )
    assert no_group.status_code == 422
    assert "Hãy chọn một nhóm công nghệ." in no_group.text
    taken = {**base, "label_en": "Machine learning", "group": group, "version": version}
    clash = send(client, path, taken, lang="vi", page="/admin/skill-proposals")
    assert clash.status_code == 409
    assert "Đã có một kỹ năng mang tên này." in clash.text
    unknown = {**base, "group": group, "broader": "zzz", "version": version}
    wrong = send(client, path, unknown, lang="vi", page="/admin/skill-proposals")
    assert wrong.status_code == 422
    assert "Không có kỹ năng nào mang tên này: hãy chọn trong danh sách" in wrong.text
    good = {**base, "group": group, "broader": "Robotics", "version": version}
    done = send(client, path, good, lang="vi", page="/admin/skill-proposals")
    assert done.status_code == 303
    assert done.headers["location"] == "/admin/skill-proposals?done=accepted"
    skill = client.get("/api/v1/taxonomy/skills/automated-welding-robots").json()
    assert skill["label_vi"] == "Robot hàn tự động"
    assert group in skill["groups"]
    assert skill["broader"] == ["robotics"]
    # A second decision from the same copy is refused: it was decided meanwhile.
    again = send(client, path, good, lang="vi", page="/admin/skill-proposals")
    assert again.status_code == 409
    assert "Đề xuất đã được quyết định hoặc thay đổi trong lúc này: hãy xem lại." in again.text
    # The profile forms offer and accept it at once.
    offered = anonymous.get("/suggest/skills", params={"skill_0_name": "robot hàn"}, headers=VI)
    assert 'value="Robot hàn tự động"' in offered.text
    typed = {"email": "x", "full_name": "Lý Thường Kiệt", "country": "VN"}
    form = send(anonymous, "/register", {**typed, "skill_0_name": "Robot hàn tự động"}, lang="vi")
    assert "f-skill_0_name" not in [href for href, _ in summary(form.text)]
    events = client.get("/api/v1/audit-events", params={"target": proposal["id"]}).json()
    assert {e["action"] for e in events["items"]} == {"skill.propose", "skill.proposal.decide"}


def test_an_admin_rejects_a_proposal_with_a_reason(
    anonymous: httpx.Client, client: httpx.Client
) -> None:
    assert _propose(anonymous, "Nấu phở").status_code == 303
    proposal = _open(client, "Nấu phở")
    path = f"/admin/skill-proposals/{proposal['id']}/reject"
    version = str(proposal["version"])
    no_reason = send(
        client, path, {"reason": "", "version": version}, lang="vi", page="/admin/skill-proposals"
    )
    assert no_reason.status_code == 422
    assert "Hãy nêu lý do trong vài từ (từ 3 ký tự trở lên)." in no_reason.text
    reason = "Không thuộc các nhóm công nghệ chiến lược"
    # A decision from a copy at another version than the proposal's is refused, nothing kept.
    stale = {"reason": reason, "version": str(proposal["version"] + 6)}
    refused = send(client, path, stale, lang="vi", page="/admin/skill-proposals")
    assert refused.status_code == 409
    assert "Đề xuất đã được quyết định hoặc thay đổi trong lúc này: hãy xem lại." in refused.text
    assert _open(client, "Nấu phở")["status"] == "open"
    done = send(
        client,
        path,
        {"reason": reason, "version": version},
        lang="en",
        page="/admin/skill-proposals",
    )
    assert done.status_code == 303
    shown = client.get("/admin/skill-proposals?done=rejected", headers={"Accept-Language": "en"})
    assert "The proposal is rejected; its reason is kept." in shown.text
    assert "Nấu phở" not in shown.text
    rejected = client.get("/api/v1/taxonomy/proposals", params={"status": "rejected"}).json()
    assert any(p["name"] == "Nấu phở" and p["reason"] == reason for p in rejected["items"])


def test_only_admins_review_proposals_on_the_page_and_over_the_api(
    as_role: SignIn, client: httpx.Client, anonymous: httpx.Client
) -> None:
    made = anonymous.post("/api/v1/taxonomy/proposals", json={"name": "Kỹ năng qua API"})
    assert made.status_code == 201
    assert made.json()["status"] == "open"
    proposal_id = made.json()["id"]
    for role in (Role.MINISTRY, Role.PROGRAMME_LEAD):
        who = as_role(role)
        assert who.get("/admin/skill-proposals").status_code == 403
        assert who.get("/api/v1/taxonomy/proposals").status_code == 403
        body = {"reason": "không", "version": 1}
        assert (
            who.post(f"/api/v1/taxonomy/proposals/{proposal_id}/reject", json=body).status_code
            == 403
        )
    refused = anonymous.get("/admin/skill-proposals", follow_redirects=False)
    assert refused.status_code == 303
    assert anonymous.get("/api/v1/taxonomy/proposals").status_code == 401
    assert client.get("/api/v1/taxonomy/proposals").status_code == 200
    missing = client.post(
        "/api/v1/taxonomy/proposals/no-such/reject", json={"reason": "không rõ", "version": 1}
    )
    assert missing.status_code == 404


def test_the_proposal_pages_read_well_in_both_languages(
    page: Page, store: Neo4jStore, anonymous: httpx.Client
) -> None:
    check_page(page, "/skills/propose?next=/register", "skill-propose")
    anonymous.post("/api/v1/taxonomy/proposals", json={"name": "Thiết kế chip lượng tử"})
    sign_in(page, account(store, Role.ADMIN))
    check_page(page, "/admin/skill-proposals", "admin-skill-proposals")
    page.goto("/lang/vi?next=/admin/skill-proposals")
    expect(page.get_by_role("heading", name="Thiết kế chip lượng tử")).to_be_visible()


def test_the_taxonomy_page_lists_groups_and_skills_in_the_page_language_and_finds_a_skill(
    anonymous: httpx.Client, as_role: SignIn
) -> None:
    vi = anonymous.get("/taxonomy", headers=VI)
    assert vi.status_code == 200
    assert "<h1>Kỹ năng theo nhóm công nghệ</h1>" in vi.text
    assert "<li>Học máy" in vi.text
    assert '<span class="muted" lang="en">(Machine learning)</span>' in vi.text
    en = anonymous.get("/taxonomy", headers={"Accept-Language": "en"})
    assert "<li>Machine learning" in en.text
    # Skills sorted as a dictionary does, in the page's language.
    names = re.findall(r"<li>([^<(]+?)(?: <span|</li>)", vi.text.split("xp-taxonomy", 1)[1])
    first = names[: names.index(next(n for n in names if n == names[0])) + 8]
    assert first == sorted(first, key=lambda n: (fold_name(n), n.casefold()))
    found = anonymous.get("/taxonomy", params={"q": "hoc may"}, headers=VI)
    assert "kỹ năng khớp với “hoc may”." in found.text
    assert "<li>Học máy" in found.text
    assert "<li>Robot học" not in found.text
    none = anonymous.get("/taxonomy", params={"q": "zzqx"}, headers=VI)
    assert "Không có kỹ năng nào có tên như vậy." in none.text
    assert '<a href="/skills/propose?name=zzqx">' in none.text
    # Open to everyone, as the API's taxonomy is.
    for role in (Role.MINISTRY, Role.PROGRAMME_LEAD, Role.ADMIN):
        assert as_role(role).get("/taxonomy").status_code == 200


def test_the_taxonomy_page_reads_well_in_both_languages(page: Page) -> None:
    check_page(page, "/taxonomy", "taxonomy")
    check_page(page, "/taxonomy?q=robot", "taxonomy-search")
