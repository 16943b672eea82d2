"""The audit log in words: who did what to whom with names read from ids, event kinds in the
page's language, details as text (never JSON or `\\u00f3` escapes); filters by date range,
acting account, target and kind; views of personal data hidden unless asked for; the filtered
log exported as CSV (with a byte-order mark) and XLSX, headings in the page's language. The
expected sentences are written out by hand."""

import io
import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from graph.neo4j_store import Neo4jStore
from talent.accounts import service as accounts
from talent.accounts.models import AccountCreate, AccountRead, Role
from talent.accounts.repository import AccountRepository
from talent.audit.log import Action, Actor, AuditLog, actor_of
from talent.experts.models import ExpertCreate, ExpertRead
from talent.experts.repository import ExpertRepository
from talent.experts.service import ExpertService
from talent.resources import service
from talent.reviews.merges import Merges
from tests.accounts import PASSWORD, SignIn
from tests.web.browser import account, check_page, sign_in

SEEDER = Actor(id="test-seed", role="admin")
VI = {"Accept-Language": "vi"}
EN = {"Accept-Language": "en"}
MERGED_VI = (
    "Nguyễn Văn An (quản trị viên) đã hợp nhất hồ sơ của Tran Thi Binh vào hồ sơ của Trần Thị Bình."
)
MERGED_EN = (
    "Nguyễn Văn An (administrator) merged the profile of Tran Thi Binh "
    "into the profile of Trần Thị Bình."
)
VIEWED_VI = "Lê Thị Cúc (quản trị viên) đã xem thông tin cá nhân của Trần Thị Bình."
VIEWED_EN = "Lê Thị Cúc (administrator) viewed the personal data of Trần Thị Bình."
CREATED_VI = "Nguyễn Văn An (quản trị viên) đã tạo tài khoản cho Phạm Văn Dũng."
CREATED_EN = "Nguyễn Văn An (administrator) created the account of Phạm Văn Dũng."


def _person(store: Neo4jStore, role: Role, name: str) -> AccountRead:
    email = f"{name.split()[-1].lower()}.{role.value}@example.org"
    item = AccountCreate(email=email, password=PASSWORD, role=role, name=name)
    return AccountRepository(store).create(item)


def _expert(store: Neo4jStore, name: str, email: str) -> ExpertRead:
    item = ExpertCreate.model_validate(
        {"full_name": name, "country": "VN", "nationality": "VN", "emails": [email]}
    )
    return service.create(repo=ExpertRepository(store), item=item, actor=SEEDER)


@pytest.fixture
def history(store: Neo4jStore) -> dict[str, str]:
    """An admin merges two profiles of one person and opens an account for a ministry
    officer; another admin reads the survivor's profile."""
    admin = _person(store, Role.ADMIN, "Nguyễn Văn An")
    officer = _person(store, Role.ADMIN, "Lê Thị Cúc")
    staff = AccountCreate(
        email="dung.pham@example.org", password=PASSWORD, role=Role.MINISTRY, name="Phạm Văn Dũng"
    )
    accounts.create(repo=AccountRepository(store), actor=actor_of(admin), item=staff)
    older = _expert(store, "Trần Thị Bình", "binh@example.org")
    newer = _expert(store, "Tran Thi Binh", "binh.tran@example.org")
    merge = Merges(store).merge(admin, older.id, newer.id)
    ExpertService(store).read(officer, older.id)
    return {
        "admin": admin.id,
        "officer": officer.id,
        "survivor": older.id,
        "merged": newer.id,
        "merge": merge.id,
    }


def _text(response: httpx.Response) -> str:
    """The text of the page's log (or of its main part when it has none), whitespace folded,
    as a reader sees it."""
    html = response.text.split("<main", 1)[-1].split(">", 1)[-1].split("</main>", 1)[0]
    body = re.sub(r"<[^>]+>", " ", html)
    return " ".join(body.replace("&#39;", "'").replace("&amp;", "&").split())


def test_the_log_says_who_merged_whom_in_the_pages_language(
    client: httpx.Client, history: dict[str, str]
) -> None:
    vi = client.get("/admin/audit", headers=VI)
    assert vi.status_code == 200
    assert MERGED_VI in _text(vi)
    assert "\\u00" not in vi.text
    assert "expert.merge" not in _text(vi)
    entries = vi.text.split('<ol class="adm-log"', 1)[1].split("</ol>", 1)[0]
    assert "{" not in entries
    assert "&#34;" not in entries
    assert CREATED_VI in _text(vi)
    assert "Vai trò: cán bộ Bộ" in _text(vi)
    assert "d***@example.org" in _text(vi)  # the trail keeps contacts masked
    en = client.get("/admin/audit", headers=EN)
    assert MERGED_EN in _text(en)
    assert CREATED_EN in _text(en)
    assert "Role: ministry staff" in _text(en)


def test_views_of_personal_data_are_hidden_until_asked_for(
    client: httpx.Client, history: dict[str, str]
) -> None:
    hidden = _text(client.get("/admin/audit", headers=VI))
    assert VIEWED_VI not in hidden
    assert MERGED_VI in hidden
    shown = _text(client.get("/admin/audit?views=1", headers=VI))
    assert VIEWED_VI in shown
    assert MERGED_VI in shown
    # Picking that kind shows them without the box.
    picked = _text(client.get("/admin/audit?action=pii.view", headers=EN))
    assert VIEWED_EN in picked
    assert MERGED_EN not in picked


def test_the_log_is_filtered_by_actor_target_kind_and_dates(
    client: httpx.Client, history: dict[str, str]
) -> None:
    by_officer = _text(client.get(f"/admin/audit?views=1&actor={history['officer']}", headers=EN))
    assert VIEWED_EN in by_officer
    assert MERGED_EN not in by_officer
    by_admin = _text(client.get(f"/admin/audit?views=1&actor={history['admin']}", headers=EN))
    assert MERGED_EN in by_admin
    assert VIEWED_EN not in by_admin
    on_survivor = client.get(f"/admin/audit?target={history['survivor']}", headers=EN)
    assert MERGED_EN in _text(on_survivor)
    assert "Showing what was done to: Trần Thị Bình" in _text(on_survivor)
    assert "created the profile of" in _text(on_survivor)
    merges_only = _text(client.get("/admin/audit?action=expert.merge", headers=EN))
    assert MERGED_EN in merges_only
    assert "created the profile of" not in merges_only

    today = datetime.now(UTC) + timedelta(hours=7)  # the day on Vietnamese clocks
    day = today.strftime("%Y-%m-%d")
    tomorrow = (today + timedelta(days=1)).strftime("%d/%m/%Y")
    yesterday = (today - timedelta(days=1)).strftime("%Y-%m-%d")
    assert MERGED_EN in _text(client.get(f"/admin/audit?since={day}&until={day}", headers=EN))
    later = _text(client.get(f"/admin/audit?since={tomorrow}", headers=EN))
    assert MERGED_EN not in later
    assert "No event matches." in later
    earlier = _text(client.get(f"/admin/audit?until={yesterday}", headers=EN))
    assert MERGED_EN not in earlier


def test_bad_filters_are_named_beside_their_fields(client: httpx.Client) -> None:
    response = client.get("/admin/audit?since=31/02/2026", headers=VI)
    assert response.status_code == 422
    assert "Hãy nhập một ngày, ví dụ 06/12/2026." in _text(response)
    backwards = client.get("/admin/audit?since=2026-12-06&until=2026-12-01", headers=EN)
    assert backwards.status_code == 422
    assert "The end date comes before the start date." in _text(backwards)
    kind = client.get("/admin/audit?action=no.such.kind", headers=EN)
    assert kind.status_code == 422
    assert "Choose one of the kinds of event." in _text(kind)


def test_the_filtered_log_exports_as_csv_with_a_bom_and_as_xlsx(
    client: httpx.Client, history: dict[str, str]
) -> None:
    csv = client.get("/admin/audit/export?form=csv", headers=VI)
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    assert csv.content.startswith(b"\xef\xbb\xbf")
    text = csv.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == (
        "Thời điểm (giờ Việt Nam),Người thực hiện,Loại sự kiện,Nội dung,Chi tiết,"
        "Mã đối tượng,Mã tài khoản"
    )
    assert MERGED_VI.rstrip(".") in text
    assert VIEWED_VI.rstrip(".") not in text  # views hidden, as on the page
    with_views = client.get("/admin/audit/export?form=csv&views=1", headers=VI)
    assert VIEWED_VI.rstrip(".") in with_views.content.decode("utf-8-sig")

    xlsx = client.get(f"/admin/audit/export?form=xlsx&actor={history['admin']}", headers=EN)
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("When (Vietnam time)", "Who acted", "Kind of event", "What happened")
    assert [r[3] for r in rows[1:]] == [MERGED_EN.rstrip("."), CREATED_EN.rstrip(".")]
    assert rows[1][1] == "Nguyễn Văn An (administrator)"
    assert rows[1][2] == "merged profiles"
    assert rows[2][4] == "E-mail: d***@example.org; Name: Phạm Văn Dũng; Role: ministry staff"


@pytest.mark.parametrize("role", [Role.MINISTRY, Role.PROGRAMME_LEAD, Role.EXPERT])
def test_only_whom_the_api_admits_read_the_log_or_export_it(
    as_role: SignIn, store: Neo4jStore, role: Role
) -> None:
    own = _expert(store, "Đỗ Văn Em", "em@example.org").id if role is Role.EXPERT else None
    caller = as_role(role, expert_id=own)
    api = caller.get("/api/v1/audit-events").status_code
    assert api == 403
    assert caller.get("/admin/audit").status_code == api
    assert caller.get("/admin/audit/export?form=csv").status_code == api


def test_the_api_filters_by_time_and_leaves_out_actions(
    client: httpx.Client, history: dict[str, str]
) -> None:
    every = client.get("/api/v1/audit-events", params={"limit": 100}).json()["items"]
    assert {"pii.view", "expert.merge"} <= {e["action"] for e in every}
    without = client.get(
        "/api/v1/audit-events", params={"limit": 100, "exclude_action": "pii.view"}
    ).json()["items"]
    assert "pii.view" not in {e["action"] for e in without}
    assert "expert.merge" in {e["action"] for e in without}
    merge_at = next(e["at"] for e in every if e["action"] == "expert.merge")
    after = client.get("/api/v1/audit-events", params={"since": merge_at + 1}).json()["items"]
    assert "expert.merge" not in {e["action"] for e in after}
    before = client.get(
        "/api/v1/audit-events", params={"until": merge_at + 1, "action": "expert.merge"}
    ).json()["items"]
    assert [e["action"] for e in before] == ["expert.merge"]
    assert client.get("/api/v1/audit-events", params={"since": -1}).status_code == 422


def test_the_audit_page_in_a_browser(
    page: Page, store: Neo4jStore, history: dict[str, str]
) -> None:
    sign_in(page, account(store, Role.ADMIN))
    check_page(page, "/admin/audit", "admin-audit-log")
    check_page(page, f"/admin/audit?views=1&target={history['survivor']}", "admin-audit-filtered")
    page.goto("/lang/vi?next=/admin/audit")
    expect(page.locator(".adm-log")).to_contain_text(MERGED_VI)
    page.get_by_label("Cũng hiện các lần xem thông tin cá nhân").check()
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator(".adm-log")).to_contain_text(VIEWED_VI)


def test_newer_kinds_of_event_read_as_sentences_too(
    client: httpx.Client, store: Neo4jStore
) -> None:
    admin = _person(store, Role.ADMIN, "Nguyễn Văn An")
    officer = _person(store, Role.MINISTRY, "Lê Thị Cúc")
    log = AuditLog(store)
    log.record(
        actor_of(officer), Action.KPI_TARGET, "setting", "kpi_target", {"from": 100, "to": 120}
    )
    log.record(
        actor_of(admin),
        Action.SKILL_PROPOSAL_DECIDE,
        "skill_proposal",
        "p1",
        {"decision": "accepted", "skill": "machine-learning", "group": "g"},
    )
    text = _text(client.get("/admin/audit", headers=VI))
    assert "Lê Thị Cúc (cán bộ Bộ) đã đổi chỉ tiêu thu hút từ 100 thành 120." in text
    assert "Nguyễn Văn An (quản trị viên) đã chấp thuận kỹ năng được đề xuất: Học máy." in text
    en = _text(client.get("/admin/audit", headers=EN))
    assert "Lê Thị Cúc (ministry staff) changed the attraction target from 100 to 120." in en
