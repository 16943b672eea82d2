"""The pipeline, target and capability pages over HTTP, as a browser sends their forms: moves
forward, back and aside answered by a redirect that says what was done, owner and next action,
filters, the last changed first, the target from the version read, exports with a byte-order
mark and headings in the page's language; and who may open or send each."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.experts.models import ExpertCreate
from talent.experts.repository import ExpertRepository
from tests.accounts import SignIn
from tests.factories import expert_body

API = "/api/v1"
TOKEN = "a-page-form-token-for-these-tests-0123456789"
VI = {"Accept-Language": "vi"}
AI = "qd21-2026:g01"
BOM = b"\xef\xbb\xbf"


def _today() -> date:
    return datetime.now(UTC).date()


def _page_client(client: httpx.Client) -> httpx.Client:
    """`client` sending page forms as a browser would: the CSRF cookie echoed in the form."""
    client.cookies.set("talent_csrf", TOKEN)
    client.headers.update(VI)
    return client


def _expert(
    client: httpx.Client, name: str, level: int = 4, skill: str = "machine-learning"
) -> str:
    body = expert_body(full_name=name, skills=[{"skill_id": skill, "level": level}], orcid=None)
    response = client.post(f"{API}/experts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _enter(client: httpx.Client, expert_id: str, *stages: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for stage in stages:
        response = client.post(f"{API}/pipeline/{expert_id}/transitions", json={"to": stage})
        assert response.status_code == 200, response.text
        found = response.json()
    return found


def _version(client: httpx.Client, expert_id: str) -> str:
    return str(client.get(f"{API}/pipeline/{expert_id}").json()["entry"]["updated_at"])


def _move(
    page: httpx.Client, expert_id: str, to: str, version: str, **extra: str
) -> httpx.Response:
    data = {"csrf_token": TOKEN, "to": to, "at": _today().isoformat(), "version": version}
    return page.post(f"/pipeline/{expert_id}/move", data={**data, **extra})


def test_moves_forward_back_and_aside_say_what_was_done_after_the_redirect(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert = _expert(client, "Đinh Thị Mai")
    _enter(client, expert, "identified")
    page = _page_client(as_role(Role.MINISTRY))
    moved = _move(
        page,
        expert,
        "contacted",
        _version(client, expert),
        note="Gọi lần đầu",
        f_stage="identified",
    )
    assert moved.status_code == 303
    where = moved.headers["location"]
    assert where.startswith("/pipeline?stage=identified&done=moved&who=")
    assert where.endswith(f"&to=contacted#card-{expert}")
    shown = page.get(where.split("#")[0])
    assert shown.status_code == 200
    assert "Đã chuyển Đinh Thị Mai sang giai đoạn: Đã liên hệ." in shown.text
    assert 'role="status"' in shown.text
    # One step back, then aside; each answered the same way.
    assert _move(page, expert, "identified", _version(client, expert)).status_code == 303
    declined = _move(
        page, expert, "declined", _version(client, expert), note="Đã nhận lời nơi khác"
    )
    assert declined.status_code == 303
    after = page.get(declined.headers["location"].split("#")[0]).text
    assert "Đã chuyển Đinh Thị Mai sang giai đoạn: Đã từ chối." in after
    history = client.get(f"{API}/pipeline/{expert}").json()["history"]
    assert [(c["from_stage"], c["to"]) for c in history] == [
        (None, "identified"),
        ("identified", "contacted"),
        ("contacted", "identified"),
        ("identified", "declined"),
    ]
    assert history[3]["note"] == "Đã nhận lời nơi khác"
    # The declined expert's card offers only the way back to where they left.
    declined_column = page.get("/pipeline?stage=declined").text
    offered = declined_column.split('name="to"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'value="(\w+)"', offered) == ["identified"]


def test_a_move_sent_twice_or_from_a_stale_card_is_refused_beside_the_stage(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert = _expert(client, "Đinh Văn Toàn")
    _enter(client, expert, "identified")
    page = _page_client(as_role(Role.MINISTRY))
    seen = _version(client, expert)
    assert _move(page, expert, "contacted", seen).status_code == 303
    again = _move(page, expert, "contacted", seen, note="lần hai")
    assert again.status_code == 409
    assert "Chưa lưu được: xem thẻ được đánh dấu bên dưới." in again.text
    assert "lần hai" in again.text  # the note as typed
    stale = _move(page, expert, "identified", seen)
    assert stale.status_code == 409
    assert "người khác đã thay đổi mục này" in stale.text
    assert client.get(f"{API}/pipeline/{expert}").json()["entry"]["stage"] == "contacted"
    future = (_today() + timedelta(days=3)).isoformat()
    late = _move(page, expert, "interested", _version(client, expert), at=future)
    assert late.status_code == 422
    assert "Ngày không thể ở tương lai." in late.text or "tương lai" in late.text


def test_owner_and_next_action_are_set_on_the_card_and_filter_the_board(
    client: httpx.Client, as_role: SignIn, store: Neo4jStore
) -> None:
    late = _expert(client, "Đinh Quang Muộn")
    soon = _expert(client, "Đinh Quang Sớm")
    other = _expert(client, "Đinh Quang Khác", skill="ic-design", level=2)
    for expert in (late, soon, other):
        _enter(client, expert, "identified")
    ministry = as_role(Role.MINISTRY)
    officer = ministry.get(f"{API}/auth/me").json()
    page = _page_client(ministry)

    def follow(expert: str, **fields: str) -> httpx.Response:
        data = {"csrf_token": TOKEN, "version": _version(client, expert), **fields}
        return page.post(f"/pipeline/{expert}/follow-up", data=data)

    yesterday = (_today() - timedelta(days=1)).isoformat()
    in_three = (_today() + timedelta(days=3)).isoformat()
    done = follow(late, owner_id=officer["id"], next_action_on=yesterday, next_action="Gửi thư mời")
    assert done.status_code == 303
    assert "done=followed" in done.headers["location"]
    notice = page.get(done.headers["location"].split("#")[0]).text
    assert "Đã lưu người phụ trách và việc tiếp theo của Đinh Quang Muộn." in notice
    assert follow(soon, next_action_on=in_three, next_action="Hẹn gặp").status_code == 303
    entry = client.get(f"{API}/pipeline/{late}").json()["entry"]
    assert (entry["owner_id"], entry["next_action_on"]) == (officer["id"], yesterday)

    board = page.get("/pipeline").text
    assert f"Người phụ trách: {officer['name']}" in board
    assert "Quá hạn" in board
    assert "Gửi thư mời" in board
    overdue = page.get("/pipeline?due=overdue").text
    assert "Đinh Quang Muộn" in overdue
    assert "Đinh Quang Sớm" not in overdue
    due = page.get("/pipeline?due=due").text
    assert "Đinh Quang Muộn" in due
    assert "Đinh Quang Sớm" in due
    assert "Đinh Quang Khác" not in due
    mine = page.get("/pipeline", params={"owner": officer["id"]}).text
    assert "Đinh Quang Muộn" in mine
    assert "Đinh Quang Sớm" not in mine
    in_ai = page.get("/pipeline", params={"group": AI}).text
    assert "Đinh Quang Muộn" in in_ai
    assert "Đinh Quang Khác" not in in_ai
    leading = page.get("/pipeline?leading=1").text
    assert "Đinh Quang Sớm" in leading
    assert "Đinh Quang Khác" not in leading

    nobody = follow(soon, owner_id="no-such-account")
    assert nobody.status_code == 422
    assert 'id="owner-e-' in nobody.text
    wordy = follow(soon, next_action="x" * 301)
    assert wordy.status_code == 422
    assert "Viết tối đa 300 ký tự." in wordy.text
    stale = page.post(
        f"/pipeline/{soon}/follow-up",
        data={"csrf_token": TOKEN, "version": "1", "next_action": "y"},
    )
    assert stale.status_code == 409
    assert client.get(f"{API}/pipeline/{soon}").json()["entry"]["next_action"] == "Hẹn gặp"
    for odd in ("stage=gone", "due=someday", f"group={AI}x", "leading=2"):
        refused = page.get(f"/pipeline?{odd}")
        assert refused.status_code == 422, odd
        assert "Vui lòng sửa các bộ lọc được đánh dấu bên dưới." in refused.text


def test_the_board_shows_the_last_changed_first(client: httpx.Client, as_role: SignIn) -> None:
    names = ["Đinh Văn Một", "Đinh Văn Hai", "Đinh Văn Ba"]
    experts = [_expert(client, name) for name in names]
    for expert in experts:
        _enter(client, expert, "identified")
    page = _page_client(as_role(Role.MINISTRY))
    column = page.get("/pipeline?stage=identified").text
    assert [column.index(n) for n in reversed(names)] == sorted(column.index(n) for n in names)
    # The first one changes again: it comes first.
    data = {"csrf_token": TOKEN, "version": _version(client, experts[0]), "next_action": "Gọi lại"}
    assert page.post(f"/pipeline/{experts[0]}/follow-up", data=data).status_code == 303
    column = page.get("/pipeline?stage=identified").text
    assert column.index("Đinh Văn Một") < column.index("Đinh Văn Ba") < column.index("Đinh Văn Hai")


def _csv(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(BOM)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(response: httpx.Response) -> list[tuple[Any, ...]]:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def test_the_pipeline_exports_as_csv_with_a_bom_and_xlsx_headed_in_the_pages_language(
    client: httpx.Client, as_role: SignIn
) -> None:
    expert = _expert(client, "Đinh Thị Xuất")
    _enter(client, expert, "identified", "contacted")
    lead = _page_client(as_role(Role.PROGRAMME_LEAD))  # leads read it, as the API's list
    rows = _csv(lead.get("/pipeline/export?form=csv"))
    assert rows[0] == [
        "Chuyên gia",
        "Giai đoạn",
        "Ở giai đoạn này từ",
        "Người phụ trách",
        "Ngày thực hiện việc tiếp theo",
        "Việc tiếp theo",
        "Thay đổi gần nhất (giờ Việt Nam)",
        "Mã chuyên gia",
    ]
    assert rows[1][:3] == ["Đinh Thị Xuất", "Đã liên hệ", _today().isoformat()]
    assert rows[1][-1] == expert
    assert _csv(lead.get("/pipeline/export?form=csv&stage=engaged")) == [rows[0]]
    sheet = _xlsx(lead.get("/pipeline/export?form=xlsx"))
    assert sheet[0][:2] == ("Chuyên gia", "Giai đoạn")
    assert sheet[1][:2] == ("Đinh Thị Xuất", "Đã liên hệ")
    english = lead.get("/pipeline/export?form=csv", headers={"Accept-Language": "en"})
    assert _csv(english)[0][:3] == ["Expert", "Stage", "At this stage since"]
    assert lead.get("/pipeline/export?form=pdf").status_code == 422


def test_the_kpi_and_capability_map_export_their_figures_with_vietnamese_headings(
    client: httpx.Client, as_role: SignIn
) -> None:
    _expert(client, "Đinh Văn Năng", level=5)
    ministry = _page_client(as_role(Role.MINISTRY))
    kpi = _csv(ministry.get("/kpi/export?form=csv"))
    assert kpi[0] == ["Chỉ số", "Chuyên gia đầu ngành", "Tất cả chuyên gia"]
    assert kpi[1] == ["Chỉ tiêu thu hút", "100", ""]
    assert ["Giai đoạn: Đã từ chối", "0", "0"] in kpi
    assert _xlsx(ministry.get("/kpi/export?form=xlsx"))[1][:2] == ("Chỉ tiêu thu hút", 100)
    for path in ("/insights/capability/export?form=csv", "/insights/capability.csv"):
        capability = _csv(ministry.get(path))
        assert capability[0][:9] == [
            "STT",
            "Nhóm công nghệ",
            "Chuyên gia trong nước",
            "Chuyên gia ở nước ngoài",
            "Đầu ngành trong nước",
            "Đầu ngành ở nước ngoài",
            "Vị trí còn trống",
            "Số chuyên gia cần",
            "Thiếu hụt",
        ]
        assert capability[0][9] == "Trong nước, trình độ 1"
        ai = next(row for row in capability if row[-1] == AI)
        assert ai[1].startswith("Công nghệ số")
        assert (ai[2], ai[4]) == ("1", "1")
    sheet = _xlsx(ministry.get("/insights/capability/export?form=xlsx"))
    assert sheet[0][1] == "Nhóm công nghệ"
    assert len(sheet) == 11


def test_the_target_is_changed_on_its_page_from_the_version_shown(
    client: httpx.Client, as_role: SignIn
) -> None:
    page = _page_client(as_role(Role.MINISTRY))
    shown = page.get("/kpi")
    assert 'action="/kpi/target"' in shown.text
    assert 'name="version" value="0"' in shown.text

    def send(target: str, version: str) -> httpx.Response:
        data = {"csrf_token": TOKEN, "target": target, "version": version}
        return page.post("/kpi/target", data=data)

    for wrong in ("0", "100001", "mười", ""):
        refused = send(wrong, "0")
        assert refused.status_code == 422, wrong
        assert "Hãy nhập một số nguyên từ 1 đến 100.000." in refused.text
    saved = send("150", "0")
    assert saved.status_code == 303
    assert saved.headers["location"] == "/kpi?done=target"
    after = page.get("/kpi").text
    assert 'class="kpi-figure"' in after
    assert "/ 150</p>" in after
    assert "Chỉ tiêu thu hút hiện là 150 chuyên gia đầu ngành." in page.get("/kpi?done=target").text
    stale = send("120", "0")
    assert stale.status_code == 409
    assert "người khác đã đổi chỉ tiêu thu hút thành 150" in stale.text
    assert 'name="version" value="1"' in stale.text  # saving again applies it
    assert client.get(f"{API}/pipeline/kpi/target").json()["target"] == 150
    events = client.get(f"{API}/audit-events", params={"target": "kpi_target"}).json()["items"]
    assert [(e["action"], e["details"]["to"]) for e in events] == [("kpi.target", 150)]


def test_the_kpi_and_capability_figures_link_to_the_experts_behind_them(
    client: httpx.Client, as_role: SignIn
) -> None:
    _expert(client, "Đinh Văn Liên", level=5)
    page = _page_client(as_role(Role.MINISTRY))
    kpi = page.get("/kpi").text
    assert 'href="/pipeline?stage=engaged&amp;leading=1"' in kpi
    assert 'href="/pipeline?stage=declined&amp;leading=1"' in kpi
    assert f'href="/pipeline?stage=engaged&amp;leading=1&amp;group={AI.replace(":", "%3A")}"' in kpi
    capability = page.get("/insights/capability").text
    group = AI.replace(":", "%3A")
    assert f'href="/search?group={group}&amp;residency=domestic&amp;min_level=4"' in capability
    # The link finds who the figure counts.
    found = page.get(f"/search?group={AI}&residency=domestic&min_level=4")
    assert "Đinh Văn Liên" in found.text


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/pipeline/{id}/move"),
        ("POST", "/pipeline/{id}/follow-up"),
        ("POST", "/kpi/target"),
    ],
)
def test_a_lead_reads_but_changes_nothing_and_an_expert_is_refused_as_by_the_api(
    client: httpx.Client, as_role: SignIn, method: str, path: str
) -> None:
    expert = _expert(client, "Đinh Văn Khách")
    _enter(client, expert, "identified")
    lead = _page_client(as_role(Role.PROGRAMME_LEAD))
    board = lead.get("/pipeline")
    assert board.status_code == 200
    assert "Đinh Văn Khách" in board.text
    assert "/follow-up" not in board.text
    assert "/move" not in board.text
    assert 'action="/kpi/target"' not in lead.get("/kpi").text
    data = {
        "csrf_token": TOKEN,
        "to": "contacted",
        "version": _version(client, expert),
        "target": "5",
    }
    assert lead.post(path.format(id=expert), data=data).status_code == 403
    # An expert is refused each, as the API refuses them its operations (403, not a 404:
    # the refusal is by role, not by whose the thing is).
    someone = _page_client(as_role(Role.EXPERT, expert_id=expert))
    assert someone.get(f"{API}/pipeline").status_code == 403
    for page in (
        "/pipeline",
        "/pipeline/export?form=csv",
        "/kpi",
        "/kpi/export",
        "/insights/capability/export",
    ):
        assert someone.get(page).status_code == 403, page
    assert someone.post(path.format(id=expert), data=data).status_code == 403
    assert client.get(f"{API}/pipeline/{expert}").json()["entry"]["stage"] == "identified"
    assert client.get(f"{API}/pipeline/kpi/target").json()["version"] == 0


def test_an_expert_added_after_the_index_was_built_is_named_on_the_board(
    client: httpx.Client, as_role: SignIn, store: Neo4jStore
) -> None:
    # An id that sorts after every generated one, seen by the index first: experts added later
    # are appended after it, out of id order.
    ExpertRepository(store).insert(
        ExpertCreate(full_name="Zương Văn Đầu", country="VN"), resource_id="zzzz-board-first"
    )
    page = _page_client(as_role(Role.MINISTRY))
    assert page.get("/search", params={"q": "zuong van dau"}).status_code == 200
    later = _expert(client, "Lạc Thị Sau")
    _enter(client, later, "identified")
    column = page.get("/pipeline?stage=identified").text
    assert f'<a href="/experts/{later}">Lạc Thị Sau</a>' in column
