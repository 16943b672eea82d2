"""Starting, following and cancelling jobs, and sweeping up those whose worker died. The broker
is handed in by the composition root, so the domain never imports the Celery app."""

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from pydantic import BaseModel, JsonValue

from graph import GraphStore
from talent.core.errors import Conflict, NotFound, ServiceUnavailable
from talent.core.ids import now_ms
from talent.jobs.model import (
    FINISHED,
    LIVE,
    REMINDER_TASK,
    SEED_DEMO_TASK,
    WORKER_LOST,
    Job,
    JobRecord,
    JobState,
)
from talent.jobs.repository import JobRepository

log = logging.getLogger(__name__)
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
    subject: str | None = None,
) -> JobRecord:
    """Record a job, write what its task needs (`before_send`), then send `task(job_id, *args)`.

    The task is sent only after the writes succeeded, so the worker always finds them. When the
    broker cannot be reached the job fails, `on_failure` undoes the rest, and the caller gets a
    503. The record keeps the task and its arguments, so that a sweep can send it again.
    """
    jobs = JobRepository(store)
    job = jobs.create(kind=kind, params=params, task=task, args=args, subject=subject)
    if before_send is not None:
        before_send(job)
    try:
        _send(broker, job)
    except Exception as exc:  # the broker's own errors vary by transport
        jobs.update(job.id, state=JobState.FAILED, error=BROKER_DOWN)
        if on_failure is not None:
            on_failure(job)
        raise ServiceUnavailable("the job queue cannot be reached; retry later") from exc
    return job


def _send(broker: Broker, job: JobRecord) -> None:
    assert job.task is not None, "only jobs recorded with their task are sent"
    broker.send_task(job.task, args=[job.id, *job.args], task_id=job.id, ignore_result=True)


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


REMINDERS = "reminders"


def start_once(store: GraphStore, broker: Broker, *, kind: str, task: str, what: str) -> Job:
    """Queue a job of `kind` without parameters; 409 naming `what` while one is queued or
    running (for jobs that two runs at once would do twice)."""
    latest = JobRepository(store).latest(kind)
    if latest is not None and latest.state not in FINISHED:
        raise Conflict(
            f"{what} is already queued or running; wait until it has finished",
            fields={"job_id": latest.id},
        )
    return Job.of(enqueue(store, broker, kind=kind, task=task, params={}))


def start_reminders(store: GraphStore, broker: Broker) -> Job:
    """Queue the reminders to owners of stale profiles; 409 while a run is queued or running
    (two runs would mail the same owners: a profile is marked reminded after its batch)."""
    return start_once(store, broker, kind=REMINDERS, task=REMINDER_TASK, what="a reminder run")


def get(store: GraphStore, job_id: str) -> JobRecord:
    job = JobRepository(store).get(job_id)
    if job is None:
        raise NotFound(f"job '{job_id}' does not exist", fields={"id": job_id})
    return job


def job(store: GraphStore, job_id: str) -> Job:
    return Job.of(get(store, job_id))


def request_cancel(store: GraphStore, job_id: str) -> JobRecord:
    """A queued job is cancelled at once, and so is one whose worker stopped beating (nobody
    would ever see the request); a running one stops at its next progress report."""
    jobs = JobRepository(store)
    found = get(store, job_id)
    if found.state in FINISHED:
        raise Conflict(
            f"job '{job_id}' has already finished ({found.state})", fields={"state": found.state}
        )
    if found.state in LIVE:
        stuck = jobs.settle_stale(
            job_id,
            state=found.state,
            stale_before=now_ms() - found.stale_after_ms,
            to=JobState.CANCELLED,
            error=WORKER_LOST,
        )
        if stuck is not None:
            return stuck
    new_state = JobState.CANCELLED if found.state is JobState.QUEUED else JobState.CANCELLING
    moved = jobs.move(job_id, states=[found.state], to=new_state)
    if moved is not None:
        return moved
    # It moved on since it was read: claimed by a worker (ask again, now it is running), or
    # finished (refused).
    return request_cancel(store, job_id)


def cancel(store: GraphStore, job_id: str) -> Job:
    return Job.of(request_cancel(store, job_id))


class SweepResult(BaseModel):
    """What one sweep did: job ids re-queued, failed and cancelled."""

    requeued: list[str] = []
    failed: list[str] = []
    cancelled: list[str] = []


def sweep(
    store: GraphStore, broker: Broker, *, stale_after_ms: int, max_attempts: int
) -> SweepResult:
    """Settle the jobs whose worker stopped beating: a cancelling one is cancelled; a running
    one is queued again while attempts remain, else failed with the reason."""
    jobs = JobRepository(store)
    stale_before = now_ms() - stale_after_ms
    done = SweepResult()
    for found in jobs.stale(LIVE, stale_before=stale_before):
        if found.state is JobState.CANCELLING:
            if jobs.settle_stale(
                found.id,
                state=found.state,
                stale_before=stale_before,
                to=JobState.CANCELLED,
                error=WORKER_LOST,
            ):
                done.cancelled.append(found.id)
        elif found.attempts < max_attempts and found.task is not None:
            if _requeue(jobs, broker, found, stale_before):
                done.requeued.append(found.id)
        else:
            reason = f"{WORKER_LOST}: no heartbeat after {found.attempts} attempt(s)"
            if jobs.settle_stale(
                found.id,
                state=found.state,
                stale_before=stale_before,
                to=JobState.FAILED,
                error=reason,
            ):
                done.failed.append(found.id)
    if done.requeued or done.failed or done.cancelled:
        log.warning("jobs whose worker was lost: %s", done.model_dump())
    return done


def _requeue(jobs: JobRepository, broker: Broker, found: JobRecord, stale_before: int) -> bool:
    queued = jobs.settle_stale(
        found.id, state=found.state, stale_before=stale_before, to=JobState.QUEUED
    )
    if queued is None:
        return False
    try:
        _send(broker, queued)
    except Exception:  # the broker's errors vary; the job fails visibly rather than wait forever
        jobs.update(found.id, state=JobState.FAILED, error=f"{WORKER_LOST}; {BROKER_DOWN}")
        log.exception("job %s could not be queued again", found.id)
        return False
    return True
