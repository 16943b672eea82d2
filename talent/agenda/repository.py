"""The start pages' reads of the graph."""

from graph import GraphStore
from graph.queries import agenda as q
from talent.agenda.models import DueAction, RoleFigures, Waiting


class AgendaRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def open_reviews(self) -> dict[str, Waiting]:
        """Open reviews by kind."""
        return {
            str(row["kind"]): Waiting(count=int(row["n"]), oldest=row["oldest"])
            for row in self.store.run(q.open_reviews())
        }

    def due_actions(self, today: str, *, limit: int) -> tuple[list[DueAction], int, int]:
        """Next actions due by `today`: the first `limit`, how many in all, how many overdue."""
        rows = self.store.run(q.due_actions(today, limit))
        due = [
            DueAction(
                expert_id=str(r["expert_id"]),
                name=str(r["name"] or r["expert_id"]),
                stage=str(r["stage"]),
                due_on=str(r["due_on"]),
                action=str(r["action"]),
                owner_id=r["owner_id"],
                overdue=str(r["due_on"]) < today,
            )
            for r in rows
        ]
        counts = self.store.run(q.count_due_actions(today))[0]
        return due, int(counts["n"]), int(counts["overdue"] or 0)

    def lead_roles(self, lead_id: str) -> list[RoleFigures]:
        return [RoleFigures.model_validate(r) for r in self.store.run(q.lead_roles(lead_id))]

    def roles_without_candidates(self, *, limit: int) -> tuple[list[RoleFigures], int]:
        rows = self.store.run(q.roles_without_candidates(limit))
        total = self.store.run(q.count_roles_without_candidates())[0]["n"]
        return [RoleFigures.model_validate(r) for r in rows], int(total)
