"""A lead works the candidate list over the pages (HTTP, as a browser's forms send them):
candidates link to their profiles, a rejection is confirmed first and says what it replaces,
a rejected or shortlisted candidate is restored, a finished job cannot be cancelled, a role's
past runs are listed, and the shortlist goes out as CSV and XLSX. Expected words are written
out by hand."""

import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import AccountRead, Role
from tests.accounts import signed_in
from tests.matching.helpers import API, expert, work
from tests.web.browser import PASSWORD, SCREENSHOTS, account, check_page, sign_in

CSRF_COOKIE = "talent_csrf"
ML = {"skill_id": "machine-learning", "weight": 1.0, "min_level": 1, "must": True}


def page_client(base_url: str, who: AccountRead) -> httpx.Client:
    """A browser's session: signed in through the login form, cookies kept."""
    client = httpx.Client(base_url=base_url, timeout=30)
    client.get("/login")
    answer = client.post(
        "/login",
        data={
            "email": who.email,
            "password": PASSWORD,
            "next": "/",
            "csrf_token": client.cookies[CSRF_COOKIE],
        },
    )
    assert answer.status_code == 303, answer.text
    return client


def api_client(base_url: str, who: AccountRead) -> httpx.Client:
    client = httpx.Client(base_url=base_url, timeout=30)
    answer = client.post(f"{API}/auth/login", json={"email": who.email, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    client.headers["authorization"] = f"Bearer {answer.json()['access_token']}"
    return client


def send(client: httpx.Client, path: str, **fields: str) -> httpx.Response:
    """A page form, with the CSRF token the page put in it."""
    return client.post(path, data={**fields, "csrf_token": client.cookies[CSRF_COOKIE]})


@dataclass
class World:
    base_url: str
    store: Neo4jStore
    lead: httpx.Client  # the role's lead, on the pages
    lead_api: httpx.Client
    admin: httpx.Client
    role_id: str
    experts: dict[str, str]  # name -> id
    owner: AccountRead


NAMES = ("Nguyễn Thị Hương", "Trần Văn Bình", "Lê Minh Châu", "Phạm Quốc Dũng")


@pytest.fixture
def world(base_url: str, store: Neo4jStore) -> Iterator[World]:
    owner = account(store, Role.PROGRAMME_LEAD)
    lead_api = api_client(base_url, owner)
    admin = signed_in(base_url, store, Role.ADMIN)
    experts = {name: expert(admin, full_name=name) for name in NAMES}
    programme = lead_api.post(f"{API}/programmes", json={"name": "Chương trình AI quốc gia"})
    assert programme.status_code == 201, programme.text
    role = lead_api.post(
        f"{API}/roles",
        json={
            "programme_id": programme.json()["id"],
            "kind": "chief_engineer",
            "title": "Kỹ sư trưởng nền tảng AI",
            "requirements": [ML],
        },
    )
    assert role.status_code == 201, role.text
    lead = page_client(base_url, owner)
    w = World(base_url, store, lead, lead_api, admin, role.json()["id"], experts, owner)
    yield w
    for c in (lead, lead_api, admin):
        c.close()


def _text(html: str) -> str:
    """The page's text, tags and runs of spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _ranked(html: str) -> set[str]:
    """The experts of the ranked cards, by the link of each card's heading."""
    return set(re.findall(r'<h3 class="cand-name">[^<]*<a href="/experts/([^"]+)">', html))


def test_each_candidate_links_to_their_profile_which_the_lead_may_read(world: World) -> None:
    page = world.lead.get(f"/roles/{world.role_id}/matches")
    assert page.status_code == 200
    linked = _ranked(page.text)
    assert linked == set(world.experts.values())
    for expert_id in linked:
        profile = world.lead.get(f"/experts/{expert_id}")
        assert profile.status_code == 200, expert_id


def _decisions(world: World) -> dict[str, dict[str, object]]:
    answer = world.lead_api.get(f"{API}/roles/{world.role_id}/decisions")
    assert answer.status_code == 200, answer.text
    return {d["expert_id"]: d for d in answer.json()}


def _restore_fields(html: str, expert_id: str) -> dict[str, str]:
    """The restore form's fields for one expert, as the page wrote them."""
    forms = re.findall(r'<form method="post" action="[^"]*/restorations".*?</form>', html, re.S)
    mine = [f for f in forms if f'name="expert_id" value="{expert_id}"' in f]
    assert mine, f"no restore form for {expert_id}"
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', mine[0]))
    fields.pop("csrf_token", None)
    return fields


def test_rejecting_a_shortlisted_candidate_is_confirmed_first_and_says_what_it_replaces(
    world: World,
) -> None:
    huong = world.experts["Nguyễn Thị Hương"]
    path = f"/roles/{world.role_id}/decisions"
    shortlisted = send(
        world.lead, path, expert_id=huong, decision="shortlisted", reason="Dẫn dắt nhóm AI", k="10"
    )
    assert shortlisted.status_code == 303
    # The first press of "Loại" changes nothing: it asks, naming the shortlist it would undo.
    asked = send(world.lead, path, expert_id=huong, decision="rejected", reason="Đã nhận việc khác")
    assert asked.status_code == 200
    text = _text(asked.text)
    assert "Loại Nguyễn Thị Hương khỏi vị trí Kỹ sư trưởng nền tảng AI?" in text
    assert "Quyết định hiện tại: Đã vào danh sách ngắn" in text
    assert (
        "Ứng viên này đang ở trong danh sách ngắn. Loại ứng viên sẽ đưa họ ra khỏi danh sách "
        "ngắn và khỏi đội ngũ của chương trình."
    ) in text
    assert 'name="confirmed" value="yes"' in asked.text
    assert "Đã nhận việc khác" in asked.text  # the reason typed, to confirm or change
    assert _decisions(world)[huong]["decision"] == "shortlisted"
    # Confirmed with the reason emptied: the same page, the error beside the field.
    empty = send(world.lead, path, expert_id=huong, decision="rejected", reason="", confirmed="yes")
    assert empty.status_code == 422
    assert "Hãy ghi lý do, ít nhất vài từ." in _text(empty.text)
    assert _decisions(world)[huong]["decision"] == "shortlisted"
    done = send(
        world.lead,
        path,
        expert_id=huong,
        decision="rejected",
        reason="Đã nhận việc khác",
        confirmed="yes",
    )
    assert done.status_code == 303
    assert _decisions(world)[huong]["decision"] == "rejected"
    page = world.lead.get(done.headers["location"])
    text = _text(page.text)
    assert "Ứng viên đã bị loại; các lượt ghép nối sau sẽ bỏ qua người này." in text
    # The notice offers to undo it at once; the card is gone from the ranked list.
    assert _restore_fields(page.text, huong)["back"] == "matches"
    assert huong not in _ranked(page.text)


def test_a_rejected_candidate_is_restored_from_the_list_of_those_left_out(world: World) -> None:
    binh = world.experts["Trần Văn Bình"]
    path = f"/roles/{world.role_id}/decisions"
    fields = {"expert_id": binh, "decision": "rejected", "reason": "Quá xa chủ đề"}
    assert send(world.lead, path, **fields, confirmed="yes").status_code == 303
    listed = world.lead.get(f"/roles/{world.role_id}/exclusions?reason=rejected_by_lead")
    assert listed.status_code == 200
    assert "Lý do của bạn: Quá xa chủ đề" in _text(listed.text)
    form = _restore_fields(listed.text, binh)
    assert form["back"] == "exclusions"
    # A form read before another decision replaced this one restores nothing (412).
    stale = send(world.lead, f"/roles/{world.role_id}/restorations", **{**form, "at": "1"})
    assert stale.status_code == 412
    assert "Không khôi phục được" in _text(stale.text)
    assert _decisions(world)[binh]["decision"] == "rejected"
    restored = send(world.lead, f"/roles/{world.role_id}/restorations", **form)
    assert restored.status_code == 303
    assert restored.headers["location"].startswith(f"/roles/{world.role_id}/exclusions?")
    assert binh not in _decisions(world)
    back = world.lead.get(restored.headers["location"])
    assert "Đã rút lại quyết định: ứng viên đã trở lại danh sách chờ quyết định." in _text(
        back.text
    )
    matches = world.lead.get(f"/roles/{world.role_id}/matches")
    assert f'href="/experts/{binh}"' in matches.text
    # Restoring again finds nothing to restore: a clear refusal, nothing changed.
    again = send(world.lead, f"/roles/{world.role_id}/restorations", **form)
    assert again.status_code == 409
    # The history keeps both steps, in words.
    history = _text(matches.text)
    assert "Đã khôi phục" in history
    assert "Đã loại" in history


def test_the_api_restores_a_decision_for_the_roles_lead_only(
    world: World, base_url: str, store: Neo4jStore
) -> None:
    chau = world.experts["Lê Minh Châu"]
    url = f"{API}/roles/{world.role_id}"
    shortlisted = world.lead_api.post(
        f"{url}/shortlist", json={"expert_id": chau, "reason": "Rất phù hợp"}
    )
    assert shortlisted.status_code == 200
    at = shortlisted.json()["at"]
    rival = api_client(base_url, account(store, Role.PROGRAMME_LEAD))
    ministry = api_client(base_url, account(store, Role.MINISTRY))
    try:
        assert rival.delete(f"{url}/decisions/{chau}").status_code == 404
        assert ministry.delete(f"{url}/decisions/{chau}").status_code == 403
        stale = world.lead_api.delete(f"{url}/decisions/{chau}", headers={"If-Match": '"1"'})
        assert stale.status_code == 412
        done = world.lead_api.delete(f"{url}/decisions/{chau}", headers={"If-Match": f'"{at}"'})
        assert done.status_code == 200, done.text
        assert done.json()["decision"] == "shortlisted"
        assert chau not in _decisions(world)
        assert world.lead_api.delete(f"{url}/decisions/{chau}").status_code == 409
        assert world.lead_api.delete(f"{url}/decisions/no-such-expert").status_code == 422
        # The page refuses the same callers as the API.
        for role, status in ((Role.PROGRAMME_LEAD, 404), (Role.MINISTRY, 403)):
            other = page_client(base_url, account(store, role))
            answer = send(other, f"/roles/{world.role_id}/restorations", expert_id=chau)
            assert answer.status_code == status
            decide = send(other, f"/roles/{world.role_id}/decisions", expert_id=chau)
            assert decide.status_code == status
            other.close()
    finally:
        rival.close()
        ministry.close()


def _finished_job(world: World) -> tuple[str, str]:
    """A full match started from the page and run to its end: (job id, run id)."""
    started = send(world.lead, f"/roles/{world.role_id}/jobs")
    assert started.status_code == 303
    job_id = started.headers["location"].rsplit("/", 1)[1]
    deadline = time.monotonic() + 60
    while True:
        job = world.lead_api.get(f"{API}/roles/{world.role_id}/match-jobs/{job_id}").json()
        if job["state"] in {"succeeded", "failed", "cancelled"}:
            break
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
    assert job["state"] == "succeeded", job
    return job_id, str(job["run_id"])


def test_a_finished_job_shows_how_it_ended_and_a_late_cancel_says_so(world: World) -> None:
    job_id, run_id = _finished_job(world)
    path = f"/roles/{world.role_id}/jobs/{job_id}"
    page = world.lead.get(path)
    assert page.status_code == 200
    text = _text(page.text)
    assert "Đã xong · Đã lưu 4 trên 4 ứng viên" in text
    assert "Lượt ghép nối kết thúc lúc " in text
    assert "/cancel" not in page.text  # no cancel on a finished job
    assert "hx-trigger" not in page.text  # nor asking again
    assert f'href="/match-runs/{run_id}"' in page.text
    late = send(world.lead, f"{path}/cancel")
    assert late.status_code == 409
    assert "Lượt ghép nối này đã kết thúc (đã xong): không còn gì để hủy." in _text(late.text)
    assert (
        world.lead_api.get(f"{API}/roles/{world.role_id}/match-jobs/{job_id}").json()["state"]
        == "succeeded"
    )


def test_a_roles_past_runs_are_listed_with_when_who_and_how_many(
    world: World, base_url: str, store: Neo4jStore
) -> None:
    empty = world.lead.get(f"/roles/{world.role_id}/runs")
    assert empty.status_code == 200
    assert "Chưa có lượt ghép nối toàn bộ nào cho vị trí này." in _text(empty.text)
    _, first = _finished_job(world)
    _, second = _finished_job(world)
    page = world.lead.get(f"/roles/{world.role_id}/runs")
    text = _text(page.text)
    assert "Các lượt ghép nối của Kỹ sư trưởng nền tảng AI" in text
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", page.text, re.S)
    assert len(rows) == 2
    # Newest first, each dated as officials write dates, started by the lead, 4 of 4 stored.
    assert f'href="/match-runs/{second}"' in rows[0]
    assert f'href="/match-runs/{first}"' in rows[1]
    for row in rows:
        cells = _text(row)
        assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", cells), cells
        assert "Web programme_lead" in cells
        assert "Đã xong" in cells
        assert "4 / 4" in cells
    matches = world.lead.get(f"/roles/{world.role_id}/matches")
    assert f'href="/roles/{world.role_id}/runs"' in matches.text
    for role, status in ((Role.PROGRAMME_LEAD, 404), (Role.MINISTRY, 403)):
        who = account(store, role)
        other, other_api = page_client(base_url, who), api_client(base_url, who)
        assert other.get(f"/roles/{world.role_id}/runs").status_code == status
        assert other_api.get(f"{API}/roles/{world.role_id}/match-runs").status_code == status
        other.close()
        other_api.close()


HEADINGS_VI = [
    "STT",
    "Ứng viên",
    "Quyết định",
    "Lý do",
    "Thời điểm (giờ Việt Nam)",
    "Giới thiệu ngắn",
    "Quốc gia",
    "Hồ sơ",
]
HEADINGS_EN = [
    "No.",
    "Candidate",
    "Decision",
    "Reason",
    "Decided on (Vietnam time)",
    "Headline",
    "Country",
    "Profile",
]


def _decide_by_api(world: World) -> None:
    url = f"{API}/roles/{world.role_id}"
    for name, kind, reason in (
        ("Lê Minh Châu", "rejections", "Đã nhận việc ở nơi khác"),
        ("Nguyễn Thị Hương", "shortlist", "Dẫn dắt nhóm thị giác máy tính"),
        ("Trần Văn Bình", "shortlist", "=1+2 kinh nghiệm triển khai"),
    ):
        body = {"expert_id": world.experts[name], "reason": reason}
        assert world.lead_api.post(f"{url}/{kind}", json=body).status_code == 200


def test_the_shortlist_and_decisions_go_out_as_csv_with_a_bom_and_as_xlsx(
    world: World, base_url: str, store: Neo4jStore
) -> None:
    _decide_by_api(world)
    csv = world.lead.get(f"/roles/{world.role_id}/shortlist.csv")
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert 'filename="shortlist-' in csv.headers["content-disposition"]
    assert csv.content.startswith(b"\xef\xbb\xbf")
    lines = csv.content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ",".join(HEADINGS_VI)
    rows = [line.split(",") for line in lines[1:] if line]
    # The shortlist first, in the order it was taken, then the rejected.
    assert [r[:3] for r in rows] == [
        ["1", "Nguyễn Thị Hương", "Đã vào danh sách ngắn"],
        ["2", "Trần Văn Bình", "Đã vào danh sách ngắn"],
        ["3", "Lê Minh Châu", "Đã loại"],
    ]
    assert rows[0][3] == "Dẫn dắt nhóm thị giác máy tính"
    assert rows[1][3] == "'=1+2 kinh nghiệm triển khai"  # text, never a formula
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", rows[0][4])
    assert rows[0][6] == "Việt Nam"
    assert rows[0][7] == f"{base_url}/experts/{world.experts['Nguyễn Thị Hương']}"

    world.lead.get("/lang/en?next=/")
    xlsx = world.lead.get(f"/roles/{world.role_id}/shortlist.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == HEADINGS_EN
    assert [r[:3] for r in cells[1:]] == [
        [1, "Nguyễn Thị Hương", "Shortlisted"],
        [2, "Trần Văn Bình", "Shortlisted"],
        [3, "Lê Minh Châu", "Rejected"],
    ]
    assert cells[2][3] == "=1+2 kinh nghiệm triển khai"
    assert sheet["D3"].data_type == "s"
    assert cells[1][6] == "Vietnam"

    for role, status in ((Role.PROGRAMME_LEAD, 404), (Role.MINISTRY, 403)):
        other = page_client(base_url, account(store, role))
        for form in ("csv", "xlsx"):
            assert other.get(f"/roles/{world.role_id}/shortlist.{form}").status_code == status
        other.close()


def test_printing_the_matches_page_gives_candidates_and_reasons_without_controls(
    page: Page, world: World
) -> None:
    """Ten candidates shortlisted: the printed page holds them and the reasons, no button,
    form or navigation, on a few A4 pages."""
    for n in range(8):
        world.experts[f"Đỗ Văn Thứ {n}"] = expert(world.admin, full_name=f"Đỗ Văn Thứ {n}")
    for n, expert_id in enumerate(list(world.experts.values())[:10]):
        body = {"expert_id": expert_id, "reason": f"Lý do số {n}: kinh nghiệm dẫn dắt dự án"}
        shortlisted = world.lead_api.post(f"{API}/roles/{world.role_id}/shortlist", json=body)
        assert shortlisted.status_code == 200
    sign_in(page, world.owner)
    page.goto(f"/roles/{world.role_id}/matches?k=10")
    expect(page.locator("li.candidate")).to_have_count(10)
    page.emulate_media(media="print")
    visible = page.evaluate(
        """() => [...document.querySelectorAll('button, form, input, textarea, select, nav')]
            .filter(e => e.checkVisibility()).map(e => e.outerHTML.slice(0, 80))"""
    )
    assert visible == []
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator("footer.bottom")).to_be_hidden()
    shortlist = page.locator("section.shortlist")
    expect(shortlist.locator("tbody tr")).to_have_count(10)
    expect(shortlist).to_contain_text("Lý do số 9: kinh nghiệm dẫn dắt dự án")
    expect(page.locator("li.candidate h3").first).to_be_visible()
    expect(page.locator("li.candidate .summary").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "leads-matches-print.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 6, pages
    page.emulate_media(media="screen")
    expect(page.locator("header.top")).to_be_visible()


def test_the_score_table_speaks_in_words_and_the_page_says_how_each_kind_weighs_criteria(
    world: World,
) -> None:
    work(
        world.admin,
        world.experts["Nguyễn Thị Hương"],
        "Nền tảng AI và học máy cho kỹ sư trưởng",
        "Machine learning platform engineering for national AI",
    )
    page = world.lead.get(f"/roles/{world.role_id}/matches")
    assert page.status_code == 200
    text = _text(page.text)
    # No arithmetic, no bare similarity figure.
    assert " \u00d7 " not in text
    assert "độ tương đồng" not in text
    assert "Mức phù hợp chung:" in text
    assert "Ứng viên đạt thế nào ở từng tiêu chí Tiêu chí Mức độ Tỷ trọng" in text
    # A chief engineer's role: skills count for 35% of the score, works on the topic 25%.
    assert re.search(r"Kỹ năng (mạnh|khá|yếu|không có) \(\d+%\) chiếm 35% tổng điểm", text)
    assert re.search(r"Công trình đúng chủ đề (mạnh|khá|yếu|không có) \(\d+%\) chiếm 25%", text)
    assert re.search(r"· (rất gần với|khá gần với|ít liên quan đến) chủ đề", text)
    # The two kinds side by side, this role's marked; the presets' shares, written by hand.
    assert "Cách tính điểm cho kỹ sư trưởng và cho kiến trúc sư trưởng" in text
    assert "Tiêu chí Kỹ sư trưởng (vị trí này) Kiến trúc sư trưởng" in text
    assert "Kỹ năng 35% 30%" in text
    assert "Thâm niên 15% 25%" in text
    assert (
        "Với kỹ sư trưởng, một kỹ năng ở mức 3 được tính bằng 46% so với kỹ năng ở mức 5." in text
    )
    assert "Với kiến trúc sư trưởng, một kỹ năng ở mức 3 được tính bằng 74%" in text


def test_several_candidates_are_compared_or_decided_together_after_a_confirmation(
    world: World, base_url: str, store: Neo4jStore
) -> None:
    huong, binh = world.experts["Nguyễn Thị Hương"], world.experts["Trần Văn Bình"]
    role = f"/roles/{world.role_id}"
    page = world.lead.get(f"{role}/matches")
    assert 'form method="get" action="' + role + '/compare" id="pick"' in page.text
    assert 'form="pick" name="expert"' in page.text
    compared = world.lead.get(f"{role}/compare", params={"expert": [huong, binh]})
    assert compared.status_code == 200
    text = _text(compared.text)
    assert "So sánh ứng viên: Kỹ sư trưởng nền tảng AI" in text
    assert "Nguyễn Thị Hương" in text
    assert "Trần Văn Bình" in text
    assert "Thứ hạng" in text
    assert "Mức phù hợp chung" in text
    one = world.lead.get(f"{role}/compare", params={"expert": [huong]})
    assert one.status_code == 422
    assert "Hãy chọn hai hoặc ba ứng viên để so sánh." in _text(one.text)

    body = {"expert_id": huong, "reason": "Dẫn dắt nhóm AI"}
    assert world.lead_api.post(f"{API}{role}/shortlist", json=body).status_code == 200
    asked = world.lead.get(f"{role}/bulk", params={"decision": "rejected", "expert": [huong, binh]})
    assert asked.status_code == 200
    text = _text(asked.text)
    assert "Loại 2 ứng viên?" in text
    assert "Nguyễn Thị Hương Đã vào danh sách ngắn (sẽ ra khỏi danh sách ngắn)" in text
    assert "Trần Văn Bình chưa có" in text
    fields = {"decision": "rejected", "expert": [huong, binh], "reason": "Đã có người phù hợp hơn"}
    token = {"csrf_token": world.lead.cookies[CSRF_COOKIE]}
    unconfirmed = world.lead.post(f"{role}/bulk", data={**fields, **token})
    assert unconfirmed.status_code == 422
    assert "Hãy xác nhận bằng nút trên trang này." in _text(unconfirmed.text)
    # All or none: one id that is no candidate refuses the lot.
    mixed = {**fields, "expert": [huong, binh, "no-such-expert"], "confirmed": "yes"}
    refused = world.lead.post(f"{role}/bulk", data={**mixed, **token})
    assert refused.status_code == 422
    assert _decisions(world)[huong]["decision"] == "shortlisted"
    assert binh not in _decisions(world)
    done = world.lead.post(f"{role}/bulk", data={**fields, "confirmed": "yes", **token})
    assert done.status_code == 303
    decided = _decisions(world)
    assert (decided[huong]["decision"], decided[binh]["decision"]) == ("rejected", "rejected")
    assert decided[binh]["reason"] == "Đã có người phù hợp hơn"
    after = world.lead.get(done.headers["location"])
    assert "Đã loại 2 ứng viên; các lượt ghép nối sau sẽ bỏ qua họ." in _text(after.text)

    for who, status in ((Role.PROGRAMME_LEAD, 404), (Role.MINISTRY, 403)):
        other = page_client(base_url, account(store, who))
        assert other.get(f"{role}/compare", params={"expert": [huong, binh]}).status_code == status
        assert other.get(f"{role}/bulk", params={"expert": [huong]}).status_code == status
        other_token = {"csrf_token": other.cookies[CSRF_COOKIE]}
        posted = other.post(f"{role}/bulk", data={**fields, "confirmed": "yes", **other_token})
        assert posted.status_code == status
        other.close()


def test_the_candidate_list_pages_pass_the_browser_check(page: Page, world: World) -> None:
    huong, binh = world.experts["Nguyễn Thị Hương"], world.experts["Trần Văn Bình"]
    role = f"/roles/{world.role_id}"
    _decide_by_api(world)
    _finished_job(world)
    sign_in(page, world.owner)
    # check_page passes the path on as /lang's `next`: a second parameter is written %26.
    for path, name in [
        (f"{role}/matches", "leads-candidate-list"),
        (f"{role}/compare?expert={huong}%26expert={binh}", "leads-compare"),
        (f"{role}/bulk?decision=rejected%26expert={huong}%26expert={binh}", "leads-bulk-confirm"),
        (f"{role}/reject?expert_id={huong}", "leads-confirm-reject-shortlisted"),
        (f"{role}/runs", "leads-runs-list"),
    ]:
        check_page(page, path, name)


def test_a_private_note_is_kept_per_candidate_checked_against_the_one_read_and_the_leads_alone(
    world: World, base_url: str, store: Neo4jStore
) -> None:
    chau = world.experts["Lê Minh Châu"]
    role = f"/roles/{world.role_id}"
    page = world.lead.get(f"{role}/matches")
    assert "Ghi chú riêng của bạn" in page.text
    fields = {"expert_id": chau, "at": "0", "k": "10", "card": "2"}
    saved = send(world.lead, f"{role}/notes", **fields, text="Gọi lại sau Tết")
    assert saved.status_code == 303
    assert saved.headers["location"].endswith("done=note#c-2")
    notes = world.lead_api.get(f"{API}{role}/notes").json()
    assert [(n["expert_id"], n["text"]) for n in notes] == [(chau, "Gọi lại sau Tết")]
    shown = world.lead.get(saved.headers["location"])
    assert "Đã lưu ghi chú." in _text(shown.text)
    assert "Gọi lại sau Tết" in shown.text
    # A second tab, still on the page read before the first save: refused, its text kept.
    stale = send(world.lead, f"{role}/notes", **fields, text="Đã gọi, chờ trả lời")
    assert stale.status_code == 412
    assert "Ghi chú chưa được lưu" in _text(stale.text)
    assert "Đã gọi, chờ trả lời" in stale.text
    assert world.lead_api.get(f"{API}{role}/notes").json()[0]["text"] == "Gọi lại sau Tết"
    too_long = send(world.lead, f"{role}/notes", **fields, text="x" * 2001)
    assert too_long.status_code == 422
    assert "Ghi chú dài tối đa 2000 ký tự." in _text(too_long.text)
    at = notes[0]["at"]
    api = world.lead_api.put(
        f"{API}{role}/notes/{chau}", json={"text": ""}, headers={"If-Match": f'"{at}"'}
    )
    assert api.status_code == 200, api.text
    for who, status in ((Role.PROGRAMME_LEAD, 404), (Role.MINISTRY, 403)):
        other, other_api = page_client(base_url, account(store, who)), None
        assert (
            send(other, f"{role}/notes", **fields, text="không phải của tôi").status_code == status
        )
        other_api = api_client(base_url, account(store, who))
        assert other_api.get(f"{API}{role}/notes").status_code == status
        assert other_api.put(f"{API}{role}/notes/{chau}", json={"text": "x"}).status_code == status
        other.close()
        other_api.close()
