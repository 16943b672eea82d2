"""Review items and merge records in the graph, with the MERGED_INTO link of a merge.

Graph properties are scalars: a review's reasons and a merge's lists and snapshot are stored
as JSON text, read back into their models here.
"""

import json

from graph import GraphStore
from graph.queries import merges as mq
from graph.queries import reviews as q
from graph.store import Row
from talent.reviews.models import (
    MergeRecord,
    MergeSnapshot,
    MovedProposal,
    Review,
    ReviewKind,
    ReviewState,
)


def _review(props: Row) -> Review:
    data = dict(props)
    data["reasons"] = json.loads(data.get("reasons") or "{}")
    return Review.model_validate(data)


def _review_props(review: Review) -> Row:
    props = review.model_dump(mode="json", exclude_none=True, exclude={"reasons"})
    if review.reasons:
        props["reasons"] = json.dumps(review.reasons, sort_keys=True)
    return props


def _merge(props: Row) -> MergeRecord:
    data = {k: v for k, v in props.items() if k in MergeRecord.model_fields}
    data["works_added"] = json.loads(data.get("works_added") or "[]")
    data["accounts_moved"] = json.loads(data.get("accounts_moved") or "[]")
    data["proposals_moved"] = json.loads(data.get("proposals_moved") or "[]")
    data["before"] = MergeSnapshot.model_validate(json.loads(data["before"]))
    return MergeRecord.model_validate(data)


def _merge_props(record: MergeRecord) -> Row:
    props = record.model_dump(mode="json", exclude_none=True, exclude={"before"})
    props["works_added"] = json.dumps(record.works_added)
    props["accounts_moved"] = json.dumps(record.accounts_moved)
    props["proposals_moved"] = json.dumps([m.model_dump() for m in record.proposals_moved])
    props["before"] = json.dumps(record.before.model_dump(mode="json"))
    return props


class ReviewRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def add(self, reviews: list[Review]) -> list[str]:
        """Write the reviews in one statement; their ids."""
        if reviews:
            self.store.run(q.create([_review_props(r) for r in reviews]))
        return [r.id for r in reviews]

    def get(self, review_id: str) -> Review | None:
        rows = self.store.run(q.get(review_id))
        return _review(rows[0]["review"]) if rows else None

    def page(
        self, *, state: ReviewState | None, kind: ReviewKind | None, after: str, limit: int
    ) -> list[Review]:
        """Up to `limit` reviews in id order (oldest first) after the id `after`."""
        query = q.page(
            state=state.value if state else None,
            kind=kind.value if kind else None,
            after=after,
            limit=limit,
        )
        return [_review(row["review"]) for row in self.store.run(query)]

    def close(self, review_id: str, *, decision: str, by: str, at: int) -> Review | None:
        """The review, closed with this decision; None unless it was open."""
        changes = {
            "state": ReviewState.CLOSED.value,
            "decision": decision,
            "decided_by": by,
            "decided_at": at,
        }
        rows = self.store.run(q.decide(review_id, changes))
        return _review(rows[0]["review"]) if rows else None

    def reopen(self, review_id: str, *, decision: str) -> Review | None:
        """The review open again, if it was closed with `decision`; else None."""
        rows = self.store.run(q.reopen(review_id, decision))
        return _review(rows[0]["review"]) if rows else None


class MergeRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def get(self, merge_id: str) -> MergeRecord | None:
        rows = self.store.run(mq.get(merge_id))
        return _merge(rows[0]["merge"]) if rows else None

    def create(self, record: MergeRecord) -> None:
        self.store.run(mq.create(_merge_props(record)))

    def mark_undone(self, merge_id: str, *, by: str, at: int) -> bool:
        """The merge marked undone; False, with nothing changed, if it was already."""
        changes = {"state": "undone", "undone_by": by, "undone_at": at}
        return bool(self.store.run(mq.undo(merge_id, changes)))

    def link(self, merged_id: str, survivor_id: str) -> None:
        """The merged profile points at its survivor (MERGED_INTO)."""
        self.store.run(mq.link(merged_id, survivor_id))

    def unlink(self, merged_id: str, survivor_id: str) -> None:
        self.store.run(mq.unlink(merged_id, survivor_id))

    def move_proposals(self, merged_id: str, survivor_id: str) -> list[MovedProposal]:
        """The merged profile's current proposals for roles, now the survivor's."""
        rows = self.store.run(mq.move_proposals(merged_id, survivor_id))
        return [MovedProposal.model_validate(row) for row in rows]

    def restore_proposals(
        self, merged_id: str, survivor_id: str, moved: list[MovedProposal]
    ) -> None:
        if moved:
            listed = [m.model_dump() for m in moved]
            self.store.run(mq.restore_proposals(merged_id, survivor_id, listed))
