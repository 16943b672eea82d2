"""Starting, following and cancelling jobs. The broker is handed in by the composition root,
so the domain never imports the Celery app."""

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from pydantic import JsonValue

from graph import GraphStore
from talent.core.errors import Conflict, NotFound, ServiceUnavailable
from talent.jobs.model import (
    FINISHED,
    REMINDER_TASK,
    SEED_DEMO_TASK,
    Job,
    JobRecord,
    JobState,
)
from talent.jobs.repository import JobRepository

BROKER_DOWN = "broker unavailable"


class Broker(Protocol):
    """What starting a job needs of the Celery app: sending a task by name."""

    def send_task(
        self, name: str, args: list[JsonValue], *, task_id: str, ignore_result: bool
    ) -> object: ...


def enqueue(
    store: GraphStore,
    broker: Broker,
    *,
    kind: str,
    task: str,
    params: Mapping[str, JsonValue],
    args: Sequence[JsonValue] = (),
    before_send: Callable[[JobRecord], None] | None = None,
    on_failure: Callable[[JobRecord], None] | None = None,
) -> JobRecord:
    """Record a job, write what its task needs (`before_send`), then send `task(job_id, *args)`.

    The task is sent only after the writes succeeded, so the worker always finds them. When the
    broker cannot be reached the job fails, `on_failure` undoes the rest, and the caller gets a
    503.
    """
    jobs = JobRepository(store)
    job = jobs.create(kind=kind, params=params)
    if before_send is not None:
        before_send(job)
    try:
        broker.send_task(task, args=[job.id, *args], task_id=job.id, ignore_result=True)
    except Exception as exc:  # the broker's own errors vary by transport
        jobs.update(job.id, state=JobState.FAILED, error=BROKER_DOWN)
        if on_failure is not None:
            on_failure(job)
        raise ServiceUnavailable("the job queue cannot be reached; retry later") from exc
    return job


def start_demo_data(store: GraphStore, broker: Broker, *, count: int, seed: int) -> Job:
    """Queue generation of `count` demo experts."""
    job = enqueue(
        store,
        broker,
        kind="demo_data",
        task=SEED_DEMO_TASK,
        params={"count": count, "seed": seed},
        args=[count, seed],
    )
    return Job.of(job)


def start_reminders(store: GraphStore, broker: Broker) -> Job:
    """Queue the reminders to owners of stale profiles."""
    return Job.of(enqueue(store, broker, kind="reminders", task=REMINDER_TASK, params={}))


def get(store: GraphStore, job_id: str) -> JobRecord:
    job = JobRepository(store).get(job_id)
    if job is None:
        raise NotFound(f"job '{job_id}' does not exist", fields={"id": job_id})
    return job


def job(store: GraphStore, job_id: str) -> Job:
    return Job.of(get(store, job_id))


def request_cancel(store: GraphStore, job_id: str) -> JobRecord:
    """A queued job is cancelled at once; a running one stops at its next progress report."""
    found = get(store, job_id)
    if found.state in FINISHED:
        raise Conflict(
            f"job '{job_id}' has already finished ({found.state})", fields={"state": found.state}
        )
    new_state = JobState.CANCELLED if found.state is JobState.QUEUED else JobState.CANCELLING
    return JobRepository(store).update(job_id, state=new_state) or found


def cancel(store: GraphStore, job_id: str) -> Job:
    return Job.of(request_cancel(store, job_id))
