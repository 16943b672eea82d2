"""Job workflow: queued -> running -> succeeded | failed | cancelled, with progress."""

import json
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from graph import GraphStore
from talent.core.errors import Conflict, NotFound
from talent.jobs.repository import JobRepository

# Called with (done, total); returns False to stop early (a cancelled job).
Progress = Callable[[int, int], bool]


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    CANCELLING = "cancelling"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED = {JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED}


def view(job: dict[str, Any]) -> dict[str, Any]:
    """A job as the API shows it, with its parameters and result decoded."""
    shown = dict(job)
    shown["params"] = json.loads(job.get("params") or "{}")
    shown["result"] = json.loads(job["result"]) if job.get("result") else None
    total = int(job.get("total") or 0)
    shown["progress"] = round(int(job.get("done") or 0) / total, 4) if total else 0.0
    return shown


def get(store: GraphStore, job_id: str) -> dict[str, Any]:
    job = JobRepository(store).get(job_id)
    if job is None:
        raise NotFound(f"job '{job_id}' does not exist", fields={"id": job_id})
    return job


def request_cancel(store: GraphStore, job_id: str) -> dict[str, Any]:
    """A queued job is cancelled at once; a running one stops at its next progress report."""
    job = get(store, job_id)
    state = JobState(job["state"])
    if state in FINISHED:
        raise Conflict(f"job '{job_id}' has already finished ({state})", fields={"state": state})
    new_state = JobState.CANCELLED if state is JobState.QUEUED else JobState.CANCELLING
    updated = JobRepository(store).update(job_id, state=new_state.value)
    return updated or job
