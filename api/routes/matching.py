"""Matching a role: ranked and explained candidates, exclusions, full-match jobs and runs,
and the lead's shortlist and rejection decisions."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, status
from pydantic import BaseModel, ConfigDict, Field

from api.auth import CallerDep, Principal
from api.deps import PRINTABLE, Cursor, GraphDep, Limit
from api.routes.jobs import Job
from api.worker import celery_app
from graph import GraphStore
from matching import service
from matching.cache import IndexCache
from matching.index import REASONS
from matching.profiles import WeightOverride
from matching.runs import MatchRunRepository
from matching.tasks import match_role_task
from talent.accounts.models import Role
from talent.accounts.repository import Leadership
from talent.audit.log import Action, AuditLog
from talent.core.errors import Forbidden, InvalidInput, NotFound, ServiceUnavailable
from talent.core.ids import new_id
from talent.core.pagination import decode_cursor, encode_cursor
from talent.jobs import model as jobs
from talent.jobs.model import JobState
from talent.jobs.repository import JobRepository
from talent.resources.catalog import ROLE
from talent.resources.repository import ResourceRepository

router = APIRouter(tags=["matching"])
# Annotated, not shared Path() defaults: FastAPI binds a shared default to the first name.
RoleId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
JobId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
RunId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]


def get_cache(request: Request) -> IndexCache:
    cache: IndexCache = request.app.state.match_cache
    return cache


CacheDep = Annotated[IndexCache, Depends(get_cache)]


def _lead_of(store: GraphStore, caller: Principal, role_id: str) -> None:
    """Matching, decisions and runs of a role belong to the lead of its programme (and admins)."""
    if caller.role is Role.ADMIN:
        return
    if caller.role is Role.PROGRAMME_LEAD and Leadership(store).leads_role(caller.id, role_id):
        return
    raise Forbidden(
        "only the lead of this role's programme may do this", fields={"role_id": role_id}
    )


def lead_role(store: GraphDep, caller: CallerDep, role_id: RoleId) -> str:
    """The `{role_id}` of the path, once the caller is known to lead its programme."""
    _lead_of(store, caller, role_id)
    return role_id


LeadRoleId = Annotated[str, Depends(lead_role)]


class FeatureView(BaseModel):
    value: float
    weight: float
    contribution: float


class Candidate(BaseModel):
    rank: int
    expert_id: str
    score: float
    expert: dict[str, Any]
    features: dict[str, FeatureView]
    skills: dict[str, list[dict[str, Any]]]
    works: list[dict[str, Any]]
    network_path: list[dict[str, Any]]


class Excluded(BaseModel):
    total: int
    by_reason: dict[str, int]


class MatchSummary(BaseModel):
    role_id: str
    programme_id: str
    kind: str
    weights: dict[str, float]
    depth: float
    index_revision: str
    considered: int
    candidates: int
    excluded: Excluded


class MatchResponse(MatchSummary):
    items: list[Candidate]


class ExclusionItem(BaseModel):
    expert_id: str
    expert: dict[str, Any]
    reasons: list[str]
    details: dict[str, Any]


class ExclusionPage(MatchSummary):
    items: list[ExclusionItem]
    reasons: list[str]
    next_cursor: str | None = None


class MatchJobRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(
        default=1000, ge=1, le=100_000, description="how many ranked candidates to store"
    )
    weights: WeightOverride | None = None


class MatchJob(Job):
    run_id: str


class Decision(BaseModel):
    expert_id: str
    decision: Literal["shortlisted", "rejected"]
    reason: str
    at: int


class MatchRun(BaseModel):
    id: str
    role_id: str
    job_id: str
    state: str
    params: dict[str, Any] | None = None
    weights: dict[str, float] | None = None
    depth: float | None = None
    index_revision: str | None = None
    considered: int | None = None
    candidates: int | None = None
    excluded: Excluded | None = None
    stored: int
    error: str | None = None
    created_at: int
    updated_at: int
    finished_at: int | None = None


class RunCandidates(BaseModel):
    items: list[Candidate]
    next_cursor: str | None = None


@router.post("/roles/{role_id}/matches", response_model=MatchResponse)
def match_role(
    store: GraphDep,
    cache: CacheDep,
    request: service.MatchRequest,
    role_id: LeadRoleId,
    caller: CallerDep,
) -> Any:
    """The top k candidates for a role, ranked and explained; exclusions counted by reason."""
    result = service.match(store, cache, role_id, request)
    details = {**request.model_dump(exclude_none=True), "returned": len(result["items"])}
    AuditLog(store).record(caller.actor, Action.MATCH_REQUEST, "role", role_id, details)
    return result


@router.get("/roles/{role_id}/exclusions", response_model=ExclusionPage)
def list_exclusions(
    store: GraphDep,
    cache: CacheDep,
    role_id: LeadRoleId,
    reason: Annotated[
        str | None, Query(max_length=40, description=f"one of {', '.join(REASONS)}")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    """Experts left out of the role's matches and why, in id order."""
    if reason is not None and reason not in REASONS:
        raise InvalidInput(
            f"unknown reason; expected one of {', '.join(REASONS)}", fields={"reason": reason}
        )
    page = service.exclusions(
        store, cache, role_id, reason=reason, after=decode_cursor(cursor), limit=limit
    )
    items = page["items"]
    page["next_cursor"] = encode_cursor(items[-1]["expert_id"]) if len(items) == limit else None
    return page


def _match_job(job: dict[str, Any]) -> dict[str, Any]:
    shown = jobs.view(job)
    shown["run_id"] = shown["params"].get("run_id", "")
    return shown


@router.post(
    "/roles/{role_id}/match-jobs", status_code=status.HTTP_202_ACCEPTED, response_model=MatchJob
)
def start_match_job(
    store: GraphDep, caller: CallerDep, request: MatchJobRequest, role_id: LeadRoleId
) -> Any:
    """Rank every candidate on a worker and store the run; returns the job to follow."""
    ResourceRepository(store, ROLE).get(role_id)
    job_repo = JobRepository(store)
    params = request.model_dump(exclude_none=True)
    run_id = new_id()
    job = job_repo.create(kind="match", params={"role_id": role_id, "run_id": run_id, **params})
    run = MatchRunRepository(store).create(
        run_id=run_id, role_id=role_id, job_id=job["id"], params=params
    )
    try:
        celery_app.send_task(
            match_role_task.name,
            args=[job["id"], run["id"], role_id, params],
            task_id=job["id"],
            ignore_result=True,
        )
    except Exception as exc:  # the broker's own errors vary by transport
        job_repo.update(job["id"], state=JobState.FAILED.value, error="broker unavailable")
        MatchRunRepository(store).update(run["id"], state="failed", error="broker unavailable")
        raise ServiceUnavailable("the job queue cannot be reached; retry later") from exc
    details = {**params, "job_id": job["id"], "run_id": run_id}
    AuditLog(store).record(caller.actor, Action.MATCH_JOB, "role", role_id, details)
    return _match_job(job)


def _role_job(store: GraphStore, role_id: str, job_id: str) -> dict[str, Any]:
    job = jobs.get(store, job_id)
    if job.get("kind") != "match" or jobs.view(job)["params"].get("role_id") != role_id:
        raise NotFound(f"role '{role_id}' has no match job '{job_id}'", fields={"job_id": job_id})
    return job


@router.get("/roles/{role_id}/match-jobs/{job_id}", response_model=MatchJob)
def get_match_job(store: GraphDep, role_id: LeadRoleId, job_id: JobId) -> Any:
    """A match job's state and progress."""
    return _match_job(_role_job(store, role_id, job_id))


@router.post("/roles/{role_id}/match-jobs/{job_id}/cancel", response_model=MatchJob)
def cancel_match_job(store: GraphDep, role_id: LeadRoleId, job_id: JobId) -> Any:
    """Cancel a queued or running match job; 409 once it has finished."""
    _role_job(store, role_id, job_id)
    return _match_job(jobs.request_cancel(store, job_id))


@router.get("/roles/{role_id}/match-runs", response_model=list[MatchRun])
def list_match_runs(store: GraphDep, role_id: LeadRoleId) -> Any:
    """The role's stored runs, newest first."""
    ResourceRepository(store, ROLE).get(role_id)
    return MatchRunRepository(store).of_role(role_id)


@router.get("/match-runs/{run_id}", response_model=MatchRun)
def get_match_run(store: GraphDep, caller: CallerDep, run_id: RunId) -> Any:
    """One stored run: its state, counts and exclusions."""
    run = MatchRunRepository(store).get(run_id)
    _lead_of(store, caller, run["role_id"])
    return run


@router.get("/match-runs/{run_id}/candidates", response_model=RunCandidates)
def list_run_candidates(
    store: GraphDep, caller: CallerDep, run_id: RunId, limit: Limit = 50, cursor: Cursor = None
) -> Any:
    """A stored run's candidates in rank order, with their explanations."""
    runs = MatchRunRepository(store)
    _lead_of(store, caller, runs.get(run_id)["role_id"])
    raw = decode_cursor(cursor)
    if raw and not raw.isdigit():
        raise InvalidInput("the cursor is not one this API gave out", fields={"cursor": raw})
    items = runs.candidates(run_id, after=int(raw or 0), limit=limit)
    next_cursor = encode_cursor(str(items[-1]["rank"])) if len(items) == limit else None
    return {"items": items, "next_cursor": next_cursor}


@router.post("/roles/{role_id}/shortlist", response_model=Decision)
def shortlist(store: GraphDep, request: service.DecisionRequest, role_id: LeadRoleId) -> Any:
    """Shortlist an expert for the role, with the reason; they join the programme's team."""
    return service.decide(store, role_id, "shortlisted", request)


@router.post("/roles/{role_id}/rejections", response_model=Decision)
def reject(store: GraphDep, request: service.DecisionRequest, role_id: LeadRoleId) -> Any:
    """Reject an expert for the role, with the reason; later matches leave them out."""
    return service.decide(store, role_id, "rejected", request)


@router.get("/roles/{role_id}/decisions", response_model=list[Decision])
def list_decisions(store: GraphDep, role_id: LeadRoleId) -> Any:
    """The lead's current decision on each expert considered for the role."""
    return service.decisions(store, role_id)
