"""The worker's embedding tasks: one work (keyed by its id and text hash: a delivery repeated
after a dead worker, or queued twice, stores nothing twice), the beat's look at the change log,
and the backfill job (progress, cancel, and resume from the last stored batch)."""

import contextlib

from celery import shared_task
from pydantic import JsonValue

from graph import GraphUnavailable
from matching.embedding.port import Embedder
from matching.vectors import service
from talent.core.errors import Conflict
from talent.jobs import tasks as job_tasks
from talent.jobs.model import JobResult, JobState
from talent.jobs.repository import JobRepository

EMBED_WORK_TASK = "talent.embed_work"
FOLLOW_TASK = "talent.embed_changes"
_embedder: Embedder | None = None


def use_embedder(embedder: Embedder | None) -> None:
    """The worker's model (None: meaning is off, and these tasks do nothing)."""
    global _embedder
    _embedder = embedder


@shared_task(  # type: ignore[untyped-decorator]
    name=EMBED_WORK_TASK,
    ignore_result=True,
    autoretry_for=(GraphUnavailable,),
    retry_backoff=True,
    max_retries=8,
)
def embed_work_task(work_id: str, text_hash: str) -> bool:
    if _embedder is None:
        return False
    return service.embed_one(job_tasks.require_store(), _embedder, work_id, text_hash)


@shared_task(name=FOLLOW_TASK, ignore_result=True)  # type: ignore[untyped-decorator]
def follow_task() -> int:
    """Queue a task for each work written or changed since the last look; after a gap in the
    log, a backfill. How many were queued."""
    if _embedder is None:
        return 0
    store = job_tasks.require_store()
    found = service.follow(store, _embedder.model_id)
    for work_id, text_hash in found.works.items():
        embed_work_task.delay(work_id, text_hash)
    if found.gap:
        # What the log no longer holds is found by a backfill (one is enough).
        with contextlib.suppress(Conflict):
            service.start_backfill(store, job_tasks.WorkerBroker())
    return len(found.works)


@shared_task(name=service.BACKFILL_TASK, **job_tasks.JOB_TASK_OPTIONS)  # type: ignore[untyped-decorator]
def backfill_task(job_id: str) -> JobResult | None:
    """Embed every work that has no vector of the model, or one of an older text."""
    store = job_tasks.require_store()
    jobs = JobRepository(store)

    def work(_: JobRepository) -> JobResult:
        if _embedder is None:
            return {"seen": 0, "embedded": 0, "off": True}
        record = jobs.get(job_id)
        before: dict[str, JsonValue] = (record.result or {}) if record else {}
        total = service.work_count(store)

        def go_on(seen: int, embedded: int, after: str) -> bool:
            mark: dict[str, JsonValue] = {"seen": seen, "embedded": embedded, "after": after}
            job = jobs.update(job_id, done=seen, total=total, alive=True, result=mark)
            return job is not None and job.state is JobState.RUNNING

        done = service.backfill(
            store,
            _embedder,
            after=str(before.get("after") or ""),
            seen=int(str(before.get("seen") or 0)),
            embedded=int(str(before.get("embedded") or 0)),
            go_on=go_on,
        )
        return {"seen": done.seen, "embedded": done.embedded, "after": done.after}

    return job_tasks.run_job(job_id, work)
