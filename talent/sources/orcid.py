"""ORCID public API v3.0: who an iD names (names, other names, keywords, employments) and
their works, one per ORCID group (ORCID groups the same work deposited by several sources),
and ORCID sign-in (OAuth `/authenticate`) that proves an expert owns an iD.

The parsers take decoded JSON (as `/person`, `/employments` and `/works` serve it with
Accept `application/vnd.orcid+json` or `application/json`), so that they can be checked
against saved records without the network."""

import time
from typing import Any
from urllib.parse import urlencode

import httpx

from talent.core import validators
from talent.resources.models import WorkKind
from talent.sources.config import SourceConfig
from talent.sources.errors import SourceMalformed
from talent.sources.http import Sleep, SourceHttp, parsed
from talent.sources.models import (
    ExternalIds,
    FoundEmployment,
    FoundPerson,
    FoundWork,
    SourceName,
)
from talent.sources.values import bare_orcid, dig, normalise_doi, plain, short_ror, year

ACCEPT = "application/vnd.orcid+json"
KINDS = {"patent": WorkKind.PATENT, "standards-and-policy": WorkKind.STANDARD}


def checked_orcid(value: str) -> str:
    """The iD, or ValueError saying what is wrong, before anything is asked of ORCID."""
    try:
        return validators.orcid(value)
    except ValueError as exc:
        raise ValueError(f"not a valid ORCID iD '{value.strip()}': {exc}") from exc


def _values(items: object, key: str = "content") -> list[str]:
    if not isinstance(items, list):
        return []
    texts = [plain(item.get(key)) for item in items if isinstance(item, dict)]
    return [text for text in texts if text]


def parse_keywords(person: dict[str, Any]) -> tuple[str, ...]:
    """Keywords as people type them: often one entry 'ecology, open access', so split."""
    found: list[str] = []
    for entry in _values(dig(person, "keywords", "keyword")):
        for part in entry.replace(";", ",").split(","):
            if part.strip() and part.strip() not in found:
                found.append(part.strip())
    return tuple(found)


def parse_employment(summary: dict[str, Any]) -> FoundEmployment | None:
    organization = summary.get("organization") or {}
    name = plain(organization.get("name"))
    if not name:
        return None
    country = dig(organization, "address", "country")
    try:
        country = validators.country_code(country) if country else None
    except ValueError:
        country = None
    ror = None
    disambiguated = organization.get("disambiguated-organization") or {}
    if str(disambiguated.get("disambiguation-source", "")).upper() == "ROR":
        ror = short_ror(disambiguated.get("disambiguated-organization-identifier"))
    return FoundEmployment(
        organization=name,
        country=country,
        ror_id=ror,
        role=plain(summary.get("role-title")),
        start_year=year(dig(summary, "start-date", "year", "value")),
        end_year=year(dig(summary, "end-date", "year", "value")),
    )


def parse_employments(employments: dict[str, Any] | None) -> tuple[FoundEmployment, ...]:
    """v3.0 `/employments`: affiliation groups, each with summaries of one employment."""
    found = []
    for group in dig(employments, "affiliation-group") or []:
        for item in group.get("summaries") or []:
            employment = parse_employment(item.get("employment-summary") or {})
            if employment and employment not in found:
                found.append(employment)
    return tuple(found)


def parse_person(
    orcid: str, person: dict[str, Any], employments: dict[str, Any] | None = None
) -> FoundPerson:
    """`/person` (and `/employments`) as one FoundPerson."""
    name = person.get("name") or {}
    return FoundPerson(
        source=SourceName.ORCID,
        id=orcid,
        orcid=orcid,
        given=plain(dig(name, "given-names", "value")),
        family=plain(dig(name, "family-name", "value")),
        credit_name=plain(dig(name, "credit-name", "value")),
        other_names=tuple(dict.fromkeys(_values(dig(person, "other-names", "other-name")))),
        keywords=parse_keywords(person),
        employments=parse_employments(employments),
    )


def preferred(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """The group's preferred version: the highest display-index (the one the researcher chose);
    on a tie, the first, as ORCID lists the preferred first."""

    def index(summary: dict[str, Any]) -> int:
        raw = str(summary.get("display-index") or "0")
        return int(raw) if raw.isdigit() else 0

    return max(summaries, key=index)


def _external_ids(*holders: Any) -> dict[str, str]:
    """First DOI and PMID among the holders' `external-ids` (a container's 'part-of' DOI is
    not the work's)."""
    found: dict[str, str] = {}
    for holder in holders:
        for item in dig(holder, "external-ids", "external-id") or []:
            kind = str(item.get("external-id-type") or "").lower()
            if kind not in ("doi", "pmid") or kind in found:
                continue
            if str(item.get("external-id-relationship") or "self").lower() == "part-of":
                continue
            value = dig(item, "external-id-normalized", "value") or item.get("external-id-value")
            value = normalise_doi(value) if kind == "doi" else str(value or "").strip() or None
            if value:
                found[kind] = value
    return found


def parse_group(group: dict[str, Any]) -> FoundWork | None:
    """One ORCID group as one work: the preferred summary, the DOI from any member."""
    summaries = [s for s in group.get("work-summary") or [] if isinstance(s, dict)]
    if not summaries:
        return None
    chosen = preferred(summaries)
    title = plain(dig(chosen, "title", "title", "value"))
    if not title:
        title = next((t for s in summaries if (t := plain(dig(s, "title", "title", "value")))), "")
    if not title:
        return None
    others = [s for s in summaries if s is not chosen]
    ids = _external_ids(chosen, *others, group)
    kind = str(chosen.get("type") or "").lower().replace("_", "-")
    doi = ids.get("doi")
    return FoundWork(
        source=SourceName.ORCID,
        title=title,
        year=year(dig(chosen, "publication-date", "year", "value")),
        kind=KINDS.get(kind, WorkKind.PUBLICATION),
        venue=plain(dig(chosen, "journal-title", "value")),
        ids=ExternalIds(
            doi=doi, orcid_put_code=str(chosen.get("put-code") or "") or None, pmid=ids.get("pmid")
        ),
        url=dig(chosen, "url", "value") or (f"https://doi.org/{doi}" if doi else None),
    )


def parse_works(works: dict[str, Any]) -> list[FoundWork]:
    """`/works`: one FoundWork per group; groups without a title are left out."""
    return [work for group in works.get("group") or [] if (work := parse_group(group))]


class OrcidClient:
    """ORCID's public API (read) and its OAuth sign-in, through the shared polite client."""

    def __init__(
        self,
        config: SourceConfig,
        *,
        sleep: Sleep = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.config = config
        accept = {"Accept": ACCEPT}
        self._api = SourceHttp(
            SourceName.ORCID,
            config.orcid_api_url,
            config,
            headers=accept,
            sleep=sleep,
            transport=transport,
        )
        self._site = SourceHttp(
            SourceName.ORCID,
            config.orcid_site_url,
            config,
            headers={"Accept": "application/json"},
            sleep=sleep,
            transport=transport,
        )

    def __enter__(self) -> "OrcidClient":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._api.close()
        self._site.close()

    def person(self, orcid: str) -> FoundPerson:
        """The person an iD names, with their employments."""
        orcid = checked_orcid(orcid)
        person = self._api.get_json(f"{orcid}/person")
        employments = self._api.get_json(f"{orcid}/employments")
        return parsed(SourceName.ORCID, parse_person, orcid, person, employments)

    def works(self, orcid: str) -> list[FoundWork]:
        """The iD's works, one per group."""
        orcid = checked_orcid(orcid)
        return parsed(SourceName.ORCID, parse_works, self._api.get_json(f"{orcid}/works"))

    def authorize_url(self, redirect_uri: str, state: str) -> str:
        """Where to send an expert to sign in to ORCID and prove the iD is theirs."""
        if not self.config.orcid_oauth:
            raise RuntimeError("ORCID sign-in needs the ORCID client id and secret configured")
        query = urlencode(
            {
                "client_id": self.config.orcid_client_id or "",
                "response_type": "code",
                "scope": "/authenticate",
                "redirect_uri": redirect_uri,
                "state": state,
            }
        )
        return f"{self.config.orcid_site_url.rstrip('/')}/oauth/authorize?{query}"

    def exchange_code(self, code: str, redirect_uri: str) -> tuple[str, str]:
        """The (iD, name) ORCID vouches for, from the code its sign-in returned."""
        if not self.config.orcid_oauth:
            raise RuntimeError("ORCID sign-in needs the ORCID client id and secret configured")
        answer = self._site.post_form(
            "oauth/token",
            {
                "client_id": self.config.orcid_client_id or "",
                "client_secret": self.config.orcid_client_secret or "",
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
            },
        )
        orcid = bare_orcid(dig(answer, "orcid"))
        if orcid is None:
            raise SourceMalformed(SourceName.ORCID, "the token answer names no valid ORCID iD")
        return orcid, plain(dig(answer, "name"))
