"""BibTeX files as people export them (reference managers, publishers, Crossref, Google
Scholar), read into found works: LaTeX-escaped Vietnamese names decoded ("Nguy{\\~{\\^e}}n"
is "Nguyễn"), `@string` macros and `crossref` parents resolved, and every entry that cannot be
read named with its line and the reason, while the others are still read."""

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry
from bibtexparser.model import ParsingFailedBlock as FailedBlock
from bibtexparser.model import String as StringBlock
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import get_default_latex_context_db as get_walker_context

from talent.resources.models import WorkKind
from talent.sources.models import (
    ExternalIds,
    FileProblem,
    FileProblemCode,
    FoundAuthor,
    FoundWork,
    ParsedFile,
    SourceName,
)
from talent.sources.names import reading_order, written_order
from talent.sources.text import (
    decode,
    kind_for,
    latex_letters,
    one_line,
    parse_year,
    plain_latex,
    preview,
)
from talent.sources.values import normalise_doi

KINDS: Mapping[str, WorkKind] = {
    "patent": WorkKind.PATENT,
    "software": WorkKind.SYSTEM,
    "codes": WorkKind.SYSTEM,
    "standard": WorkKind.STANDARD,
}
# biblatex groups of entries and shared field sets: not works of their own.
SKIPPED_TYPES = frozenset({"set", "xdata"})
# A volume of proceedings that papers of the file name as their `crossref` parent is where
# they appeared, not a work of the file's author.
CONTAINER_TYPES = frozenset({"proceedings", "mvproceedings"})
# Where the work appeared, most specific first: an article's journal, a paper's proceedings,
# a thesis' school, a report's institution, a book's publisher.
VENUE_FIELDS = (
    "journal",
    "journaltitle",
    "booktitle",
    "school",
    "institution",
    "organization",
    "publisher",
)
MONTHS = {
    m: str(i)
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# Entry starts, counted before parsing so that a huge file is refused cheaply.
_ENTRY_START = re.compile(r"^[ \t]*@(?!string\b|comment\b|preamble\b)\w+\s*[{(]", re.I | re.M)
_ENTRY_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)\s*,")
# Nothing in these needs LaTeX decoding: most fields of most files.
_LATEX_MARKS = re.compile(r"[\\{}$~%]|--|``|''")


def _decoder() -> LatexNodes2Text:
    """pylatexenc as bibtexparser's decoding middleware sets it up (`\\url{x}` is x), with
    math kept as written: `$x^2$` reads better than a guess."""
    context = get_default_latex_context_db()
    context.add_context_category(
        "talent-bibtex", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s")]
    )
    return LatexNodes2Text(latex_context=context, math_mode="verbatim")


_LATEX = _decoder()
# The parser's own context, built once rather than for every value.
_WALKER_CONTEXT = get_walker_context()


def parse_bibtex(data: bytes, *, max_entries: int = 10_000) -> ParsedFile:
    """The works of a BibTeX file and the entries that could not be read, with why."""
    text, problem = decode(data)
    problems = [problem] if problem else []
    if not text.strip():
        empty = FileProblem(code=FileProblemCode.EMPTY_FILE, reason="The file is empty.")
        return ParsedFile(problems=(*problems, empty))
    count = len(_ENTRY_START.findall(text))
    if count > max_entries:
        reason = f"The file holds {count} entries; at most {max_entries} are read at once."
        too_many = FileProblem(code=FileProblemCode.TOO_MANY_ENTRIES, reason=reason)
        return ParsedFile(problems=(*problems, too_many))
    try:
        library = parse_string(text, parse_stack=[])
    except Exception as error:  # the splitter's own bugs: the file, not the request, fails
        reason = f"The file could not be read as BibTeX ({type(error).__name__})."
        failure = FileProblem(code=FileProblemCode.UNREADABLE_FILE, reason=reason)
        return ParsedFile(problems=(*problems, failure))
    entries, failed = _entries(library.blocks)
    if not entries and not failed:
        reason = "The file holds no BibTeX entries (such as @article{…} or @book{…})."
        none = FileProblem(code=FileProblemCode.NO_ENTRIES, reason=reason)
        return ParsedFile(problems=(*problems, none))
    strings = _strings(library.blocks)
    by_key = {entry.key.casefold(): entry for entry in entries}
    parents = {
        _value(str(f.value), strings).strip().casefold()
        for entry in entries
        for f in entry.fields
        if f.key.casefold() == "crossref"
    }
    works: list[FoundWork] = []
    problems += failed
    for entry in entries:
        kind = entry.entry_type.casefold()
        if kind in SKIPPED_TYPES or (kind in CONTAINER_TYPES and entry.key.casefold() in parents):
            continue
        found = _work(entry, _fields(entry, by_key, strings))
        if isinstance(found, FileProblem):
            problems.append(found)
        else:
            works.append(found)
    problems.sort(key=lambda p: p.line or 0)
    return ParsedFile(works=tuple(works), problems=tuple(problems))


def _entries(blocks: Sequence[object]) -> tuple[list[Entry], list[FileProblem]]:
    """The entries, and a problem for each block the splitter could not read."""
    entries: list[Entry] = []
    failed: list[FileProblem] = []
    for block in blocks:
        if isinstance(block, DuplicateBlockKeyBlock | DuplicateFieldKeyBlock):
            # A key used twice is still a work (the duplicate check finds repeats), and an
            # entry that repeats a field is still read.
            if isinstance(block.ignore_error_block, Entry):
                entries.append(block.ignore_error_block)
        elif isinstance(block, FailedBlock):
            failed.append(_failed(block))
        elif isinstance(block, Entry):
            entries.append(block)
    return entries, failed


def _strings(blocks: Sequence[object]) -> dict[str, str]:
    """`@string` macros in file order; a macro may use those before it."""
    strings: dict[str, str] = {}
    for block in blocks:
        if isinstance(block, StringBlock):
            strings[block.key.casefold()] = _value(block.value, strings)
    return strings


def _failed(block: FailedBlock) -> FileProblem:
    raw = block.raw or ""
    key = _ENTRY_KEY.match(raw.lstrip())
    message = str(getattr(block.error, "abort_reason", block.error))
    code = FileProblemCode.UNBALANCED_BRACES
    if "closing" in message or "end of file" in message:
        reason = (
            'The braces or quotes of this entry do not balance: a { or " is never closed, '
            "so the entry runs into the next one."
        )
    else:
        code = FileProblemCode.UNREADABLE_ENTRY
        reason = f"This entry is not valid BibTeX: {message}"
    line = None if block.start_line is None else block.start_line + 1
    name = key.group(1) if key else preview(raw)
    return FileProblem(code=code, line=line, entry=name, reason=reason)


def _fields(
    entry: Entry, by_key: Mapping[str, Entry], strings: Mapping[str, str]
) -> dict[str, str]:
    """The entry's fields as plain LaTeX strings (macros and `#` joins resolved), with the
    fields it lacks taken from its `crossref` parent, whose title is then its book title."""
    own = {field.key.casefold(): _value(str(field.value), strings) for field in entry.fields}
    parent_key = own.get("crossref", "").strip().casefold()
    parent = by_key.get(parent_key) if parent_key else None
    if parent is None or parent is entry:
        return own
    inherited = {f.key.casefold(): _value(str(f.value), strings) for f in parent.fields}
    if "title" in inherited and "booktitle" not in own:
        inherited["booktitle"] = inherited["title"]
    inherited.pop("title", None)
    return inherited | own


def _value(raw: str, strings: Mapping[str, str]) -> str:
    """A field value as written (`{…}`, `"…"`, a number, a macro, or pieces joined by `#`) as
    the one string BibTeX makes of it."""
    return "".join(_piece(piece, strings) for piece in _concatenated(raw))


def _concatenated(raw: str) -> list[str]:
    if "#" not in raw:
        return [raw]
    pieces: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:i])
            start = i + 1
    pieces.append(raw[start:])
    return pieces


def _piece(piece: str, strings: Mapping[str, str]) -> str:
    piece = piece.strip()
    if len(piece) >= 2 and (piece[0], piece[-1]) in {("{", "}"), ('"', '"')}:
        return piece[1:-1]
    if piece.isdigit():
        return piece
    name = piece.casefold()
    return strings.get(name, MONTHS.get(name, piece))


@lru_cache(maxsize=65_536)
def _text(latex: str) -> str:
    """LaTeX to Unicode text, NFC, on one line: `Nguy{\\~{\\^e}}n Th{\\d i}` is "Nguyễn Thị";
    braces that keep a word's case are dropped. Names repeat through a file, hence the cache.
    A value pylatexenc cannot read keeps its letters without the braces."""
    if not _LATEX_MARKS.search(latex):
        return one_line(latex)
    text = plain_latex(latex)
    if text is None:
        letters = latex_letters(latex)
        try:
            text = _LATEX.latex_to_text(letters, latex_context=_WALKER_CONTEXT)
        except Exception:  # pylatexenc's own parse errors on broken markup
            text = letters.replace("{", "").replace("}", "")
    return one_line(text)


def _work(entry: Entry, fields: Mapping[str, str]) -> FoundWork | FileProblem:
    line = None if entry.start_line is None else entry.start_line + 1
    title = _text(fields.get("title", ""))
    name = entry.key or preview(title or _text(fields.get("author", "")))
    if not title:
        reason = "The entry has no title."
        return FileProblem(code=FileProblemCode.NO_TITLE, line=line, entry=name, reason=reason)
    year: int | None = None
    written = one_line(fields.get("year") or fields.get("date") or "")
    if written:
        year = parse_year(written)
        if year is None:
            reason = f'The year "{preview(written)}" is not a year.'
            code = FileProblemCode.BAD_YEAR
            return FileProblem(code=code, line=line, entry=name, reason=reason)
    venue = next((_text(fields[f]) for f in VENUE_FIELDS if fields.get(f, "").strip()), "")
    doi = normalise_doi(_text(fields.get("doi", ""))) or normalise_doi(fields.get("url"))
    url = one_line(fields.get("url", "")) or None
    return FoundWork(
        source=SourceName.BIBTEX,
        title=title,
        year=year,
        kind=kind_for(entry.entry_type, KINDS),
        venue=venue,
        abstract=_text(fields.get("abstract", "")),
        authors=tuple(_authors(fields.get("author", ""))),
        ids=ExternalIds(doi=doi),
        url=url,
    )


def _authors(latex: str) -> list[FoundAuthor]:
    """Authors split on "and" outside braces; "and others" is not a person. Letter escapes
    are decoded first: BibTeX's name splitter takes the tie in `Nguy\\~{\\^e}n` for a space
    and drops an accent that follows "and " (`and \\'{E}mile`)."""
    found = []
    for name in split_multiple_persons_names(latex_letters(latex)):
        if name.strip().casefold() in {"others", "et al.", "et al"}:
            continue
        author = _author(name.strip())
        if author is not None:
            found.append(author)
    return found


@lru_cache(maxsize=65_536)
def _author(latex: str) -> FoundAuthor | None:
    """One name, "Family, Given" or "Given Family"; a name wholly in braces is an
    organisation's (or a name someone protected from splitting) and stays whole. An export
    repeats its owner's name in every entry: read once."""
    if _braced_whole(latex):
        whole = _text(latex)
        return FoundAuthor(raw=whole, family=whole) if whole else None
    parts = parse_single_name_into_parts(latex, strict=False)
    given = _text(" ".join(parts.first))
    family = _text(" ".join([*parts.von, *parts.last, *parts.jr]))
    if "," not in latex:
        written = _text(latex)
        given, family = written_order(written, given, family)
        return FoundAuthor(raw=written, given=given, family=family) if written else None
    raw = reading_order(given, family)
    return FoundAuthor(raw=raw, given=given, family=family) if raw else None


def _braced_whole(latex: str) -> bool:
    if not (latex.startswith("{") and latex.endswith("}")):
        return False
    depth = 0
    for i, ch in enumerate(latex):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            return i == len(latex) - 1
    return False
