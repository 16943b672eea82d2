"""Celery tasks: thin, take ids, re-load what they need, report progress into the job record."""

import logging
from collections.abc import Callable

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from graph import GraphStore, GraphUnavailable
from talent.core.mail import Mailer
from talent.demo.seeding import seed_demo
from talent.experts.reminders import remind_stale
from talent.jobs.model import REMINDER_TASK, SEED_DEMO_TASK, JobResult, JobState, Progress
from talent.jobs.repository import JobRepository

log = logging.getLogger(__name__)
_store: GraphStore | None = None
_mailer: Mailer | None = None
_public_url = ""


def use_store(store: GraphStore) -> None:
    """The worker's composition root hands its store over at start-up."""
    global _store
    _store = store


def use_mailer(mailer: Mailer, public_url: str) -> None:
    global _mailer, _public_url
    _mailer, _public_url = mailer, public_url


def require_store() -> GraphStore:
    if _store is None:
        raise GraphUnavailable("the worker has no graph store yet")
    return _store


def run_job(job_id: str, work: Callable[[JobRepository], JobResult]) -> JobResult | None:
    """Run `work(jobs)` for a job unless it was cancelled or finished; record the outcome."""
    jobs = JobRepository(require_store())
    job = jobs.get(job_id)
    if job is None or job.state not in {JobState.QUEUED, JobState.RUNNING}:
        return None  # deleted, cancelled before it started, or a redelivered finished job
    jobs.update(job_id, state=JobState.RUNNING)
    try:
        result = work(jobs)
    except SoftTimeLimitExceeded:
        jobs.update(job_id, state=JobState.FAILED, error="time limit reached")
        return None
    except GraphUnavailable:
        raise
    except Exception as exc:
        log.exception("job %s failed", job_id)
        jobs.update(job_id, state=JobState.FAILED, error=str(exc)[:2000])
        return None
    final = jobs.get(job_id)
    cancelling = final is not None and final.state is JobState.CANCELLING
    state = JobState.CANCELLED if cancelling else JobState.SUCCEEDED
    jobs.update(job_id, state=state, result=result)
    return dict(result)


def progress_reporter(jobs: JobRepository, job_id: str) -> Progress:
    def report(done: int, total: int) -> bool:
        job = jobs.update(job_id, done=done, total=total)
        return job is not None and job.state is JobState.RUNNING

    return report


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
            require_store(), count, seed=seed, progress=progress_reporter(jobs, job_id)
        ),
    )


@shared_task(name=REMINDER_TASK, **JOB_TASK_OPTIONS)
def remind_stale_task(job_id: str | None = None) -> JobResult | None:
    """Remind owners of stale profiles; run daily by the beat, or on demand with a job."""
    if _mailer is None:
        raise GraphUnavailable("the worker has no mailer yet")
    mailer = _mailer
    if job_id is None:
        job_id = JobRepository(require_store()).create(kind="reminders", params={}).id
    return run_job(
        job_id,
        lambda jobs: remind_stale(
            require_store(),
            mailer,
            public_url=_public_url,
            progress=progress_reporter(jobs, job_id),
        ),
    )
