"""ROR's register for admins: how many records are loaded, the latest load (its counts and the
organisations it gave a ROR id, each linked to its edit form), the latest upload's job (its
progress while it runs, followed without reloading, with a cancel button; then its outcome or
why it failed), and a form to load a dump file, through the service behind
POST /api/v1/ror/dumps. A file over the limit comes back with the reason beside the field."""

from collections.abc import Mapping
from typing import Annotated

from fastapi import File, Query, Request, Response, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import CallerDep
from api.deps import GraphDep, SettingsDep
from api.web.i18n import N_, negotiate, number
from api.web.render import render, t
from api.web.routes.admin.common import router
from api.worker import celery_app
from talent.core.errors import Conflict, TalentError
from talent.jobs.model import FINISHED, JobRecord, JobState
from talent.organizations.register import jobs
from talent.organizations.register.load import latest_load
from talent.organizations.register.repository import RorRepository

BASE = "/admin/directory/ror"
ROUTE = BASE.removeprefix("/admin")
DONE = {
    "started": N_("The file is uploaded and its load has started: its progress shows below."),
    "cancel": N_("You asked to stop the load; it stops after the batch of records it is writing."),
}
PROBLEMS = {
    "json": N_("The file is not valid JSON: the error is near character %(at)s."),
    "record": N_("Record %(record)s (%(id)s) is not in ROR's format."),
    "encoding": N_("The file is not UTF-8 text."),
    "zip": N_("The file is not a readable zip holding ROR's JSON."),
}
TOO_LARGE = N_(
    "The file (or the JSON inside the zip) is larger than %(limit)s MB, the most a load reads."
)
NO_FILE = N_("Choose the dump file to load.")
UNREADABLE = N_("The file could not be read as a ROR data dump.")
BUSY = N_("A dump is already being loaded: wait until it has finished before loading another.")
ENDED = N_("This load had already ended: there was nothing left to stop.")
# A job that fails for another reason (the worker could not read the file).
FAILED = N_("The load did not finish. Upload the file again to load it.")


def _mb(limit: int, request: Request) -> str:
    return number(max(1, round(limit / 1_000_000)), negotiate(request))


def _problem(request: Request, problem: Mapping[str, object]) -> str:
    """Why a load was refused or failed, in the reader's language."""
    if problem.get("status") == 413:
        limit = problem.get("limit")
        return t(request, TOO_LARGE) % {
            "limit": _mb(limit if isinstance(limit, int) else 0, request)
        }
    kind = str(problem.get("problem", ""))
    if kind not in PROBLEMS:
        return t(request, UNREADABLE)
    values = {k: problem.get(k, "") for k in ("at", "record", "id")}
    return t(request, PROBLEMS[kind]) % values


def _outcome(request: Request, job: JobRecord | None) -> str:
    if job is None or job.state is not JobState.FAILED:
        return ""
    problem = (job.result or {}).get("problem")
    return _problem(request, problem) if isinstance(problem, dict) else t(request, FAILED)


def _page(
    request: Request,
    store: GraphDep,
    settings: SettingsDep,
    *,
    notice: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    job = jobs.latest(store)
    context = {
        "records": RorRepository(store).count(),
        "latest": latest_load(store),
        "job": job,
        "live": job is not None and job.state not in FINISHED,
        "failure": _outcome(request, job),
        "limit_mb": _mb(settings.ror_max_bytes, request),
        "notice": notice,
        "errors": errors or {},
    }
    return render(request, "admin/ror.html", context, status_code=status_code)


@router.get(ROUTE, response_class=HTMLResponse)
def ror_page(
    request: Request,
    store: GraphDep,
    settings: SettingsDep,
    _: CallerDep,
    done: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """ROR's register: records loaded, the latest load and upload, and the form to load one."""
    notice = t(request, DONE[done]) if done in DONE else ""
    return _page(request, store, settings, notice=notice)


@router.post(ROUTE, response_class=HTMLResponse)
def load_ror(
    request: Request,
    store: GraphDep,
    settings: SettingsDep,
    caller: CallerDep,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Upload the dump file and start its load; back to the page, which follows it."""
    if file is None or not file.filename:
        errors = {"file": t(request, NO_FILE)}
        return _page(request, store, settings, errors=errors, status_code=422)
    try:
        jobs.start(
            store,
            celery_app,
            source=file.file,
            name=file.filename,
            actor=caller.actor,
            folder=jobs.uploads(settings.data_dir),
            max_bytes=settings.ror_max_bytes,
        )
    except Conflict:
        return _page(request, store, settings, errors={"": t(request, BUSY)}, status_code=409)
    except TalentError as exc:
        if exc.status_code != 413:
            raise
        problem = {"status": 413, "limit": settings.ror_max_bytes}
        errors = {"file": _problem(request, problem)}
        return _page(request, store, settings, errors=errors, status_code=413)
    return RedirectResponse(f"{BASE}?done=started", status_code=303)


@router.post(f"{ROUTE}/jobs/{{job_id}}/cancel", response_class=HTMLResponse)
def cancel_ror_load(
    request: Request, store: GraphDep, settings: SettingsDep, _: CallerDep, job_id: str
) -> Response:
    """Stop a load between batches (the records written so far stay; loading again finishes
    them), as POST /api/v1/jobs/{job_id}/cancel."""
    try:
        jobs.cancel(store, job_id)
    except Conflict:
        return _page(request, store, settings, errors={"": t(request, ENDED)}, status_code=409)
    return RedirectResponse(f"{BASE}?done=cancel", status_code=303)
