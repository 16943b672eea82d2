"""The admin review queue (possible duplicates, unproven claims), merges and their undoing."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, status
from pydantic import BaseModel

from api.auth import AdminDep
from api.deps import PRINTABLE, Cursor, GraphDep, Limit, SettingsDep
from api.routes.registration import registrations
from talent.core.pagination import decode_cursor, encode_cursor
from talent.core.types import Key, Strict
from talent.registration.service import ReviewDecision, ReviewOutcome
from talent.reviews.merges import Merges, MergeView
from talent.reviews.queue import Review, ReviewKind, ReviewQueue, ReviewState

router = APIRouter(tags=["reviews and merges"])
ItemId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]


class ReviewPage(BaseModel):
    items: list[Review]
    next_cursor: str | None = None


class MergeCreate(Strict):
    survivor_id: Key
    merged_id: Key


@router.get("/reviews", response_model=ReviewPage)
def list_reviews(
    store: GraphDep,
    _: AdminDep,
    state: ReviewState | None = ReviewState.OPEN,
    kind: ReviewKind | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    """The queue, oldest first."""
    items = ReviewQueue(store).page(
        state=state, kind=kind, after=decode_cursor(cursor), limit=limit
    )
    return {
        "items": items,
        "next_cursor": encode_cursor(items[-1].id) if len(items) == limit else None,
    }


@router.post("/reviews/{review_id}/decision", response_model=ReviewOutcome)
def decide_review(
    store: GraphDep,
    settings: SettingsDep,
    request: Request,
    admin: AdminDep,
    review_id: ItemId,
    body: ReviewDecision,
) -> Any:
    """Merge or keep apart a possible duplicate; approve or reject a claim."""
    return registrations(store, settings, request).decide_review(admin.account, review_id, body)


@router.post("/merges", status_code=status.HTTP_201_CREATED, response_model=MergeView)
def merge_experts(store: GraphDep, admin: AdminDep, body: MergeCreate) -> Any:
    """Merge one profile into another: the survivor gains the evidence, the old id resolves."""
    return Merges(store).merge(admin.account, body.survivor_id, body.merged_id)


@router.get("/merges/{merge_id}", response_model=MergeView)
def get_merge(store: GraphDep, _: AdminDep, merge_id: ItemId) -> Any:
    return Merges(store).get(merge_id)


@router.post("/merges/{merge_id}/undo", response_model=MergeView)
def undo_merge(store: GraphDep, admin: AdminDep, merge_id: ItemId) -> Any:
    """Restore both profiles exactly as they were; 409 if the survivor changed since."""
    return Merges(store).undo(admin.account, merge_id)
