"""RIS files as reference managers and repositories export them, read into found works.

rispy reads each record; this module finds the records first, so that a problem names the
line a record starts on, and brings lines that programs write slightly wrong (`TY -  BOOK`,
`ER  -` without its space, a byte-order mark) to the form rispy reads."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rispy import RisParser
from rispy.config import TYPE_OF_REFERENCE_MAPPING

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
from talent.sources.text import decode, kind_for, one_line, parse_year, preview
from talent.sources.values import normalise_doi

_CODES = {name.casefold(): code for code, name in TYPE_OF_REFERENCE_MAPPING.items()}
KINDS: Mapping[str, WorkKind] = {
    "pat": WorkKind.PATENT,
    "comp": WorkKind.SYSTEM,
    "stand": WorkKind.STANDARD,
    "grant": WorkKind.PROJECT,
}
# Types whose secondary title (T2) is a series or a subtitle, not where the work appeared:
# their venue is the publisher (a thesis' university, a report's institution).
PUBLISHED_BY = frozenset({"THES", "BOOK", "EBOOK", "EDBOOK", "RPRT", "UNPB", "MANSCPT"})
VENUE_KEYS = ("journal_name", "alternate_title3", "alternate_title2", "alternate_title1")
# A tag line: two characters, a dash between spaces. Programs write one to three spaces
# before the dash and none or one after it ("TY -  BOOK", "ER  -").
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])[ \t]{1,3}-(?:[ \t]+(.*)|[ \t]*)$")
_TY_LINE = re.compile(r"^TY[ \t]{1,3}-", re.MULTILINE)
_SPLIT_NAME = re.compile(r"\s*,\s*")


@dataclass
class _Record:
    line: int
    lines: list[str] = field(default_factory=list)


def parse_ris(data: bytes, *, max_entries: int = 10_000) -> ParsedFile:
    """The works of a RIS file and the records that could not be read, with why."""
    text, problem = decode(data)
    problems = [problem] if problem else []
    count = len(_TY_LINE.findall(text))
    if count > max_entries:
        reason = f"The file holds {count} records; at most {max_entries} are read at once."
        too_many = FileProblem(code=FileProblemCode.TOO_MANY_ENTRIES, reason=reason)
        return ParsedFile(problems=(*problems, too_many))
    records, stray = _records(text.splitlines())
    problems += stray
    if not records:
        reason = "The file holds no RIS records (a record starts with a line TY  - …)."
        none = FileProblem(code=FileProblemCode.NO_ENTRIES, reason=reason)
        return ParsedFile(problems=(*problems, none))
    parser = RisParser(skip_unknown_tags=True)
    works: list[FoundWork] = []
    for record in records:
        parsed = parser.parse_lines(iter([*record.lines, "ER  - "]))
        found = _work(record.line, parsed[0]) if parsed else None
        if isinstance(found, FoundWork):
            works.append(found)
        elif found is not None:
            problems.append(found)
    problems.sort(key=lambda p: p.line or 0)
    return ParsedFile(works=tuple(works), problems=tuple(problems))


def _records(lines: Sequence[str]) -> tuple[list[_Record], list[FileProblem]]:
    """Records from a `TY` line to their `ER` line (or the next `TY`: a record whose end is
    missing still ends there), tag lines brought to rispy's form; text outside any record
    is a problem, once for each run of such lines."""
    records: list[_Record] = []
    problems: list[FileProblem] = []
    current: _Record | None = None
    in_stray = False
    for number, line in enumerate(lines, 1):
        match = _TAG_LINE.match(line)
        tag = match.group(1) if match else None
        if tag == "TY":
            current = _Record(number)
            records.append(current)
        if match and current is not None:
            if tag == "ER":
                current = None
            else:
                current.lines.append(f"{tag}  - {(match.group(2) or '').strip()}")
        elif current is not None:
            current.lines.append(line)
        elif line.strip() and not in_stray and tag != "ER":
            reason = "This line is outside any record (a record runs from TY  - to ER  -)."
            code = FileProblemCode.OUTSIDE_RECORD
            problems.append(FileProblem(code=code, line=number, entry=preview(line), reason=reason))
        in_stray = current is None and bool(line.strip()) and tag != "ER"
    return records, problems


def _first(record: Mapping[str, Any], *keys: str) -> str:
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str) and v.strip()), None)
        if isinstance(value, str) and value.strip():
            return one_line(value)
    return ""


def _work(line: int, record: Mapping[str, Any]) -> FoundWork | FileProblem:
    written_type = _first(record, "type_of_reference")
    code = written_type.upper() if written_type.upper() in TYPE_OF_REFERENCE_MAPPING else ""
    code = code or _CODES.get(written_type.casefold(), "")
    title = _first(record, "primary_title", "title", "short_title")
    name = _first(record, "id") or preview(title) or next(iter(_names(record)), "")
    if not title:
        entry = name or f"TY  - {written_type}"
        reason = "The record has no title (T1, TI or ST)."
        return FileProblem(code=FileProblemCode.NO_TITLE, line=line, entry=entry, reason=reason)
    year: int | None = None
    written_year = _first(record, "year", "publication_year", "date")
    if written_year:
        year = parse_year(written_year)
        if year is None:
            reason = f'The year "{preview(written_year)}" is not a year.'
            code = FileProblemCode.BAD_YEAR
            return FileProblem(code=code, line=line, entry=name, reason=reason)
    urls = [u for u in record.get("urls", []) if isinstance(u, str) and u.strip()]
    doi = normalise_doi(_first(record, "doi"))
    doi = doi or next((d for d in map(normalise_doi, urls) if d), None)
    return FoundWork(
        source=SourceName.RIS,
        title=title,
        year=year,
        kind=kind_for(code, KINDS),
        venue=_venue(code, record),
        abstract=_first(record, "abstract", "notes_abstract"),
        authors=tuple(_author(a) for a in _names(record)),
        ids=ExternalIds(doi=doi),
        url=urls[0].strip() if urls else None,
    )


def _venue(code: str, record: Mapping[str, Any]) -> str:
    if code in PUBLISHED_BY:
        return _first(record, "publisher")
    return _first(record, *VENUE_KEYS, "secondary_title", "publisher")


def _names(record: Mapping[str, Any]) -> list[str]:
    """AU and A1 (some programs write the first authors as A1, others every author as AU),
    each name once, in file order."""
    names: list[str] = []
    for key in ("first_authors", "authors"):
        for value in record.get(key, []):
            if isinstance(value, str) and one_line(value) and one_line(value) not in names:
                names.append(one_line(value))
    return names


def _author(name: str) -> FoundAuthor:
    """RIS writes "Family, Given[, Suffix]" ("Toparlar,Y.", "Nguyen, Thi Huong"); some
    programs write the name as a reader does."""
    if "," not in name:
        parts = name.split()
        given, family = written_order(name, " ".join(parts[:-1]), parts[-1])
        return FoundAuthor(raw=name, given=given, family=family)
    family, given, *suffix = _SPLIT_NAME.split(name, maxsplit=2)
    raw = " ".join([reading_order(given, family), *suffix])  # "John Smith Jr."
    return FoundAuthor(raw=raw, given=given, family=family)
