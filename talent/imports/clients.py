"""The import's view of the outside sources: one production client per source, made once per
worker process (each keeps its connection pool and its rate limit)."""

from collections.abc import Iterator

from talent.sources.config import SourceConfig
from talent.sources.crossref import CrossrefClient
from talent.sources.models import FoundPerson, FoundWork
from talent.sources.openalex import OpenAlexClient
from talent.sources.orcid import OrcidClient


class SourceClients:
    def __init__(self, config: SourceConfig) -> None:
        self.orcid = OrcidClient(config)
        self.openalex = OpenAlexClient(config)
        self.crossref = CrossrefClient(config)

    def orcid_person(self, orcid: str) -> FoundPerson:
        return self.orcid.person(orcid)

    def orcid_works(self, orcid: str) -> list[FoundWork]:
        return self.orcid.works(orcid)

    def openalex_author(self, key: str) -> FoundPerson:
        return self.openalex.author(key)

    def openalex_works(self, author_id: str) -> Iterator[FoundWork]:
        return self.openalex.works(author_id)

    def crossref_work(self, doi: str) -> FoundWork:
        return self.crossref.work(doi)

    def close(self) -> None:
        for client in (self.orcid, self.openalex, self.crossref):
            client.close()
