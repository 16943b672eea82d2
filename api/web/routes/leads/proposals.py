"""What accepted portfolio assignments proposed for a role (`assignment.service.role_history`,
as `GET /api/v1/roles/{id}/proposals`): the people proposed now and those a later assignment
replaced, for the role's lead and the ministry."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.web.render import render
from matching.assignment import service
from talent.resources.catalog import PROGRAMME, ROLE
from talent.resources.repository import ResourceRepository

router = APIRouter(include_in_schema=False)
RoleId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]


@router.get("/roles/{role_id}/proposals", response_class=HTMLResponse)
def proposals(request: Request, store: GraphDep, caller: CallerDep, role_id: RoleId) -> Response:
    """The role's proposals, current first, then its history, newest first."""
    role = ResourceRepository(store, ROLE).get(role_id)
    programme = ResourceRepository(store, PROGRAMME).get(role.programme_id)
    recorded = service.role_history(store, role_id)
    context = {
        "shown_role": role,
        "programme": programme,
        "current": [r for r in recorded if r.until is None],
        "earlier": [r for r in recorded if r.until is not None],
        # The board is the ministry's: a lead sees when, not a link they may not follow.
        "boards": caller.role.value in ("ministry", "admin"),
    }
    return render(request, "leads/proposals.html", context)
