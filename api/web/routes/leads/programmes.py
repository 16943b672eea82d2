"""A programme lead's programmes and roles: the list (and a new programme), one programme (and a
new role), the role editor, and the type-ahead of skill names it uses."""

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.access import GrantDep
from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.versions import form_version
from api.web import i18n, stale
from api.web.render import render, t
from api.web.routes.leads.forms import BLANK_ROWS, KINDS, ProgrammeForm, RoleForm, requirement_of
from graph import GraphStore
from matching import leads
from talent.core.errors import PreconditionFailed
from talent.core.types import EngagementMode, Residency
from talent.resources.models import ProgrammeStatus
from talent.search.index import SearchIndex
from talent.search.service import resolve_text
from talent.snapshot.follower import Current
from talent.taxonomy.decisions import groups_now
from talent.taxonomy.repository import TaxonomyRepository

router = APIRouter(include_in_schema=False)
# Named as the access policy's rules read them: a programme's `resource_id`, a `role_id`.
ProgrammeId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
RoleId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
# The editor offers this many more blank rows each time one asks for more.
MORE_ROWS = 3


def _choices() -> dict[str, object]:
    return {
        "kinds": KINDS,
        "statuses": [s.value for s in ProgrammeStatus],
        "residencies": [r.value for r in Residency],
        "modes": [m.value for m in EngagementMode],
    }


def _groups(request: Request, store: GraphStore) -> list[tuple[str, str]]:
    """The technology groups a new programme may target: those of the decision in force."""
    vietnamese = i18n.negotiate(request) == "vi"
    return [
        (g.id, f"{g.no}. {g.name_vi if vietnamese and g.name_vi else g.name_en}")
        for g in groups_now(TaxonomyRepository(store))
    ]


def _programmes_page(
    request: Request, store: GraphStore, owner_id: str | None, form: ProgrammeForm, status: int
) -> Response:
    found = leads.programmes_of(store, owner_id)
    context = {"items": found, "form": form, "groups": _groups(request, store), **_choices()}
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
    offered = {group_id for group_id, _ in _groups(request, store)}
    item = form.model(partial(t, request), offered)
    if item is None:
        return _programmes_page(request, store, grant.owner_id, form, 422)
    created = leads.new_programme(store, caller.account, item)
    return RedirectResponse(f"/programmes/{created.id}", status_code=303)


@router.get("/programmes/{resource_id}", response_class=HTMLResponse)
def programme(request: Request, store: GraphDep, resource_id: ProgrammeId) -> Response:
    """A programme, its roles, and a form for a new role."""
    found = leads.programme_roles(store, resource_id)
    context = {"item": found, "form": RoleForm(), **_choices()}
    return render(request, "leads/programme.html", context)


@router.post("/programmes/{resource_id}/roles", response_class=HTMLResponse)
async def create_role(
    request: Request, store: GraphDep, caller: CallerDep, resource_id: ProgrammeId
) -> Response:
    """A new role in the programme; its skills and constraints are set in the editor next."""
    form = RoleForm.read(await request.form())
    item = form.new_role(resource_id, partial(t, request))
    if item is None:
        found = leads.programme_roles(store, resource_id)
        context = {"item": found, "form": form, **_choices()}
        return render(request, "leads/programme.html", context, status_code=422)
    created = leads.new_role(store, caller.account, item)
    return RedirectResponse(f"/roles/{created.id}/edit", status_code=303)


def _editor(
    request: Request,
    view: leads.RoleView,
    form: RoleForm,
    *,
    saved: bool = False,
    status_code: int = 200,
    version: int | None = None,
    conflict: stale.Conflict | None = None,
) -> Response:
    """The editor, for the role at `version` (as read now, unless the form named one)."""
    shown = view.role.version if version is None else version
    context = {
        "view": view,
        "form": form,
        "saved": saved,
        "version": shown,
        "conflict": conflict,
        **_choices(),
    }
    return render(request, "leads/role_edit.html", context, status_code=status_code)


def _stale_editor(request: Request, store: GraphStore, role_id: str, form: RoleForm) -> Response:
    """The editor as typed, saved from a stale copy: the role as stored now beside it, and
    its version, so that saving again applies the form over it."""
    view = leads.role_view(store, role_id)
    now = RoleForm.of(view.role, _skill_names(request, view), view.organizations)
    form.with_blanks(0)
    found = stale.conflict(
        form.fields(), now.fields(), version=view.role.version, row_of=requirement_of
    )
    form.with_blanks(max(len(now.rows) - len(form.rows), 0) + BLANK_ROWS)
    return _editor(
        request, view, form, status_code=stale.STATUS, version=found.version, conflict=found
    )


def _skill_names(request: Request, view: leads.RoleView) -> dict[str, str]:
    """Skills by name in the viewer's language."""
    vietnamese = i18n.negotiate(request) == "vi"
    return {
        skill_id: (skill.label_vi if vietnamese else skill.label_en)
        for skill_id, skill in view.skills.items()
    }


@router.get("/roles/{role_id}/edit", response_class=HTMLResponse)
def edit_role(request: Request, store: GraphDep, role_id: RoleId) -> Response:
    """The role editor: skills by name with weight, level and must-have; constraints."""
    view = leads.role_view(store, role_id)
    form = RoleForm.of(view.role, _skill_names(request, view), view.organizations)
    return _editor(
        request, view, form.with_blanks(), saved=request.query_params.get("saved") == "1"
    )


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
        return _editor(request, view, form.with_blanks(MORE_ROWS), version=version)
    org_ids = leads.organizations_named(store, form.excluded_names())
    patch = form.patch(_skills(request).resolver, org_ids, partial(t, request))
    if patch is None:
        return _editor(request, view, form.with_blanks(0), status_code=422, version=version)
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
