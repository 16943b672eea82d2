"""What an import makes of real source records (../shared/data/sources, read at run time, never
copied): for a named expert, the proposals an import would show (one per work across sources,
with why) and the work each becomes once accepted, with its provenance. No graph is needed:
the import's own steps run on the records as the sources served them.

    python -m bench.import_preview [--path ../shared/data/sources]
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from talent.imports.accept import as_work, provenance
from talent.imports.dedupe import deduplicate
from talent.imports.models import Reason, ReasonKind
from talent.sources.crossref import parse_work as parse_crossref
from talent.sources.models import FoundWork
from talent.sources.names import match_author, name_keys
from talent.sources.openalex import parse_author, parse_work
from talent.sources.orcid import parse_works

DEFAULT = Path("../shared/data/sources")  # relative to the repository's root
# Who imports, and from what: the VNU Journal record lists "Nguyen The" / "Hung".
CASES = (
    ("Nguyễn Thế Hưng", (("crossref", "works_sample5_incl_vnu_10.25073.json"),)),
    (
        "Jason Priem",
        (
            ("openalex-author", "author_A5023888391.json"),
            ("openalex-work", "work_W2741809807.json"),
        ),
    ),
    ("Scott Chamberlain", (("orcid-works", "chamberlain_0000-0003-1444-9135_works.json"),)),
)


def _found(path: Path, kind: str) -> tuple[list[FoundWork], Reason, list[str]]:
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    if kind == "crossref":
        items = data["message"]["items"] if "items" in data["message"] else [data["message"]]
        works = [w for w in (parse_crossref(i) for i in items) if w]
        return works, Reason(kind=ReasonKind.DOI, value="(pasted)"), []
    if kind == "openalex-author":
        author = parse_author(data)
        return [], Reason(kind=ReasonKind.OPENALEX, value=author.id), list(author.other_names)
    if kind == "openalex-work":
        work = parse_work(data)
        return [work] if work else [], Reason(kind=ReasonKind.OPENALEX, value="A5023888391"), []
    orcid = path.name.split("_")[1]
    return parse_works(data), Reason(kind=ReasonKind.ORCID, value=orcid), []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--path", type=Path, default=DEFAULT)
    folder = parser.parse_args().path
    if not folder.is_dir():
        print(f"no source records at {folder}", file=sys.stderr)
        return 2
    for expert, files in CASES:
        person = name_keys(expert)
        gathered: list[tuple[FoundWork, list[Reason]]] = []
        variants: list[str] = []
        for kind, name in files:
            source = "orcid" if kind.startswith("orcid") else kind.split("-")[0]
            works, reason, alternatives = _found(folder / source / name, kind)
            variants += alternatives
            for work in works:
                named = [a for a in work.authors if match_author(a, person)]
                if not named and kind == "crossref":
                    continue  # a pasted DOI list would name only the expert's works
                why = [reason]
                if named:
                    how = match_author(named[0], person)
                    assert how is not None
                    why.append(
                        Reason(kind=ReasonKind.NAME, value=named[0].raw, detail=how.kind.value)
                    )
                gathered.append((work, why))
        proposals = deduplicate(gathered)
        print(f"== {expert}: {len(gathered)} found, {len(proposals)} proposals")
        if variants:
            print(f"   name variants to suggest: {variants}")
        for p in proposals[:3]:
            stored = as_work(p.work, "EXPERT-ID")
            kept = {k: v for k, v in provenance(p.work).items() if k != "imported_at" and v}
            reasons = "; ".join(
                f"{r.kind.value} {r.value}" + (f" ({r.detail})" if r.detail else "")
                for r in p.reasons
            )
            print(f"   - {stored.title[:70]!r} {stored.year} doi={stored.doi}")
            print(f"     why: {reasons}")
            print(f"     stored: source={stored.source.value} kind={stored.kind.value} {kept}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
