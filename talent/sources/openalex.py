"""OpenAlex: an author by OpenAlex id or ORCID iD (names, alternatives, affiliations with ROR
ids), their works page by page, and institutions. OpenAlex merged and replaced author ids in
2023: an old id redirects to the record it now has, and the id reported is the new one; a
merged-away or removed author is served as "Deleted Author".

The parsers take decoded JSON as the API serves it."""

from collections.abc import Iterator
from datetime import date
from typing import Any

from talent.resources.models import WorkKind
from talent.sources.errors import SourceMalformed
from talent.sources.http import ContactedApi, parsed
from talent.sources.models import (
    ExternalIds,
    Found,
    FoundAuthor,
    FoundEmployment,
    FoundPerson,
    FoundWork,
    SourceName,
)
from talent.sources.values import (
    bare_orcid,
    dig,
    normalise_doi,
    plain,
    short_openalex,
    short_ror,
    year,
)

DELETED_AUTHOR = "Deleted Author"
PAGE_SIZE = 200  # the most OpenAlex serves a page
KINDS = {"standard": WorkKind.STANDARD}


class OpenAlexInstitution(Found):
    id: str  # I27837315
    name: str
    ror: str | None = None  # short form
    country: str | None = None


def author_path(key: str) -> str:
    """The documented path of an author: `authors/A…`, or `authors/orcid:<iD>` for an iD."""
    if (short := short_openalex(key)) and short.startswith("A"):
        return f"authors/{short}"
    if orcid := bare_orcid(key):
        return f"authors/orcid:{orcid}"
    raise ValueError(
        f"'{key.strip()}' is neither an OpenAlex author id (A5023888391) nor a valid ORCID iD"
    )


def _employment(institution: dict[str, Any], years: list[int]) -> FoundEmployment | None:
    name = plain(institution.get("display_name"))
    if not name:
        return None
    country = institution.get("country_code")
    return FoundEmployment(
        organization=name,
        country=country.upper() if isinstance(country, str) and len(country) == 2 else None,
        ror_id=short_ror(institution.get("ror")),
        start_year=min(years) if years else None,
        end_year=max(years) if years else None,
    )


def parse_author(author: dict[str, Any]) -> FoundPerson:
    """`/authors/{id}` as one FoundPerson; affiliations (with their years) as employments."""
    employments: list[FoundEmployment] = []
    for affiliation in author.get("affiliations") or []:
        years = [y for y in affiliation.get("years") or [] if isinstance(y, int)]
        found = _employment(affiliation.get("institution") or {}, years)
        if found and found not in employments:
            employments.append(found)
    named = {e.ror_id or e.organization for e in employments}
    for institution in author.get("last_known_institutions") or []:
        found = _employment(institution, [])
        if found and (found.ror_id or found.organization) not in named:
            employments.append(found)
    name = plain(author.get("display_name"))
    alternatives = [plain(n) for n in author.get("display_name_alternatives") or []]
    author_id = short_openalex(author.get("id"))
    if author_id is None:
        raise ValueError("an OpenAlex author without an id")
    return FoundPerson(
        source=SourceName.OPENALEX,
        id=author_id,
        credit_name=name,
        other_names=tuple(dict.fromkeys(n for n in alternatives if n and n != name)),
        orcid=bare_orcid(author.get("orcid") or dig(author, "ids", "orcid")),
        employments=tuple(employments),
        works_count=author.get("works_count"),
        deleted=name == DELETED_AUTHOR,
    )


def abstract(inverted: object) -> str:
    """The abstract OpenAlex keeps as {word: [positions]}, rebuilt in order."""
    if not isinstance(inverted, dict):
        return ""
    at: dict[int, str] = {}
    for word, positions in inverted.items():
        for position in positions or []:
            at[int(position)] = word
    return " ".join(at[i] for i in sorted(at))


def parse_authorship(authorship: dict[str, Any]) -> FoundAuthor | None:
    author = authorship.get("author") or {}
    raw = plain(authorship.get("raw_author_name")) or plain(author.get("display_name"))
    if not raw:
        return None
    rors = (short_ror(i.get("ror")) for i in authorship.get("institutions") or [])
    return FoundAuthor(
        raw=raw,
        orcid=bare_orcid(author.get("orcid")),
        openalex=short_openalex(author.get("id")),
        affiliations=tuple(
            text for a in authorship.get("raw_affiliation_strings") or [] if (text := plain(a))
        ),
        ror_ids=tuple(dict.fromkeys(r for r in rors if r)),
    )


def parse_work(work: dict[str, Any]) -> FoundWork | None:
    """`/works/{id}` (or one result of `/works`) as a FoundWork; None without a title."""
    title = plain(work.get("title") or work.get("display_name"))
    if not title:
        return None
    doi = normalise_doi(work.get("doi") or dig(work, "ids", "doi"))
    pmid = str(dig(work, "ids", "pmid") or "").rstrip("/").rsplit("/", 1)[-1] or None
    authors = (parse_authorship(a) for a in work.get("authorships") or [])
    return FoundWork(
        source=SourceName.OPENALEX,
        title=title,
        year=year(work.get("publication_year")),
        kind=KINDS.get(str(work.get("type") or ""), WorkKind.PUBLICATION),
        venue=plain(dig(work, "primary_location", "source", "display_name")),
        abstract=abstract(work.get("abstract_inverted_index")),
        authors=tuple(a for a in authors if a),
        ids=ExternalIds(doi=doi, openalex=short_openalex(work.get("id")), pmid=pmid),
        url=f"https://doi.org/{doi}" if doi else dig(work, "primary_location", "landing_page_url"),
    )


def parse_institution(institution: dict[str, Any]) -> OpenAlexInstitution:
    country = institution.get("country_code")
    return OpenAlexInstitution(
        id=short_openalex(institution.get("id")) or "",
        name=plain(institution.get("display_name")),
        ror=short_ror(institution.get("ror")),
        country=country.upper() if isinstance(country, str) and len(country) == 2 else None,
    )


class OpenAlexClient(ContactedApi):
    """OpenAlex's API through the shared polite client; `mailto` on every request (the polite
    pool) when configured."""

    source = SourceName.OPENALEX

    def author(self, key: str) -> FoundPerson:
        """The author an OpenAlex id or ORCID iD names, under the id the record has now."""
        record = self._http.get_json(author_path(key))
        return parsed(SourceName.OPENALEX, parse_author, record)

    def works(self, author_id: str, since: date | None = None) -> Iterator[FoundWork]:
        """The author's works (updated on or after `since`), every page, as they arrive; a
        wrong id is refused at the call, not at the first page."""
        short = short_openalex(author_id)
        if not short or not short.startswith("A"):
            raise ValueError(f"'{author_id}' is not an OpenAlex author id (A5023888391)")
        filters = f"author.id:{short}"
        if since:
            filters += f",from_updated_date:{since.isoformat()}"
        return self._pages(filters)

    def _pages(self, filters: str) -> Iterator[FoundWork]:
        cursor: str | None = "*"
        seen: set[str] = set()
        while cursor:
            seen.add(cursor)
            page = self._http.get_json(
                "works", params={"filter": filters, "per-page": PAGE_SIZE, "cursor": cursor}
            )
            results = parsed(SourceName.OPENALEX, lambda p: list(p["results"]), page)
            for result in results:
                work = parsed(SourceName.OPENALEX, parse_work, result)
                if work:
                    yield work
            cursor = dig(page, "meta", "next_cursor") if results else None
            if cursor in seen:
                raise SourceMalformed(SourceName.OPENALEX, f"pagination repeats cursor {cursor}")

    def institution(self, institution_id: str) -> OpenAlexInstitution:
        """An institution's name, ROR id and country."""
        short = short_openalex(institution_id)
        if not short or not short.startswith("I"):
            raise ValueError(f"'{institution_id}' is not an OpenAlex institution id (I27837315)")
        record = self._http.get_json(f"institutions/{short}")
        return parsed(SourceName.OPENALEX, parse_institution, record)
