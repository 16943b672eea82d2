"""The admin review queue: pairs that may be one person, and claims no e-mail could prove."""

import json
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from graph import GraphStore
from graph.queries import reviews as q
from talent.audit.log import event_id
from talent.core.errors import Conflict, NotFound
from talent.core.ids import now_ms
from talent.duplicates.scoring import Candidate


class ReviewKind(StrEnum):
    DUPLICATE = "duplicate"
    CLAIM = "claim"


class ReviewState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Review(BaseModel):
    id: str
    kind: ReviewKind
    state: ReviewState
    expert_ids: list[str]
    account_id: str | None = None
    score: float | None = None
    reasons: dict[str, float] = {}
    created_at: int
    decision: str | None = None
    decided_by: str | None = None
    decided_at: int | None = None


def _read(props: dict[str, Any]) -> Review:
    data = dict(props)
    data["reasons"] = json.loads(data.get("reasons") or "{}")
    return Review.model_validate(data)


class ReviewQueue:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def _props(self, kind: ReviewKind, expert_ids: list[str], **extra: Any) -> dict[str, Any]:
        stamp = now_ms()
        return {
            "id": event_id(stamp),
            "kind": kind.value,
            "state": ReviewState.OPEN.value,
            "expert_ids": expert_ids,
            "created_at": stamp,
            **extra,
        }

    def add_duplicates(self, expert_id: str, candidates: list[Candidate]) -> list[str]:
        items = [
            self._props(
                ReviewKind.DUPLICATE,
                [expert_id, c.id],
                score=c.score,
                reasons=json.dumps(c.reasons, sort_keys=True),
            )
            for c in candidates
        ]
        return [row["id"] for row in self.store.run(q.create(items))] if items else []

    def add_claim(self, expert_id: str, account_id: str) -> str:
        props = self._props(ReviewKind.CLAIM, [expert_id], account_id=account_id)
        return str(self.store.run(q.create([props]))[0]["id"])

    def get(self, review_id: str) -> Review:
        rows = self.store.run(q.get(review_id))
        if not rows:
            raise NotFound(f"review '{review_id}' does not exist", fields={"id": review_id})
        return _read(rows[0]["review"])

    def page(
        self, *, state: ReviewState | None, kind: ReviewKind | None, after: str, limit: int
    ) -> list[Review]:
        query = q.page(
            state=state.value if state else None,
            kind=kind.value if kind else None,
            after=after,
            limit=limit,
        )
        return [_read(row["review"]) for row in self.store.run(query)]

    def close(self, review_id: str, *, decision: str, by: str) -> Review:
        changes = {
            "state": ReviewState.CLOSED.value,
            "decision": decision,
            "decided_by": by,
            "decided_at": now_ms(),
        }
        rows = self.store.run(q.decide(review_id, changes))
        if not rows:
            review = self.get(review_id)
            raise Conflict(
                f"review '{review_id}' was already decided ({review.decision})",
                fields={"state": review.state},
            )
        return _read(rows[0]["review"])
