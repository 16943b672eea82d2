"""What the capability map reads: the technology groups in force and the open roles' demand."""

from dataclasses import dataclass

from graph import GraphStore
from graph.queries import insights as q


@dataclass(frozen=True, slots=True)
class GroupInfo:
    id: str
    no: int
    name_en: str
    name_vi: str


@dataclass(frozen=True, slots=True)
class Demand:
    """A role of an open programme that requires a skill."""

    role_id: str
    skill_id: str
    headcount: int = 1


class InsightsRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def current_groups(self) -> dict[str, GroupInfo]:
        """The groups of the decision in force, by id."""
        return {
            r["id"]: GroupInfo(
                id=r["id"],
                no=int(r["no"] or 0),
                name_en=r["name_en"] or r["id"],
                name_vi=r["name_vi"] or "",
            )
            for r in self.store.run(q.current_groups())
        }

    def open_demand(self) -> list[Demand]:
        """Skills required by the roles of programmes planned or active."""
        return [
            Demand(role_id=r["role"], skill_id=r["skill"], headcount=int(r["headcount"] or 1))
            for r in self.store.run(q.open_role_requirements())
        ]
