"""Proposed skills in the graph, and the skill an accepted one becomes (the only code here
that calls the store)."""

from graph import GraphStore
from graph.queries import skill_proposals as q
from graph.queries import taxonomy as tq
from talent.core.errors import Conflict, NotFound
from talent.core.repository import record_changes
from talent.taxonomy.models import Props
from talent.taxonomy.proposals.models import ProposalRead
from talent.taxonomy.repository import TAXONOMY_CHANGED

CHANGED = "the proposal was decided or changed meanwhile; look at it again"


class ProposalRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def create(self, props: dict[str, object]) -> ProposalRead:
        rows = self.store.run(q.create(props))
        return ProposalRead.model_validate(rows[0]["proposal"])

    def get(self, proposal_id: str) -> ProposalRead:
        rows = self.store.run(q.get(proposal_id))
        if not rows:
            raise NotFound("no skill proposal with this id", fields={"id": proposal_id})
        return ProposalRead.model_validate(rows[0]["proposal"])

    def page(self, *, status: str | None, after: str, limit: int) -> list[ProposalRead]:
        rows = self.store.run(q.page(status=status, after=after, limit=limit))
        return [ProposalRead.model_validate(row["proposal"]) for row in rows]

    def decide(self, proposal_id: str, version: int, changes: dict[str, object]) -> ProposalRead:
        """The decision on the proposal as read at `version`; 409 if it was decided or changed
        since, 404 if there is none."""
        rows = self.store.run(q.decide(proposal_id, version, changes))
        if not rows:
            self.get(proposal_id)
            raise Conflict(CHANGED, fields={"version": str(version)})
        return ProposalRead.model_validate(rows[0]["proposal"])

    def add_skill(self, skill_id: str, props: Props, *, group: str, broader: str) -> None:
        """The new skill under its group (and broader skill), the taxonomy's indexes told."""
        self.store.run(tq.upsert_skills([{"id": skill_id, "props": props}]))
        self.store.run(tq.link_groups([{"id": skill_id, "group": group}]))
        if broader:
            self.store.run(tq.link_broader([{"id": skill_id, "broader": broader}]))
        record_changes(self.store, [TAXONOMY_CHANGED])
