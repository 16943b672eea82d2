"""RIS files as reference managers export them, read into found works: every expectation
below is written out by hand from the fixture files in tests/sources/files/."""

from pathlib import Path

import pytest

from talent.resources.models import WorkKind
from talent.sources.models import (
    ExternalIds,
    FileProblem,
    FileProblemCode,
    FoundAuthor,
    FoundWork,
    SourceName,
)
from talent.sources.ris import parse_ris

FILES = Path(__file__).parent / "files"


def record(*lines: str, end: str = "ER  - \n") -> str:
    return "".join(f"{line}\n" for line in lines) + end


def only_work(data: bytes) -> FoundWork:
    parsed = parse_ris(data)
    assert parsed.problems == ()
    assert len(parsed.works) == 1
    return parsed.works[0]


def test_a_file_with_a_bom_both_end_forms_a_malformed_type_line_and_broken_records() -> None:
    parsed = parse_ris((FILES / "bom_both_er.ris").read_bytes())
    assert parsed.works == (
        FoundWork(
            source=SourceName.RIS,
            title="Mangrove carbon stocks in Ca Mau",
            year=2019,
            venue="Vietnam Journal of Science and Technology",
            abstract="Mangroves store carbon. This abstract goes on over a second line.",
            authors=(
                FoundAuthor(raw="Nguyen Thi Huong", given="Thi Huong", family="Nguyen"),
                # A Vietnamese family name stays in front, initials or not.
                FoundAuthor(raw="Tran V.B.", given="V.B.", family="Tran"),
            ),
            ids=ExternalIds(doi="10.15625/2525-2518/57/3/13570"),
        ),
        # "TY -  BOOK": the type line a Drexel export wrote, read all the same; a book's
        # venue is its publisher, not its series (T2).
        FoundWork(
            source=SourceName.RIS,
            title="Thuy van hoc song Mekong",
            year=2018,
            venue="NXB Đại học Quốc gia Hà Nội",
            authors=(FoundAuthor(raw="Lê Hoàng Phương", given="Hoàng Phương", family="Lê"),),
        ),
        FoundWork(
            source=SourceName.RIS,
            title="Thiết bị lọc nước nhiễm mặn",
            year=2020,
            kind=WorkKind.PATENT,
            authors=(FoundAuthor(raw="Đỗ Thu Trang", given="Thu Trang", family="Đỗ"),),
            url="https://example.org/patent/VN-1-0023456",
        ),
        FoundWork(
            source=SourceName.RIS,
            title="Annual report on Red River sediment",
            year=2022,
            venue="Institute of Geography",
            authors=(FoundAuthor(raw="Tran Van Binh", given="Van Binh", family="Tran"),),
        ),
    )
    assert parsed.problems == (
        FileProblem(
            code=FileProblemCode.NO_TITLE,
            line=27,
            entry="Nguyen, Van Anh",
            reason="The record has no title (T1, TI or ST).",
        ),
        FileProblem(
            code=FileProblemCode.BAD_YEAR,
            line=31,
            entry="Flood maps from Sentinel-1",
            reason='The year "forthcoming" is not a year.',
        ),
        FileProblem(
            code=FileProblemCode.OUTSIDE_RECORD,
            line=36,
            entry="this line is not RIS",
            reason="This line is outside any record (a record runs from TY  - to ER  -).",
        ),
    )


def test_a_utf16_file_with_windows_line_ends_is_read() -> None:
    work = only_work((FILES / "utf16.ris").read_bytes())
    assert work.title == "Độ mặn của đất"
    assert work.authors == (
        FoundAuthor(raw="Nguyễn Thị Hương", given="Thị Hương", family="Nguyễn"),
    )


def test_without_the_byte_order_mark_handled_the_first_record_would_be_lost() -> None:
    # rispy looks for a line starting with TY: with the mark in front, it finds none.
    data = "\ufeff" + record("TY  - JOUR", "TI  - Đất phèn", "PY  - 2017")
    assert only_work(data.encode("utf-8")).title == "Đất phèn"


@pytest.mark.parametrize(
    ("line", "year"),
    [
        ("PY  - 2018/4/25", 2018),
        ("PY  - 2018///", 2018),
        ("Y1  - 2018/04/25/Spring", 2018),
        ("DA  - 2018-04-25", 2018),
    ],
)
def test_the_year_comes_from_py_y1_or_da(line: str, year: int) -> None:
    assert only_work(record("TY  - JOUR", "TI  - T", line).encode()).year == year


@pytest.mark.parametrize(
    ("name", "author"),
    [
        ("Toparlar,Y.", FoundAuthor(raw="Y. Toparlar", given="Y.", family="Toparlar")),
        (
            "Nguyen, Thi Huong",
            FoundAuthor(raw="Nguyen Thi Huong", given="Thi Huong", family="Nguyen"),
        ),
        (
            "Hardtke, Christian S",
            FoundAuthor(raw="Christian S Hardtke", given="Christian S", family="Hardtke"),
        ),
        ("Smith, John, Jr.", FoundAuthor(raw="John Smith Jr.", given="John", family="Smith")),
        ("Trần Văn Bình", FoundAuthor(raw="Trần Văn Bình", given="Văn Bình", family="Trần")),
        ("Jason Priem", FoundAuthor(raw="Jason Priem", given="Jason", family="Priem")),
        ("UNESCO", FoundAuthor(raw="UNESCO", family="UNESCO")),
    ],
)
def test_author_names_in_each_form_programs_write(name: str, author: FoundAuthor) -> None:
    work = only_work(record("TY  - JOUR", "TI  - T", f"AU  - {name}").encode())
    assert work.authors == (author,)


def test_a1_and_au_both_name_authors_once_each() -> None:
    data = record("TY  - JOUR", "TI  - T", "A1  - Lê, Hoa", "AU  - Lê, Hoa", "AU  - Đỗ, Nam")
    assert [a.raw for a in only_work(data.encode()).authors] == ["Lê Hoa", "Đỗ Nam"]


@pytest.mark.parametrize(
    ("type_line", "kind"),
    [
        ("TY  - JOUR", WorkKind.PUBLICATION),
        ("TY  - THES", WorkKind.PUBLICATION),
        ("TY  - CONF", WorkKind.PUBLICATION),
        ("TY  - RPRT", WorkKind.PUBLICATION),
        ("TY  - PAT", WorkKind.PATENT),
        ("TY  - Patent", WorkKind.PATENT),
        ("TY  - COMP", WorkKind.SYSTEM),
        ("TY  - STAND", WorkKind.STANDARD),
        ("TY  - GRANT", WorkKind.PROJECT),
        ("TY  - Journal Article", WorkKind.PUBLICATION),
    ],
)
def test_record_types_map_to_work_kinds(type_line: str, kind: WorkKind) -> None:
    assert only_work(record(type_line, "TI  - T").encode()).kind == kind


@pytest.mark.parametrize(
    ("lines", "venue"),
    [
        (("TY  - JOUR", "JO  - J One", "T2  - J Two"), "J One"),
        (("TY  - JOUR", "JF  - J Full"), "J Full"),
        (("TY  - CONF", "T2  - Proc KSE"), "Proc KSE"),
        (("TY  - THES", "T2  - a subtitle", "PB  - Đại học Bách khoa"), "Đại học Bách khoa"),
    ],
)
def test_the_venue_is_where_the_record_type_appears(lines: tuple[str, ...], venue: str) -> None:
    assert only_work(record(*lines, "TI  - T").encode()).venue == venue


def test_the_doi_comes_from_do_or_else_a_doi_url() -> None:
    with_do = record("TY  - JOUR", "TI  - T", "DO  - 10.17918/ERNK-6431")
    with_url = record("TY  - JOUR", "TI  - T", "UR  - https://doi.org/10.17918/ERNK-6431")
    assert only_work(with_do.encode()).ids.doi == "10.17918/ernk-6431"
    assert only_work(with_url.encode()).ids.doi == "10.17918/ernk-6431"


def test_a_record_whose_end_is_missing_still_ends_at_the_next_record_or_the_file_end() -> None:
    data = "TY  - JOUR\nTI  - One\nTY  - JOUR\nTI  - Two\nER  -"
    assert [w.title for w in parse_ris(data.encode()).works] == ["One", "Two"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "The file holds no RIS records (a record starts with a line TY  - \u2026)."),
        (
            b"\xef\xbb\xbf\n\n",
            "The file holds no RIS records (a record starts with a line TY  - \u2026).",
        ),
    ],
)
def test_an_empty_file_says_so(data: bytes, reason: str) -> None:
    problem = FileProblem(code=FileProblemCode.NO_ENTRIES, reason=reason)
    assert parse_ris(data).problems == (problem,)


def test_a_file_that_is_not_ris_names_its_first_line() -> None:
    parsed = parse_ris(b"@article{x, title={BibTeX, not RIS}}\n")
    assert parsed.problems == (
        FileProblem(
            code=FileProblemCode.OUTSIDE_RECORD,
            line=1,
            entry="@article{x, title={BibTeX, not RIS}}",
            reason="This line is outside any record (a record runs from TY  - to ER  -).",
        ),
        FileProblem(
            code=FileProblemCode.NO_ENTRIES,
            reason="The file holds no RIS records (a record starts with a line TY  - \u2026).",
        ),
    )


def test_a_file_over_the_record_limit_is_one_problem_naming_the_limit() -> None:
    data = "".join(record("TY  - JOUR", f"TI  - T{i}") for i in range(3)).encode()
    assert len(parse_ris(data, max_entries=3).works) == 3
    assert parse_ris(data, max_entries=2).problems == (
        FileProblem(
            code=FileProblemCode.TOO_MANY_ENTRIES,
            reason="The file holds 3 records; at most 2 are read at once.",
        ),
    )
