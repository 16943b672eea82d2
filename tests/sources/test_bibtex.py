"""BibTeX files as people export them, read into found works: every expectation below is
written out by hand from the fixture files in tests/sources/files/."""

import time
from pathlib import Path

import pytest

from talent.resources.models import WorkKind
from talent.sources.bibtex import parse_bibtex
from talent.sources.models import (
    ExternalIds,
    FileProblem,
    FileProblemCode,
    FoundAuthor,
    FoundWork,
    SourceName,
)

FILES = Path(__file__).parent / "files"


def entry(fields: str, kind: str = "article", key: str = "k") -> bytes:
    return f"@{kind}{{{key},\n{fields}\n}}\n".encode()


def only_work(data: bytes) -> FoundWork:
    parsed = parse_bibtex(data)
    assert parsed.problems == ()
    assert len(parsed.works) == 1
    return parsed.works[0]


def test_a_vietnamese_export_with_latex_escapes_macros_and_a_crossref() -> None:
    parsed = parse_bibtex((FILES / "vietnamese.bib").read_bytes())
    assert parsed.problems == ()
    assert parsed.works == (
        FoundWork(
            source=SourceName.BIBTEX,
            title="Học sâu cho nhận dạng tiếng Việt",
            year=2021,
            venue="VNU Journal of Science: Computer Science and Communication Engineering",
            abstract="We study Vietnamese speech — with deep models.",
            authors=(
                FoundAuthor(raw="Nguyễn Thị Hương", given="Hương", family="Nguyễn Thị"),
                FoundAuthor(raw="Trần Văn Bình", given="Văn Bình", family="Trần"),
                FoundAuthor(raw="Lê Hoàng Phương", given="Hoàng Phương", family="Lê"),
            ),
            ids=ExternalIds(doi="10.25073/2588-1086/vnucsce.291"),
        ),
        # Its book title and year come from its crossref parent, the proceedings, which is
        # where it appeared and not a work of its own.
        FoundWork(
            source=SourceName.BIBTEX,
            title="Graph methods for Red River flood forecasting",
            year=2019,
            venue="Proceedings of the 11th International Conference on Knowledge and "
            "Systems Engineering (KSE)",
            authors=(
                FoundAuthor(raw="Trần Văn Bình", given="Văn Bình", family="Trần"),
                FoundAuthor(raw="Phạm Minh Tuấn", given="Minh Tuấn", family="Phạm"),
            ),
        ),
        FoundWork(
            source=SourceName.BIBTEX,
            title="Thiết bị lọc nước nhiễm mặn",
            year=2020,
            kind=WorkKind.PATENT,
            authors=(
                FoundAuthor(
                    raw="Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
                    family="Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
                ),
            ),
        ),
        FoundWork(
            source=SourceName.BIBTEX,
            title="VnCoreTools: a toolkit for Vietnamese text",
            year=2022,
            kind=WorkKind.SYSTEM,
            authors=(
                FoundAuthor(raw="Phạm Minh Tuấn", given="Minh Tuấn", family="Phạm"),
                FoundAuthor(raw="Đỗ Thu Trang", given="Thu Trang", family="Đỗ"),
            ),
            url="https://github.com/example/vncoretools",
        ),
    )


def test_an_entry_with_unbalanced_braces_is_a_problem_and_the_others_are_read() -> None:
    parsed = parse_bibtex((FILES / "unbalanced.bib").read_bytes())
    assert [w.title for w in parsed.works] == [
        "Soil salinity in the Mekong delta",
        "Rice yields under drought",
        "Hydrology of the Red River",
    ]
    assert parsed.problems == (
        FileProblem(
            code=FileProblemCode.UNBALANCED_BRACES,
            line=8,
            entry="broken",
            reason='The braces or quotes of this entry do not balance: a { or " is never '
            "closed, so the entry runs into the next one.",
        ),
        FileProblem(
            code=FileProblemCode.NO_TITLE,
            line=20,
            entry="notitle",
            reason="The entry has no title.",
        ),
        FileProblem(
            code=FileProblemCode.BAD_YEAR,
            line=25,
            entry="badyear",
            reason='The year "in press" is not a year.',
        ),
    )


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"Nguy{\~{\^e}}n Th{\d i}", "Nguyễn Thị"),
        (r"Nguy{\~{\^e}}n Th{\d i} Minh", "Nguyễn Thị Minh"),
        (r"L{\^e} H{\`{\^o}}ng", "Lê Hồng"),
        (r"H{\`a} M{\~y}", "Hà Mỹ"),
        (r"Tr\`{\^a}n", "Trần"),
        (r"H{\uhorn}{\ohorn}ng", "Hương"),
        (r"Ph\h{a}m", "Phảm"),
        (r"{\DJ}{\~{\^o}}", "Đỗ"),
        (r"Th\d{\^e}", "Thệ"),
        (r"{\"u}ber", "über"),
        (r"{\k{C}}", "C\u0328"),  # no precomposed C with ogonek: NFC keeps the mark
        (r"Krist{\'{\i}}n", "Kristín"),
        (r"Ka{\c s}{\i}kara", "Ka\u015f\u0131kara"),  # a dotless i
        (r"{\O}vrelid", "Øvrelid"),
        (r"Peljak-{\L}api{\'n}ska", "Peljak-Łapińska"),
        ("Ad{\\'e}day{\\d o}\u0300", "Adédayọ̀"),  # a combining accent after an escape
        ("Nguyễn {\\`a}", "Nguyễn à"),  # raw UTF-8 beside an escape
        ("Nguye\u0302\u0303n", "Nguyễn"),  # decomposed input comes out NFC
        (r"Science \& Technology", "Science & Technology"),
        (r"50\% of $x^2$ and \emph{deep} --- yes", "50% of $x^2$ and deep — yes"),
        (r"{{\'U}FAL}", "ÚFAL"),
        (r"{\t H}{\'o}runn", "Hórunn"),
    ],
)
def test_latex_escapes_are_decoded_to_nfc(latex: str, text: str) -> None:
    work = only_work(entry(f"title = {{{latex}}}, author = {{{latex}, A}}"))
    assert work.title == text
    if " and " not in latex:
        assert work.authors[0].family == text


def test_string_macros_join_with_hash_and_months_are_macros() -> None:
    data = b'@string{j = "Journal of"}\n@string{full = j # " Hydrology"}\n' + entry(
        'title = "Floods", journal = full # { of Asia}, month = mar, year = 2019'
    )
    work = only_work(data)
    assert work.venue == "Journal of Hydrology of Asia"
    assert work.year == 2019


@pytest.mark.parametrize(
    ("doi", "expected"),
    [
        ("10.1000/ABC.1", "10.1000/abc.1"),
        ("https://doi.org/10.1000/ABC.1", "10.1000/abc.1"),
        ("http://dx.doi.org/10.1000/abc.1", "10.1000/abc.1"),
        ("doi:10.1000/abc.1", "10.1000/abc.1"),
        ("DOI 10.1000/abc.1", "10.1000/abc.1"),
        ("https://doi.org/10.1126%2Fscience.169.3946.635", "10.1126/science.169.3946.635"),
        ("not a doi", None),
    ],
)
def test_the_doi_is_normalised(doi: str, expected: str | None) -> None:
    work = only_work(entry(f"title = {{T}}, doi = {{{doi}}}"))
    assert work.ids.doi == expected


def test_the_doi_comes_from_a_doi_url_when_there_is_no_doi_field() -> None:
    work = only_work(entry("title = {T}, url = {https://doi.org/10.1000/XYZ}"))
    assert work.ids.doi == "10.1000/xyz"
    assert work.url == "https://doi.org/10.1000/XYZ"


@pytest.mark.parametrize(
    ("fields", "year"),
    [
        ("year = 2018", 2018),
        ("year = {2018}", 2018),
        ('year = "2018a"', 2018),
        ("date = {2018-04-25}", 2018),
        ("date = {2018/2019}", 2018),
        ("month = {4}", None),
    ],
)
def test_the_year_comes_from_year_or_date(fields: str, year: int | None) -> None:
    assert only_work(entry(f"title = {{T}}, {fields}")).year == year


@pytest.mark.parametrize(
    ("fields", "kind", "venue"),
    [
        ("journal = {J}", "article", "J"),
        ("booktitle = {Proc}", "inproceedings", "Proc"),
        ("school = {Đại học Quốc gia Hà Nội}", "phdthesis", "Đại học Quốc gia Hà Nội"),
        ("institution = {Viện Địa lý}", "techreport", "Viện Địa lý"),
        ("publisher = {NXB Giáo dục}", "book", "NXB Giáo dục"),
    ],
)
def test_the_venue_is_where_the_entry_type_appears(fields: str, kind: str, venue: str) -> None:
    work = only_work(entry(f"title = {{T}}, {fields}", kind=kind))
    assert (work.venue, work.kind) == (venue, WorkKind.PUBLICATION)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("patent", WorkKind.PATENT),
        ("PATENT", WorkKind.PATENT),
        ("software", WorkKind.SYSTEM),
        ("standard", WorkKind.STANDARD),
        ("techreport", WorkKind.PUBLICATION),
        ("misc", WorkKind.PUBLICATION),
        ("dataset", WorkKind.PUBLICATION),
        ("unknowntype", WorkKind.PUBLICATION),
    ],
)
def test_entry_types_map_to_work_kinds(kind: str, expected: WorkKind) -> None:
    assert only_work(entry("title = {T}", kind=kind)).kind == expected


def test_authors_split_on_and_outside_braces() -> None:
    authors = only_work(
        entry(
            "title = {T}, author = {Trần, Văn Bình AND {Phòng thí nghiệm Lọc and Hóa dầu}"
            " and\n  Y. Toparlar and de Marneffe, Marie-Catherine and others}"
        )
    ).authors
    assert authors == (
        FoundAuthor(raw="Trần Văn Bình", given="Văn Bình", family="Trần"),
        FoundAuthor(
            raw="Phòng thí nghiệm Lọc and Hóa dầu", family="Phòng thí nghiệm Lọc and Hóa dầu"
        ),
        FoundAuthor(raw="Y. Toparlar", given="Y.", family="Toparlar"),
        FoundAuthor(
            raw="Marie-Catherine de Marneffe", given="Marie-Catherine", family="de Marneffe"
        ),
    )


def test_escapes_outside_braces_in_an_author_list_keep_their_letters() -> None:
    # BibTeX's name splitter reads the tie in \~ as a space and drops an accent after "and ".
    authors = only_work(
        entry(r"title = {T}, author = {Nguy\~{\^e}n, H\`a and Nguy\~\^en, B and \'{E}mile Zola}")
    ).authors
    assert [a.raw for a in authors] == ["Nguyễn Hà", "Nguyễn B", "Émile Zola"]


def test_a_name_written_in_vietnamese_order_without_a_comma_keeps_its_family_first() -> None:
    authors = only_work(
        entry("title = {T}, author = {Nguyễn Thị Hương and Henry S. Frank and Hà Nguyễn}")
    ).authors
    assert authors == (
        FoundAuthor(raw="Nguyễn Thị Hương", given="Thị Hương", family="Nguyễn"),
        FoundAuthor(raw="Henry S. Frank", given="Henry S.", family="Frank"),
        # Both words are family names: read as BibTeX reads it, family last.
        FoundAuthor(raw="Hà Nguyễn", given="Hà", family="Nguyễn"),
    )


def test_a_title_loses_its_case_braces_and_keeps_one_line() -> None:
    work = only_work(entry("title = {{EVOLUTIONARY} {DIVERGENCES}\n\t in {L}eaf}"))
    assert work.title == "EVOLUTIONARY DIVERGENCES in Leaf"


def test_a_byte_order_mark_is_not_part_of_the_first_entry() -> None:
    work = only_work(b"\xef\xbb\xbf" + entry("title = {Đất}", key="bom"))
    assert work.title == "Đất"


def test_a_windows_1258_file_is_read_and_says_so() -> None:
    parsed = parse_bibtex((FILES / "windows1258.bib").read_bytes())
    assert [(w.title, w.venue) for w in parsed.works] == [
        ("Độ mặn của đất ở đồng bằng sông Cửu Long", "Tạp chí Khoa học Đất")
    ]
    assert [a.raw for a in parsed.works[0].authors] == ["Nguyễn Thị Hương", "Trần Văn Bình"]
    assert parsed.problems == (
        FileProblem(
            code=FileProblemCode.NOT_UTF8,
            line=2,
            reason="The file is not UTF-8 (first unreadable byte on line 2); it was read as "
            "Windows-1258 (Vietnamese): check that names show their letters rightly, or "
            "export it again as UTF-8.",
        ),
    )


def test_a_utf8_file_with_a_stray_byte_keeps_its_other_letters() -> None:
    # Lines 1-3: a UTF-8 entry; line 5: a Latin-1 é pasted in from another export.
    data = entry("title = {Độ mặn}, author = {Nguyễn Thị Hương}", key="a")
    data += b"@article{b,\ntitle = {Caf\xe9}\n}\n"
    parsed = parse_bibtex(data)
    assert [w.title for w in parsed.works] == ["Độ mặn", "Caf\ufffd"]
    assert parsed.works[0].authors[0].raw == "Nguyễn Thị Hương"
    assert parsed.problems == (
        FileProblem(
            code=FileProblemCode.UNREADABLE_CHARACTERS,
            line=5,
            reason="The file is UTF-8 with 1 unreadable character(s), the first on line 5; they "
            "show as \ufffd.",
        ),
    )


def test_a_utf16_file_with_its_mark_is_read() -> None:
    data = entry("title = {Độ mặn}").decode()
    work = only_work(b"\xff\xfe" + data.encode("utf-16-le"))
    assert work.title == "Độ mặn"


@pytest.mark.parametrize(
    ("data", "code", "reason"),
    [
        (b"", FileProblemCode.EMPTY_FILE, "The file is empty."),
        (b"  \n\n", FileProblemCode.EMPTY_FILE, "The file is empty."),
        (
            b"Just some notes, no entries.\n@comment{nothing}\n",
            FileProblemCode.NO_ENTRIES,
            "The file holds no BibTeX entries (such as @article{\u2026} or @book{\u2026}).",
        ),
    ],
)
def test_an_empty_file_or_one_without_entries_says_so(
    data: bytes, code: FileProblemCode, reason: str
) -> None:
    assert parse_bibtex(data).problems == (FileProblem(code=code, reason=reason),)


def test_a_file_over_the_entry_limit_is_one_problem_naming_the_limit() -> None:
    data = b"".join(entry("title = {T}", key=f"k{i}") for i in range(4))
    assert len(parse_bibtex(data, max_entries=4).works) == 4
    parsed = parse_bibtex(data, max_entries=3)
    assert parsed.works == ()
    assert parsed.problems == (
        FileProblem(
            code=FileProblemCode.TOO_MANY_ENTRIES,
            reason="The file holds 4 entries; at most 3 are read at once.",
        ),
    )


def test_an_entry_without_a_key_is_named_by_its_first_words() -> None:
    parsed = parse_bibtex(b"@misc{,\n  author = {Tr{\\`{\\^a}}n V{\\u a}n B{\\`i}nh},\n}\n")
    assert parsed.problems == (
        FileProblem(
            code=FileProblemCode.NO_TITLE,
            line=1,
            entry="Trần Văn Bình",
            reason="The entry has no title.",
        ),
    )


def test_two_entries_with_one_key_are_both_read() -> None:
    data = entry("title = {One}", key="same") + entry("title = {Two}", key="same")
    assert [w.title for w in parse_bibtex(data).works] == ["One", "Two"]


def test_binary_garbage_is_problems_not_a_crash() -> None:
    data = bytes(range(256)) * 20 + b"@article{x, title = {\x00\xff"
    parsed = parse_bibtex(data)
    assert parsed.works == ()
    assert parsed.problems


def test_five_thousand_distinct_entries_parse_in_a_few_seconds() -> None:
    data = "".join(
        f"@article{{k{i},\n author = {{Nguy{{\\~{{\\^e}}}}n, Th{{\\d i}} H{i} and Tr{{\\`{{\\^a}}}}n, B{i}}},\n"
        f" title = {{{{Study}} number {i} of the {{Mekong}}}},\n journal = {{J{i % 50}}},\n"
        f" year = {{{2000 + i % 25}}},\n doi = {{10.1000/{i}}},\n}}\n"
        for i in range(5000)
    ).encode()
    started = time.perf_counter()
    parsed = parse_bibtex(data)
    seconds = time.perf_counter() - started
    assert len(parsed.works) == 5000
    assert parsed.works[4999].authors[0].raw == "Nguyễn Thị H4999"
    assert seconds < 10, seconds
