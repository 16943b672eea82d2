"""Reading expert lists: encodings, delimiters, stored formula values, the zip checks."""

import io
import unicodedata
import zipfile

import pytest
from openpyxl import Workbook

from talent.bulk import reading
from talent.bulk.columns import Field, guess_mapping
from talent.bulk.exceptions import TooLarge, Unreadable
from talent.bulk.reading import read_sheet

NAMES = ["Nguyễn Thị Hương", "Trần Văn Bình", "Lê Hoàng Phương", "Đặng Thu Hà"]
TEXT = "Họ và tên;Quốc gia\n" + "".join(f"{n};Việt Nam\n" for n in NAMES)
# Windows-1258 keeps a letter's shape (â, ơ, ư, ă) precomposed and writes its tone apart.
_SHAPES = {"\u0302", "\u0306", "\u031b"}


def _cp1258(text: str) -> bytes:
    """Text as a Vietnamese Windows program writes it in code page 1258."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = parts[0] + "".join(m for m in parts[1:] if m in _SHAPES)
        tones = "".join(m for m in parts[1:] if m not in _SHAPES)
        out += unicodedata.normalize("NFC", base).encode("cp1258") + tones.encode("cp1258")
    return out


def _read(data: bytes, name: str = "list.csv") -> reading.Sheet:
    return read_sheet(data, name, max_bytes=10_000_000, max_rows=1000)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-be").join([b"\xfe\xff", b""]), "utf-16"),
        (_cp1258(TEXT), "cp1258"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "cp1258"],
)
def test_vietnamese_names_read_back_letter_for_letter(data: bytes, encoding: str) -> None:
    sheet = _read(data)
    assert sheet.encoding == encoding
    assert sheet.headers == ["Họ và tên", "Quốc gia"]
    names = [cells[0] for _, cells in sheet.rows]
    assert names == NAMES
    # Composed, as typed on a page: the same code points, not just the same look.
    assert all(unicodedata.is_normalized("NFC", n) for n in names)


def test_the_cp1258_bytes_really_are_decomposed_tones() -> None:
    # "Nguyễn": ê precomposed (0xEA), the tilde apart (0xDE).
    assert _cp1258("ễ") == b"\xea\xde"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_sniffed(delimiter: str) -> None:
    text = f"Full name{delimiter}Country{delimiter}Headline\nTrần Văn Bình{delimiter}VN{delimiter}x, y\n"
    if delimiter == ",":
        text = 'Full name,Country,Headline\nTrần Văn Bình,VN,"x, y"\n'
    sheet = _read(text.encode())
    assert sheet.headers == ["Full name", "Country", "Headline"]
    assert sheet.rows == [(2, ["Trần Văn Bình", "VN", "x, y"])]


def test_a_csv_cell_starting_with_equals_is_text_and_rows_keep_spreadsheet_numbers() -> None:
    data = b'Full name,Headline\n\nTr\xc3\xa2n,=HYPERLINK("http://x")\nB,\'=1+2\n'
    sheet = _read(data)
    # The blank line is row 2; our own exports' quote before a formula is taken off.
    assert sheet.rows == [(3, ["Trân", '=HYPERLINK("http://x")']), (4, ["B", "=1+2"])]


def _xlsx_with_formula() -> bytes:
    """A workbook whose B2 is a formula with a stored value, as Excel saves one."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Full name", "Headline", "Year"])
    sheet.append(["Lê Hoàng Phương", "placeholder", 2020.0])
    out = io.BytesIO()
    book.save(out)
    packed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(out.getvalue())) as source,
        zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index('<c r="B2"')
                end = text.index("</c>", start) + len("</c>")
                cell = '<c r="B2" t="str"><f>CONCATENATE("Học ","máy")</f><v>Học máy</v></c>'
                data = (text[:start] + cell + text[end:]).encode()
            target.writestr(entry, data)
    return packed.getvalue()


def test_an_xlsx_formula_gives_its_stored_value_never_computed() -> None:
    sheet = _read(_xlsx_with_formula(), "list.xlsx")
    assert sheet.encoding == "xlsx"
    assert sheet.rows == [(2, ["Lê Hoàng Phương", "Học máy", "2020"])]


def test_a_zip_unpacking_beyond_the_total_limit_is_refused_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading, "MAX_UNZIPPED_BYTES", 1_000_000)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/a.xml", b"x" * 600_000)
        archive.writestr("xl/b.xml", b"y" * 600_000)
    with pytest.raises(TooLarge) as refused:
        _read(packed.getvalue(), "big.xlsx")
    assert refused.value.limit == 1_000_000
    assert "1000000 bytes (1 MB)" in refused.value.detail


def test_a_zip_of_too_many_entries_is_refused() -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for n in range(reading.MAX_ZIP_ENTRIES + 1):
            archive.writestr(f"e{n}", b"")
    with pytest.raises(TooLarge) as refused:
        _read(packed.getvalue(), "many.xlsx")
    assert refused.value.limit == reading.MAX_ZIP_ENTRIES


def test_a_broken_xlsx_and_an_empty_file_are_422() -> None:
    with pytest.raises(Unreadable):
        _read(b"PK\x03\x04 not really a zip", "x.xlsx")
    with pytest.raises(Unreadable):
        _read(b"\n\n", "x.csv")


def test_limits_on_size_and_rows_name_their_values() -> None:
    with pytest.raises(TooLarge) as size:
        read_sheet(b"x" * 2001, "a.csv", max_bytes=2000, max_rows=10)
    assert size.value.fields == {"file": "at most 2000 bytes (0.002 MB)"}
    with pytest.raises(TooLarge) as rows:
        read_sheet(b"Name\n" + b"a\n" * 11, "a.csv", max_bytes=2000, max_rows=10)
    assert rows.value.fields == {"file": "at most 10 rows"}
    # Exactly at the limits passes.
    assert len(read_sheet(b"Name\n" + b"a\n" * 10, "a.csv", max_bytes=25, max_rows=10).rows) == 10


def test_headers_are_recognised_in_either_language_with_or_without_accents() -> None:
    headers = [
        "HO VA TEN",
        "e-mail",
        "Orcid iD",
        "Mã số",
        "nuoc cu tru",
        "Quốc tịch / Nationality",
        "Co quan",
        "Chức vụ",
        "Skills",
        "SĐT",
        "Headline",
        "Họ và tên",
    ]
    assert guess_mapping(headers) == [
        Field.FULL_NAME,
        Field.EMAILS,
        Field.ORCID,
        Field.EXTERNAL_ID,
        Field.COUNTRY,
        Field.NATIONALITY,
        Field.ORGANIZATION,
        Field.TITLE,
        Field.SKILLS,
        None,
        Field.HEADLINE,
        # A field goes to its first column only.
        None,
    ]


# The one upload decoder (talent/core/encodings), as reference files are read: what the list
# reader did not read before.


@pytest.mark.parametrize(
    "data",
    [TEXT.encode("utf-16-le"), TEXT.encode("utf-16-be")],
    ids=["utf-16-le-no-bom", "utf-16-be-no-bom"],
)
def test_a_utf16_list_without_its_mark_is_read(data: bytes) -> None:
    sheet = _read(data)
    assert sheet.encoding == "utf-16"
    assert [cells[0] for _, cells in sheet.rows] == NAMES


def test_a_utf8_list_in_decomposed_letters_is_composed() -> None:
    sheet = _read(unicodedata.normalize("NFD", TEXT).encode("utf-8"))
    assert sheet.encoding == "utf-8"
    assert [cells[0] for _, cells in sheet.rows] == NAMES


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        # A Latin-1 é pasted into a UTF-8 list: read as Windows-1258, every other
        # Vietnamese letter would be garbled; read as UTF-8, the name would keep a U+FFFD.
        (
            TEXT.encode("utf-8") + b"Caf\xe9;Ph\xc3\xa1p\n",
            "1 character(s) cannot be read as utf-8, the first on line 6",
        ),
        (
            b"\xef\xbb\xbf" + TEXT.encode("utf-8") + b"\xff;VN\n",
            "1 character(s) cannot be read as utf-8-sig, the first on line 6",
        ),
        (
            TEXT.encode("utf-16") + b"\x00\xd8",
            "1 character(s) cannot be read as utf-16, the first on line 6",
        ),
    ],
    ids=["utf-8-stray-byte", "utf-8-bom-stray-byte", "utf-16-half-character"],
)
def test_a_list_with_unreadable_bytes_is_refused_naming_the_line(data: bytes, detail: str) -> None:
    with pytest.raises(Unreadable) as refused:
        _read(data)
    assert refused.value.fields == {"file": detail}
