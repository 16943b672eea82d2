"""ROR's register for admins: how many records are loaded, what the latest load did (its
counts and the organisations it gave a ROR id, each linked to its edit form), and a form to
load a dump file, through the service behind POST /api/v1/ror/dumps. A file over the import
limit, or one that is not ROR's JSON, comes back with the reason beside the field."""

from typing import Annotated

from fastapi import File, Query, Request, Response, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import CallerDep
from api.deps import GraphDep, SettingsDep
from api.web.i18n import N_, negotiate, number
from api.web.render import render, t
from api.web.routes.admin.common import router
from talent.core.errors import TalentError
from talent.organizations.register.load import latest_load, load_upload
from talent.organizations.register.repository import RorRepository

BASE = "/admin/directory/ror"
ROUTE = BASE.removeprefix("/admin")
DONE = {"loaded": N_("The dump was loaded: what it changed shows below.")}
PROBLEMS = {
    "json": N_("The file is not valid JSON: the error is near character %(at)s."),
    "record": N_("Record %(record)s (%(id)s) is not in ROR's format."),
    "encoding": N_("The file is not UTF-8 text."),
    "zip": N_("The file is not a readable zip holding ROR's JSON."),
}
TOO_LARGE = N_(
    "The file (or the JSON inside the zip) is larger than %(limit)s bytes, the most this "
    "page reads. Load a full dump with the command talent ror-load."
)
NO_FILE = N_("Choose the dump file to load.")
UNREADABLE = N_("The file could not be read as a ROR data dump.")


def _page(
    request: Request,
    store: GraphDep,
    settings: SettingsDep,
    *,
    notice: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "records": RorRepository(store).count(),
        "latest": latest_load(store),
        "limit": settings.import_max_bytes,
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
    done: Annotated[str | None, Query()] = None,
) -> Response:
    """ROR's register: records loaded, the latest load, and the form to load a dump."""
    notice = t(request, DONE[done]) if done in DONE else ""
    return _page(request, store, settings, notice=notice)


def _problem(request: Request, exc: TalentError, limit: int) -> str:
    if exc.status_code == 413:
        return t(request, TOO_LARGE) % {"limit": number(limit, negotiate(request))}
    problem = str(exc.extra.get("problem", ""))
    if problem not in PROBLEMS:
        return t(request, UNREADABLE)
    values = {k: exc.extra.get(k, "") for k in ("at", "record", "id")}
    return t(request, PROBLEMS[problem]) % values


@router.post(ROUTE, response_class=HTMLResponse)
def load_ror(
    request: Request,
    store: GraphDep,
    settings: SettingsDep,
    caller: CallerDep,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Load the dump file; back to the page, which shows what the load did."""
    if file is None or not file.filename:
        errors = {"file": t(request, NO_FILE)}
        return _page(request, store, settings, errors=errors, status_code=422)
    try:
        load_upload(
            store=store,
            stream=file.file,
            name=file.filename,
            actor=caller.actor,
            max_bytes=settings.import_max_bytes,
        )
    except TalentError as exc:
        if exc.status_code not in (413, 422):
            raise
        errors = {"file": _problem(request, exc, settings.import_max_bytes)}
        return _page(request, store, settings, errors=errors, status_code=exc.status_code)
    return RedirectResponse(f"{BASE}?done=loaded", status_code=303)
