"""Starting an import from my imports page (from linked identifiers and DOIs pasted, or from a
BibTeX or RIS file), following it until it ends, and stopping it."""

import re
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.web import i18n
from api.web.render import render
from api.web.routes.experts import imports_words as words
from api.web.routes.experts.common import store_of
from api.web.routes.experts.imports_page import (
    NO_DOI,
    NO_FILE,
    NO_LINK,
    NO_WORK,
    NOT_REFERENCES,
    NOTHING,
    PAGE,
    TOO_LARGE,
    TOO_MANY,
    no_profile,
    one,
    owner,
    page,
    read_form,
    say,
)
from api.worker import celery_app
from talent.core import validators
from talent.core.errors import InvalidInput, TalentError
from talent.imports import service
from talent.imports.models import (
    MAX_DOIS,
    ImportRequest,
)

router = APIRouter()
# DOIs pasted: one per line, or separated by spaces or commas (a DOI may hold a semicolon).
_SPLIT = re.compile(r"[\s,]+")
JobId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")]


def _dois(raw: str) -> tuple[list[str], list[str]]:
    """The DOIs pasted (each once, in order) and those that are not DOIs."""
    good: list[str] = []
    bad: list[str] = []
    for part in _SPLIT.split(raw.strip()):
        if not part:
            continue
        try:
            doi = validators.doi(part)
        except ValueError:
            bad.append(part[:80])
            continue
        if doi not in good:
            good.append(doi)
    return good, bad


@router.post("/me/imports", response_class=HTMLResponse)
async def start_import(request: Request) -> Response:
    """An import from my linked identifiers and the DOIs pasted; then its progress."""
    account, expert_id = owner(request)
    if expert_id is None:
        return no_profile(request, 404)
    form = await read_form(request)
    raw = form.get("dois", [""])[0]
    use_ids = one(form, "identifiers") == "on"
    values = {"dois": raw, "identifiers": "on" if use_ids else ""}
    good, bad = _dois(raw)
    errors: dict[str, str] = {}
    if bad:
        errors["dois"] = say(request, NO_DOI, values=", ".join(bad))
    elif len(good) > MAX_DOIS:
        errors["dois"] = say(request, TOO_MANY, count=MAX_DOIS)
    elif not good and not use_ids:
        errors["dois"] = say(request, NOTHING)
    if not errors:
        try:
            request_in = ImportRequest(identifiers=use_ids, dois=good)
            job = service.start(store_of(request), celery_app, account, expert_id, request_in)
        except InvalidInput as exc:
            errors["identifiers" if "identifiers" in exc.fields else "dois"] = say(
                request, NO_LINK if "identifiers" in exc.fields else NOTHING
            )
        else:
            return RedirectResponse(f"{PAGE}/jobs/{job.id}", status_code=303)
    return page(request, account, expert_id, errors=errors, values=values, status_code=422)


@router.post("/me/imports/file", response_class=HTMLResponse)
async def start_file_import(request: Request) -> Response:
    """An import of a BibTeX or RIS file; a file with no readable entry is refused, each
    problem named beside the field."""
    account, expert_id = owner(request)
    if expert_id is None:
        return no_profile(request, 404)
    limit = request.app.state.settings.import_max_bytes
    upload = (await request.form()).get("file")
    error = ""
    if not isinstance(upload, UploadFile) or not upload.filename:
        error = say(request, NO_FILE)
    else:
        data = await upload.read(limit + 1)
        name = upload.filename[:200]
        if len(data) > limit:
            error = say(
                request,
                TOO_LARGE,
                size=i18n.number(round(limit / 1_000_000, 1), i18n.negotiate(request)),
            )
        else:
            store = store_of(request)
            try:
                # Reading a file of thousands of entries takes seconds: not on the event loop.
                job = await run_in_threadpool(
                    service.start_file, store, celery_app, account, expert_id, name=name, data=data
                )
            except InvalidInput as exc:
                error = _file_error(request, exc)
            else:
                return RedirectResponse(f"{PAGE}/jobs/{job.id}", status_code=303)
    return page(request, account, expert_id, errors={"file": error}, status_code=422)


def _file_error(request: Request, refused: InvalidInput) -> str:
    """Why the file was refused, entry by entry (the problems the refusal carries, by their
    codes), in the page's language."""
    found = refused.extra.get("problems")
    if not isinstance(found, list):
        return say(request, NOT_REFERENCES)
    locale = i18n.negotiate(request)
    problems = [
        words.file_problem(p.get("line"), p.get("entry"), p.get("code"), locale)
        for p in found[:5]
        if isinstance(p, dict)
    ]
    return " ".join([say(request, NO_WORK), *[f"{p}." for p in problems]])


# Following an import


@router.get("/me/imports/jobs/{job_id}", response_class=HTMLResponse)
def import_job(request: Request, job_id: JobId) -> Response:
    """An import's progress (the page asks again every second until it ends), then what it
    found, in words."""
    _, expert_id = owner(request)
    if expert_id is None:
        return no_profile(request)
    return _job_page(request, expert_id, job_id)


def _job_page(
    request: Request, expert_id: str, job_id: str, *, alert: bool = False, status_code: int = 200
) -> HTMLResponse:
    job = service.job(store_of(request), expert_id, job_id)
    locale = i18n.negotiate(request)
    result = job.result or {}
    problems = result.get("problems")
    context = {
        "job": job,
        "result": result,
        "problems": [words.problem(p, locale) for p in problems]
        if isinstance(problems, list)
        else [],
        "file_problems": words.file_problems(job.params, locale),
        "alert": alert,
        "done": request.query_params.get("done", ""),
    }
    return render(request, "experts/imports_job.html", context, status_code=status_code)


@router.post("/me/imports/jobs/{job_id}/cancel", response_class=HTMLResponse)
def cancel_import(request: Request, job_id: JobId) -> Response:
    """Stop an import between sources; what it proposed so far stays."""
    _, expert_id = owner(request)
    if expert_id is None:
        return no_profile(request, 404)
    try:
        service.cancel(store_of(request), expert_id, job_id)
    except TalentError as exc:
        if exc.status_code != 409:
            raise
        return _job_page(request, expert_id, job_id, alert=True, status_code=409)
    return RedirectResponse(f"{PAGE}/jobs/{job_id}?done=cancel", status_code=303)
