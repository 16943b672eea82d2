"""Reads of the works behind the experts of the technology groups."""

from dataclasses import dataclass

from graph import GraphStore
from graph.queries import evidence as q


@dataclass(frozen=True, slots=True)
class WorkEvidence:
    id: str
    origin: str | None  # orcid, openalex, crossref, bibtex, ris; None: typed in by hand
    source: str | None  # the trust level
    updated_at: int
    authors: tuple[str, ...]  # of the experts asked about


class EvidenceRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def works_of(self, expert_ids: list[str]) -> list[WorkEvidence]:
        if not expert_ids:
            return []
        return [
            WorkEvidence(
                id=str(r["id"]),
                origin=r["origin"],
                source=r["source"],
                updated_at=int(r["updated_at"] or 0),
                authors=tuple(r["authors"]),
            )
            for r in self.store.run(q.works_of(expert_ids))
        ]
