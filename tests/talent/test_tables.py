"""Exports open in a spreadsheet as written: Vietnamese intact, text never run as a formula."""

import io
from datetime import date

from openpyxl import load_workbook

from talent.core.tables import Table, to_csv, to_xlsx

TABLE = Table(
    title="Danh sách: rút gọn/1",
    headers=["Họ và tên", "Điểm", "Ngày"],
    rows=[
        ["Nguyễn Thị Hương", 0.82, date(2026, 12, 6)],
        ['=HYPERLINK("http://x","y")', -3, None],
        ["+84 912", "-0.5", "@me"],
    ],
)


def test_csv_starts_with_a_byte_order_mark_and_keeps_vietnamese() -> None:
    body = to_csv(TABLE)
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0] == "Họ và tên,Điểm,Ngày"
    assert text.splitlines()[1] == "Nguyễn Thị Hương,0.82,2026-12-06"


def test_csv_writes_formula_like_text_as_text() -> None:
    lines = to_csv(TABLE).decode("utf-8-sig").splitlines()
    assert lines[2] == '"\'=HYPERLINK(""http://x"",""y"")",-3,'
    # A negative number stays a number; text that only looks like a sign does not.
    assert lines[3] == "'+84 912,-0.5,'@me"


def test_xlsx_keeps_text_as_text_and_numbers_as_numbers() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(TABLE)))
    sheet = book.active
    assert sheet is not None
    assert sheet.title == "Danh sách  rút gọn 1"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Họ và tên", "Điểm", "Ngày")
    assert rows[1][0] == "Nguyễn Thị Hương"
    assert rows[1][1] == 0.82
    formula = sheet.cell(row=3, column=1)
    assert formula.data_type == "s"
    assert formula.value == '=HYPERLINK("http://x","y")'
    assert sheet.freeze_panes == "A2"
