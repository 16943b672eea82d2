"""The audit trail: every view of personal data, every change to a profile, every merge and
every match request, with who, what and when. Readable by admins only."""

import itertools
import time
import uuid
from collections.abc import Mapping, Sequence

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.audit.models import ANONYMOUS_ROLE, Action, Actor, AuditEvent
from talent.audit.repository import AuditRepository, NewEvent
from talent.core.pagination import Page, page_of

__all__ = ["ANONYMOUS_ROLE", "Action", "Actor", "AuditEvent", "AuditLog", "actor_of", "event_id"]

# The first page starts before every id: ids begin with digits, which sort below "~".
_NEWEST = "~"

_sequence = itertools.count()


def event_id(at_ms: int) -> str:
    """Sorts by time: the zero-padded millisecond, then this process's sequence (events in
    one millisecond keep their order), then a random part for uniqueness across processes."""
    return f"{at_ms:015d}-{next(_sequence) % 10**8:08d}-{uuid.uuid4().hex[:8]}"


def actor_of(account: AccountRead) -> Actor:
    """The account as the audit trail names who acted."""
    return Actor(id=account.id, role=account.role.value)


class AuditLog:
    def __init__(self, store: GraphStore) -> None:
        self.repo = AuditRepository(store)

    def record(
        self,
        actor: Actor,
        action: Action,
        target_kind: str,
        target: str,
        details: Mapping[str, object] | None = None,
    ) -> None:
        self.record_many(actor, action, target_kind, [(target, details or {})])

    def record_many(
        self,
        actor: Actor,
        action: Action,
        target_kind: str,
        targets: Sequence[tuple[str, Mapping[str, object]]],
    ) -> None:
        """One event per (target, details), written together."""
        if not targets:
            return
        at = int(time.time() * 1000)
        self.repo.append(
            [
                NewEvent(event_id(at), at, actor, action, target_kind, target, details)
                for target, details in targets
            ]
        )

    def page(
        self,
        *,
        before: str,
        limit: int,
        action: Action | None = None,
        target: str | None = None,
        actor: str | None = None,
        since: int | None = None,
        until: int | None = None,
        hidden: Sequence[Action] = (),
    ) -> Page[AuditEvent]:
        """Newest first, from just below the id `before` ("" for the newest); `since` and
        `until` bound the time (epoch ms, `until` excluded); `hidden` actions are left out."""
        rows = self.repo.page(
            before=before or _NEWEST,
            limit=limit + 1,
            action=action,
            target=target,
            actor=actor,
            since=since,
            until=until,
            hidden=hidden,
        )
        return page_of(rows, limit=limit, key=lambda event: event.id)
