"""One proposal per work, whatever the number of sources that list it: works with the same DOI
are one, then works with the same normalised title and year (sources disagree on letter case,
punctuation and accents, and a preprint's record may lack the DOI)."""

import re
from collections.abc import Iterable

from talent.core.names import fold_name
from talent.imports.models import Reason
from talent.imports.repository import Proposal
from talent.sources.models import ExternalIds, FoundWork

_PUNCTUATION = re.compile(r"[^a-z0-9]+")


def title_key(title: str, year: int | None) -> str:
    """Letters and digits only, folded: sources differ in case, accents, dashes and quotes."""
    folded = _PUNCTUATION.sub(" ", fold_name(title)).strip()
    return f"title:{folded}|{year or ''}"


def work_key(work: FoundWork) -> str:
    return f"doi:{work.ids.doi}" if work.ids.doi else title_key(work.title, work.year)


def merged(a: FoundWork, b: FoundWork) -> FoundWork:
    """`a` completed by what `b` knows and `a` does not: identifiers, abstract, venue, year,
    the longer author list."""
    ids = ExternalIds(
        doi=a.ids.doi or b.ids.doi,
        openalex=a.ids.openalex or b.ids.openalex,
        orcid_put_code=a.ids.orcid_put_code or b.ids.orcid_put_code,
        pmid=a.ids.pmid or b.ids.pmid,
    )
    return a.model_copy(
        update={
            "ids": ids,
            "abstract": a.abstract or b.abstract,
            "venue": a.venue or b.venue,
            "year": a.year or b.year,
            "url": a.url or b.url,
            "authors": a.authors if len(a.authors) >= len(b.authors) else b.authors,
        }
    )


def deduplicate(found: Iterable[tuple[FoundWork, list[Reason]]]) -> list[Proposal]:
    """Proposals in the order first seen, each with the sources and reasons of all its copies."""
    by_key: dict[str, Proposal] = {}
    by_title: dict[str, Proposal] = {}
    for work, reasons in found:
        titled = title_key(work.title, work.year)
        same = by_key.get(work_key(work)) or by_title.get(titled)
        if same is not None and _other_dois(same.work, work):
            # Two DOIs are two records ("Editorial", 2020, in two journals): never merged.
            same = None
        if same is None:
            proposal = Proposal(work_key(work), work, reasons)
            by_key[proposal.key] = proposal
            by_title.setdefault(titled, proposal)
            continue
        if same.work.ids.doi is None and work.ids.doi is not None:
            # The copy with a DOI keys the work: a later run finds it by the DOI.
            del by_key[same.key]
            same.key = work_key(work)
            by_key[same.key] = same
            same.work = merged(work, same.work)
        else:
            same.work = merged(same.work, work)
        if work.source not in same.sources:
            same.sources.append(work.source)
        same.reasons += [r for r in reasons if r not in same.reasons]
    return list(by_key.values())


def _other_dois(a: FoundWork, b: FoundWork) -> bool:
    return a.ids.doi is not None and b.ids.doi is not None and a.ids.doi != b.ids.doi
