"""Job records in the graph: state and progress survive the broker and restarts."""

import json
from typing import Any

from graph import GraphStore
from graph.queries import jobs
from talent.core.ids import new_id, now_ms


class JobRepository:
    """Job records in the graph: state and progress survive the broker and restarts."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def create(self, *, kind: str, params: dict[str, Any]) -> dict[str, Any]:
        stamp = now_ms()
        props = {
            "id": new_id(),
            "kind": kind,
            "state": "queued",
            "done": 0,
            "total": 0,
            "params": _json(params),
            "created_at": stamp,
            "updated_at": stamp,
        }
        return dict(self.store.run(jobs.create(props))[0]["job"])

    def update(self, job_id: str, **changes: Any) -> dict[str, Any] | None:
        changes["updated_at"] = now_ms()
        rows = self.store.run(jobs.update(job_id, changes))
        return dict(rows[0]["job"]) if rows else None

    def get(self, job_id: str) -> dict[str, Any] | None:
        rows = self.store.run(jobs.get(job_id))
        return dict(rows[0]["job"]) if rows else None


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
