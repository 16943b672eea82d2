"""The audit log, newest first, filtered by action, target and acting account, paged (the
same AuditLog the API reads)."""

from typing import Annotated

from fastapi import Query, Request, Response
from fastapi.responses import HTMLResponse

from api.auth import CallerDep
from api.deps import GraphDep
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.admin.common import PAGE_SIZE, cursor, plain, router
from talent.audit.log import Action, AuditLog

INVALID = {
    "action": N_("Choose one of the actions."),
    "target": N_("An id is printable text of at most 120 characters."),
    "actor": N_("An id is printable text of at most 120 characters."),
}


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    store: GraphDep,
    _: CallerDep,
    action: Annotated[str | None, Query()] = None,
    target: Annotated[str | None, Query()] = None,
    actor: Annotated[str | None, Query()] = None,
    page: Annotated[str | None, Query()] = None,
) -> Response:
    typed = {"action": action or "", "target": target or "", "actor": actor or ""}
    errors: dict[str, str] = {}
    chosen: Action | None = None
    if action:
        try:
            chosen = Action(action)
        except ValueError:
            errors["action"] = t(request, INVALID["action"])
    filters: dict[str, str | None] = {}
    for name in ("target", "actor"):
        try:
            filters[name] = plain(typed[name])
        except ValueError:
            errors[name] = t(request, INVALID[name])
    context: dict[str, object] = {"form": typed, "errors": errors, "actions": list(Action)}
    if errors:
        return render(request, "admin/audit.html", context | {"events": None}, status_code=422)
    events = AuditLog(store).page(
        before=cursor(page),
        limit=PAGE_SIZE,
        action=chosen,
        target=filters["target"],
        actor=filters["actor"],
    )
    return render(request, "admin/audit.html", context | {"events": events})
