"""Full matches as jobs: starting one (its job, its run and the audit event), following and
cancelling it, the work the worker does, and reading stored runs back."""

from collections.abc import Mapping

from pydantic import JsonValue

from graph import GraphStore
from matching.cache import IndexCache
from matching.models import (
    Candidate,
    Excluded,
    MatchJob,
    MatchJobRequest,
    MatchRun,
    MatchRunParams,
)
from matching.profiles import WeightOverride
from matching.repository import MatchRunRepository, RunTotals
from matching.service import explained, run_ranking, shown_candidates
from talent.accounts.models import AccountRead
from talent.audit.log import Action, Actor, AuditLog
from talent.core.errors import NotFound
from talent.core.ids import new_id, now_ms
from talent.core.pagination import Page, page_of
from talent.jobs import service as jobs
from talent.jobs.model import JobRecord, JobResult, Progress
from talent.jobs.repository import JobRepository
from talent.jobs.service import BROKER_DOWN, Broker
from talent.resources.catalog import ROLE
from talent.resources.repository import ResourceRepository

MATCH_ROLE_TASK = "talent.match_role"
# Candidates explained and stored per write; progress is reported after each.
CHUNK = 250


def start(
    store: GraphStore, broker: Broker, *, actor: Actor, role_id: str, request: MatchJobRequest
) -> MatchJob:
    """Queue a full match of the role: a job to follow and the run it fills."""
    ResourceRepository(store, ROLE).get(role_id)
    params = request.model_dump(exclude_none=True)
    run_id = new_id()
    runs = MatchRunRepository(store)

    def create_run(job: JobRecord) -> None:
        run_params = MatchRunParams.model_validate(params)
        runs.create(run_id=run_id, role_id=role_id, job_id=job.id, params=run_params)

    def fail_run(_: JobRecord) -> None:
        runs.update(run_id, state="failed", error=BROKER_DOWN)

    job = jobs.enqueue(
        store,
        broker,
        kind="match",
        task=MATCH_ROLE_TASK,
        params={"role_id": role_id, "run_id": run_id, **params},
        args=[run_id, role_id, params],
        before_send=create_run,
        on_failure=fail_run,
    )
    details = {**params, "job_id": job.id, "run_id": run_id}
    AuditLog(store).record(actor, Action.MATCH_JOB, "role", role_id, details)
    return MatchJob.of(job)


def _role_job(store: GraphStore, role_id: str, job_id: str) -> JobRecord:
    job = jobs.get(store, job_id)
    if job.kind != "match" or job.params.get("role_id") != role_id:
        raise NotFound(f"role '{role_id}' has no match job '{job_id}'", fields={"job_id": job_id})
    return job


def job(store: GraphStore, role_id: str, job_id: str) -> MatchJob:
    """A match job of the role; 404 for any other job."""
    return MatchJob.of(_role_job(store, role_id, job_id))


def cancel(store: GraphStore, role_id: str, job_id: str) -> MatchJob:
    _role_job(store, role_id, job_id)
    return MatchJob.of(jobs.request_cancel(store, job_id))


def of_role(store: GraphStore, role_id: str) -> list[MatchRun]:
    """The role's stored runs, newest first."""
    ResourceRepository(store, ROLE).get(role_id)
    return MatchRunRepository(store).of_role(role_id)


def get(store: GraphStore, run_id: str) -> MatchRun:
    return MatchRunRepository(store).get(run_id)


def candidates(
    store: GraphStore, run_id: str, *, after: int, limit: int, viewer: AccountRead
) -> Page[Candidate]:
    """A page of the run's candidates in rank order, after rank `after`, as `viewer` may see
    them now (a run keeps its explanations whole)."""
    rows = MatchRunRepository(store).candidates(run_id, after=after, limit=limit + 1)
    page = page_of(rows, limit=limit, key=lambda candidate: str(candidate.rank))
    shown = shown_candidates(store, page.items, viewer=viewer)
    return Page[Candidate](items=shown, next_cursor=page.next_cursor)


def full_match(
    store: GraphStore,
    cache: IndexCache,
    *,
    run_id: str,
    role_id: str,
    params: Mapping[str, JsonValue],
    report: Progress,
) -> JobResult:
    """The worker's part: rank, then explain and store the top candidates chunk by chunk,
    stopping when the job is cancelled."""
    runs = MatchRunRepository(store)
    runs.update(run_id, state="running")
    request = MatchRunParams.model_validate(params)
    weights = WeightOverride.model_validate(request.weights) if request.weights else None
    ranked = run_ranking(store, cache, role_id, weights)
    ranking = ranked.ranking
    order = ranking.top(request.limit).tolist()
    index = ranked.index
    totals = RunTotals(
        index_revision=index.revision,
        considered=len(index),
        candidates=len(ranking.candidates),
        excluded=Excluded(
            total=len(index) - len(ranking.candidates), by_reason=ranking.excluded_by_reason()
        ),
        weights=ranking.weights,
        depth=ranking.depth,
    )
    runs.record_totals(run_id, totals)
    stored = 0
    state = "succeeded" if report(0, len(order)) else "cancelled"
    for start_at in range(0, len(order), CHUNK) if state == "succeeded" else ():
        chunk = order[start_at : start_at + CHUNK]
        # Stored whole: each reader gets only what they may see (`candidates`).
        items = explained(store, ranked, chunk, viewer=None, first_rank=start_at + 1)
        runs.add_candidates(run_id, items)
        stored += len(items)
        runs.update(run_id, stored=stored)
        if not report(stored, len(order)):
            state = "cancelled"
            break
    runs.update(run_id, state=state, finished_at=now_ms())
    return {"run_id": run_id, "stored": stored, "candidates": len(ranking.candidates)}


def settle(store: GraphStore, *, job_id: str, run_id: str) -> None:
    """A job that ended without a result (failed, or cancelled before it ran) leaves its run in
    the same state."""
    job = JobRepository(store).get(job_id)
    if job is not None:
        MatchRunRepository(store).update(run_id, state=job.state.value, error=job.error)
