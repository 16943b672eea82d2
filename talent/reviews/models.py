"""The review queue's items and decisions, and merge records with their snapshots."""

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, JsonValue

from talent.core.types import Key, Strict
from talent.experts.models import ExpertRead


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


class MergeView(BaseModel):
    id: str
    survivor_id: str
    merged_id: str
    state: str
    by: str
    at: int
    undone_by: str | None = None
    undone_at: int | None = None
    works_added: list[str]


class MergeSnapshot(BaseModel):
    """Both profiles as they were just before the merge."""

    survivor: ExpertRead
    merged: ExpertRead


class MovedProposal(BaseModel):
    """A proposal for a role the merged profile had, as it was: its undo puts it back."""

    role: str
    props: dict[str, JsonValue]
    # The survivor was proposed for the role too: the merged one's link was only removed.
    doubled: bool


class MergeRecord(MergeView):
    """A merge as stored: what its undo needs besides what admins are shown."""

    accounts_moved: list[str] = []
    proposals_moved: list[MovedProposal] = []
    # The survivor's stamp right after the merge: a later change forbids the undo.
    survivor_updated_at: int
    # The survivor's version the merge left; None in records made before versions.
    survivor_version: int | None = None
    # The duplicate review whose decision made the merge, if one did: its undo reopens it.
    review_id: str | None = None
    before: MergeSnapshot

    def view(self) -> MergeView:
        return MergeView.model_validate(self.model_dump(include=set(MergeView.model_fields)))


class MergeCreate(Strict):
    survivor_id: Key
    merged_id: Key


class ReviewDecision(Strict):
    decision: Literal["merge", "distinct", "approve", "reject"] = Field(
        description="duplicates: merge or distinct; claims: approve or reject"
    )
    survivor_id: Key | None = Field(
        default=None, description="for a merge; default: the profile that was there first"
    )


class ReviewOutcome(BaseModel):
    review: Review
    merge: MergeView | None = None
