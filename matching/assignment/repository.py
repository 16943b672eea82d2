"""The graph reads of portfolio assignment: the roles chosen and their candidates' ledgers."""

from dataclasses import dataclass
from datetime import date

from graph import GraphStore
from graph.queries import assignment as q


@dataclass(frozen=True, slots=True)
class OpenRole:
    role_id: str
    title: str
    kind: str
    headcount: int
    programme_id: str
    programme_name: str
    closed: bool


@dataclass(frozen=True, slots=True)
class Ledger:
    """An expert's facts the rules read, and the kinds of the roles held outside a portfolio."""

    expert_id: str
    country: str | None
    diaspora: bool
    years: int
    lead_limit: int | None  # as the ministry set it; None: the default
    organizations: frozenset[str]
    held: tuple[str, ...]
    commitment_hours: int = 0  # a month, declared by the expert
    commitment_until: date | None = None


@dataclass(frozen=True, slots=True, order=True)
class Proposal:
    """An expert proposed for a role by an accepted assignment."""

    role_id: str
    expert_id: str
    at: int
    by: str
    assignment: str


@dataclass(frozen=True, slots=True)
class Recorded:
    """A proposal in a role's history: `until` and `ended_by` once a later one replaced it."""

    expert_id: str
    at: int
    by: str
    assignment: str
    until: int | None
    ended_by: str | None


@dataclass(frozen=True, slots=True)
class Held:
    """A role an expert is proposed for now."""

    role_id: str
    title: str
    kind: str
    programme_id: str
    programme_name: str
    at: int
    assignment: str


class AssignmentRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def roles(self, role_ids: list[str] | None, programme_ids: list[str] | None) -> list[OpenRole]:
        rows = self.store.run(q.open_roles(role_ids, programme_ids))
        return [OpenRole(**row) for row in rows]

    def ledgers(self, expert_ids: list[str], roles: list[str], year: int) -> dict[str, Ledger]:
        if not expert_ids:
            return {}
        [row] = self.store.run(q.ledgers(expert_ids, roles, year))
        return {
            r[0]: Ledger(
                expert_id=r[0],
                country=r[1],
                diaspora=bool(r[2]),
                years=int(r[3]),
                lead_limit=r[4],
                organizations=frozenset(r[5]),
                held=tuple(r[6]),
                commitment_hours=int(r[7]),
                commitment_until=date.fromisoformat(r[8]) if r[8] else None,
            )
            for r in row["rows"]
        }

    def lock_roles(self, role_ids: list[str]) -> None:
        self.store.run(q.lock_roles(role_ids))

    def proposed_since(self, role_ids: list[str], job_id: str, since: int) -> list[str]:
        [row] = self.store.run(q.proposed_since(role_ids, job_id, since))
        return sorted(row["roles"])

    def not_active(self, expert_ids: list[str]) -> list[str]:
        if not expert_ids:
            return []
        [row] = self.store.run(q.not_active(expert_ids))
        return sorted(row["gone"])

    def propose(self, seats: dict[str, list[str]], *, at: int, by: str, job_id: str) -> int:
        listed: list[dict[str, object]] = [
            {"role": role, "experts": experts} for role, experts in seats.items()
        ]
        props: dict[str, object] = {"at": at, "by": by, "assignment": job_id}
        rows = self.store.run(q.propose(listed, props))
        return int(rows[0]["proposed"]) if rows else 0

    def proposals(self, role_ids: list[str]) -> list[Proposal]:
        [row] = self.store.run(q.proposals(role_ids))
        return sorted(Proposal(*r) for r in row["rows"])

    def history(self, role_id: str) -> list[Recorded]:
        return [Recorded(**row) for row in self.store.run(q.role_history(role_id))]

    def held_by(self, expert_id: str) -> list[Held]:
        return [Held(**row) for row in self.store.run(q.held_by(expert_id))]
