"""What every reference-file reader needs: the bytes as text whatever the exporting program
chose, identifiers in the one form the rest of the product compares, and years people wrote
in a dozen ways."""

import re
import unicodedata
from collections.abc import Mapping

from talent.core import encodings
from talent.core.encodings import Encoding
from talent.core.names import clean_text
from talent.resources.models import WorkKind
from talent.sources.models import FileProblem, FileProblemCode

# A year leads the value ("2018", "2018/4/25", "2018///", "2018-04-25", "2020a"), alone or
# followed by anything that is not another digit.
_YEAR = re.compile(r"^\s*(\d{4})(?!\d)")
FIRST_YEAR = 1000
LAST_YEAR = 2100
PREVIEW_CHARS = 60
_LABELS = {Encoding.UTF8: "UTF-8", Encoding.UTF8_BOM: "UTF-8", Encoding.UTF16: "UTF-16"}


def decode(data: bytes) -> tuple[str, FileProblem | None]:
    """The file's text (talent/core/encodings), and a problem when it was not plain UTF-8:
    guessed letters in names are worth a look, not a refusal."""
    found = encodings.decode(data)
    if found.encoding is Encoding.WINDOWS_1258:
        reason = (
            f"The file is not UTF-8 (first unreadable byte on line {found.first_line}); it was "
            "read as Windows-1258 (Vietnamese): check that names show their letters rightly, "
            "or export it again as UTF-8."
        )
        code = FileProblemCode.NOT_UTF8
    elif found.unreadable:
        reason = (
            f"The file is {_LABELS[found.encoding]} with {found.unreadable} unreadable "
            f"character(s), the first on line {found.first_line}; they show as \ufffd."
        )
        code = FileProblemCode.UNREADABLE_CHARACTERS
    else:
        return found.text, None
    return found.text, FileProblem(code=code, line=found.first_line, reason=reason)


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
