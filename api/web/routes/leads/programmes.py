"""A programme lead's programmes and roles: the list (and a new programme), one programme (and a
new role), the role editor, and the type-ahead of skill names it uses."""

from functools import partial

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.access import GrantDep
from api.auth import CallerDep
from api.deps import GraphDep
from api.versions import form_version
from api.web import stale
from api.web.render import render, t
from api.web.routes.leads import programme_manage, proposals, role_manage, teams
from api.web.routes.leads.forms import BLANK_ROWS, ProgrammeForm, RoleForm, requirement_of
from api.web.routes.leads.shared import (
    ProgrammeId,
    RoleId,
    choices,
    editor,
    groups,
    programme_page,
    skill_names,
)
from graph import GraphStore
from matching import leads
from talent.core.errors import PreconditionFailed
from talent.search.index import SearchIndex
from talent.search.service import resolve_text
from talent.snapshot.follower import Current

router = APIRouter(include_in_schema=False)
# The editor offers this many more blank rows each time one asks for more.
MORE_ROWS = 3


def _programmes_page(
    request: Request, store: GraphStore, owner_id: str | None, form: ProgrammeForm, status: int
) -> Response:
    found = leads.programmes_of(store, owner_id)
    deleted = request.query_params.get("done") == "deleted" and status == 200
    context = {
        "items": found,
        "form": form,
        "groups": groups(request, store),
        "deleted": deleted,
        **choices(),
    }
    return render(request, "leads/programmes.html", context, status_code=status)


def _skills(request: Request) -> SearchIndex:
    cache: Current[SearchIndex] = request.app.state.search_cache
    return cache.current()


@router.get("/programmes", response_class=HTMLResponse)
def programmes(request: Request, store: GraphDep, grant: GrantDep) -> Response:
    """My programmes (an admin: all), each with its roles."""
    return _programmes_page(request, store, grant.owner_id, ProgrammeForm(), 200)


@router.post("/programmes", response_class=HTMLResponse)
async def create_programme(
    request: Request, store: GraphDep, caller: CallerDep, grant: GrantDep
) -> Response:
    """A new programme, led by whoever creates it."""
    form = ProgrammeForm.read(await request.form())
    offered = {group_id for group_id, _ in groups(request, store)}
    item = form.model(partial(t, request), offered)
    if item is None:
        return _programmes_page(request, store, grant.owner_id, form, 422)
    created = leads.new_programme(store, caller.account, item)
    return RedirectResponse(f"/programmes/{created.id}", status_code=303)


@router.get("/programmes/{resource_id}", response_class=HTMLResponse)
def programme(request: Request, store: GraphDep, resource_id: ProgrammeId) -> Response:
    """A programme: its groups, contractors and roles, and a form for a new role."""
    return programme_page(request, store, resource_id)


@router.post("/programmes/{resource_id}/roles", response_class=HTMLResponse)
async def create_role(
    request: Request, store: GraphDep, caller: CallerDep, resource_id: ProgrammeId
) -> Response:
    """A new role in the programme; its skills and constraints are set in the editor next."""
    form = RoleForm.read(await request.form())
    item = form.new_role(resource_id, partial(t, request))
    if item is None:
        return programme_page(request, store, resource_id, form=form, status_code=422)
    created = leads.new_role(store, caller.account, item)
    return RedirectResponse(f"/roles/{created.id}/edit", status_code=303)


def _stale_editor(request: Request, store: GraphStore, role_id: str, form: RoleForm) -> Response:
    """The editor as typed, saved from a stale copy: the role as stored now beside it, and
    its version, so that saving again applies the form over it."""
    view = leads.role_view(store, role_id)
    now = RoleForm.of(view.role, skill_names(request, view), view.organizations)
    form.with_blanks(0)
    found = stale.conflict(
        form.fields(), now.fields(), version=view.role.version, row_of=requirement_of
    )
    form.with_blanks(max(len(now.rows) - len(form.rows), 0) + BLANK_ROWS)
    return editor(
        request, view, form, status_code=stale.STATUS, version=found.version, conflict=found
    )


@router.get("/roles/{role_id}/edit", response_class=HTMLResponse)
def edit_role(request: Request, store: GraphDep, role_id: RoleId) -> Response:
    """The role editor: skills by name with weight, level and must-have; constraints."""
    view = leads.role_view(store, role_id)
    form = RoleForm.of(view.role, skill_names(request, view), view.organizations)
    return editor(request, view, form.with_blanks(), saved=request.query_params.get("saved") == "1")


@router.post("/roles/{role_id}/edit", response_class=HTMLResponse)
async def save_role(
    request: Request, store: GraphDep, caller: CallerDep, role_id: RoleId
) -> Response:
    """Save the editor's changes; or, asked for more rows, show the form again with them."""
    data = await request.form()
    form = RoleForm.read(data)
    view = leads.role_view(store, role_id)
    version = form_version(data.get("version"))
    if data.get("action") == "more":
        return editor(request, view, form.with_blanks(MORE_ROWS), version=version)
    org_ids = leads.organizations_named(store, form.excluded_names())
    patch = form.patch(_skills(request).resolver, org_ids, partial(t, request))
    if patch is None:
        return editor(request, view, form.with_blanks(0), status_code=422, version=version)
    try:
        leads.change_role(store, caller.account, role_id, patch, expected=version)
    except PreconditionFailed:
        return _stale_editor(request, store, role_id, form)
    return RedirectResponse(f"/roles/{role_id}/edit?saved=1", status_code=303)


@router.get("/programmes/options/skills", response_class=HTMLResponse)
def skill_options(request: Request) -> Response:
    """Skill names for the editor's type-ahead (an htmx fragment of datalist options): the
    text is `q`, or the value of the skill field being typed in, as htmx sends it."""
    typed = [
        value[:200]
        for name, value in request.query_params.multi_items()
        if name == "q" or name.startswith("skill_")
    ]
    text = typed[0].strip() if typed else ""
    found = resolve_text(_skills(request), text, limit=8) if text else None
    items = [*found.matches, *found.suggestions][:8] if found else []
    return render(request, "leads/skill_options.html", {"items": items})


# The pages that manage programmes and roles, under the same prefix and checks.
router.include_router(programme_manage.router)
router.include_router(teams.router)
router.include_router(proposals.router)
router.include_router(role_manage.router)
