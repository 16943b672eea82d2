"""Managing a programme from its pages, for whom the API lets change it (its lead, admins): the
edit form, closing and reopening it, its contractors, and deleting it after a confirmation."""

from functools import partial

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import CallerDep
from api.deps import GraphDep
from api.versions import form_version
from api.web import i18n, stale
from api.web.render import render, t
from api.web.routes.leads.deletes import confirmation, delete_or_refuse
from api.web.routes.leads.programme_forms import ProgrammeEditForm
from api.web.routes.leads.shared import ProgrammeId, choices, groups, programme_page
from graph import GraphStore
from matching import leads
from talent.core.errors import PreconditionFailed
from talent.resources.models import ProgrammeStatus, ProgrammeUpdate

router = APIRouter(include_in_schema=False)


def _offered(
    request: Request, store: GraphStore, view: leads.ProgrammeView
) -> list[tuple[str, str]]:
    """The groups the edit form offers: those in force, and any the programme already targets
    (kept, though a later decision superseded it)."""
    offered = groups(request, store)
    shown = {key for key, _ in offered}
    vietnamese = i18n.negotiate(request) == "vi"
    kept = [
        (g.id, f"{g.no}. {g.name_vi if vietnamese and g.name_vi else g.name_en} ({g.decision})")
        for g in view.groups
        if g.id not in shown
    ]
    return offered + kept


def _edit_page(
    request: Request,
    store: GraphStore,
    view: leads.ProgrammeView,
    form: ProgrammeEditForm,
    *,
    status_code: int = 200,
    version: int | None = None,
    conflict: stale.Conflict | None = None,
) -> Response:
    context = {
        "view": view,
        "form": form,
        "groups": _offered(request, store, view),
        "version": view.programme.version if version is None else version,
        "conflict": conflict,
        **choices(),
    }
    return render(request, "leads/programme_edit.html", context, status_code=status_code)


@router.get("/programmes/{resource_id}/edit", response_class=HTMLResponse)
def edit_programme(request: Request, store: GraphDep, resource_id: ProgrammeId) -> Response:
    """The programme's edit form: name, description, status, groups, contractors."""
    view = leads.programme_view(store, resource_id)
    return _edit_page(request, store, view, ProgrammeEditForm.of(view.programme, view.contractors))


@router.post("/programmes/{resource_id}/edit", response_class=HTMLResponse)
async def save_programme(
    request: Request, store: GraphDep, caller: CallerDep, resource_id: ProgrammeId
) -> Response:
    """Save the programme's changes if nobody saved others since the form was opened."""
    data = await request.form()
    form = ProgrammeEditForm.read(data)
    version = form_version(data.get("version"))
    view = leads.programme_view(store, resource_id)
    offered = {key for key, _ in _offered(request, store, view)}
    org_ids = leads.organizations_named(store, form.contractor_names())
    patch = form.patch(partial(t, request), offered, org_ids)
    if patch is None:
        return _edit_page(request, store, view, form, status_code=422, version=version)
    try:
        leads.change_programme(store, caller.account, resource_id, patch, expected=version)
    except PreconditionFailed:
        view = leads.programme_view(store, resource_id)
        now = ProgrammeEditForm.of(view.programme, view.contractors)
        found = stale.conflict(form.fields(), now.fields(), version=view.programme.version)
        return _edit_page(request, store, view, form, status_code=stale.STATUS, conflict=found)
    return RedirectResponse(f"/programmes/{resource_id}?done=saved", status_code=303)


def _refused(request: Request, store: GraphStore, resource_id: str) -> Response:
    """The programme as it is now, saying the change was made from a stale page."""
    return programme_page(request, store, resource_id, refused="stale", status_code=stale.STATUS)


@router.post("/programmes/{resource_id}/status", response_class=HTMLResponse)
async def set_status(
    request: Request, store: GraphDep, caller: CallerDep, resource_id: ProgrammeId
) -> Response:
    """Close the programme (or reopen it, undoing a close) from its page."""
    data = await request.form()
    wanted = data.get("status")
    if wanted not in set(ProgrammeStatus):
        return programme_page(request, store, resource_id, refused="status", status_code=422)
    before = leads.programme_view(store, resource_id).programme.status.value
    patch = ProgrammeUpdate(status=ProgrammeStatus(str(wanted)))
    try:
        leads.change_programme(
            store, caller.account, resource_id, patch, expected=form_version(data.get("version"))
        )
    except PreconditionFailed:
        return _refused(request, store, resource_id)
    done = "closed" if wanted == ProgrammeStatus.CLOSED else "reopened"
    return RedirectResponse(f"/programmes/{resource_id}?done={done}&was={before}", status_code=303)


@router.post("/programmes/{resource_id}/contractors", response_class=HTMLResponse)
async def contractors(
    request: Request, store: GraphDep, caller: CallerDep, resource_id: ProgrammeId
) -> Response:
    """Add a contractor typed by name, or remove one, from the programme's page."""
    data = await request.form()
    view = leads.programme_view(store, resource_id)
    ids = list(view.programme.contractor_ids)
    removed, added = data.get("remove"), data.get("add")
    if isinstance(removed, str) and removed:
        ids = [i for i in ids if i != removed]
        done = "contractor-removed"
    else:
        name = added.strip()[:300] if isinstance(added, str) else ""
        found = leads.organizations_named(store, [name]).get(name) if name else None
        if found is None:
            kept = {"add": name}
            return programme_page(request, store, resource_id, typed=kept, status_code=422)
        ids = list(dict.fromkeys([*ids, found]))
        done = "contractor-added"
    patch = ProgrammeUpdate(contractor_ids=ids)
    try:
        leads.change_programme(
            store, caller.account, resource_id, patch, expected=form_version(data.get("version"))
        )
    except PreconditionFailed:
        return _refused(request, store, resource_id)
    return RedirectResponse(f"/programmes/{resource_id}?done={done}#contractors", status_code=303)


@router.get("/programmes/{resource_id}/delete", response_class=HTMLResponse)
def confirm_delete(request: Request, store: GraphDep, resource_id: ProgrammeId) -> Response:
    """What deleting the programme would take with it, and the button that does it."""
    view = leads.programme_view(store, resource_id)
    back = (f"/programmes/{resource_id}", view.programme.name)
    return confirmation(request, store, "programme", resource_id, view.programme.name, back)


@router.post("/programmes/{resource_id}/delete", response_class=HTMLResponse)
async def delete_programme(
    request: Request, store: GraphDep, caller: CallerDep, resource_id: ProgrammeId
) -> Response:
    """Delete the programme as confirmed; refused, with the page again, when it is not."""
    view = leads.programme_view(store, resource_id)
    back = (f"/programmes/{resource_id}", view.programme.name)
    refusal = await delete_or_refuse(
        request, store, caller.account, "programme", resource_id, view.programme.name, back
    )
    return refusal or RedirectResponse("/programmes?done=deleted", status_code=303)
