"""The audit trail: every view of personal data, every change to a profile, every merge and
every match request, with who, what and when. Readable by admins only."""

import itertools
import json
import time
import uuid
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from graph import GraphStore
from graph.queries import audit as q


class Action(StrEnum):
    PII_VIEW = "pii.view"
    EXPERT_CREATE = "expert.create"
    EXPERT_UPDATE = "expert.update"
    EXPERT_CONFIRM = "expert.confirm"
    EXPERT_VERIFY = "expert.verify"
    EXPERT_WITHDRAW = "expert.withdraw"
    EXPERT_DELETE = "expert.delete"
    EXPERT_MERGE = "expert.merge"
    EXPERT_UNMERGE = "expert.unmerge"
    REGISTRATION = "registration.submit"
    REGISTRATION_CONFIRM = "registration.confirm"
    CLAIM = "registration.claim"
    REVIEW_DECIDE = "review.decide"
    MATCH_REQUEST = "match.request"
    MATCH_JOB = "match.job"
    PIPELINE_MOVE = "pipeline.move"


class Actor(BaseModel):
    """Who acted: an account, or an anonymous caller known by address (registration)."""

    id: str
    role: str


ANONYMOUS_ROLE = "anonymous"
SYSTEM = Actor(id="system", role="system")


class AuditEvent(BaseModel):
    id: str
    at: int
    actor: str
    actor_role: str
    action: Action
    target_kind: str
    target: str
    details: dict[str, Any]


_sequence = itertools.count()


def event_id(at_ms: int) -> str:
    """Sorts by time: the zero-padded millisecond, then this process's sequence (events in
    one millisecond keep their order), then a random part for uniqueness across processes."""
    return f"{at_ms:015d}-{next(_sequence) % 10**8:08d}-{uuid.uuid4().hex[:8]}"


class AuditLog:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def record(
        self,
        actor: Actor,
        action: Action,
        target_kind: str,
        target: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.record_many(actor, action, target_kind, [(target, details or {})])

    def record_many(
        self,
        actor: Actor,
        action: Action,
        target_kind: str,
        targets: list[tuple[str, dict[str, Any]]],
    ) -> None:
        """One event per (target, details), written together."""
        if not targets:
            return
        at = int(time.time() * 1000)
        events = [
            {
                "id": event_id(at),
                "at": at,
                "actor": actor.id,
                "actor_role": actor.role,
                "action": action.value,
                "target_kind": target_kind,
                "target": target,
                "details": json.dumps(details, sort_keys=True, default=str),
            }
            for target, details in targets
        ]
        self.store.run(q.record(events))

    def page(
        self,
        *,
        before: str | None,
        limit: int,
        action: Action | None = None,
        target: str | None = None,
        actor: str | None = None,
    ) -> list[AuditEvent]:
        rows = self.store.run(
            q.page(
                before=before or "~",
                limit=limit,
                action=action.value if action else None,
                target=target,
                actor=actor,
            )
        )
        events = []
        for row in rows:
            props = dict(row["event"])
            props["details"] = json.loads(props.get("details") or "{}")
            events.append(AuditEvent.model_validate(props))
        return events
