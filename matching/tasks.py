"""The full match as a Celery job: every candidate ranked and explained, stored as a run."""

from typing import Any

from celery import shared_task

from matching.cache import IndexCache
from matching.profiles import WeightOverride
from matching.runs import MatchRunRepository
from matching.service import explained, run_ranking
from talent.core.ids import now_ms
from talent.jobs.repository import JobRepository
from talent.jobs.tasks import JOB_TASK_OPTIONS, progress_reporter, require_store, run_job

CHUNK = 250
_cache: IndexCache | None = None


def _index_cache() -> IndexCache:
    global _cache
    store = require_store()
    if _cache is None or _cache.store is not store:
        _cache = IndexCache(store, wait_for_rebuild_s=float("inf"))
    return _cache


def full_match(
    jobs: JobRepository, job_id: str, run_id: str, role_id: str, params: dict[str, Any]
) -> dict[str, Any]:
    store = require_store()
    runs = MatchRunRepository(store)
    runs.update(run_id, state="running")
    report = progress_reporter(jobs, job_id)
    weights = WeightOverride.model_validate(params["weights"]) if params.get("weights") else None
    index, role, context, ranking = run_ranking(store, _index_cache(), role_id, weights)
    order = ranking.top(params.get("limit")).tolist()
    by_reason = ranking.excluded_by_reason()
    runs.update(
        run_id,
        index_revision=index.revision,
        considered=len(index),
        candidates=len(ranking.candidates),
        excluded={"total": len(index) - len(ranking.candidates), "by_reason": by_reason},
        weights=ranking.weights,
        depth=ranking.depth,
    )
    stored = 0
    state = "succeeded"
    if not report(0, len(order)):
        state = "cancelled"
    for start in range(0, len(order), CHUNK) if state == "succeeded" else ():
        chunk = order[start : start + CHUNK]
        items = explained(store, index, ranking, role, context, chunk, first_rank=start + 1)
        runs.add_candidates(run_id, items)
        stored += len(items)
        runs.update(run_id, stored=stored)
        if not report(stored, len(order)):
            state = "cancelled"
            break
    runs.update(run_id, state=state, finished_at=now_ms())
    return {"run_id": run_id, "stored": stored, "candidates": len(ranking.candidates)}


@shared_task(name="talent.match_role", **JOB_TASK_OPTIONS)
def match_role_task(
    job_id: str, run_id: str, role_id: str, params: dict[str, Any]
) -> dict[str, Any] | None:
    """Rank every candidate for a role and store the run with its explanations."""
    result = run_job(job_id, lambda jobs: full_match(jobs, job_id, run_id, role_id, params))
    if result is None:
        job = JobRepository(require_store()).get(job_id) or {}
        runs = MatchRunRepository(require_store())
        if runs_state := job.get("state"):
            runs.update(run_id, state=str(runs_state), error=job.get("error"))
    return result
