"""Matching a role: ranked and explained candidates, exclusions, full-match jobs and runs,
and the lead's shortlist and rejection decisions."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, status

from api.auth import CallerDep
from api.deps import PRINTABLE, Cursor, GraphDep, Limit
from api.versions import IfMatch
from api.worker import celery_app
from matching import candidate_list, runs, service
from matching.cache import IndexCache
from matching.index import REASONS
from matching.models import (
    Candidate,
    Decision,
    DecisionRequest,
    ExclusionPage,
    MatchJob,
    MatchJobRequest,
    MatchRequest,
    MatchResponse,
    MatchRun,
    Note,
    NoteRequest,
)
from talent.core.errors import InvalidInput
from talent.core.pagination import Page, decode_cursor

router = APIRouter(tags=["matching"])
# Annotated, not shared Path() defaults: FastAPI binds a shared default to the first name.
RoleId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
JobId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
RunId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
ExpertId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]


def get_cache(request: Request) -> IndexCache:
    cache: IndexCache = request.app.state.match_cache
    return cache


CacheDep = Annotated[IndexCache, Depends(get_cache)]


def _rank_after(cursor: str | None) -> int:
    """A run's pages are keyed by rank."""
    raw = decode_cursor(cursor)
    if raw and not raw.isdigit():
        raise InvalidInput("the cursor is not one this API gave out", fields={"cursor": raw})
    return int(raw or 0)


@router.post("/roles/{role_id}/matches", response_model=MatchResponse)
def match_role(
    store: GraphDep,
    cache: CacheDep,
    request: MatchRequest,
    role_id: RoleId,
    caller: CallerDep,
) -> MatchResponse:
    """The top k candidates for a role, ranked and explained; exclusions counted by reason."""
    return service.match(store, cache, role_id, request, viewer=caller.account)


@router.get("/roles/{role_id}/exclusions", response_model=ExclusionPage)
def list_exclusions(
    store: GraphDep,
    cache: CacheDep,
    caller: CallerDep,
    role_id: RoleId,
    reason: Annotated[
        str | None, Query(max_length=40, description=f"one of {', '.join(REASONS)}")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ExclusionPage:
    """Experts left out of the role's matches and why, in id order."""
    after = decode_cursor(cursor)
    return service.exclusions(
        store, cache, role_id, reason=reason, after=after, limit=limit, viewer=caller.account
    )


@router.post(
    "/roles/{role_id}/match-jobs", status_code=status.HTTP_202_ACCEPTED, response_model=MatchJob
)
def start_match_job(
    store: GraphDep, caller: CallerDep, request: MatchJobRequest, role_id: RoleId
) -> MatchJob:
    """Rank every candidate on a worker and store the run; returns the job to follow."""
    return runs.start(store, celery_app, actor=caller.actor, role_id=role_id, request=request)


@router.get("/roles/{role_id}/match-jobs/{job_id}", response_model=MatchJob)
def get_match_job(store: GraphDep, _: CallerDep, role_id: RoleId, job_id: JobId) -> MatchJob:
    """A match job's state and progress."""
    return runs.job(store, role_id, job_id)


@router.post("/roles/{role_id}/match-jobs/{job_id}/cancel", response_model=MatchJob)
def cancel_match_job(store: GraphDep, _: CallerDep, role_id: RoleId, job_id: JobId) -> MatchJob:
    """Cancel a queued or running match job; 409 once it has finished."""
    return runs.cancel(store, role_id, job_id)


@router.get("/roles/{role_id}/match-runs", response_model=list[MatchRun])
def list_match_runs(store: GraphDep, _: CallerDep, role_id: RoleId) -> list[MatchRun]:
    """The role's stored runs, newest first."""
    return runs.of_role(store, role_id)


@router.get("/match-runs/{run_id}", response_model=MatchRun)
def get_match_run(store: GraphDep, _: CallerDep, run_id: RunId) -> MatchRun:
    """One stored run: its state, counts and exclusions."""
    return runs.get(store, run_id)


@router.get("/match-runs/{run_id}/candidates", response_model=Page[Candidate])
def list_run_candidates(
    store: GraphDep, caller: CallerDep, run_id: RunId, limit: Limit = 50, cursor: Cursor = None
) -> Page[Candidate]:
    """A stored run's candidates in rank order, with their explanations as the caller may see
    them."""
    after = _rank_after(cursor)
    return runs.candidates(store, run_id, after=after, limit=limit, viewer=caller.account)


@router.post("/roles/{role_id}/shortlist", response_model=Decision)
def shortlist(
    store: GraphDep, caller: CallerDep, request: DecisionRequest, role_id: RoleId
) -> Decision:
    """Shortlist an expert for the role, with the reason; they join the programme's team."""
    return service.decide(store, role_id, "shortlisted", request, actor=caller.actor)


@router.post("/roles/{role_id}/rejections", response_model=Decision)
def reject(
    store: GraphDep, caller: CallerDep, request: DecisionRequest, role_id: RoleId
) -> Decision:
    """Reject an expert for the role, with the reason; later matches leave them out."""
    return service.decide(store, role_id, "rejected", request, actor=caller.actor)


@router.get("/roles/{role_id}/decisions", response_model=list[Decision])
def list_decisions(store: GraphDep, _: CallerDep, role_id: RoleId) -> list[Decision]:
    """The lead's current decision on each expert considered for the role."""
    return service.decisions(store, role_id)


@router.delete("/roles/{role_id}/decisions/{expert_id}", response_model=Decision)
def restore(
    store: GraphDep, caller: CallerDep, role_id: RoleId, expert_id: ExpertId, expected: IfMatch
) -> Decision:
    """Withdraw the decision on an expert: a rejected expert is a candidate again, a
    shortlisted one leaves the shortlist. With `If-Match` (the decision's `at` in quotes),
    refused (412) if another decision replaced it; 409 when there is none. Returns the
    decision withdrawn."""
    return service.restore(store, role_id, expert_id, expected=expected, actor=caller.actor)


@router.get("/roles/{role_id}/notes", response_model=list[Note])
def list_notes(store: GraphDep, _: CallerDep, role_id: RoleId) -> list[Note]:
    """The lead's private notes on the role's candidates."""
    return list(candidate_list.notes(store, role_id).values())


@router.put("/roles/{role_id}/notes/{expert_id}", response_model=Note)
def write_note(
    store: GraphDep,
    _: CallerDep,
    role_id: RoleId,
    expert_id: ExpertId,
    request: NoteRequest,
    expected: IfMatch,
) -> Note:
    """Write the lead's private note on a candidate (empty text clears it). With `If-Match`
    (the note's `at`, "0" for none yet), refused (412) if another was written since."""
    return candidate_list.write_note(store, role_id, expert_id, request, expected=expected)
