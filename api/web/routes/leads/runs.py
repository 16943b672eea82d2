"""Full matches of a role: starting one, following it until it ends (cancel only while it
runs), and the role's past runs listed with who started each."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.web.render import render
from api.worker import celery_app
from matching import candidate_list, overview, runs
from matching.models import MatchJobRequest
from talent.core.errors import Conflict

router = APIRouter(include_in_schema=False)
RoleId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
JobId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
# How many candidates a full match stores from the page's button.
JOB_LIMIT = 1000


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


def _job_page(
    request: Request, found: overview.JobView, *, alert: bool = False, status_code: int = 200
) -> Response:
    context = {"found": found, "alert": alert, "done": request.query_params.get("done", "")}
    return render(request, "leads/job.html", context, status_code=status_code)


@router.get("/roles/{role_id}/jobs/{job_id}", response_class=HTMLResponse)
def job(request: Request, store: GraphDep, role_id: RoleId, job_id: JobId) -> Response:
    """A full match's progress; the page asks again every second until it ends."""
    return _job_page(request, overview.job_view(store, role_id, job_id))


@router.post("/roles/{role_id}/jobs/{job_id}/cancel", response_class=HTMLResponse)
def cancel_job(request: Request, store: GraphDep, role_id: RoleId, job_id: JobId) -> Response:
    """Cancel a full match that has not finished; one that has ended says so (409) and shows
    how it ended."""
    try:
        runs.cancel(store, role_id, job_id)
    except Conflict:
        found = overview.job_view(store, role_id, job_id)
        return _job_page(request, found, alert=True, status_code=409)
    return RedirectResponse(f"/roles/{role_id}/jobs/{job_id}?done=cancel", status_code=303)


@router.get("/roles/{role_id}/runs", response_class=HTMLResponse)
def past_runs(request: Request, store: GraphDep, role_id: RoleId) -> Response:
    """The role's stored match runs, newest first: when, who, how many candidates."""
    view, found = candidate_list.past_runs(store, role_id)
    return render(request, "leads/runs.html", {"view": view, "runs": found})
