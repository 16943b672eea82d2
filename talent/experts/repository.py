"""Expert profiles in the graph: the generic record operations, and what only experts have
(authorship, verified claims, system properties, freshness reminders, counts)."""

from collections.abc import Sequence

from graph import GraphStore
from graph.queries import entities
from graph.queries import experts as q
from talent.core.types import Source
from talent.experts.models import (
    DueReminder,
    ExpertCreate,
    ExpertRead,
    ExpertStatus,
    StatusCount,
    SystemChanges,
)
from talent.experts.resource import EXPERT
from talent.resources.repository import ResourceRepository


class ExpertRepository(ResourceRepository[ExpertCreate, ExpertRead]):
    def __init__(self, store: GraphStore) -> None:
        super().__init__(store, EXPERT)

    def page_in_states(
        self, *, after: str, limit: int, states: Sequence[ExpertStatus]
    ) -> list[ExpertRead]:
        """Up to `limit` profiles in one of `states`, in id order after the id `after`."""
        query = entities.page_in_states(
            EXPERT.entity, after=after, limit=limit, states=[s.value for s in states]
        )
        return [EXPERT.from_row(row) for row in self.store.run(query)]

    def authored_counts(self, expert_ids: list[str]) -> dict[str, int]:
        """Works per expert, for those who have any."""
        if not expert_ids:
            return {}
        rows = self.store.run(q.authored_counts(expert_ids))
        return {row["id"]: int(row["works"]) for row in rows}

    def authored_work_ids(self, expert_id: str) -> list[str]:
        return [row["id"] for row in self.store.run(q.authored_work_ids(expert_id))]

    def add_authorship(self, expert_id: str, work_ids: list[str]) -> None:
        self.store.run(q.add_authorship(expert_id, work_ids))

    def remove_authorship(self, expert_id: str, work_ids: list[str]) -> None:
        self.store.run(q.remove_authorship(expert_id, work_ids))

    def verify_claims(
        self,
        expert_id: str,
        *,
        source: Source,
        skill_ids: list[str],
        organization_ids: list[str],
        work_ids: list[str],
    ) -> None:
        """Give these skill, affiliation and work claims of the expert `source`."""
        self.store.run(q.verify_skills(expert_id, skill_ids, source.value))
        self.store.run(q.verify_affiliations(expert_id, organization_ids, source.value))
        self.store.run(q.verify_works(expert_id, work_ids, source.value))

    def set_system(
        self, current: ExpertRead, changes: SystemChanges, *, expected: int | None = None
    ) -> None:
        """Change system properties in place, if the profile is still at the version read as
        `current` (or `expected`, the client's); refused as `replace` is, otherwise."""
        version = current.version if expected is None else expected
        if not self.store.run(q.set_props(current.id, changes.props(), version=version)):
            self.refuse(current.id, expected=expected)

    def set_lead_limit(
        self, current: ExpertRead, limit: int | None, *, expected: int | None
    ) -> None:
        """The ministry's lead limit (None removes it), at the version read, as `set_system`."""
        version = current.version if expected is None else expected
        if not self.store.run(q.set_props(current.id, {"lead_limit": limit}, version=version)):
            self.refuse(current.id, expected=expected)

    def status_counts(self) -> list[StatusCount]:
        return [
            StatusCount(status=r["status"], residency=r["residency"], experts=int(r["n"]))
            for r in self.store.run(q.status_counts())
        ]

    def due_reminders(
        self, *, stale_before: int, remind_before: int, limit: int
    ) -> list[DueReminder]:
        """Active profiles last confirmed before `stale_before` whose owners were not reminded
        since `remind_before`, in id order."""
        rows = self.store.run(q.due_reminders(stale_before, remind_before, limit))
        return [
            DueReminder(
                id=row["id"],
                name=row["name"],
                emails=tuple(row["emails"] or ()),
                account_emails=tuple(row["accounts"] or ()),
            )
            for row in rows
        ]

    def freshness_counts(self, *, stale_before: int, remind_before: int) -> tuple[int, int]:
        """How many active profiles were last confirmed before `stale_before`, and how many of
        those are due a reminder (not reminded since `remind_before`)."""
        rows = self.store.run(q.freshness_counts(stale_before, remind_before))
        return (int(rows[0]["stale"]), int(rows[0]["due"])) if rows else (0, 0)

    def mark_reminded(self, expert_ids: list[str], at: int) -> None:
        self.store.run(q.mark_reminded(expert_ids, at))
