"""Organisations proposed at registration, each approved or rejected by an admin:
talent.organizations, as the API."""

from typing import Annotated
from urllib.parse import quote

from fastapi import Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import CallerDep
from api.deps import GraphDep
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.admin.common import ident, router, sentence
from talent.core.errors import TalentError
from talent.organizations import service
from talent.organizations.models import OrganizationDecision

DONE = {
    "approve": N_("The organisation is approved: everyone is offered it now."),
    "reject": N_("The organisation is rejected and removed from the profiles that named it."),
}
CHOOSE = N_("Choose what to do with this organisation.")
# The service's refusal, so that it is translated too.
DECIDED = N_("the organisation is not waiting for review")


def _page(
    request: Request,
    store: GraphDep,
    *,
    notice: str = "",
    problem: str = "",
    status_code: int = 200,
) -> Response:
    context = {"proposed": service.proposed(store=store), "notice": notice, "problem": problem}
    return render(request, "admin/organizations.html", context, status_code=status_code)


@router.get("/organizations", response_class=HTMLResponse)
def organizations_page(
    request: Request, store: GraphDep, _: CallerDep, done: Annotated[str | None, Query()] = None
) -> Response:
    notice = t(request, DONE[done]) if done in DONE else ""
    return _page(request, store, notice=notice)


@router.post("/organizations/{organization_id}/decision", response_class=HTMLResponse)
def decide(
    request: Request,
    store: GraphDep,
    admin: CallerDep,
    organization_id: str,
    decision: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    org_id = ident(organization_id, "organization")
    try:
        body = OrganizationDecision.model_validate({"decision": decision})
    except ValidationError:
        return _page(request, store, problem=t(request, CHOOSE), status_code=422)
    try:
        service.decide(store=store, admin=admin.account, org_id=org_id, body=body)
    except TalentError as exc:
        if exc.status_code == 404:
            raise
        problem = sentence(t(request, exc.detail))
        return _page(request, store, problem=problem, status_code=exc.status_code)
    return RedirectResponse(f"/admin/organizations?done={quote(body.decision)}", status_code=303)


# The directory of every organisation registers its pages on the same router.
from api.web.routes.admin import organization_pages  # noqa: E402, F401
