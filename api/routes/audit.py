"""The audit trail, for admins."""

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.auth import AdminDep
from api.deps import PRINTABLE, Cursor, GraphDep, Limit
from talent.audit.log import Action, AuditEvent, AuditLog
from talent.core.pagination import decode_cursor, encode_cursor

router = APIRouter(tags=["audit"])
Filter = Annotated[str | None, Query(min_length=1, max_length=120, pattern=PRINTABLE)]


class AuditPage(BaseModel):
    items: list[AuditEvent]
    next_cursor: str | None = None


@router.get("/audit-events", response_model=AuditPage)
def list_audit_events(
    store: GraphDep,
    _: AdminDep,
    action: Action | None = None,
    target: Filter = None,
    actor: Filter = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    """Newest first; filter by action, target id or acting account."""
    events = AuditLog(store).page(
        before=decode_cursor(cursor) or None,
        limit=limit,
        action=action,
        target=target,
        actor=actor,
    )
    next_cursor = encode_cursor(events[-1].id) if len(events) == limit else None
    return {"items": events, "next_cursor": next_cursor}
