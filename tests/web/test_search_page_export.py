"""The search's results exported with the page's query and filters: CSV with a byte-order
mark and XLSX, headed in the page's language, e-mails only where the expert shows them to
staff, at most `EXPORT_LIMIT` experts (said on the page); opened to whom the API opens
search."""

import csv
import io
import re
from datetime import UTC, datetime

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from api.web.routes.ministry import search, search_export
from graph.neo4j_store import Neo4jStore
from talent.accounts.models import Role
from talent.experts.models import ExpertCreate
from talent.experts.repository import ExpertRepository
from tests.accounts import SignIn
from tests.web.browser import account, check_page, sign_in

VI = {"cookie": "talent_lang=vi"}
EN = {"cookie": "talent_lang=en"}
HEADINGS_VI = [
    "STT",
    "Họ tên",
    "Giới thiệu ngắn",
    "Quốc gia cư trú",
    "Nơi sinh sống",
    "Mức xác minh",
    "Hình thức làm việc",
    "Kỹ năng nổi bật",
    "Thư điện tử",
    "Địa chỉ hồ sơ",
]


@pytest.fixture
def experts(store: Neo4jStore) -> dict[str, str]:
    """Three Nguyễns: one abroad who shows staff her e-mail, one at home who does not, one
    whose headline a spreadsheet would read as a formula."""
    repo = ExpertRepository(store)
    made = {}
    for key, fields in {
        "huong": {
            "full_name": "Nguyễn Thị Hường",
            "country": "JP",
            "headline": "Kỹ sư thiết kế vi mạch",
            "emails": ["huong@example.org"],
            "consent": {"match": True, "contact": True},
            "visibility": {"emails": "staff"},
            "engagement_modes": ["remote", "advisory"],
            "verification_grade": 2,
            "skills": [
                {"skill_id": "ic-design", "level": 5},
                {"skill_id": "machine-learning", "level": 3},
            ],
        },
        "lan": {
            "full_name": "Nguyễn Văn Lân",
            "country": "VN",
            "emails": ["lan@example.org"],
            "skills": [{"skill_id": "ic-design", "level": 2}],
        },
        "formula": {
            "full_name": "Nguyễn Công Thức",
            "country": "VN",
            "headline": '=HYPERLINK("http://x")',
        },
    }.items():
        made[key] = repo.insert(ExpertCreate.model_validate(fields), resource_id=f"e-{key}")
    return made


def _day() -> str:
    return f"{datetime.now(UTC):%Y-%m-%d}"


def test_the_results_as_csv_with_a_bom_and_vietnamese_headings(
    as_role: SignIn, experts: dict[str, str], base_url: str
) -> None:
    ministry = as_role(Role.MINISTRY)
    asked = {"q": "nguyen", "skills": "thiết kế vi mạch", "form": "csv"}
    answer = ministry.get("/search/export", params=asked, headers=VI)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="expert-search-{_day()}.csv"'
    )
    assert answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == HEADINGS_VI
    # The skill asked for narrows the results; the best level first.
    assert rows[1:] == [
        [
            "1",
            "Nguyễn Thị Hường",
            "Kỹ sư thiết kế vi mạch",
            "Nhật Bản",
            "Ở nước ngoài",
            "Được cơ quan xác nhận",
            "Làm việc từ xa, Tư vấn",
            "Thiết kế vi mạch: 5 · Đầu ngành; Học máy: 3 · Thành thạo",
            "huong@example.org",
            f"{base_url}/experts/e-huong",
        ],
        [
            "2",
            "Nguyễn Văn Lân",
            "",
            "Việt Nam",
            "Trong nước",
            "Tự khai",
            "",
            "Thiết kế vi mạch: 2 · Khá",
            "",  # withheld from staff: not exported
            f"{base_url}/experts/e-lan",
        ],
    ]


def test_the_results_as_xlsx_follow_the_filters_and_keep_formulas_as_text(
    as_role: SignIn, experts: dict[str, str]
) -> None:
    lead = as_role(Role.PROGRAMME_LEAD)
    asked = {"q": "nguyen", "residency": "domestic", "form": "xlsx"}
    answer = lead.get("/search/export", params=asked, headers=VI)
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].endswith(f'expert-search-{_day()}.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    sheet = book.active
    assert sheet is not None
    assert sheet.title == "Tìm chuyên gia"
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADINGS_VI
    assert sorted(str(row[1]) for row in values[1:]) == ["Nguyễn Công Thức", "Nguyễn Văn Lân"]
    formula = next(row for row in values[1:] if row[1] == "Nguyễn Công Thức")
    assert formula[2] == '=HYPERLINK("http://x")'
    assert sheet.cell(row=values.index(formula) + 1, column=3).data_type == "s"

    english = lead.get("/search/export", params={"q": "huong", "form": "csv"}, headers=EN)
    header = english.content.decode("utf-8-sig").splitlines()[0]
    assert header == (
        "No.,Name,Headline,Country of residence,Where they live,Verification grade,"
        "Ways of working,Top skills,E-mail,Profile address"
    )
    assert "Japan,Abroad,Confirmed by an institution" in english.text


def test_an_export_holds_at_most_the_limit_and_the_page_says_so(
    as_role: SignIn, experts: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ministry = as_role(Role.MINISTRY)
    page = ministry.get("/search", params={"q": "nguyen"}, headers=VI)
    assert "Tối đa 5.000 chuyên gia, theo thứ tự hiển thị." in page.text
    monkeypatch.setattr(search, "EXPORT_LIMIT", 2)
    monkeypatch.setattr(search_export, "EXPORT_LIMIT", 2)
    page = ministry.get("/search", params={"q": "nguyen"}, headers=VI)
    assert (
        "Chỉ xuất 2 chuyên gia đầu tiên trong số 3 chuyên gia tìm thấy; hãy thu hẹp tìm kiếm "
        "để xuất những người còn lại."
    ) in page.text
    exported = ministry.get("/search/export", params={"q": "nguyen", "form": "csv"})
    assert len(exported.content.decode("utf-8-sig").splitlines()) == 1 + 2


def test_the_export_is_opened_as_the_apis_search(as_role: SignIn, experts: dict[str, str]) -> None:
    asked = {"q": "nguyen", "form": "csv"}
    assert as_role(Role.ADMIN).get("/search/export", params=asked).status_code == 200
    owner = as_role(Role.EXPERT, expert_id=experts["lan"])
    assert owner.get("/search/export", params=asked).status_code == 403
    assert owner.get("/api/v1/experts/search", params={"q": "nguyen"}).status_code == 403
    ministry = as_role(Role.MINISTRY)
    # What the search form would refuse is refused, naming no file.
    for odd in ({"form": "pdf"}, {"residency": "nowhere"}, {"skills": "hok maay"}):
        refused = ministry.get("/search/export", params={"q": "nguyen", **odd})
        assert refused.status_code == 422, odd
        assert "content-disposition" not in refused.headers


def test_the_export_links_of_the_page_in_a_browser(
    page: Page, store: Neo4jStore, experts: dict[str, str]
) -> None:
    sign_in(page, account(store, Role.MINISTRY))
    page.goto("/lang/vi?next=/search?q=nguyen%26residency=domestic")
    link = page.get_by_role("link", name="Excel (XLSX)")
    expect(link).to_have_attribute("href", "/search/export?q=nguyen&residency=domestic&form=xlsx")
    with page.expect_download() as got:
        page.get_by_role("link", name="CSV", exact=True).click()
    assert re.fullmatch(r"expert-search-\d{4}-\d{2}-\d{2}\.csv", got.value.suggested_filename)
    check_page(page, "/search?q=nguyen", "ministry-search-export")
