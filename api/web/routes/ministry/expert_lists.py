"""Staff bulk import of experts from a list, through talent.bulk.service as the API's
/api/v1/expert-lists: the template and what each column means, the upload, the column mapping
and the dry run's report (refused rows first, downloadable), a confirmed start, and the run's
progress with cancel and its result."""

import contextlib
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Path, Query, Request, Response, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep, SettingsDep
from api.web import i18n
from api.web.downloads import download
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.ministry.expert_list_words import FIELD_NAMES, MEANING, OUTCOMES, REASONS
from api.worker import celery_app
from talent.bulk import service
from talent.bulk.columns import COLUMNS, Field
from talent.bulk.exceptions import TooLarge
from talent.bulk.models import MAX_LISTED, ExpertList, RowProblem
from talent.bulk.template import report_table, template
from talent.core.errors import Conflict, InvalidInput, NotFound, Stale, TalentError
from talent.jobs.model import FINISHED, Job

router = APIRouter(include_in_schema=False)
ListId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
JobId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
Download = Annotated[Literal["csv", "xlsx"], Query()]
CONFIRMED = "yes"
IGNORED = "-"
# Rows of the report shown on the page; the download has them all.
SHOWN = 200

UPLOAD_ERRORS = {
    "size": N_("The file is larger than the limit of %(bytes)s bytes (%(mb)s MB)."),
    "rows": N_("The list has more rows than the limit of %(rows)s."),
    "zip": N_(
        "The XLSX file would unpack to more than its limits allow (%(detail)s); it was not opened."
    ),
    "unreadable": N_("The file cannot be read as a CSV or XLSX list."),
    "missing": N_("Choose a file."),
}
MAPPING_ERROR = N_(
    "Each field may come from one column only, and the full name and country of residence "
    "must each come from one."
)
CHANGED = N_(
    "This list was changed meanwhile, in another window or by a colleague. The page now shows "
    "it as it is: check the columns and the dry run, then try again."
)
BUSY = N_("This list is being imported, or was imported already: follow the run below.")
NO_DRY_RUN = N_("Run a dry run with the mapping as it is now before importing.")


def _reason(request: Request, problem: RowProblem) -> str:
    reason = REASONS.get(problem.code)
    if problem.code == "repeated":
        row = str(problem.earlier_row or "")
        return t(request, N_("The same as row %(row)s.")) % {"row": row}
    return t(request, reason) if reason else problem.detail


def _fields(request: Request) -> list[tuple[str, str]]:
    return [(c.field.value, t(request, FIELD_NAMES[c.field])) for c in COLUMNS]


def _upload_page(request: Request, *, error: str = "", status_code: int = 200) -> Response:
    columns = [
        {
            "header": c.header,
            "name": t(request, FIELD_NAMES[c.field]),
            "meaning": t(request, MEANING[c.field]),
            "example": c.example,
            "required": c.required,
        }
        for c in COLUMNS
    ]
    context = {"columns": columns, "error": error}
    return render(request, "ministry/expert_lists.html", context, status_code=status_code)


@router.get("/expert-lists", response_class=HTMLResponse)
def upload_page(request: Request, _: CallerDep) -> Response:
    """The upload form, the template and what each column means."""
    return _upload_page(request)


@router.get("/expert-lists/template")
def template_file(_: CallerDep, form: Download = "csv") -> Response:
    """The template (bilingual headers, one example row)."""
    return download(template(), stem="expert-list-template", form=form)


def _upload_error(request: Request, exc: TalentError) -> str:
    if not isinstance(exc, TooLarge):
        return t(request, UPLOAD_ERRORS["unreadable"])
    locale = i18n.negotiate(request)
    values = {
        "bytes": i18n.number(exc.limit, locale),
        "mb": i18n.number(exc.limit / 1_000_000, locale),
        "rows": i18n.number(exc.limit, locale),
        "detail": exc.fields.get("file", ""),
    }
    return t(request, UPLOAD_ERRORS[exc.what]) % values


@router.post("/expert-lists", response_class=HTMLResponse)
async def upload(
    request: Request,
    store: GraphDep,
    settings: SettingsDep,
    caller: CallerDep,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Read the list (limits as the API's), then its mapping and dry run."""
    if file is None or not file.filename:
        return _upload_page(request, error=t(request, UPLOAD_ERRORS["missing"]), status_code=422)
    data = await file.read(settings.import_max_bytes + 1)
    try:
        listed = service.upload(
            store=store,
            caller=caller.account,
            data=data,
            filename=file.filename,
            max_bytes=settings.import_max_bytes,
            max_rows=settings.import_max_rows,
        )
    except (TooLarge, InvalidInput) as exc:
        message = _upload_error(request, exc)
        return _upload_page(request, error=message, status_code=exc.status_code)
    return RedirectResponse(f"/expert-lists/{listed.id}", status_code=303)


def _list_page(
    request: Request,
    store: GraphDep,
    listed: ExpertList,
    *,
    mapping_error: str = "",
    problem: str = "",
    confirming: bool = False,
    invite: bool = False,
    status_code: int = 200,
) -> Response:
    report = service.report(store, listed.id) if listed.dry_run is not None else None
    dry_job = None
    if listed.dry_run_job is not None:
        with contextlib.suppress(NotFound):
            dry_job = service.dry_run_job(store, listed.id, listed.dry_run_job)
    rows = [
        {
            "row": r.row,
            "name": r.name,
            "outcome": r.outcome.value,
            "outcome_name": t(request, OUTCOMES[r.outcome]),
            "problems": [(p.column, _reason(request, p), p.detail) for p in r.problems],
            "expert_id": r.expert_id,
            "duplicates": r.duplicates,
            "duplicate_rows": r.duplicate_rows,
            "new_organization": r.new_organization,
        }
        for r in (report.rows[:SHOWN] if report else [])
    ]
    context = {
        "listed": listed,
        "columns": list(zip(listed.headers, listed.mapping, strict=True)),
        "fields": _fields(request),
        "ignored": IGNORED,
        "summary": listed.dry_run,
        "rows": rows,
        "more": (len(report.rows) - SHOWN) if report and len(report.rows) > SHOWN else 0,
        "mapping_error": mapping_error,
        "problem": problem,
        "confirming": confirming,
        "invite": invite,
        "max_listed": MAX_LISTED,
        "dry_job": dry_job,
        "dry_live": dry_job is not None and dry_job.state not in FINISHED,
    }
    return render(request, "ministry/expert_list.html", context, status_code=status_code)


@router.get("/expert-lists/{list_id}", response_class=HTMLResponse)
def list_page(request: Request, store: GraphDep, _: CallerDep, list_id: ListId) -> Response:
    """The list's columns and the field each fills, the last dry run's report, the start."""
    return _list_page(request, store, service.get(store, list_id))


def _version(form_value: object) -> int | None:
    """The list's version the form was drawn at (none: the version this request reads)."""
    text = str(form_value or "")
    return int(text) if text.isdigit() and len(text) < 12 else None


def _changed(request: Request, store: GraphDep, list_id: str) -> Response:
    """The list as it is now, saying it changed since the form was drawn (409)."""
    listed = service.get(store, list_id)
    return _list_page(request, store, listed, problem=t(request, CHANGED), status_code=409)


@router.post("/expert-lists/{list_id}/dry-run", response_class=HTMLResponse)
async def dry_run(
    request: Request, store: GraphDep, caller: CallerDep, list_id: ListId
) -> Response:
    """Save the mapping the form names (`map_<n>` per column) and queue the dry run; the
    list's page follows it to its report."""
    listed = service.get(store, list_id)
    form = await request.form()
    mapping: list[Field | None] = []
    for n in range(len(listed.headers)):
        chosen = str(form.get(f"map_{n}", IGNORED))
        mapping.append(Field(chosen) if chosen in {f.value for f in Field} else None)
    try:
        service.start_dry_run(
            store=store,
            broker=celery_app,
            caller=caller.account,
            list_id=list_id,
            mapping=mapping,
            expected=_version(form.get("version")),
        )
    except InvalidInput:
        shown = listed.model_copy(update={"mapping": mapping})
        message = t(request, MAPPING_ERROR)
        return _list_page(request, store, shown, mapping_error=message, status_code=422)
    except Stale:
        return _changed(request, store, list_id)
    return RedirectResponse(f"/expert-lists/{list_id}#report", status_code=303)


@router.post("/expert-lists/{list_id}/dry-runs/{job_id}/cancel", response_class=HTMLResponse)
def cancel_dry_run(
    request: Request, store: GraphDep, _: CallerDep, list_id: ListId, job_id: JobId
) -> Response:
    """Stop the dry run: nothing of it is kept."""
    # One that finished meanwhile: the page shows its report.
    with contextlib.suppress(Conflict):
        service.cancel_dry_run(store, list_id, job_id)
    return RedirectResponse(f"/expert-lists/{list_id}#report", status_code=303)


@router.get("/expert-lists/{list_id}/report")
def report_file(
    request: Request, store: GraphDep, _: CallerDep, list_id: ListId, form: Download = "csv"
) -> Response:
    """The whole dry-run report, refused rows first, headed in the page's language."""
    found = service.report(store, list_id)
    headers = [
        t(request, N_("Row")),
        t(request, N_("Name")),
        t(request, N_("Outcome")),
        t(request, N_("Profile")),
        t(request, N_("Column")),
        t(request, N_("Reason")),
        t(request, N_("Detail")),
    ]
    table = report_table(
        found,
        title=t(request, N_("Dry run")),
        headers=headers,
        outcome=lambda outcome: t(request, OUTCOMES[outcome]),
        reason=lambda problem: _reason(request, problem),
    )
    return download(table, stem="expert-list-dry-run", form=form)


@router.post("/expert-lists/{list_id}/import", response_class=HTMLResponse)
def start_import(
    request: Request,
    store: GraphDep,
    caller: CallerDep,
    list_id: ListId,
    invite: Annotated[str, Form(max_length=10)] = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
    version: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """Without `confirm`, the confirmation step; with it, the run queued (of the list as the
    form showed it: 409 saying so if it changed since)."""
    listed = service.get(store, list_id)
    inviting = invite == CONFIRMED
    expected = _version(version)
    if expected is not None and expected != listed.version:
        return _changed(request, store, list_id)
    if confirm != CONFIRMED:
        return _list_page(request, store, listed, confirming=True, invite=inviting)
    try:
        job = service.start_import(
            store=store,
            broker=celery_app,
            caller=caller.account,
            list_id=list_id,
            invite=inviting,
            expected=expected,
        )
    except Stale:
        return _changed(request, store, list_id)
    except Conflict as exc:
        reason = NO_DRY_RUN if "dry_run" in exc.fields else BUSY
        message = t(request, reason)
        return _list_page(request, store, listed, problem=message, status_code=409)
    return RedirectResponse(f"/expert-lists/{list_id}/imports/{job.id}", status_code=303)


def _job_page(request: Request, listed: ExpertList, job: Job) -> Response:
    context = {"listed": listed, "job": job, "live": job.state not in FINISHED}
    return render(request, "ministry/expert_list_import.html", context)


@router.get("/expert-lists/{list_id}/imports/{job_id}", response_class=HTMLResponse)
def import_page(
    request: Request, store: GraphDep, _: CallerDep, list_id: ListId, job_id: JobId
) -> Response:
    """The run's progress (followed until it ends), cancel, and its result."""
    job = service.import_job(store, list_id, job_id)
    return _job_page(request, service.get(store, list_id), job)


@router.post("/expert-lists/{list_id}/imports/{job_id}/cancel", response_class=HTMLResponse)
def cancel_import(
    request: Request, store: GraphDep, _: CallerDep, list_id: ListId, job_id: JobId
) -> Response:
    """Stop the run after the chunk it is writing (rows written stay; a new run goes on)."""
    # One that finished meanwhile: the page says how.
    with contextlib.suppress(Conflict):
        service.cancel_import(store, list_id, job_id)
    return RedirectResponse(f"/expert-lists/{list_id}/imports/{job_id}", status_code=303)
