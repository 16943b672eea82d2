"""Stored match runs: a full ranking computed by a job, readable again later."""

import json
from typing import Any

from graph import GraphStore
from graph.queries import matching as q
from talent.core.errors import NotFound
from talent.core.ids import now_ms


class MatchRunRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def create(
        self, *, run_id: str, role_id: str, job_id: str, params: dict[str, Any]
    ) -> dict[str, Any]:
        stamp = now_ms()
        props = {
            "id": run_id,
            "role_id": role_id,
            "job_id": job_id,
            "state": "queued",
            "params": json.dumps(params, sort_keys=True),
            "stored": 0,
            "created_at": stamp,
            "updated_at": stamp,
        }
        rows = self.store.run(q.create_run(role_id, props))
        if not rows:
            raise NotFound(f"role '{role_id}' does not exist", fields={"id": role_id})
        return view(rows[0]["run"])

    def add_candidates(self, run_id: str, candidates: list[dict[str, Any]]) -> None:
        rows = [
            {
                "rank": c["rank"],
                "expert_id": c["expert_id"],
                "score": c["score"],
                "explanation": json.dumps(c, sort_keys=True),
            }
            for c in candidates
        ]
        self.store.run(q.add_run_candidates(run_id, rows))

    def update(self, run_id: str, **changes: Any) -> None:
        for key in ("excluded", "weights"):
            if key in changes:
                changes[key] = json.dumps(changes[key], sort_keys=True)
        changes["updated_at"] = now_ms()
        self.store.run(q.update_run(run_id, changes))

    def get(self, run_id: str) -> dict[str, Any]:
        rows = self.store.run(q.run(run_id))
        if not rows:
            raise NotFound(f"match run '{run_id}' does not exist", fields={"id": run_id})
        return view(rows[0]["run"])

    def of_role(self, role_id: str) -> list[dict[str, Any]]:
        return [view(row["run"]) for row in self.store.run(q.runs_of_role(role_id))]

    def candidates(self, run_id: str, *, after: int, limit: int) -> list[dict[str, Any]]:
        """A page of a run's candidates; none for an unknown run (callers `get` it first)."""
        rows = self.store.run(q.run_candidates(run_id, after=after, limit=limit))
        return [
            {"rank": row["candidate"]["rank"], **json.loads(row["candidate"]["explanation"])}
            for row in rows
        ]


def view(run: dict[str, Any]) -> dict[str, Any]:
    shown = dict(run)
    for key in ("params", "excluded", "weights"):
        shown[key] = json.loads(run[key]) if run.get(key) else None
    return shown
