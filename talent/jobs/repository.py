"""Job records in the graph: state and progress survive the broker and restarts."""

import json
from collections.abc import Mapping

from pydantic import JsonValue

from graph import GraphStore
from graph.queries import jobs
from graph.store import Row
from talent.core.ids import new_id, now_ms
from talent.jobs.model import JobRecord, JobResult, JobState


class JobRepository:
    """Job records in the graph: state and progress survive the broker and restarts."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def create(self, *, kind: str, params: Mapping[str, JsonValue]) -> JobRecord:
        stamp = now_ms()
        props = {
            "id": new_id(),
            "kind": kind,
            "state": JobState.QUEUED.value,
            "done": 0,
            "total": 0,
            "params": json.dumps(params, sort_keys=True),
            "created_at": stamp,
            "updated_at": stamp,
        }
        return _record(self.store.run(jobs.create(props))[0]["job"])

    def update(
        self,
        job_id: str,
        *,
        state: JobState | None = None,
        done: int | None = None,
        total: int | None = None,
        error: str | None = None,
        result: JobResult | None = None,
    ) -> JobRecord | None:
        """Set the given fields; None for a job that no longer exists."""
        changes: dict[str, str | int] = {"updated_at": now_ms()}
        if state is not None:
            changes["state"] = state.value
        if done is not None:
            changes["done"] = done
        if total is not None:
            changes["total"] = total
        if error is not None:
            changes["error"] = error
        if result is not None:
            changes["result"] = json.dumps(result)
        rows = self.store.run(jobs.update(job_id, changes))
        return _record(rows[0]["job"]) if rows else None

    def get(self, job_id: str) -> JobRecord | None:
        rows = self.store.run(jobs.get(job_id))
        return _record(rows[0]["job"]) if rows else None


def _record(props: Row) -> JobRecord:
    return JobRecord.model_validate(
        {
            **props,
            "params": json.loads(props.get("params") or "{}"),
            "result": json.loads(props["result"]) if props.get("result") else None,
        }
    )
