"""Managing a role from its pages, for whom the API lets: deleting it after a confirmation,
and starting a full match with criterion weights chosen for that one run."""

from functools import partial

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import CallerDep
from api.deps import GraphDep
from api.web.render import t
from api.web.routes.leads.deletes import confirmation, delete_or_refuse
from api.web.routes.leads.forms import RoleForm
from api.web.routes.leads.programme_forms import WeightsForm
from api.web.routes.leads.shared import RoleId, editor, skill_names
from api.worker import celery_app
from matching import leads, runs
from matching.models import MatchJobRequest

router = APIRouter(include_in_schema=False)
# How many candidates a full match stores: as many as the matches page's own button stores.
JOB_LIMIT = 1000


@router.get("/roles/{role_id}/delete", response_class=HTMLResponse)
def confirm_delete_role(request: Request, store: GraphDep, role_id: RoleId) -> Response:
    """What deleting the role would take with it, and the button that does it."""
    view = leads.role_view(store, role_id)
    back = (f"/programmes/{view.programme.id}", view.programme.name)
    return confirmation(request, store, "role", role_id, view.role.title, back)


@router.post("/roles/{role_id}/delete", response_class=HTMLResponse)
async def delete_role(
    request: Request, store: GraphDep, caller: CallerDep, role_id: RoleId
) -> Response:
    """Delete the role as confirmed; back to its programme."""
    view = leads.role_view(store, role_id)
    back = (f"/programmes/{view.programme.id}", view.programme.name)
    refusal = await delete_or_refuse(
        request, store, caller.account, "role", role_id, view.role.title, back
    )
    return refusal or RedirectResponse(f"{back[0]}?done=role-deleted", status_code=303)


@router.post("/roles/{role_id}/weighted-match", response_class=HTMLResponse)
async def weighted_match(
    request: Request, store: GraphDep, caller: CallerDep, role_id: RoleId
) -> Response:
    """Start a full match of the role with the weights typed for this run (the kind's preset
    where unchanged); follow it on its page. Bad input: the editor again, each error beside
    its field, nothing started."""
    form = WeightsForm.read(await request.form())
    view = leads.role_view(store, role_id)
    typed = form.typed(partial(t, request))
    if typed is None:
        shown = RoleForm.of(view.role, skill_names(request, view), view.organizations)
        return editor(request, view, shown.with_blanks(), status_code=422, weights=form)
    override = leads.weights_override(view.role.kind, typed)
    job = runs.start(
        store,
        celery_app,
        actor=caller.actor,
        role_id=role_id,
        request=MatchJobRequest(limit=JOB_LIMIT, weights=override),
    )
    return RedirectResponse(f"/roles/{role_id}/jobs/{job.id}", status_code=303)
