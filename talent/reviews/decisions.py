"""An admin's decision on a review: merge or keep apart a possible duplicate; approve or reject
a claim, which mails the claimant their link or closes their account."""

from graph import GraphStore
from talent.accounts.models import AccountRead
from talent.accounts.notices import Notices
from talent.accounts.repository import AccountRepository
from talent.audit.log import Action, AuditLog, actor_of
from talent.core.errors import Conflict, InvalidInput
from talent.core.ids import now_ms
from talent.reviews.merges import Merges
from talent.reviews.models import (
    MergeView,
    Review,
    ReviewDecision,
    ReviewKind,
    ReviewOutcome,
    ReviewState,
)
from talent.reviews.queue import ReviewQueue
from talent.reviews.repository import ReviewRepository


def decide_review(
    *,
    store: GraphStore,
    notices: Notices,
    admin: AccountRead,
    review_id: str,
    body: ReviewDecision,
) -> ReviewOutcome:
    """One transaction: a decided review or a wrong decision changes nothing, and if the
    merge refuses its profiles the review stays open. Two admins deciding at once: the second
    gets 409."""

    def work(tx: GraphStore) -> tuple[ReviewOutcome, Notices]:
        review = ReviewQueue(tx).get(review_id)
        _check(review, body)
        at = now_ms()
        closed = ReviewRepository(tx).close(review_id, decision=body.decision, by=admin.id, at=at)
        if closed is None:
            raise Conflict(
                f"review '{review_id}' was decided meanwhile",
                fields={"state": ReviewQueue(tx).get(review_id).state},
            )
        merge = _merge(tx, admin, review, body) if body.decision == "merge" else None
        letters = notices.within(tx, to_requester=False)
        accounts = AccountRepository(tx)
        if review.account_id and body.decision == "approve":
            account = accounts.get(review.account_id)
            letters.claim_link(
                email=account.email, account_id=account.id, expert_id=review.expert_ids[0]
            )
        elif review.account_id and body.decision == "reject":
            accounts.withdraw(review.account_id)
        AuditLog(tx).record(
            actor_of(admin), Action.REVIEW_DECIDE, "review", review_id, {"decision": body.decision}
        )
        closed = review.model_copy(
            update={
                "state": ReviewState.CLOSED,
                "decision": body.decision,
                "decided_by": admin.id,
                "decided_at": at,
            }
        )
        return ReviewOutcome(review=closed, merge=merge), letters

    outcome, letters = store.write(work)
    letters.post()
    return outcome


def _check(review: Review, body: ReviewDecision) -> None:
    if review.state is not ReviewState.OPEN:
        raise Conflict(
            f"review '{review.id}' was already decided ({review.decision})",
            fields={"state": review.state},
        )
    duplicate = review.kind is ReviewKind.DUPLICATE
    allowed = {"merge", "distinct"} if duplicate else {"approve", "reject"}
    if body.decision not in allowed:
        raise InvalidInput(
            f"a {review.kind} review is decided by {' or '.join(sorted(allowed))}",
            fields={"decision": body.decision},
        )


def _merge(tx: GraphStore, admin: AccountRead, review: Review, body: ReviewDecision) -> MergeView:
    """The pair merged into the survivor named, or else the profile that was there first."""
    newer, older = review.expert_ids
    survivor = body.survivor_id or older
    if survivor not in review.expert_ids:
        raise InvalidInput("the survivor must be one of the pair", fields={"survivor_id": survivor})
    merged = newer if survivor == older else older
    return Merges(tx).merge(admin, survivor, merged, review_id=review.id)
