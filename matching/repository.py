"""What matching reads and writes in the graph: the scans the index is built from, a role's
programme context, what explanations show of experts and organisations, the lead's decisions,
and stored runs."""

import json
from dataclasses import dataclass
from typing import Any

from graph import GraphStore
from graph.queries import matching as q
from graph.store import Row
from matching.models import (
    Candidate,
    Decision,
    Excluded,
    ExpertCard,
    MatchRun,
    MatchRunParams,
    Note,
    RoleContext,
)
from talent.core.changes import ROLE as ROLE_ENTITY
from talent.core.changes import Change
from talent.core.errors import NotFound
from talent.core.ids import now_ms
from talent.core.repository import record_changes
from talent.experts.models import FieldVisibility, Visibility
from talent.resources.catalog import ROLE
from talent.resources.models import RoleRead


@dataclass(frozen=True, slots=True)
class ExpertNow:
    """An expert as the graph holds them now; `matchable` once they withdrew or stopped
    consenting is False; `affiliations` is whom the expert shows their affiliations to."""

    card: ExpertCard
    matchable: bool
    affiliations: Visibility = Visibility.STAFF


class MatchingRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def role_with_context(self, role_id: str) -> tuple[RoleRead, RoleContext | None] | None:
        """The role and the programme around it (None without one); None without the role."""
        rows = self.store.run(q.role_with_context(role_id))
        if not rows:
            return None
        found = rows[0]["context"]
        context = None
        if found["programme_id"] is not None:
            context = RoleContext(
                programme_id=found["programme_id"],
                programme_name=found["programme_name"] or "",
                contractors=sorted(found["contractors"]),
                team=sorted(set(found["team"])),
                rejected=sorted(set(found["rejected"])),
            )
        return ROLE.from_row(rows[0]), context

    def experts_now(self, ids: set[str]) -> dict[str, ExpertNow]:
        if not ids:
            return {}
        rows = self.store.run(q.expert_cards(sorted(ids)))
        return dict(_now(row["card"]) for row in rows)

    def names_now(
        self, experts: set[str], orgs: set[str]
    ) -> tuple[dict[str, ExpertNow], dict[str, str | None]]:
        """`experts_now` and the names of these organisations, read in one statement."""
        if not experts and not orgs:
            return {}, {}
        [row] = self.store.run(q.cards_and_names(sorted(experts), sorted(orgs)))
        names = {found["id"]: found["name"] for found in row["names"]}
        return dict(_now(card) for card in row["cards"]), names

    def decide(
        self, role_id: str, expert_id: str, *, decision: str, reason: str
    ) -> Decision | None:
        """Record the decision, replacing an earlier one; None when the expert does not exist."""
        props = {"decision": decision, "reason": reason, "at": now_ms()}
        rows = self.store.run(q.decide(role_id, expert_id, props))
        if rows:
            # The role's shortlist moved: its watchers' evaluation looks at it again.
            record_changes(self.store, [Change(ROLE_ENTITY, role_id)])
        return _decision(rows[0]) if rows else None

    def withdraw(self, role_id: str, expert_id: str, *, at: int | None) -> Decision | None:
        """Remove the decision if it is still the one taken at `at` (any for None); None when
        there is no such decision."""
        rows = self.store.run(q.withdraw_decision(role_id, expert_id, at))
        if rows:
            record_changes(self.store, [Change(ROLE_ENTITY, role_id)])
        return _decision(rows[0]) if rows else None

    def write_note(
        self, role_id: str, expert_id: str, text: str, *, expected: int | None
    ) -> Note | None:
        """The note written, or None when another was written since `expected` (or no such
        expert)."""
        props = {"text": text, "at": now_ms()}
        rows = self.store.run(q.write_note(role_id, expert_id, props, expected))
        if not rows:
            return None
        return Note.model_validate({"expert_id": rows[0]["expert_id"], **rows[0]["note"]})

    def notes(self, role_id: str) -> list[Note]:
        return [
            Note.model_validate({"expert_id": row["expert_id"], **row["note"]})
            for row in self.store.run(q.notes(role_id))
        ]

    def decisions(self, role_id: str) -> list[Decision]:
        return [_decision(row) for row in self.store.run(q.decisions(role_id))]


@dataclass(frozen=True, slots=True)
class RunTotals:
    """What a full match found, recorded on its run before the candidates are stored."""

    index_revision: str
    considered: int
    candidates: int
    excluded: Excluded
    weights: dict[str, float]
    depth: float


class MatchRunRepository:
    """Stored match runs: a full ranking computed by a job, readable again later."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def create(self, *, run_id: str, role_id: str, job_id: str, params: MatchRunParams) -> MatchRun:
        stamp = now_ms()
        props = {
            "id": run_id,
            "role_id": role_id,
            "job_id": job_id,
            "state": "queued",
            "params": json.dumps(params.model_dump(), sort_keys=True),
            "stored": 0,
            "created_at": stamp,
            "updated_at": stamp,
        }
        rows = self.store.run(q.create_run(role_id, props))
        if not rows:
            raise NotFound(f"role '{role_id}' does not exist", fields={"id": role_id})
        return _run(rows[0]["run"])

    def add_candidates(self, run_id: str, candidates: list[Candidate]) -> None:
        # Nodes keep the whole explanation as JSON: a stored run reads the same later.
        rows = [
            {
                "rank": c.rank,
                "expert_id": c.expert_id,
                "score": c.score,
                "explanation": json.dumps(c.model_dump(mode="json"), sort_keys=True),
            }
            for c in candidates
        ]
        self.store.run(q.add_run_candidates(run_id, rows))

    def clear_candidates(self, run_id: str) -> None:
        self.store.run(q.clear_run_candidates(run_id))

    def record_totals(self, run_id: str, totals: RunTotals) -> None:
        changes: dict[str, str | int | float] = {
            "index_revision": totals.index_revision,
            "considered": totals.considered,
            "candidates": totals.candidates,
            "excluded": json.dumps(totals.excluded.model_dump(), sort_keys=True),
            "weights": json.dumps(totals.weights, sort_keys=True),
            "depth": totals.depth,
        }
        self._update(run_id, changes)

    def update(
        self,
        run_id: str,
        *,
        state: str | None = None,
        stored: int | None = None,
        error: str | None = None,
        finished_at: int | None = None,
    ) -> None:
        changes: dict[str, str | int | float] = {}
        if state is not None:
            changes["state"] = state
        if stored is not None:
            changes["stored"] = stored
        if error is not None:
            changes["error"] = error
        if finished_at is not None:
            changes["finished_at"] = finished_at
        self._update(run_id, changes)

    def _update(self, run_id: str, changes: dict[str, str | int | float]) -> None:
        self.store.run(q.update_run(run_id, {**changes, "updated_at": now_ms()}))

    def get(self, run_id: str) -> MatchRun:
        rows = self.store.run(q.run(run_id))
        if not rows:
            raise NotFound(f"match run '{run_id}' does not exist", fields={"id": run_id})
        return _run(rows[0]["run"])

    def of_role(self, role_id: str) -> list[MatchRun]:
        """Newest first."""
        return [_run(row["run"]) for row in self.store.run(q.runs_of_role(role_id))]

    def candidates(self, run_id: str, *, after: int, limit: int) -> list[Candidate]:
        """Candidates ranked after `after`, in rank order; none for an unknown run."""
        rows = self.store.run(q.run_candidates(run_id, after=after, limit=limit))
        return [
            Candidate.model_validate(
                {**json.loads(row["candidate"]["explanation"]), "rank": row["candidate"]["rank"]}
            )
            for row in rows
        ]


def _decision(row: Row) -> Decision:
    return Decision.model_validate({"expert_id": row["expert_id"], **row["decision"]})


def _run(props: Row) -> MatchRun:
    decoded = {key: json.loads(props[key]) if props.get(key) else None for key in _JSON_FIELDS}
    return MatchRun.model_validate({**props, **decoded})


_JSON_FIELDS = ("params", "excluded", "weights")


def _now(card: dict[str, Any]) -> tuple[str, ExpertNow]:
    return card["id"], ExpertNow(
        card=ExpertCard(
            full_name=card["full_name"],
            headline=card["headline"],
            country=card["country"],
            residency=card["residency"],
        ),
        matchable=card["status"] == "active" and card["consent_match"] is not False,
        affiliations=Visibility(card["affiliations"] or FieldVisibility().affiliations),
    )
