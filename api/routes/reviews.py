"""The admin review queue (possible duplicates, unproven claims, organisations proposed at
registration), merges and their undoing."""

from typing import Annotated

from fastapi import APIRouter, Path, status

from api.auth import CallerDep
from api.deps import PRINTABLE, Cursor, GraphDep, Limit, NoticesDep
from talent.core.pagination import Page, decode_cursor
from talent.organizations import service as organizations
from talent.organizations.models import OrganizationDecision, ProposedOrganization
from talent.reviews.decisions import decide_review as decide
from talent.reviews.merges import Merges
from talent.reviews.models import (
    MergeCreate,
    MergeView,
    Review,
    ReviewDecision,
    ReviewKind,
    ReviewOutcome,
    ReviewState,
)
from talent.reviews.queue import ReviewQueue

router = APIRouter(tags=["reviews and merges"])
ItemId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]


@router.get("/reviews", response_model=Page[Review])
def list_reviews(
    store: GraphDep,
    _: CallerDep,
    state: ReviewState | None = ReviewState.OPEN,
    kind: ReviewKind | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[Review]:
    """The queue, oldest first."""
    return ReviewQueue(store).page(state=state, kind=kind, after=decode_cursor(cursor), limit=limit)


@router.post("/reviews/{review_id}/decision", response_model=ReviewOutcome)
def decide_review(
    store: GraphDep,
    notices: NoticesDep,
    admin: CallerDep,
    review_id: ItemId,
    body: ReviewDecision,
) -> ReviewOutcome:
    """Merge or keep apart a possible duplicate; approve or reject a claim."""
    return decide(store=store, notices=notices, admin=admin.account, review_id=review_id, body=body)


@router.get("/reviews/organizations", response_model=list[ProposedOrganization])
def list_proposed_organizations(store: GraphDep, _: CallerDep) -> list[ProposedOrganization]:
    """Organisations proposed at registration, waiting for review (offered to no one but
    their proposer meanwhile), oldest first."""
    return organizations.proposed(store=store)


@router.post(
    "/reviews/organizations/{organization_id}/decision",
    status_code=status.HTTP_204_NO_CONTENT,
)
def decide_organization(
    store: GraphDep, admin: CallerDep, organization_id: ItemId, body: OrganizationDecision
) -> None:
    """Approve a proposed organisation (offered to everyone from then on) or reject it (deleted
    with the affiliations naming it); 409 once decided."""
    organizations.decide(store=store, admin=admin.account, org_id=organization_id, body=body)


@router.post("/merges", status_code=status.HTTP_201_CREATED, response_model=MergeView)
def merge_experts(store: GraphDep, admin: CallerDep, body: MergeCreate) -> MergeView:
    """Merge one profile into another: the survivor gains the evidence, the old id resolves."""
    return Merges(store).merge(admin.account, body.survivor_id, body.merged_id)


@router.get("/merges/{merge_id}", response_model=MergeView)
def get_merge(store: GraphDep, _: CallerDep, merge_id: ItemId) -> MergeView:
    return Merges(store).get(merge_id)


@router.post("/merges/{merge_id}/undo", response_model=MergeView)
def undo_merge(store: GraphDep, admin: CallerDep, merge_id: ItemId) -> MergeView:
    """Restore both profiles exactly as they were; 409 if the survivor changed since."""
    return Merges(store).undo(admin.account, merge_id)
