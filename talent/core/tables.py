"""Tables people take away: CSV that Excel opens as UTF-8, and XLSX through openpyxl.

A cell that begins with one of `= + - @` (or a tab/carriage return) would be read by a
spreadsheet as a formula; names and titles come from users, so such text is written as text
(a leading apostrophe in CSV, an explicit string cell in XLSX), never as a formula."""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

type Cell = str | int | float | date | datetime | None

# Excel reads a CSV as the machine's code page unless it starts with this mark.
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A sheet name may hold at most 31 characters and none of these.
SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


@dataclass(frozen=True)
class Table:
    """A title (the sheet's name), the column headings in the reader's language, and rows."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]] = field(default_factory=list)


def _inert(value: str) -> str:
    if value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return _inert(value)
    return str(value)


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, comma-separated, one header line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_text(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([_text(cell) for cell in row])
    return (BOM + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    """One sheet, bold frozen header; text cells are always text, never formulas."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=(table.title.translate(SHEET_FORBIDDEN)[:31] or "Sheet"))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for heading in table.headers:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.data_type = "s"
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        cells = []
        for value in row:
            if isinstance(value, datetime):
                # Excel has no time zones; the table's times are UTC and say so in the header.
                value = value.replace(tzinfo=None)
            # openpyxl writes a `date` as a date cell; its stubs only name `datetime`.
            cell = WriteOnlyCell(sheet, value=cast(Any, value))
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
