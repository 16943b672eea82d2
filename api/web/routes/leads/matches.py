"""A role's matches for its lead: ranked, explained candidates with shortlist and rejection,
who was left out and why, full match jobs with their progress, and stored runs."""

import contextlib
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.web.render import render, t
from api.web.routes.leads.forms import DecisionForm
from api.worker import celery_app
from matching import overview, runs, service
from matching.cache import IndexCache
from matching.index import REASONS
from matching.models import DecisionRequest, MatchJobRequest, MatchRequest
from talent.core.errors import Conflict
from talent.core.pagination import decode_cursor

router = APIRouter(include_in_schema=False)
RoleId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
JobId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
RunId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
# Typed into the page's own field: out of range is brought into range rather than refused.
Shown = Annotated[str, Query(max_length=6)]
# Candidates of a stored run per page.
RUN_PAGE = 10
# How many candidates a full match stores from the page's button.
JOB_LIMIT = 1000


def _cache(request: Request) -> IndexCache:
    cache: IndexCache = request.app.state.match_cache
    return cache


def _matches_page(
    request: Request,
    found: overview.RoleMatches,
    *,
    k: int,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "found": found,
        "k": k,
        "errors": errors or {},
        "typed": typed or {},
        "done": request.query_params.get("done", ""),
    }
    return render(request, "leads/matches.html", context, status_code=status_code)


@router.get("/roles/{role_id}/matches", response_class=HTMLResponse)
def matches(
    request: Request, store: GraphDep, caller: CallerDep, role_id: RoleId, k: Shown = "10"
) -> Response:
    """The role's top candidates, explained, with the lead's decisions and stored runs."""
    shown = _bounded(k, default=10, high=200)
    found = overview.role_matches(
        store, _cache(request), role_id, MatchRequest(k=shown), viewer=caller.account
    )
    return _matches_page(request, found, k=shown)


@router.post("/roles/{role_id}/decisions", response_class=HTMLResponse)
async def decide(request: Request, store: GraphDep, caller: CallerDep, role_id: RoleId) -> Response:
    """Shortlist or reject a candidate, with the reason; back to the list."""
    # Read here, not as Form parameters: FastAPI would consume the body before the access
    # policy's check of a role's owner reads it.
    form = DecisionForm.read(await request.form())
    if form.error:
        found = overview.role_matches(
            store, _cache(request), role_id, MatchRequest(k=form.k), viewer=caller.account
        )
        errors = {form.expert_id: t(request, form.error)}
        typed = {form.expert_id: form.reason}
        return _matches_page(request, found, k=form.k, errors=errors, typed=typed, status_code=422)
    item = DecisionRequest(expert_id=form.expert_id, reason=form.reason)
    service.decide(store, role_id, form.decision, item, actor=caller.actor)
    return RedirectResponse(
        f"/roles/{role_id}/matches?k={form.k}&done={form.decision}#decisions", status_code=303
    )


@router.get("/roles/{role_id}/exclusions", response_class=HTMLResponse)
def exclusions(
    request: Request,
    store: GraphDep,
    caller: CallerDep,
    role_id: RoleId,
    reason: Annotated[str | None, Query(max_length=40)] = None,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> Response:
    """Who was left out of the role's matches and why, a page at a time."""
    chosen = reason if reason in REASONS else None
    view, found = overview.role_exclusions(
        store,
        _cache(request),
        role_id,
        reason=chosen,
        after=decode_cursor(cursor),
        viewer=caller.account,
    )
    context = {"view": view, "found": found, "reason": chosen, "reasons": REASONS}
    return render(request, "leads/exclusions.html", context)


@router.post("/roles/{role_id}/jobs", response_class=HTMLResponse)
def start_job(request: Request, store: GraphDep, caller: CallerDep, role_id: RoleId) -> Response:
    """Start a full match of the role on the worker; follow it on its page."""
    job = runs.start(
        store,
        celery_app,
        actor=caller.actor,
        role_id=role_id,
        request=MatchJobRequest(limit=JOB_LIMIT),
    )
    return RedirectResponse(f"/roles/{role_id}/jobs/{job.id}", status_code=303)


@router.get("/roles/{role_id}/jobs/{job_id}", response_class=HTMLResponse)
def job(request: Request, store: GraphDep, role_id: RoleId, job_id: JobId) -> Response:
    """A full match's progress; the page asks again every second until it ends."""
    found = overview.job_view(store, role_id, job_id)
    return render(request, "leads/job.html", {"found": found})


@router.post("/roles/{role_id}/jobs/{job_id}/cancel", response_class=HTMLResponse)
def cancel_job(request: Request, store: GraphDep, role_id: RoleId, job_id: JobId) -> Response:
    """Cancel a full match that has not finished (one that just finished shows as it ended)."""
    with contextlib.suppress(Conflict):
        runs.cancel(store, role_id, job_id)
    return RedirectResponse(f"/roles/{role_id}/jobs/{job_id}", status_code=303)


@router.get("/match-runs/{run_id}", response_class=HTMLResponse)
def run(
    request: Request,
    store: GraphDep,
    caller: CallerDep,
    run_id: RunId,
    after: Shown = "0",
) -> Response:
    """A stored run: its totals and its candidates in rank order, a page at a time."""
    rank = _bounded(after, default=0, high=100_000, low=0)
    found = overview.run_view(store, run_id, after=rank, limit=RUN_PAGE, viewer=caller.account)
    return render(request, "leads/run.html", {"found": found, "after": rank, "size": RUN_PAGE})


def _bounded(text: str, *, default: int, high: int, low: int = 1) -> int:
    try:
        return min(max(int(text), low), high)
    except ValueError:
        return default
