"""The full match as a Celery job: every candidate ranked and explained, stored as a run."""

from celery import shared_task
from pydantic import JsonValue

from matching import runs
from matching.cache import IndexCache
from matching.embedding.port import Embedder
from matching.repository import MatchRunRepository
from talent.jobs.model import JobResult
from talent.jobs.repository import JobRepository
from talent.jobs.tasks import (
    JOB_TASK_OPTIONS,
    progress_reporter,
    require_store,
    resumed,
    run_job,
)
from talent.snapshot.checkpoint import Checkpoints

_cache: IndexCache | None = None
_embedder: Embedder | None = None
_checkpoints: Checkpoints | None = None


def use_embedder(embedder: Embedder | None, checkpoints: Checkpoints | None = None) -> None:
    """The worker's model, its match jobs reading evidence as the API processes do, and their
    checkpoints, which its index starts from when the folder is shared (one machine, or a
    volume mounted in both)."""
    global _embedder, _cache, _checkpoints
    _embedder, _checkpoints, _cache = embedder, checkpoints, None


def index_cache() -> IndexCache:
    global _cache
    store = require_store()
    if _cache is None or _cache.store is not store:
        # A job waits for a fresh index rather than rank on a stale one.
        _cache = IndexCache(
            store,
            wait_for_rebuild_s=float("inf"),
            embedder=_embedder,
            checkpoints=_checkpoints,
        )
    return _cache


@shared_task(name=runs.MATCH_ROLE_TASK, **JOB_TASK_OPTIONS)
def match_role_task(
    job_id: str, run_id: str, role_id: str, params: dict[str, JsonValue]
) -> JobResult | None:
    """Rank every candidate for a role and store the run with its explanations."""

    def work(jobs: JobRepository) -> JobResult:
        if resumed(job_id):
            # A run whose worker died is filled again from the first candidate.
            MatchRunRepository(require_store()).clear_candidates(run_id)
        return runs.full_match(
            require_store(),
            index_cache(),
            run_id=run_id,
            role_id=role_id,
            params=params,
            report=progress_reporter(jobs, job_id),
        )

    result = run_job(job_id, work)
    if result is None:
        runs.settle(require_store(), job_id=job_id, run_id=run_id)
    return result
