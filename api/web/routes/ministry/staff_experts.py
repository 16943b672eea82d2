"""Staff create an expert, and add and edit the expert's works, through the services behind
`POST /api/v1/experts`, `POST /api/v1/works` and `PATCH /api/v1/works/{id}`: the same
validation (errors beside their fields, summed up at the top with a link to each), the same
duplicate check, post/redirect/get, and a work saved from a stale copy shown again as typed
with the stored values beside (409). An expert opening these pages is sent to /me, where
their own works are."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import JsonValue, ValidationError

from api.auth import CallerDep
from api.deps import PRINTABLE
from api.versions import form_version
from api.web import i18n, stale
from api.web.render import render
from api.web.routes.experts import choices
from api.web.routes.experts.forms import FormDep, Values, text, texts
from api.web.routes.ministry.staff_forms import (
    SKILL_ROWS,
    UNKNOWN_SKILL,
    expert_errors,
    summary,
    translated,
    work_errors,
)
from talent.accounts.models import AccountRead
from talent.core.errors import Conflict, PreconditionFailed, TalentError
from talent.experts.models import ExpertCreate
from talent.experts.service import ExpertService
from talent.registration import lookup
from talent.resources.catalog import WORK
from talent.resources.models import WorkCreate, WorkRead, WorkUpdate
from talent.resources.repository import ResourceRepository
from talent.resources.works import create_work, update_work

router = APIRouter(include_in_schema=False)
ExpertId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
WorkId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
Back = Annotated[str, Query(max_length=120)]
WORK_FIELDS = ("title", "kind", "year", "venue", "doi")


def _mine(caller: CallerDep) -> bool:
    return caller.role.value == "expert"


def _choices(request: Request) -> dict[str, object]:
    locale = i18n.negotiate(request)
    return {**choices.context(locale), "skill_rows": SKILL_ROWS}


# --- a new expert


def _expert_page(
    request: Request,
    values: Values,
    errors: dict[str, str],
    *,
    duplicates: list[dict[str, JsonValue]] | None = None,
    status_code: int = 200,
) -> Response:
    shown = translated(request, errors)
    context = {
        "values": values,
        "errors": shown,
        "summary": summary(request, shown),
        "duplicates": duplicates or [],
        **_choices(request),
    }
    return render(request, "ministry/expert_new.html", context, status_code=status_code)


@router.get("/experts/new", response_class=HTMLResponse)
def new_expert(request: Request, _: CallerDep) -> Response:
    """The form of a new expert's profile (a staff import, as `POST /api/v1/experts`)."""
    return _expert_page(request, {"country": "VN", "nationality": "VN"}, {})


def _expert_body(
    request: Request, values: Values
) -> tuple[dict[str, JsonValue], dict[str, str], list[int]]:
    """The profile the form describes, the errors found reading it, and the form row of each
    skill sent; skills by name (an unknown name is an error beside it)."""
    body: dict[str, JsonValue] = {"full_name": text(values, "full_name")}
    for name in ("country", "nationality", "orcid", "headline", "bio"):
        if text(values, name):
            body[name] = text(values, name)
    years = text(values, "years_experience")
    body["years_experience"] = years or 0
    body["emails"] = [e.strip() for e in text(values, "emails").split(",") if e.strip()]
    body["engagement_modes"] = list(texts(values, "engagement_modes"))
    errors: dict[str, str] = {}
    labels = lookup.skill_labels(request.app.state.store)
    skills: list[JsonValue] = []
    rows: list[int] = []
    for n in range(SKILL_ROWS):
        name = text(values, f"skill_{n}_name")
        if not name:
            continue
        found = lookup.skill_named(labels, name)
        if found is None:
            errors[f"skill_{n}_name"] = UNKNOWN_SKILL
            continue
        skills.append({"skill_id": found.skill_id, "level": text(values, f"skill_{n}_level")})
        rows.append(n)
    body["skills"] = skills
    return body, errors, rows


@router.post("/experts/new", response_class=HTMLResponse)
def create_expert(request: Request, caller: CallerDep, values: FormDep) -> Response:
    """Create the profile, or show the form again as typed with what to correct; a likely
    duplicate is refused with links to the profiles it may be (as the API's 409)."""
    body, errors, rows = _expert_body(request, values)
    try:
        item = ExpertCreate.model_validate(body)
    except ValidationError as exc:
        errors = {**expert_errors(exc.errors(), rows), **errors}
    if errors:
        return _expert_page(request, values, errors, status_code=422)
    try:
        created = ExpertService(request.app.state.store).create(
            caller.account, item, duplicates=request.app.state.duplicates
        )
    except Conflict as exc:
        found = exc.extra.get("duplicates")
        duplicates = [d for d in found if isinstance(d, dict)] if isinstance(found, list) else []
        return _expert_page(request, values, {}, duplicates=duplicates, status_code=409)
    return RedirectResponse(f"/experts/{quote(created.id)}?saved=created", status_code=303)


# --- an expert's works


def _work_values(work: WorkRead) -> Values:
    return {
        "title": work.title,
        "kind": work.kind.value,
        "year": str(work.year or ""),
        "venue": work.venue,
        "doi": work.doi or "",
        "version": str(work.version),
    }


def _work_body(values: Values) -> dict[str, JsonValue]:
    body: dict[str, JsonValue] = {name: text(values, name) for name in WORK_FIELDS}
    for optional in ("year", "doi"):
        body[optional] = body[optional] or None
    return body


def _work_page(
    request: Request,
    viewer: AccountRead,
    *,
    expert_id: str,
    work_id: str | None,
    values: Values,
    errors: dict[str, str] | None = None,
    conflict: stale.Conflict | None = None,
    status_code: int = 200,
) -> Response:
    """The form of a new work of `expert_id`, or of the work `work_id` (back to `expert_id`)."""
    expert = ExpertService(request.app.state.store).read(viewer, expert_id)
    shown = translated(request, errors or {})
    context = {
        "expert": expert,
        "work_id": work_id,
        "values": values,
        "errors": shown,
        "summary": summary(request, shown),
        "conflict": conflict,
        **_choices(request),
    }
    return render(request, "ministry/work_form.html", context, status_code=status_code)


@router.get("/experts/{expert_id}/works/new", response_class=HTMLResponse)
def new_work(request: Request, caller: CallerDep, expert_id: ExpertId) -> Response:
    """The form of a new work listing the expert among its authors."""
    if _mine(caller):
        return RedirectResponse("/me#works", status_code=303)
    values: Values = {"kind": "publication"}
    return _work_page(request, caller.account, expert_id=expert_id, work_id=None, values=values)


@router.post("/experts/{expert_id}/works/new", response_class=HTMLResponse)
def add_work(request: Request, caller: CallerDep, expert_id: ExpertId, values: FormDep) -> Response:
    """Add the work (as `POST /api/v1/works`, the expert its author), then the expert's page."""
    if _mine(caller):
        return RedirectResponse("/me#works", status_code=303)
    store = request.app.state.store
    expert = ExpertService(store).read(caller.account, expert_id)
    try:
        item = WorkCreate.model_validate({**_work_body(values), "author_ids": [expert.id]})
        create_work(store=store, caller=caller.account, item=item)
    except ValidationError as exc:
        errors = work_errors(exc.errors())
    except TalentError as exc:
        if exc.status_code != 422:
            raise
        errors = work_errors([{"loc": (k,), "type": "", "msg": v} for k, v in exc.fields.items()])
    else:
        return RedirectResponse(f"/experts/{quote(expert.id)}?saved=work#works", status_code=303)
    return _work_page(
        request,
        caller.account,
        expert_id=expert.id,
        work_id=None,
        values=values,
        errors=errors,
        status_code=422,
    )


def _back_to(work: WorkRead, back: str) -> str:
    """The author whose page the edit returns to: the one named, if an author, else the first."""
    return back if back in work.author_ids else (work.author_ids or [""])[0]


@router.get("/works/{resource_id}/edit", response_class=HTMLResponse)
def edit_work(
    request: Request, caller: CallerDep, resource_id: WorkId, expert: Back = ""
) -> Response:
    """The work's form, filled in as stored, with the version it was read at."""
    if _mine(caller):
        return RedirectResponse("/me#works", status_code=303)
    work = ResourceRepository(request.app.state.store, WORK).get(resource_id)
    return _work_page(
        request,
        caller.account,
        expert_id=_back_to(work, expert),
        work_id=work.id,
        values=_work_values(work),
    )


@router.post("/works/{resource_id}/edit", response_class=HTMLResponse)
def save_work(
    request: Request, caller: CallerDep, resource_id: WorkId, values: FormDep
) -> Response:
    """Save the work if it is still at the version the form was filled from (as `PATCH
    /api/v1/works/{id}` with `If-Match`); else the form again as typed, the stored values
    beside, nothing saved (409)."""
    if _mine(caller):
        return RedirectResponse("/me#works", status_code=303)
    store = request.app.state.store
    repo = ResourceRepository(store, WORK)
    back = _back_to(repo.get(resource_id), text(values, "expert"))
    found: stale.Conflict | None = None
    try:
        patch = WorkUpdate.model_validate(_work_body(values))
        update_work(
            store=store,
            caller=caller.account,
            resource_id=resource_id,
            patch=patch,
            expected=form_version(values.get("version")),
        )
    except ValidationError as exc:
        errors = work_errors(exc.errors())
    except PreconditionFailed:
        current = repo.get(resource_id)
        found = stale.conflict(values, _work_values(current), version=current.version)
        values, errors = {**values, "version": str(current.version)}, {}
    except TalentError as exc:
        if exc.status_code != 422:
            raise
        errors = work_errors([{"loc": (k,), "type": "", "msg": v} for k, v in exc.fields.items()])
    else:
        return RedirectResponse(f"/experts/{quote(back)}?saved=work#works", status_code=303)
    return _work_page(
        request,
        caller.account,
        expert_id=back,
        work_id=resource_id,
        values=values,
        errors=errors,
        conflict=found,
        status_code=stale.STATUS if found else 422,
    )
