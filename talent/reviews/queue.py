"""The admin review queue: pairs that may be one person, and claims no e-mail could prove."""

from collections.abc import Iterable

from graph import GraphStore
from talent.audit.log import event_id
from talent.core.errors import Conflict, NotFound
from talent.core.ids import now_ms
from talent.core.pagination import Page, page_of
from talent.duplicates.scoring import Candidate
from talent.reviews.models import Review, ReviewKind, ReviewState
from talent.reviews.repository import ReviewRepository


def _open(
    kind: ReviewKind,
    expert_ids: list[str],
    *,
    account_id: str | None = None,
    score: float | None = None,
    reasons: dict[str, float] | None = None,
) -> Review:
    stamp = now_ms()
    return Review(
        id=event_id(stamp),
        kind=kind,
        state=ReviewState.OPEN,
        expert_ids=expert_ids,
        account_id=account_id,
        score=score,
        reasons=reasons or {},
        created_at=stamp,
    )


class ReviewQueue:
    def __init__(self, store: GraphStore) -> None:
        self.repo = ReviewRepository(store)

    def add_duplicates(self, expert_id: str, candidates: list[Candidate]) -> list[str]:
        """A review per possible duplicate of the new profile; their ids."""
        return self.add_duplicates_of([(expert_id, candidates)])

    def add_duplicates_of(self, profiles: Iterable[tuple[str, list[Candidate]]]) -> list[str]:
        """`add_duplicates` for several new profiles, in one statement."""
        return self.repo.add(
            [
                _open(ReviewKind.DUPLICATE, [expert_id, c.id], score=c.score, reasons=c.reasons)
                for expert_id, candidates in profiles
                for c in candidates
            ]
        )

    def add_claim(self, expert_id: str, account_id: str) -> str:
        return self.repo.add([_open(ReviewKind.CLAIM, [expert_id], account_id=account_id)])[0]

    def get(self, review_id: str) -> Review:
        review = self.repo.get(review_id)
        if review is None:
            raise NotFound(f"review '{review_id}' does not exist", fields={"id": review_id})
        return review

    def page(
        self, *, state: ReviewState | None, kind: ReviewKind | None, after: str, limit: int
    ) -> Page[Review]:
        """Oldest first, after the id `after`."""
        rows = self.repo.page(state=state, kind=kind, after=after, limit=limit + 1)
        return page_of(rows, limit=limit, key=lambda review: review.id)

    def close(self, review_id: str, *, decision: str, by: str) -> Review:
        """Decide an open review; 409 if it was decided already."""
        closed = self.repo.close(review_id, decision=decision, by=by, at=now_ms())
        if closed is None:
            review = self.get(review_id)
            raise Conflict(
                f"review '{review_id}' was already decided ({review.decision})",
                fields={"state": review.state},
            )
        return closed
