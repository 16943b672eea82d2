"""Everyone's alerts page (what they were told, newest first; marked read; how they want to be
told; what they watch), the watch buttons of a role, a technology group, a saved search and an
expert's profile, and the page a mail's unsubscribe link opens."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import CallerDep, signing_key
from api.deps import PRINTABLE, GraphDep
from api.web.render import render
from talent.alerts import service
from talent.alerts.mail import account_of
from talent.alerts.models import AlertPrefs, Delivery, WatchKind, WatchRequest

router = APIRouter(include_in_schema=False)
RoleId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
GroupId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
SavedId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
Token = Annotated[str, Query(max_length=2000)]


def _page(
    request: Request, store: GraphDep, caller: CallerDep, before: int | None, status_code: int = 200
) -> Response:
    found = service.alert_page(store, caller.account, before=before)
    context = {
        "found": found,
        "prefs": service.prefs(store, caller.account),
        "watches": service.watched(store, caller.account),
        "deliveries": [d.value for d in Delivery],
        "done": request.query_params.get("done", "")[:20],
    }
    return render(request, "alerts.html", context, status_code=status_code)


@router.get("/alerts", response_class=HTMLResponse)
def alerts(
    request: Request,
    store: GraphDep,
    caller: CallerDep,
    before: Annotated[int | None, Query(ge=0, le=2**53)] = None,
) -> Response:
    return _page(request, store, caller, before)


@router.post("/alerts/read", response_class=HTMLResponse)
def read(
    store: GraphDep,
    caller: CallerDep,
    alert_id: Annotated[list[str] | None, Form(max_length=500)] = None,
) -> Response:
    """The alerts named read (every one, when none is named)."""
    service.mark_read(store, caller.account, alert_id or None)
    return RedirectResponse("/alerts?done=read", status_code=303)


@router.post("/alerts/preferences", response_class=HTMLResponse)
def preferences(
    request: Request,
    store: GraphDep,
    caller: CallerDep,
    delivery: Annotated[str, Form(max_length=20)] = "",
    language: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    try:
        chosen = AlertPrefs.model_validate({"delivery": delivery, "language": language})
    except ValidationError:
        return _page(request, store, caller, None, status_code=422)
    service.set_prefs(store, caller.account, chosen)
    return RedirectResponse("/alerts?done=saved", status_code=303)


@router.post("/roles/{role_id}/watch", response_class=HTMLResponse)
def watch_role(
    store: GraphDep,
    caller: CallerDep,
    role_id: RoleId,
    on: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """Watch the role (`on`: "1"), or stop; back to its matches."""
    if on == "1":
        service.watch_role(store, caller.account, role_id, WatchRequest())
    else:
        service.unwatch(store, caller.account, WatchKind.ROLE, role_id)
    return RedirectResponse(f"/roles/{quote(role_id)}/matches?done=watch", status_code=303)


@router.post("/groups/{group_id}/watch", response_class=HTMLResponse)
def watch_group(
    store: GraphDep,
    caller: CallerDep,
    group_id: GroupId,
    on: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """Watch the technology group's leading experts (`on`: "1"), or stop; back to the map."""
    if on == "1":
        service.watch_group(store, caller.account, group_id)
    else:
        service.unwatch(store, caller.account, WatchKind.GROUP, group_id)
    return RedirectResponse("/insights/capability?done=watch#cap-table", status_code=303)


@router.post("/searches/{saved_id}/watch", response_class=HTMLResponse)
def watch_search(
    store: GraphDep,
    caller: CallerDep,
    saved_id: SavedId,
    on: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """Be told of experts entering the saved search's first results (`on`: "1"), or stop."""
    if on == "1":
        service.watch_search(store, caller.account, saved_id, WatchRequest())
    else:
        service.unwatch_search(store, caller.account, saved_id)
    return RedirectResponse(f"/searches/{quote(saved_id)}?done=watch", status_code=303)


@router.post("/me/role-alerts", response_class=HTMLResponse)
def role_alerts(
    store: GraphDep, caller: CallerDep, on: Annotated[str, Form(max_length=5)] = ""
) -> Response:
    """The expert hears of open roles that fit them (`on`: "1"), or stops."""
    expert_id = caller.account.expert_id or ""
    if on == "1":
        service.watch_open_roles(store, caller.account, expert_id, WatchRequest())
    else:
        service.unwatch(store, caller.account, WatchKind.OPEN_ROLES, expert_id)
    return RedirectResponse("/me?done=role-alerts#role-alerts", status_code=303)


@router.get("/alerts/unsubscribe", response_class=HTMLResponse)
def unsubscribe_page(request: Request, token: Token = "") -> Response:
    """What a mail's link opens: one button, so that a mail scanner that follows links stops
    nothing by itself."""
    known = account_of(signing_key(request.app.state.settings), token) is not None
    return render(request, "unsubscribe.html", {"token": token, "known": known, "done": False})


@router.post("/alerts/unsubscribe", response_class=HTMLResponse)
def unsubscribe(
    request: Request, store: GraphDep, token: Annotated[str, Form(max_length=2000)] = ""
) -> Response:
    account = account_of(signing_key(request.app.state.settings), token)
    if account is None:
        context = {"token": "", "known": False, "done": False}
        return render(request, "unsubscribe.html", context, status_code=422)
    service.stop_mail(store, account)
    return render(request, "unsubscribe.html", {"token": "", "known": True, "done": True})
