"""Celery tasks: thin, take ids, re-load what they need, report progress into the job record.

A running job beats (its record's `heartbeat_at`) from a timer thread and at each progress
report; the sweep settles jobs whose beat stopped (their worker died)."""

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from pydantic import JsonValue

from graph import GraphStore, GraphUnavailable
from talent.core.changes import CHANGE_RETENTION_MS
from talent.core.ids import now_ms
from talent.core.letters import Letters
from talent.core.mail import Mailer
from talent.core.repository import ChangeRepository
from talent.demo.seeding import seed_demo
from talent.experts.reminders import remind_stale
from talent.jobs import service
from talent.jobs.model import (
    DEFAULT_STALE_AFTER_MS,
    LIVE,
    REMINDER_TASK,
    SEED_DEMO_TASK,
    SWEEP_TASK,
    TRIM_CHANGES_TASK,
    JobResult,
    JobState,
    Progress,
)
from talent.jobs.repository import JobRepository

log = logging.getLogger(__name__)
_store: GraphStore | None = None
_mailer: Mailer | None = None
_public_url = ""
_letters = Letters()


@dataclass(frozen=True, slots=True)
class Liveness:
    """How often a running job beats, when a silent one counts as lost, how often it runs."""

    heartbeat_s: float = 5.0
    stale_after_ms: int = DEFAULT_STALE_AFTER_MS
    max_attempts: int = 3


_liveness = Liveness()


def use_store(store: GraphStore) -> None:
    """The worker's composition root hands its store over at start-up."""
    global _store
    _store = store


def use_mailer(mailer: Mailer, public_url: str, letters: Letters | None = None) -> None:
    """The worker's mailer, the site's address for links, and the mails' words (the pages'
    catalogues)."""
    global _mailer, _public_url, _letters
    _mailer, _public_url, _letters = mailer, public_url, letters or Letters()


def use_liveness(liveness: Liveness) -> None:
    global _liveness
    _liveness = liveness


def mailing() -> tuple[Mailer, str, Letters]:
    """The worker's mailer, the public address links point to, and the mail templates."""
    if _mailer is None:
        raise GraphUnavailable("the worker has no mailer yet")
    return _mailer, _public_url, _letters


def require_store() -> GraphStore:
    if _store is None:
        raise GraphUnavailable("the worker has no graph store yet")
    return _store


@contextmanager
def _beating(jobs: JobRepository, job_id: str) -> Iterator[None]:
    """Beat for the job every few seconds while the block runs: a long step between progress
    reports (a ranking, a big batch) must not look like a dead worker."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(_liveness.heartbeat_s):
            try:
                if not jobs.beat(job_id):
                    return
            except GraphUnavailable:
                log.warning("job %s: heartbeat not recorded (graph unavailable)", job_id)

    thread = threading.Thread(target=beat, name=f"heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def run_job(job_id: str, work: Callable[[JobRepository], JobResult]) -> JobResult | None:
    """Run `work(jobs)` for a job that is queued, or running with no live worker (a delivery
    after its worker died); record the outcome. Any other delivery (finished, cancelled, or
    running elsewhere) does nothing, so redelivered tasks are harmless."""
    jobs = JobRepository(require_store())
    job = jobs.claim(job_id, stale_after_ms=_liveness.stale_after_ms)
    if job is None:
        return None
    if job.attempts > 1:
        log.warning("job %s: attempt %d after its worker was lost", job_id, job.attempts)
    try:
        with _beating(jobs, job_id):
            result = work(jobs)
    except SoftTimeLimitExceeded:
        jobs.move(job_id, states=LIVE, to=JobState.FAILED, error="time limit reached")
        return None
    except GraphUnavailable:
        raise
    except Exception as exc:
        log.exception("job %s failed", job_id)
        jobs.move(job_id, states=LIVE, to=JobState.FAILED, error=str(exc)[:2000])
        return None
    jobs.finish(job_id, result)
    return dict(result)


def progress_reporter(jobs: JobRepository, job_id: str) -> Progress:
    def report(done: int, total: int) -> bool:
        job = jobs.update(job_id, done=done, total=total, alive=True)
        return job is not None and job.state is JobState.RUNNING

    return report


def resumed(job_id: str) -> bool:
    """Whether this run continues one whose worker was lost (its earlier writes are there)."""
    job = JobRepository(require_store()).get(job_id)
    return job is not None and job.attempts > 1


# Every job task: an unreachable graph is retried with backoff; other failures end the job.
JOB_TASK_OPTIONS: dict[str, object] = {
    "autoretry_for": (GraphUnavailable,),
    "retry_backoff": True,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(name=SEED_DEMO_TASK, **JOB_TASK_OPTIONS)
def seed_demo_task(job_id: str, count: int, seed: int) -> JobResult | None:
    """Generate and load demo experts."""
    return run_job(
        job_id,
        lambda jobs: seed_demo(
            require_store(),
            count,
            seed=seed,
            progress=progress_reporter(jobs, job_id),
            resume=resumed(job_id),
        ),
    )


@shared_task(name=REMINDER_TASK, **JOB_TASK_OPTIONS)
def remind_stale_task(job_id: str | None = None) -> JobResult | None:
    """Remind owners of stale profiles; run daily by the beat, or on demand with a job."""
    if _mailer is None:
        raise GraphUnavailable("the worker has no mailer yet")
    mailer = _mailer
    if job_id is None:
        created = JobRepository(require_store()).create(
            kind="reminders", params={}, task=REMINDER_TASK
        )
        job_id = created.id
    return run_job(
        job_id,
        lambda jobs: remind_stale(
            require_store(),
            mailer,
            public_url=_public_url,
            progress=progress_reporter(jobs, job_id),
            letters=_letters,
        ),
    )


@shared_task(name=SWEEP_TASK, ignore_result=True)
def sweep_task(from_beat: bool = False) -> dict[str, JsonValue]:
    """Settle jobs whose worker was lost; the beat runs it every few seconds and records its
    tick, which /health reads."""
    store = require_store()
    if from_beat:
        JobRepository(store).tick()
    done = service.sweep(
        store,
        WorkerBroker(),
        stale_after_ms=_liveness.stale_after_ms,
        max_attempts=_liveness.max_attempts,
    )
    return dict(done.model_dump())


@shared_task(name=TRIM_CHANGES_TASK, ignore_result=True)
def trim_changes_task() -> int:
    """Delete change records older than the retention: a process that has not read them by
    then rebuilds its indexes whole. Idempotent; how many went."""
    return ChangeRepository(require_store()).trim(before=now_ms() - CHANGE_RETENTION_MS)


class WorkerBroker:
    """Sends through the app the running task is bound to (the worker's)."""

    def send_task(
        self, name: str, args: list[JsonValue], *, task_id: str, ignore_result: bool
    ) -> object:
        return sweep_task.app.send_task(
            name, args=args, task_id=task_id, ignore_result=ignore_result
        )
