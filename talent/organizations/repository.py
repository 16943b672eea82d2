"""Reads and writes of organisations for their index and their review."""

from graph import GraphStore
from graph.queries import organizations as q
from talent.core.ids import now_ms
from talent.organizations.models import ProposedOrganization
from talent.resources.catalog import ORGANIZATION
from talent.resources.models import OrganizationRead
from talent.resources.repository import ResourceRepository

_PAGE = 1000


class OrganizationRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def all(self) -> list[OrganizationRead]:
        """Every organisation, page by page in id order."""
        repo = ResourceRepository(self.store, ORGANIZATION)
        found: list[OrganizationRead] = []
        after = ""
        while True:
            batch = repo.page(after=after, limit=_PAGE)
            found.extend(batch)
            if len(batch) < _PAGE:
                return found
            after = batch[-1].id

    def find(self, org_id: str) -> OrganizationRead | None:
        return ResourceRepository(self.store, ORGANIZATION).find(org_id)

    def proposed(self, limit: int) -> list[ProposedOrganization]:
        return [
            ProposedOrganization(
                organization=ORGANIZATION.from_row({"node": row["node"]}),
                expert_ids=sorted(row["experts"]),
            )
            for row in self.store.run(q.proposed(limit))
        ]

    def approve(self, org_id: str) -> bool:
        """False if the organisation was not waiting for review."""
        return bool(self.store.run(q.approve(org_id, now_ms())))

    def reject(self, org_id: str) -> list[str] | None:
        """The profiles that lost an affiliation; None if it was not waiting for review."""
        rows = self.store.run(q.reject(org_id))
        return sorted(rows[0]["experts"]) if rows else None

    def affiliated_counts(self, org_ids: list[str]) -> dict[str, int]:
        """Per organisation, how many profiles name it (0 for none)."""
        rows = self.store.run(q.affiliated_counts(org_ids)) if org_ids else []
        found = {str(row["id"]): int(row["n"]) for row in rows}
        return {org_id: found.get(org_id, 0) for org_id in org_ids}
