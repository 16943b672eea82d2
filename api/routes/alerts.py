"""Watches and alerts: a lead watches a role, an expert asks to hear of roles that fit them;
everyone signed in reads their own alerts, marks them read and chooses how they are told; a
mail's link stops alert mail."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status
from pydantic import BaseModel

from api.auth import CallerDep, signing_key
from api.deps import PRINTABLE, GraphDep
from talent.alerts import service
from talent.alerts.mail import account_of
from talent.alerts.models import (
    AlertPrefs,
    ReadRequest,
    Unsubscribe,
    Watch,
    WatchKind,
    WatchRequest,
)
from talent.core.errors import InvalidInput

router = APIRouter(tags=["alerts"])
RoleId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
ExpertId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
GroupId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
SavedId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]


class Count(BaseModel):
    count: int


@router.put("/roles/{role_id}/watch", response_model=Watch)
def watch_role(store: GraphDep, caller: CallerDep, role_id: RoleId, request: WatchRequest) -> Watch:
    """Be told when an expert enters the role's top `k`, or a shortlisted one withdraws or
    changes when they are available."""
    return service.watch_role(store, caller.account, role_id, request)


@router.get("/roles/{role_id}/watch", response_model=Watch | None)
def get_role_watch(store: GraphDep, caller: CallerDep, role_id: RoleId) -> Watch | None:
    """The caller's watch of the role; null when they do not watch it."""
    return service.watch_of(store, caller.account, WatchKind.ROLE, role_id)


@router.delete("/roles/{role_id}/watch", status_code=status.HTTP_204_NO_CONTENT)
def unwatch_role(store: GraphDep, caller: CallerDep, role_id: RoleId) -> Response:
    service.unwatch(store, caller.account, WatchKind.ROLE, role_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/experts/{expert_id}/role-alerts", response_model=Watch)
def watch_open_roles(
    store: GraphDep, caller: CallerDep, expert_id: ExpertId, request: WatchRequest
) -> Watch:
    """The expert hears of open roles whose top `k` they enter (nothing about the other
    candidates); 409 while they do not let themselves be proposed for roles."""
    return service.watch_open_roles(store, caller.account, expert_id, request)


@router.delete("/experts/{expert_id}/role-alerts", status_code=status.HTTP_204_NO_CONTENT)
def stop_open_roles(store: GraphDep, caller: CallerDep, expert_id: ExpertId) -> Response:
    service.unwatch(store, caller.account, WatchKind.OPEN_ROLES, expert_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/groups/{group_id}/watch", response_model=Watch)
def watch_group(store: GraphDep, caller: CallerDep, group_id: GroupId) -> Watch:
    """Be told when an expert joins or leaves the technology group's leading experts, and
    when the demand of its open roles comes to exceed them."""
    return service.watch_group(store, caller.account, group_id)


@router.get("/groups/{group_id}/watch", response_model=Watch | None)
def get_group_watch(store: GraphDep, caller: CallerDep, group_id: GroupId) -> Watch | None:
    return service.watch_of(store, caller.account, WatchKind.GROUP, group_id)


@router.delete("/groups/{group_id}/watch", status_code=status.HTTP_204_NO_CONTENT)
def unwatch_group(store: GraphDep, caller: CallerDep, group_id: GroupId) -> Response:
    service.unwatch(store, caller.account, WatchKind.GROUP, group_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/saved-searches/{saved_id}/watch", response_model=Watch)
def watch_search(
    store: GraphDep, caller: CallerDep, saved_id: SavedId, request: WatchRequest
) -> Watch:
    """Be told when an expert enters the first `k` results of the caller's saved search."""
    return service.watch_search(store, caller.account, saved_id, request)


@router.get("/saved-searches/{saved_id}/watch", response_model=Watch | None)
def get_search_watch(store: GraphDep, caller: CallerDep, saved_id: SavedId) -> Watch | None:
    return service.watch_of(store, caller.account, WatchKind.SEARCH, saved_id)


@router.delete("/saved-searches/{saved_id}/watch", status_code=status.HTTP_204_NO_CONTENT)
def unwatch_search(store: GraphDep, caller: CallerDep, saved_id: SavedId) -> Response:
    service.unwatch_search(store, caller.account, saved_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/watches", response_model=list[Watch])
def my_watches(store: GraphDep, caller: CallerDep) -> list[Watch]:
    return service.watches(store, caller.account)


@router.get("/alerts", response_model=service.AlertPage)
def my_alerts(
    store: GraphDep,
    caller: CallerDep,
    before: Annotated[int | None, Query(ge=0, le=2**53)] = None,
    unread: bool = False,
) -> service.AlertPage:
    """The caller's alerts, newest first, fifty at a time (`before`: the page's `next_before`)."""
    return service.alert_page(store, caller.account, before=before, unread=unread)


@router.get("/alerts/unread", response_model=Count)
def unread_alerts(store: GraphDep, caller: CallerDep) -> Count:
    return Count(count=service.unread_count(store, caller.account))


@router.post("/alerts/read", response_model=Count)
def read_alerts(store: GraphDep, caller: CallerDep, request: ReadRequest) -> Count:
    """Mark the alerts named (`ids`: every one, when absent) read; how many were unread."""
    return Count(count=service.mark_read(store, caller.account, request.ids))


@router.get("/alert-preferences", response_model=AlertPrefs)
def get_prefs(store: GraphDep, caller: CallerDep) -> AlertPrefs:
    return service.prefs(store, caller.account)


@router.put("/alert-preferences", response_model=AlertPrefs)
def put_prefs(store: GraphDep, caller: CallerDep, chosen: AlertPrefs) -> AlertPrefs:
    """In the app only, by mail at once, or a daily or weekly digest; in which language."""
    return service.set_prefs(store, caller.account, chosen)


@router.post("/alerts/unsubscribe", response_model=AlertPrefs)
def unsubscribe(request: Request, store: GraphDep, body: Unsubscribe) -> AlertPrefs:
    """The link every alert mail carries: no more alert mail for its account."""
    account = account_of(signing_key(request.app.state.settings), body.token)
    if account is None:
        raise InvalidInput("this link is not one of ours", fields={"token": "not valid"})
    service.stop_mail(store, account)
    return service.prefs_of(store, account)
