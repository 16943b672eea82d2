"""Staff bulk import of experts: the template, an uploaded list and its column mapping, the dry
run and its report, and the run as a job (progress, cancel)."""

from typing import Annotated, Literal

from fastapi import APIRouter, File, Path, Query, Response, UploadFile, status

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep, SettingsDep
from api.web.downloads import download
from api.worker import celery_app
from talent.bulk import service
from talent.bulk.models import DryRun, DryRunRequest, ExpertList, ImportRequest, MappingRequest
from talent.bulk.template import report_table, template
from talent.jobs.model import Job

router = APIRouter(prefix="/expert-lists", tags=["expert lists"])
ListId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
JobId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
Form = Annotated[Literal["csv", "xlsx"], Query(description="the file's format")]


@router.get("/template", response_class=Response)
def get_template(_: CallerDep, form: Form = "csv") -> Response:
    """The list template: bilingual headers (Vietnamese / English) and one example row."""
    return download(template(), stem="expert-list-template", form=form)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ExpertList)
async def upload_list(
    store: GraphDep,
    settings: SettingsDep,
    caller: CallerDep,
    file: Annotated[UploadFile, File(description="a CSV (UTF-8, UTF-16, Windows-1258) or XLSX")],
) -> ExpertList:
    """Upload a list: its rows are kept with it and its mapping guessed from the headers; 413
    beyond `import_max_bytes`, `import_max_rows` or the XLSX zip limits, 422 unreadable."""
    data = await file.read(settings.import_max_bytes + 1)
    return service.upload(
        store=store,
        caller=caller.account,
        data=data,
        filename=file.filename or "list",
        max_bytes=settings.import_max_bytes,
        max_rows=settings.import_max_rows,
    )


@router.get("/{list_id}", response_model=ExpertList)
def get_list(store: GraphDep, _: CallerDep, list_id: ListId) -> ExpertList:
    """An uploaded list: headers, mapping, rows, the last dry run's counts and run."""
    return service.get(store, list_id)


@router.put("/{list_id}/mapping", response_model=ExpertList)
def set_mapping(
    store: GraphDep, caller: CallerDep, list_id: ListId, request: MappingRequest
) -> ExpertList:
    """Change which field each header fills (null: the column is ignored); the last dry run's
    figures go. With `version`, 409 if the list changed since it was read."""
    return service.set_mapping(
        store=store,
        caller=caller.account,
        list_id=list_id,
        mapping=request.mapping,
        expected=request.version,
    )


@router.post("/{list_id}/dry-run", status_code=status.HTTP_202_ACCEPTED, response_model=Job)
def dry_run(
    store: GraphDep, caller: CallerDep, list_id: ListId, body: DryRunRequest | None = None
) -> Job:
    """Queue the dry run: what a run would do to each row now; nothing is written but the
    report (and the mapping, when one is sent). Returns the job to follow; its report is then
    `GET .../dry-run`. With `version`, 409 if the list changed since it was read; a new
    mapping while it runs means its report is not kept."""
    request = body or DryRunRequest()
    return service.start_dry_run(
        store=store,
        broker=celery_app,
        caller=caller.account,
        list_id=list_id,
        mapping=request.mapping,
        expected=request.version,
    )


@router.get("/{list_id}/dry-runs/{job_id}", response_model=Job)
def get_dry_run(store: GraphDep, _: CallerDep, list_id: ListId, job_id: JobId) -> Job:
    """A dry run's state and progress; its result counts created, matched, review and
    refused (`stored`: whether its report was kept with the list)."""
    return service.dry_run_job(store, list_id, job_id)


@router.post("/{list_id}/dry-runs/{job_id}/cancel", response_model=Job)
def cancel_dry_run(store: GraphDep, _: CallerDep, list_id: ListId, job_id: JobId) -> Job:
    """Stop a dry run: nothing of it is kept; 409 once it has finished."""
    return service.cancel_dry_run(store, list_id, job_id)


@router.get("/{list_id}/dry-run", response_model=DryRun)
def dry_run_report(
    store: GraphDep,
    _: CallerDep,
    list_id: ListId,
    form: Annotated[Literal["json", "csv", "xlsx"], Query()] = "json",
) -> DryRun | Response:
    """The last dry run's report, every row, as JSON, CSV or XLSX (409 before a dry run)."""
    found = service.report(store, list_id)
    if form == "json":
        return found
    return download(report_table(found), stem="expert-list-dry-run", form=form)


@router.post("/{list_id}/imports", status_code=status.HTTP_202_ACCEPTED, response_model=Job)
def start_import(
    store: GraphDep, caller: CallerDep, list_id: ListId, request: ImportRequest
) -> Job:
    """Queue the run of a list after its dry run (409 before one, while a run of it is queued
    or running, once it was imported, or, with `version`, if the list changed since it was
    read); returns the job to follow."""
    return service.start_import(
        store=store,
        broker=celery_app,
        caller=caller.account,
        list_id=list_id,
        invite=request.invite,
        expected=request.version,
    )


@router.get("/{list_id}/imports/{job_id}", response_model=Job)
def get_import(store: GraphDep, _: CallerDep, list_id: ListId, job_id: JobId) -> Job:
    """A run's state and progress; its result counts created, matched, review and refused."""
    return service.import_job(store, list_id, job_id)


@router.post("/{list_id}/imports/{job_id}/cancel", response_model=Job)
def cancel_import(store: GraphDep, _: CallerDep, list_id: ListId, job_id: JobId) -> Job:
    """Cancel a run between chunks (each chunk is written whole or not at all); 409 once it
    has finished."""
    return service.cancel_import(store, list_id, job_id)
