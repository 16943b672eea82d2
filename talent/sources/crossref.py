"""Crossref: a work by its DOI (title, venue, year, authors with ORCID iDs and affiliations,
abstract). A DOI Crossref does not know is SourceNotFound, whoever registered it.

The parser takes the decoded `message` of `/works/{doi}` (or one item of `/works`)."""

from typing import Any
from urllib.parse import quote

from talent.resources.models import WorkKind
from talent.sources.errors import SourceMalformed
from talent.sources.http import ContactedApi, parsed
from talent.sources.models import ExternalIds, FoundAuthor, FoundWork, SourceName
from talent.sources.values import bare_orcid, dig, first_text, normalise_doi, plain, year

KINDS = {"standard": WorkKind.STANDARD}
# Where a work's year is, best first: the earliest publication (print or online), then the
# date Crossref takes as its issue.
DATES = ("published", "issued", "published-print", "published-online", "created")


def doi_path(doi: str) -> str:
    """`works/{doi}` with the DOI percent-encoded: SICI DOIs hold brackets, semicolons and '#'
    that would otherwise change the URL; the prefix's slash stays (Crossref's own form)."""
    normal = normalise_doi(doi)
    if normal is None:
        raise ValueError(f"'{doi.strip()}' is not a DOI (a DOI looks like 10.1000/xyz123)")
    return "works/" + quote(normal, safe="/")


def _year(message: dict[str, Any]) -> int | None:
    for key in DATES:
        found = year(dig(message, key, "date-parts", 0, 0))
        if found:
            return found
    return None


def parse_author(author: dict[str, Any]) -> FoundAuthor | None:
    given, family = plain(author.get("given")), plain(author.get("family"))
    raw = " ".join(part for part in (given, family) if part) or plain(author.get("name"))
    if not raw:
        return None
    return FoundAuthor(
        raw=raw,
        given=given,
        family=family,
        orcid=bare_orcid(author.get("ORCID")),
        affiliations=tuple(
            name for a in author.get("affiliation") or [] if (name := plain(dig(a, "name")))
        ),
    )


def parse_work(message: dict[str, Any]) -> FoundWork | None:
    """Crossref's `message` for one work; None when it has no title."""
    title = first_text(message.get("title"))
    if not title:
        return None
    doi = normalise_doi(message.get("DOI"))
    authors = (parse_author(a) for a in message.get("author") or [])
    return FoundWork(
        source=SourceName.CROSSREF,
        title=title,
        year=_year(message),
        kind=KINDS.get(str(message.get("type") or ""), WorkKind.PUBLICATION),
        venue=first_text(message.get("container-title")),
        abstract=plain(message.get("abstract")),
        authors=tuple(a for a in authors if a),
        ids=ExternalIds(doi=doi),
        url=f"https://doi.org/{doi}" if doi else message.get("URL"),
    )


def parse_envelope(answer: dict[str, Any]) -> FoundWork | None:
    """`/works/{doi}`'s answer: {"status": "ok", "message-type": "work", "message": {…}}."""
    if answer.get("status") != "ok" or answer.get("message-type") != "work":
        raise ValueError(f"not a work: status {answer.get('status')!r}")
    return parse_work(answer["message"])


class CrossrefClient(ContactedApi):
    """Crossref's REST API through the shared polite client; `mailto` on every request."""

    source = SourceName.CROSSREF

    def work(self, doi: str) -> FoundWork:
        """The work a DOI names (SourceNotFound when Crossref has none)."""
        answer = self._http.get_json(doi_path(doi))
        work = parsed(SourceName.CROSSREF, parse_envelope, answer)
        if work is None:
            raise SourceMalformed(SourceName.CROSSREF, f"the work {doi} has no title")
        return work
