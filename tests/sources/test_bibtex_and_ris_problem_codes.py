"""Both reference-file readers through the one upload decoder (talent/core/encodings): every
encoding an expert list is read in, a reference file is read in too; and every problem code a
reader can give comes out of a small file written here, by hand."""

import unicodedata

import pytest

from talent.sources.bibtex import parse_bibtex
from talent.sources.models import FileProblemCode, ParsedFile
from talent.sources.ris import parse_ris

TITLE = "Độ mặn của đất ở đồng bằng sông Cửu Long"
AUTHOR = "Nguyễn Thị Hương"
BIBTEX = f"@article{{huong2016,\n  title = {{{TITLE}}},\n  author = {{{AUTHOR}}},\n  year = {{2016}}\n}}\n"
RIS = f"TY  - JOUR\nTI  - {TITLE}\nAU  - {AUTHOR}\nPY  - 2016\nER  - \n"
# Windows-1258 keeps a letter's shape (â, ơ, ư, ă) precomposed and writes its tone apart.
_SHAPES = {"\u0302", "\u0306", "\u031b"}


def cp1258(text: str) -> bytes:
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


ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "utf-8-decomposed": lambda text: unicodedata.normalize("NFD", text).encode("utf-8"),
    "utf-16-le-bom": lambda text: text.encode("utf-16"),  # little-endian, with its mark
    "utf-16-be-bom": lambda text: b"\xfe\xff" + text.encode("utf-16-be"),
    "utf-16-le-no-bom": lambda text: text.encode("utf-16-le"),
    "cp1258": cp1258,
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize(
    ("parse", "text"), [(parse_bibtex, BIBTEX), (parse_ris, RIS)], ids=["bibtex", "ris"]
)
def test_each_encoding_of_an_expert_list_reads_a_reference_file_letter_for_letter(
    parse: object, text: str, encoding: str
) -> None:
    assert callable(parse)
    parsed: ParsedFile = parse(ENCODINGS[encoding](text))
    (work,) = parsed.works
    assert work.title == TITLE
    assert [a.raw for a in work.authors] == [AUTHOR]
    assert unicodedata.is_normalized("NFC", work.title)
    # Only a file read as Windows-1258 says so: its letters are a guess worth a look.
    expected = [("not_utf8", 2)] if encoding == "cp1258" else []
    assert [(p.code.value, p.line) for p in parsed.problems] == expected


def test_cp1258_really_writes_tones_apart() -> None:
    assert cp1258("ễ") == b"\xea\xde"  # ê precomposed (0xEA), the tilde apart (0xDE)


def test_a_utf16_file_with_a_broken_character_names_its_line() -> None:
    data = ("\ufeff" + RIS).encode("utf-16-le")
    broken = data[: data.index("AU".encode("utf-16-le"))] + b"\x00\xd8" + data[-20:]
    parsed = parse_ris(broken)
    assert [(p.code.value, p.line) for p in parsed.problems][:1] == [("unreadable_characters", 3)]


# Every code, from a file written to give it; the codes are written out, not taken from the
# enum, so that a code added without a file here fails the last test.
SAMPLES: list[tuple[str, object, bytes, dict[str, int]]] = [
    ("empty_file", parse_bibtex, b"  \n", {}),
    (
        "too_many_entries",
        parse_bibtex,
        b"@misc{a, title={A}}\n@misc{b, title={B}}\n",
        {"max_entries": 1},
    ),
    ("too_many_entries", parse_ris, (RIS + RIS).encode(), {"max_entries": 1}),
    ("no_entries", parse_bibtex, b"Notes only.\n", {}),
    ("no_entries", parse_ris, b"", {}),
    ("not_utf8", parse_bibtex, cp1258(BIBTEX), {}),
    ("unreadable_characters", parse_bibtex, BIBTEX.encode() + b"@misc{x, title={Caf\xe9}}\n", {}),
    ("unbalanced_braces", parse_bibtex, b"@article{open,\n  title = {Never closed\n", {}),
    ("unreadable_entry", parse_bibtex, b"@article{k, title {T}}\n", {}),
    ("outside_record", parse_ris, b"Not RIS at all\n" + RIS.encode(), {}),
    (
        "no_title",
        parse_bibtex,
        b"@article{k, author = {Tr\xe1\xba\xa7n V\xc4\x83n B\xc3\xacnh}}\n",
        {},
    ),
    ("no_title", parse_ris, b"TY  - JOUR\nAU  - Le, Hoang Phuong\nER  - \n", {}),
    ("bad_year", parse_bibtex, b"@article{k, title = {T}, year = {in press}}\n", {}),
    ("bad_year", parse_ris, b"TY  - JOUR\nTI  - T\nPY  - forthcoming\nER  - \n", {}),
]
WRITTEN_CODES = {
    "empty_file",
    "too_many_entries",
    "no_entries",
    "unreadable_file",  # the BibTeX splitter's own failure: no file is known to cause it
    "not_utf8",
    "unreadable_characters",
    "unbalanced_braces",
    "unreadable_entry",
    "outside_record",
    "no_title",
    "bad_year",
}


@pytest.mark.parametrize(
    ("code", "parse", "data", "options"),
    SAMPLES,
    ids=[f"{s[0]}-{i}" for i, s in enumerate(SAMPLES)],
)
def test_each_problem_code_comes_from_the_file_that_has_it(
    code: str, parse: object, data: bytes, options: dict[str, int]
) -> None:
    assert callable(parse)
    parsed: ParsedFile = parse(data, **options)
    assert code in [p.code.value for p in parsed.problems], parsed.problems


def test_the_codes_are_these_and_the_samples_give_each_one_a_file_can_cause() -> None:
    assert {c.value for c in FileProblemCode} == WRITTEN_CODES
    assert {s[0] for s in SAMPLES} == WRITTEN_CODES - {"unreadable_file"}


def test_a_problem_is_kept_with_its_code_as_the_api_gives_it() -> None:
    (problem,) = parse_ris(b"TY  - JOUR\nTI  - T\nPY  - forthcoming\nER  - \n").problems
    assert problem.model_dump(mode="json") == {
        "code": "bad_year",
        "line": 1,
        "entry": "T",
        "reason": 'The year "forthcoming" is not a year.',
    }
