"""What every reference-file reader needs: the bytes as text whatever the exporting program
chose, identifiers in the one form the rest of the product compares, and years people wrote
in a dozen ways."""

import re
import unicodedata
from collections.abc import Mapping

from talent.core.names import clean_text
from talent.resources.models import WorkKind
from talent.sources.models import FileProblem

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# A year leads the value ("2018", "2018/4/25", "2018///", "2018-04-25", "2020a"), alone or
# followed by anything that is not another digit.
_YEAR = re.compile(r"^\s*(\d{4})(?!\d)")
FIRST_YEAR = 1000
LAST_YEAR = 2100
PREVIEW_CHARS = 60


def decode(data: bytes) -> tuple[str, FileProblem | None]:
    """The file's text, and a problem when it was not UTF-8.

    Exports are UTF-8 with or without a byte-order mark, some programs write UTF-16 with a
    mark, and old Windows tools write Windows-1258 (Vietnamese) or Latin-1. A file that is not
    UTF-8 is still read, as Windows-1258 where it can be and Latin-1 otherwise, and the reader
    is told so: guessed letters in names are worth a look, not a refusal. A UTF-8 file with a
    few stray bytes stays UTF-8."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    elif data.startswith(_UTF16_BOMS) or _looks_utf16(data):
        return _decode_utf16(data)
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8")), None
    except UnicodeDecodeError as error:
        where = error.start
    line = data.count(b"\n", 0, where) + 1
    mostly = data.decode("utf-8", errors="replace")
    unreadable = mostly.count("\ufffd")
    if sum(1 for ch in mostly if ch > "\x7f") > 2 * unreadable:
        # UTF-8 with a few stray bytes (two exports pasted together): read as Windows-1258,
        # every Vietnamese letter of the rest would be garbled.
        reason = (
            f"The file is UTF-8 with {unreadable} unreadable byte(s), the first on line "
            f"{line}; they show as \ufffd."
        )
        return unicodedata.normalize("NFC", mostly), FileProblem(line=line, reason=reason)
    for encoding, label in (("cp1258", "Windows-1258 (Vietnamese)"), ("latin-1", "Latin-1")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        reason = (
            f"The file is not UTF-8 (first unreadable byte on line {line}); it was read as "
            f"{label}: check that names show their letters rightly, or export it again as UTF-8."
        )
        # Windows-1258 writes Vietnamese tones as combining marks: NFC composes them.
        return unicodedata.normalize("NFC", text), FileProblem(line=line, reason=reason)
    raise AssertionError("Latin-1 decodes every byte")  # pragma: no cover


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a mark: ASCII letters with a zero byte beside each."""
    head = data[:200]
    return len(head) >= 4 and head.count(0) * 3 >= len(head)


def _decode_utf16(data: bytes) -> tuple[str, FileProblem | None]:
    if data.startswith(_UTF16_BOMS):
        encoding = "utf-16"
    else:
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    try:
        return unicodedata.normalize("NFC", data.decode(encoding).lstrip("\ufeff")), None
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace").lstrip("\ufeff")
        reason = "The file is UTF-16 with unreadable characters; they show as �."
        return unicodedata.normalize("NFC", text), FileProblem(reason=reason)


def parse_year(value: str) -> int | None:
    """The year a date starts with, or None when it does not start with a plausible one."""
    match = _YEAR.match(value)
    if not match:
        return None
    year = int(match.group(1))
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def one_line(text: str) -> str:
    """NFC, spacing (line breaks, tabs, no-break spaces) folded into single spaces."""
    return clean_text(text)


def preview(text: str) -> str:
    """The first words of an entry, for a reader to find it in their file."""
    words = one_line(text)
    return words if len(words) <= PREVIEW_CHARS else words[: PREVIEW_CHARS - 1] + "…"


def kind_for(name: str, kinds: Mapping[str, WorkKind]) -> WorkKind:
    """The work kind an entry type names; a publication when the type says nothing else."""
    return kinds.get(name.strip().casefold(), WorkKind.PUBLICATION)


# LaTeX as reference files write letters: accents over a letter (`\'e`, `\~{\^e}`, `{\d i}`,
# vietnam.sty's hook `\h{a}`), letters of their own (`\o`, `\ss`, `\dj`, `\ohorn`), and
# escaped punctuation. These make nearly every escape in real files; they are decoded here
# with a few substitutions, and pylatexenc reads whatever else remains (it takes about a
# millisecond a field, too slow for an export of thousands of entries).
_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "d": "\u0323",
    "k": "\u0328", "r": "\u030a", "b": "\u0331", "h": "\u0309",
}  # fmt: skip
_LETTERS = {
    "i": "\u0131", "j": "\u0237", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß",
    "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "dj": "đ", "DJ": "Đ",
    "ohorn": "ơ", "uhorn": "ư", "OHORN": "Ơ", "UHORN": "Ư",
}  # fmt: skip
_LETTER = r"[^\W\d_][\u0300-\u036f]*"
_LETTER_MACRO = re.compile(
    r"\\(" + "|".join(sorted(_LETTERS, key=len, reverse=True)) + r")(?![A-Za-z])(?:\{\}|[ \t]+)?"
)
_SYMBOL_ACCENT = re.compile(r"\\(['`^\"~=.])\s*(?:\{(" + _LETTER + r")\}|(" + _LETTER + r"))")
_WORD_ACCENT = re.compile(r"\\([uvHcdbkrh])(?:\s*\{(" + _LETTER + r")\}|\s+(" + _LETTER + r"))")
_ESCAPED = re.compile(r"\\([&%#_])")
_DASHES = (("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"), ("~", " "))
_DOTLESS = {"\u0131": "i", "\u0237": "j"}


def _accented(match: re.Match[str]) -> str:
    letter = match.group(2) or match.group(3)
    base = _DOTLESS.get(letter, letter)  # \'{\i} is í: the accent replaces the dot
    return unicodedata.normalize("NFC", base + _ACCENTS[match.group(1)])


def latex_letters(latex: str) -> str:
    """The letter escapes decoded, innermost first (`\\~{\\^e}` is ễ); other markup kept, so
    that a LaTeX reader can still read what is left."""
    text = _LETTER_MACRO.sub(lambda m: _LETTERS[m.group(1)], latex)
    while True:
        decoded = _WORD_ACCENT.sub(_accented, _SYMBOL_ACCENT.sub(_accented, text))
        if decoded == text:
            return decoded
        text = decoded


def plain_latex(latex: str) -> str | None:
    """The text of a value whose only markup is letter escapes, escaped punctuation, braces,
    ties, dashes and quotes; None when a macro or math remains for a full LaTeX reader."""
    text = _ESCAPED.sub(r"\1", latex_letters(latex))
    if "\\" in text or "$" in text:
        return None
    text = text.replace("{", "").replace("}", "")
    for mark, char in _DASHES:
        text = text.replace(mark, char)
    return text
