"""Reading an uploaded expert list into a header and rows of text, within limits.

CSV: UTF-8 with or without a byte-order mark, UTF-16, else Windows-1258 (the Vietnamese
legacy code page, whose decomposed accents are composed again), read by the one upload
decoder (talent/core/encodings); the delimiter (`,` `;` or tab) is sniffed. Nothing is
evaluated: a cell starting with `=` is text.
XLSX: the zip is checked before openpyxl opens it (entries, total unpacked size, packing
ratio), then read in read-only mode with `data_only=True`, so a formula gives its stored value
and is never computed."""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import load_workbook

from talent.bulk.exceptions import TooLarge, Unreadable
from talent.core import encodings
from talent.core.tables import FORMULA_STARTS

# A zip holding more than this, or packed tighter, is refused before it is unpacked.
MAX_ZIP_ENTRIES = 1_000
MAX_UNZIPPED_BYTES = 200_000_000
MAX_RATIO = 100
# Entries smaller than this unpacked are not held to the ratio (tiny XML compresses well).
RATIO_FLOOR_BYTES = 1_000_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 5_000
DELIMITERS = ",;\t"


@dataclass(frozen=True, slots=True)
class Sheet:
    """The file's headers, and its non-empty rows with their numbers as a spreadsheet shows them."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str


def megabytes(n: int) -> str:
    return f"{n / 1_000_000:g}"


def check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise TooLarge(
            f"the file is larger than the limit of {max_bytes} bytes ({megabytes(max_bytes)} MB)",
            fields={"file": f"at most {max_bytes} bytes ({megabytes(max_bytes)} MB)"},
            limit=max_bytes,
            what="size",
        )


def read_sheet(data: bytes, filename: str, *, max_bytes: int, max_rows: int) -> Sheet:
    """The list in `data` (XLSX when it is a zip, else CSV); 413 beyond the limits, 422 when it
    cannot be read."""
    check_size(len(data), max_bytes)
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        return _xlsx(data, max_rows)
    return _csv(data, max_rows)


def _too_many_rows(max_rows: int) -> TooLarge:
    return TooLarge(
        f"the list has more than the limit of {max_rows} rows",
        fields={"file": f"at most {max_rows} rows"},
        limit=max_rows,
        what="rows",
    )


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in (talent/core/encodings, as reference files
    are). A list with bytes that cannot be read is refused, naming the line of the first: its
    rows would make names with U+FFFD in them."""
    found = encodings.decode(data)
    if found.unreadable:
        line = found.text.count("\n", 0, found.text.index(encodings.REPLACEMENT)) + 1
        detail = (
            f"{found.unreadable} character(s) cannot be read as {found.encoding.value}, "
            f"the first on line {line}"
        )
        raise Unreadable(f"the file is not valid text: {detail}", fields={"file": detail})
    return found.text, found.encoding.value


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        return max(DELIMITERS, key=first.count)


def _cell(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_CELL_CHARS:
        value = value[:MAX_CELL_CHARS]
    # What our own exports made inert ('=..., talent/core/tables), read back as the text it was.
    if value.startswith("'") and value[1:2] in FORMULA_STARTS:
        value = value[1:]
    return value


def _csv(data: bytes, max_rows: int) -> Sheet:
    text, encoding = decode(data)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise Unreadable("the file is empty", fields={"file": "no header row"})
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _collect(([_cell(c) for c in record] for record in reader), max_rows, encoding)
    except csv.Error as exc:
        raise Unreadable(f"the CSV cannot be read: {exc}", fields={"file": str(exc)}) from exc


def _collect(records: Iterator[list[str]], max_rows: int, encoding: str) -> Sheet:
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, record in enumerate(records, start=1):
        if headers is None:
            if not any(record):
                continue
            headers = record[:MAX_COLUMNS]
            continue
        if not any(record):
            continue
        if len(rows) >= max_rows:
            raise _too_many_rows(max_rows)
        rows.append((number, record[: len(headers)]))
    if headers is None:
        raise Unreadable("the file is empty", fields={"file": "no header row"})
    return Sheet(headers=headers, rows=rows, encoding=encoding)


def check_zip(data: bytes) -> None:
    """Refuse a zip that would unpack to too much (413 naming the limit), before opening it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Unreadable("the XLSX file is not a valid zip", fields={"file": str(exc)}) from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise TooLarge(
                f"the XLSX file holds more than {MAX_ZIP_ENTRIES} entries",
                fields={"file": f"at most {MAX_ZIP_ENTRIES} entries in the zip"},
                limit=MAX_ZIP_ENTRIES,
                what="zip",
            )
        total = sum(e.file_size for e in entries)
        if total > MAX_UNZIPPED_BYTES:
            raise TooLarge(
                f"the XLSX file unpacks to more than the limit of {MAX_UNZIPPED_BYTES} bytes "
                f"({megabytes(MAX_UNZIPPED_BYTES)} MB)",
                fields={"file": f"unpacked, at most {MAX_UNZIPPED_BYTES} bytes"},
                limit=MAX_UNZIPPED_BYTES,
                what="zip",
            )
        for entry in entries:
            packed = max(entry.compress_size, 1)
            if entry.file_size > RATIO_FLOOR_BYTES and entry.file_size / packed > MAX_RATIO:
                raise TooLarge(
                    f"the XLSX entry '{entry.filename}' is packed more than {MAX_RATIO} to 1",
                    fields={"file": f"a compression ratio of at most {MAX_RATIO} to 1"},
                    limit=MAX_RATIO,
                    what="zip",
                )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _xlsx(data: bytes, max_rows: int) -> Sheet:
    check_zip(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise Unreadable("the XLSX file cannot be read", fields={"file": str(exc)[:200]}) from exc
    try:
        sheet = book.worksheets[0]
        records = (
            [_cell(_text(v)) for v in row[:MAX_COLUMNS]]
            for row in sheet.iter_rows(values_only=True)
        )
        return _collect(records, max_rows, "xlsx")
    finally:
        book.close()
