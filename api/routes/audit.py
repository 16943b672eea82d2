"""The audit trail, for admins."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.auth import CallerDep
from api.deps import PRINTABLE, Cursor, GraphDep, Limit
from talent.audit.log import Action, AuditEvent, AuditLog
from talent.core.pagination import Page, decode_cursor

# The last millisecond of the year 9999: a bound the graph's 64-bit integers can hold.
LAST_MS = 253_402_300_799_999
router = APIRouter(tags=["audit"])
Filter = Annotated[str | None, Query(min_length=1, max_length=120, pattern=PRINTABLE)]


@router.get("/audit-events", response_model=Page[AuditEvent])
def list_audit_events(
    store: GraphDep,
    _: CallerDep,
    action: Action | None = None,
    target: Filter = None,
    actor: Filter = None,
    since: Annotated[
        int | None, Query(ge=0, le=LAST_MS, description="from this time (epoch ms)")
    ] = None,
    until: Annotated[
        int | None, Query(ge=0, le=LAST_MS, description="before this time (epoch ms)")
    ] = None,
    exclude_action: Annotated[
        list[Action] | None,
        Query(max_length=len(Action), description="leave out these actions (e.g. pii.view)"),
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[AuditEvent]:
    """Newest first; filter by action, target id, acting account, time and left-out actions."""
    return AuditLog(store).page(
        before=decode_cursor(cursor),
        limit=limit,
        action=action,
        target=target,
        actor=actor,
        since=since,
        until=until,
        hidden=exclude_action or (),
    )
