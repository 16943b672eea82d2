"""The BibTeX and RIS readers against real exports (../shared/data/sources/bibtex and ris,
read at run time, never copied), the time to read a generated 5,000-entry BibTeX file, and
the author matcher over Crossref's deposit of a Vietnamese paper.

Per file: entries read, problems, and the Vietnamese author names as decoded (the UD 2.7
citation's `Nguy{\\~{\\^e}}n Th{\\d i}, Lương` must come out as "Nguyễn Thị Lương"). Exits
non-zero when a real file cannot be read or its Vietnamese names lose their letters.

    python -m bench.reference_files [--path ../shared/data/sources] [--entries 5000]
"""

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from talent.sources import bibtex, crossref
from talent.sources.bibtex import parse_bibtex
from talent.sources.models import FoundAuthor, ParsedFile
from talent.sources.names import VIETNAMESE_FAMILY_NAMES, match_author, name_keys
from talent.sources.ris import parse_ris

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = Path("../shared/data/sources")  # relative to the repository's root
READERS: dict[str, tuple[str, Callable[[bytes], ParsedFile]]] = {
    "bibtex": (".bib", parse_bibtex),
    "ris": (".ris", parse_ris),
}
# Letters only Vietnamese writes (beyond Latin-1).
VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ") | set(map(chr, range(0x1EA0, 0x1EFA)))
# What the UD 2.7 citation's escaped Vietnamese authors must read as.
UD_NAMES = {"Nguyễn Thị Lương", "Nguyễn Thị Minh Huyền", "Lê Hồng Phương", "Hà Mỹ Linh"}
CROSSREF_SAMPLE = "crossref/works_sample5_incl_vnu_10.25073.json"
HUNG = "Nguyễn Thế Hưng"

# Escaped spellings for generated entries, as reference managers write them.
FAMILIES = (r"Nguy{\~{\^e}}n", r"Tr{\`{\^a}}n", r"L{\^e}", r"Ph{\d a}m", r"{\DJ}{\~{\^o}}")
MIDDLES = (r"Th{\d i}", r"V{\u a}n", r"Ho{\`a}ng", r"Minh", r"Thu")
GIVENS = (r"H{\uhorn}{\ohorn}ng", r"B{\`i}nh", r"Ph{\uhorn}{\ohorn}ng", r"Tu{\'{\^a}}n", "Lan")


def vietnamese(author: FoundAuthor) -> bool:
    words = author.raw.casefold().split()
    return bool(VIETNAMESE_LETTERS & set(author.raw)) or (
        bool(words) and words[0] in VIETNAMESE_FAMILY_NAMES and len(words) > 2
    )


def read_file(path: Path, reader: Callable[[bytes], ParsedFile]) -> tuple[bool, list[str]]:
    """What one file gave, as lines to print; False when it could not be read."""
    try:
        parsed = reader(path.read_bytes())
    except Exception as exc:  # any failure of a reader is the finding
        return False, [f"FAILED {type(exc).__name__}: {exc}"]
    names = sorted({a.raw for w in parsed.works for a in w.authors if vietnamese(a)})
    lines = [f"{len(parsed.works)} entries read, {len(parsed.problems)} problems"]
    lines += [f"  problem line {p.line} {p.entry!r}: {p.reason}" for p in parsed.problems[:3]]
    if len(parsed.problems) > 3:
        lines.append(f"  … and {len(parsed.problems) - 3} more problems")
    if names:
        lines.append(f"  names with Vietnamese letters: {', '.join(names)}")
    ok = bool(parsed.works)
    if path.name.startswith("ud-2.7") and not set(names) >= UD_NAMES:
        ok = False
        lines.append(f"  MISSING decoded names: {sorted(UD_NAMES - set(names))}")
    return ok, lines


def read_all(folder: Path) -> int:
    """Prints what each file gave; the number of files that failed."""
    failures = 0
    for source, (suffix, reader) in READERS.items():
        for path in sorted((folder / source).glob(f"*{suffix}")):
            ok, lines = read_file(path, reader)
            failures += not ok
            print(f"{source}/{path.name}: {lines[0]}")
            for line in lines[1:]:
                print(line)
    return failures


def generated_bibtex(entries: int, seed: int = 24) -> bytes:
    """An export of `entries` distinct entries, three escaped Vietnamese authors each."""
    rng = random.Random(seed)

    def name() -> str:
        given = f"{rng.choice(MIDDLES)} {rng.choice(GIVENS)}{rng.randrange(500)}"
        return f"{rng.choice(FAMILIES)}, {given}"

    return "".join(
        f"@article{{key{i},\n  author = {{{name()} and {name()} and {name()}}},\n"
        f"  title = {{{{Study}} {i} of the {{Mekong}} delta --- salinity}},\n"
        f"  journal = {{Tạp chí Khoa học {i % 40}}},\n  year = {{{1990 + i % 35}}},\n"
        f"  doi = {{https://doi.org/10.1000/VN.{i}}},\n"
        f"  abstract = {{We measure {i} things in {{\\`a}} place.}},\n}}\n"
        for i in range(entries)
    ).encode()


def time_parsing(entries: int, runs: int = 3) -> dict[str, float | int]:
    data = generated_bibtex(entries)
    seconds: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        bibtex._text.cache_clear()  # each run decodes every name afresh
        bibtex._author.cache_clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        parsed = parse_bibtex(data)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert len(parsed.works) == entries, parsed.problems[:3]
    # The machine is shared: the CPU time is the steadier figure.
    return {
        "entries": entries,
        "bytes": len(data),
        "runs": runs,
        "best_s": round(min(seconds), 3),
        "median_s": round(statistics.median(seconds), 3),
        "best_cpu_s": round(min(cpu), 3),
    }


def match_crossref(folder: Path) -> dict[str, object]:
    """Every author of Crossref's five-work sample against "Nguyễn Thế Hưng"."""
    path = folder / CROSSREF_SAMPLE
    if not path.is_file():
        return {"skipped": f"{CROSSREF_SAMPLE} absent"}
    items = json.loads(path.read_text(encoding="utf-8"))["message"]["items"]
    person = name_keys(HUNG)
    matched: list[str] = []
    authors = 0
    for item in items:
        work = crossref.parse_work(item)
        for author in work.authors if work else ():
            authors += 1
            found = match_author(author, person)
            if found:
                matched.append(f"{author.given!r} + {author.family!r}: {found.reason}")
    for line in matched:
        print(f"  {HUNG} <- {line}")
    return {"authors": authors, "matched": matched}


def time_matching(count: int = 100_000, seed: int = 24) -> dict[str, float | int]:
    rng = random.Random(seed)
    words = ("Nguyen", "Tran", "Le", "Thi", "Van", "The", "Hung", "Huong", "Anh", "Minh")
    authors = [" ".join(rng.choice(words) for _ in range(rng.randint(2, 4))) for _ in range(count)]
    person = name_keys(HUNG)
    started, started_cpu = time.perf_counter(), time.process_time()
    found = sum(1 for a in authors if match_author(a, person))
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    return {
        "authors": count,
        "matched": found,
        "seconds": round(seconds, 3),
        "cpu_s": round(cpu, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT, help="relative to the repo root")
    parser.add_argument("--entries", type=int, default=5000)
    args = parser.parse_args()
    folder = ROOT / args.path
    if not all((folder / source).is_dir() for source in READERS):
        print(
            f"no reference files at {args.path} (expected bibtex/ and ris/ there, relative "
            "to the repository's root)",
            file=sys.stderr,
        )
        return 2
    failures = read_all(folder)
    summary = {
        "files_failed": failures,
        "parse_bibtex": time_parsing(args.entries),
        "crossref_vs_nguyen_the_hung": match_crossref(folder),
        "match_author": time_matching(),
    }
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    print(f"{failures} file(s) failed" if failures else "every file read")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
