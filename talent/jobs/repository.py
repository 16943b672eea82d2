"""Job records in the graph: state and progress survive the broker and restarts."""

import json
from collections.abc import Mapping, Sequence

from pydantic import JsonValue

from graph import GraphStore
from graph.queries import jobs
from graph.store import Row
from talent.core.ids import new_id, now_ms
from talent.jobs.model import JobRecord, JobResult, JobState

_ACTIVITY = ("queued", "running", "succeeded", "failed", "cancelled")
# The beat's record of its last run, which /health reads.
BEAT = "beat"


class JobRepository:
    """Job records in the graph: state and progress survive the broker and restarts."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def create(
        self,
        *,
        kind: str,
        params: Mapping[str, JsonValue],
        task: str | None = None,
        args: Sequence[JsonValue] = (),
        subject: str | None = None,
    ) -> JobRecord:
        stamp = now_ms()
        props: dict[str, str | int] = {
            "id": new_id(),
            "kind": kind,
            "state": JobState.QUEUED.value,
            "done": 0,
            "total": 0,
            "attempts": 0,
            "params": json.dumps(params, sort_keys=True),
            "args": json.dumps(list(args)),
            "created_at": stamp,
            "updated_at": stamp,
        }
        if task is not None:
            props["task"] = task
        if subject is not None:
            props["subject"] = subject
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
        alive: bool = False,
    ) -> JobRecord | None:
        """Set the given fields (`alive`: the heartbeat too); None for a job that no longer
        exists."""
        stamp = now_ms()
        changes: dict[str, str | int] = {"updated_at": stamp}
        if alive:
            changes["heartbeat_at"] = stamp
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

    def move(
        self,
        job_id: str,
        *,
        states: Sequence[JobState],
        to: JobState,
        error: str | None = None,
    ) -> JobRecord | None:
        """Move a job to `to` only while it is in one of `states`; None when it has left them
        (its worker finished it, or another request moved it first)."""
        changes: dict[str, str | int] = {"state": to.value, "updated_at": now_ms()}
        if error is not None:
            changes["error"] = error
        rows = self.store.run(jobs.move(job_id, [s.value for s in states], changes))
        return _record(rows[0]["job"]) if rows else None

    def finish(self, job_id: str, result: JobResult) -> JobRecord | None:
        """Record a worker's result: the job is cancelled if a cancel was asked meanwhile, else
        succeeded; None when it had already left the live states (cancelled or failed)."""
        changes = {"updated_at": now_ms(), "result": json.dumps(result)}
        rows = self.store.run(jobs.finish(job_id, changes))
        return _record(rows[0]["job"]) if rows else None

    def get(self, job_id: str) -> JobRecord | None:
        rows = self.store.run(jobs.get(job_id))
        return _record(rows[0]["job"]) if rows else None

    def claim(self, job_id: str, *, stale_after_ms: int) -> JobRecord | None:
        """Mark the job running for this delivery, counting the attempt; None when it is not
        this delivery's to run (finished, cancelled, or running with a live heartbeat)."""
        stamp = now_ms()
        changes = {
            "state": JobState.RUNNING.value,
            "heartbeat_at": stamp,
            "updated_at": stamp,
            "stale_after_ms": stale_after_ms,
        }
        rows = self.store.run(jobs.claim(job_id, stamp - stale_after_ms, changes))
        return _record(rows[0]["job"]) if rows else None

    def beat(self, job_id: str) -> bool:
        """Record that the job's worker is alive; False once the job has left the live states."""
        return bool(self.store.run(jobs.beat(job_id, now_ms())))

    def stale(self, states: Sequence[JobState], *, stale_before: int) -> list[JobRecord]:
        query = jobs.stale([s.value for s in states], stale_before, limit=1000)
        return [_record(row["job"]) for row in self.store.run(query)]

    def settle_stale(
        self,
        job_id: str,
        *,
        state: JobState,
        stale_before: int,
        to: JobState,
        error: str | None = None,
    ) -> JobRecord | None:
        """Move a job from `state` to `to` only if its heartbeat is still older than
        `stale_before`; None when it was not (its worker came back, or it moved on)."""
        changes: dict[str, str | int] = {"state": to.value, "updated_at": now_ms()}
        if error is not None:
            changes["error"] = error
        rows = self.store.run(jobs.settle_stale(job_id, state.value, stale_before, changes))
        return _record(rows[0]["job"]) if rows else None

    def latest(self, kind: str, *, subject: str | None = None) -> JobRecord | None:
        """The job of this kind (about `subject`: an expert's import) started last, or None
        when there has been none."""
        rows = self.store.run(jobs.latest(kind, subject))
        return _record(rows[0]["job"]) if rows else None

    def recent(self, kind: str, *, limit: int) -> list[JobRecord]:
        return [_record(row["job"]) for row in self.store.run(jobs.recent(kind, limit))]

    def activity(self, *, since: int) -> dict[str, dict[str, int]]:
        """Per kind: jobs queued and running (or cancelling) now, and those that succeeded,
        failed or were cancelled since `since`."""
        found: dict[str, dict[str, int]] = {}
        for row in self.store.run(jobs.activity(since)):
            counts = found.setdefault(row["kind"], dict.fromkeys(_ACTIVITY, 0))
            counts[row["state"]] += row["n"]
        return found

    def tick(self, name: str = BEAT) -> None:
        self.store.run(jobs.tick(name, now_ms()))

    def last_tick(self, name: str = BEAT) -> int | None:
        rows = self.store.run(jobs.last_tick(name))
        at = rows[0]["at"] if rows else None
        return int(at) if at is not None else None


def _record(props: Row) -> JobRecord:
    return JobRecord.model_validate(
        {
            **props,
            "params": json.loads(props.get("params") or "{}"),
            "args": json.loads(props.get("args") or "[]"),
            "result": json.loads(props["result"]) if props.get("result") else None,
        }
    )
