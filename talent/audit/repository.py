"""Audit events in the graph: appended in batches, read newest first."""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graph import GraphStore
from graph.queries import audit as q
from talent.audit.models import Action, Actor, AuditEvent


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event to append; its details are stored as JSON text (graph properties are
    scalars), anything JSON does not know as its string."""

    id: str
    at: int
    actor: Actor
    action: Action
    target_kind: str
    target: str
    details: Mapping[str, object]


class AuditRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def append(self, events: Sequence[NewEvent]) -> None:
        """Write the events in one statement."""
        rows = [
            {
                "id": e.id,
                "at": e.at,
                "actor": e.actor.id,
                "actor_role": e.actor.role,
                "action": e.action.value,
                "target_kind": e.target_kind,
                "target": e.target,
                "details": json.dumps(e.details, sort_keys=True, default=str),
            }
            for e in events
        ]
        self.store.run(q.record(rows))

    def page(
        self,
        *,
        before: str,
        limit: int,
        action: Action | None,
        target: str | None,
        actor: str | None,
        since: int | None = None,
        until: int | None = None,
        hidden: Sequence[Action] = (),
    ) -> list[AuditEvent]:
        """Up to `limit` events with ids below `before`, newest first, matching the filters."""
        query = q.page(
            before=before,
            limit=limit,
            action=action.value if action else None,
            target=target,
            actor=actor,
            since=since,
            until=until,
            hidden=[a.value for a in hidden],
        )
        events = []
        for row in self.store.run(query):
            props = dict(row["event"])
            props["details"] = json.loads(props.get("details") or "{}")
            events.append(AuditEvent.model_validate(props))
        return events
