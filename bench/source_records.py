"""The source parsers against real records as ORCID, OpenAlex and Crossref served them
(../shared/data/sources, read at run time, never copied): per file, what was read (works,
duplicate groups merged, authors with an ORCID iD, Vietnamese-looking names). Exits non-zero
when a record cannot be parsed, so that a format the fixtures missed shows up here.

    python -m bench.source_records [--path ../shared/data/sources]
"""

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from talent.sources import crossref, openalex, orcid
from talent.sources.models import FoundAuthor, FoundWork

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = Path("../shared/data/sources")  # relative to the repository's root
# Letters only Vietnamese writes (beyond Latin-1), and family names only Vietnamese bears
# (common ones that are also Western or Chinese, such as Le or Ho, are left out).
VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ") | set(map(chr, range(0x1EA0, 0x1EFA)))
VIETNAMESE_FAMILIES = {"nguyen", "tran", "pham", "hoang", "huynh", "phan", "dang", "bui", "ngo"}
VIETNAMESE_FAMILIES |= {"duong", "trinh", "dinh", "truong", "vo"}


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def vietnamese(name: str) -> bool:
    """A name that looks Vietnamese: a Vietnamese letter, or a Vietnamese family name."""
    if VIETNAMESE_LETTERS & set(name):
        return True
    return bool(VIETNAMESE_FAMILIES & set(_folded(name).replace(".", " ").split()))


def _authors(works: list[FoundWork]) -> str:
    authors: list[FoundAuthor] = [a for w in works for a in w.authors]
    with_orcid = sum(1 for a in authors if a.orcid)
    names = sorted({a.raw for a in authors if vietnamese(a.raw)})
    shown = f" {names[:4]}" if names else ""
    return f"{len(authors)} authors, {with_orcid} with ORCID, {len(names)} Vietnamese{shown}"


def _orcid_works(data: dict[str, Any]) -> str:
    works = orcid.parse_works(data)
    groups = data.get("group") or []
    merged = sum(len(g.get("work-summary") or []) - 1 for g in groups)
    with_doi = sum(1 for w in works if w.ids.doi)
    return (
        f"{len(groups)} groups -> {len(works)} works ({merged} duplicates merged), {with_doi} DOIs"
    )


def _orcid_person(data: dict[str, Any], path: Path) -> str:
    iD = path.name.split("_")[1]
    person = orcid.parse_person(iD, data)
    return (
        f"{person.credit_name or person.given + ' ' + person.family}; "
        f"{len(person.other_names)} other names, {len(person.keywords)} keywords"
    )


def _orcid_record(data: dict[str, Any]) -> str:
    """ORCID's documented full record: /person, /employments and /works inside one."""
    person = orcid.parse_person("0000-0002-7319-2192", data["person"])
    employments = orcid.parse_employments(data["activities-summary"]["employments"])
    works = _orcid_works(data["activities-summary"]["works"])
    rors = sum(1 for e in employments if e.ror_id)
    return (
        f"{len(person.other_names)} other names, {len(employments)} employments "
        f"({rors} with ROR); {works}"
    )


def _orcid_full_work(data: dict[str, Any]) -> str:
    work = orcid.parse_group({"work-summary": [data]})
    return f"one work: {work.title[:50] if work else None!r}, DOI {work.ids.doi if work else None}"


def read_orcid(path: Path, data: Any) -> str:
    if path.name.endswith("_works.json"):
        return _orcid_works(data)
    if path.name.endswith("_person.json"):
        return _orcid_person(data, path)
    if "record-full" in path.name:
        return _orcid_record(data)
    return _orcid_full_work(data)


def read_openalex(path: Path, data: Any) -> str:
    if path.name.startswith("author_"):
        person = openalex.parse_author(data)
        rors = sum(1 for e in person.employments if e.ror_id)
        return (
            f"{person.id} {person.credit_name!r}{' (deleted)' if person.deleted else ''}; "
            f"{len(person.other_names)} alternatives, ORCID {person.orcid}, "
            f"{len(person.employments)} employments ({rors} with ROR)"
        )
    if path.name.startswith("institution_"):
        found = openalex.parse_institution(data)
        return f"{found.id} {found.name}, ROR {found.ror}, {found.country}"
    work = openalex.parse_work(data)
    works = [work] if work else []
    words = len(work.abstract.split()) if work else 0
    return f"{len(works)} work, DOI {work.ids.doi if work else None}, abstract {words} words; " + (
        _authors(works)
    )


def read_crossref(path: Path, data: Any) -> str:
    if data.get("message-type") == "work-list":
        items = data["message"]["items"]
        works = [w for item in items if (w := crossref.parse_work(item))]
        return f"{len(items)} items -> {len(works)} works; {_authors(works)}"
    work = crossref.parse_envelope(data)
    works = [work] if work else []
    return f"{len(works)} work, year {work.year if work else None}; {_authors(works)}"


READERS: dict[str, Callable[[Path, Any], str]] = {
    "orcid": read_orcid,
    "openalex": read_openalex,
    "crossref": read_crossref,
}


def read_all(folder: Path) -> int:
    """Prints what each record gave; the number of records that failed."""
    failures = 0
    for source, reader in READERS.items():
        for path in sorted((folder / source).iterdir()):
            name = f"{source}/{path.name}"
            if path.suffix != ".json":
                print(f"{name}: skipped (the clients ask for JSON)")
                continue
            try:
                print(f"{name}: {reader(path, json.loads(path.read_text(encoding='utf-8')))}")
            except Exception as exc:  # any failure of a parser is the finding
                failures += 1
                print(f"{name}: FAILED {type(exc).__name__}: {exc}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT, help="relative to the repo root")
    folder = ROOT / parser.parse_args().path
    if not all((folder / source).is_dir() for source in READERS):
        print(
            f"no source records at {parser.parse_args().path} (expected orcid/, openalex/ and "
            "crossref/ there, relative to the repository's root)",
            file=sys.stderr,
        )
        return 2
    failures = read_all(folder)
    print(f"{failures} record(s) failed to parse" if failures else "every record parsed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
