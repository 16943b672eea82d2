"""Expert profiles: filtered per caller, with owner edits, verification, freshness and
withdrawal. Every personal-data view and every change is audited."""

from typing import Annotated

from fastapi import APIRouter, Body, Path, Request, Response, status

from api.auth import CallerDep
from api.deps import PRINTABLE, Cursor, GraphDep, Limit
from api.versions import IfMatch, tagged
from talent.core.pagination import Page, decode_cursor
from talent.duplicates.checker import DuplicateChecker
from talent.experts.models import (
    ExpertCreate,
    ExpertRead,
    ExpertUpdate,
    StatusCount,
    Verification,
    VerificationResult,
)
from talent.experts.service import ExpertService

router = APIRouter(prefix="/experts", tags=["experts"])
ExpertId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ExpertRead)
def create_expert(
    store: GraphDep, caller: CallerDep, item: ExpertCreate, request: Request
) -> ExpertRead:
    """Create a profile (staff import); experts register through /registrations. Staff do not
    set `status` or `verification_grade` (403), and a likely duplicate of a live profile gets
    409 with the candidates, as a registration would."""
    checker: DuplicateChecker = request.app.state.duplicates
    return ExpertService(store).create(caller.account, item, duplicates=checker)


@router.get("", response_model=Page[ExpertRead])
def list_experts(
    store: GraphDep, caller: CallerDep, limit: Limit = 50, cursor: Cursor = None
) -> Page[ExpertRead]:
    """Profiles in id order, fields filtered by each expert's choices; staff see active ones."""
    return ExpertService(store).page(caller.account, after=decode_cursor(cursor), limit=limit)


@router.get("/statistics", response_model=list[StatusCount])
def statistics(store: GraphDep, _: CallerDep) -> list[StatusCount]:
    """How many profiles per status and residency; withdrawn ones still count."""
    return ExpertService(store).statistics()


@router.get("/{expert_id}", response_model=ExpertRead)
def get_expert(
    store: GraphDep, caller: CallerDep, response: Response, expert_id: ExpertId
) -> ExpertRead:
    """One profile; a merged id answers with its survivor. Fields the expert withheld from
    the caller are empty and named in `hidden`. `ETag` is its version, for `If-Match`."""
    return tagged(response, ExpertService(store).read(caller.account, expert_id))


@router.patch("/{expert_id}", response_model=ExpertRead)
def update_expert(
    store: GraphDep,
    caller: CallerDep,
    response: Response,
    expected: IfMatch,
    expert_id: ExpertId,
    patch: ExpertUpdate = Body(),
) -> ExpertRead:
    """Change some fields; the result is validated whole. An owner's edit marks the profile
    as confirmed; `status`, `verification_grade` and raised sources are not theirs to set.
    With `If-Match`, refused (412) unless the profile is still at that version."""
    updated = ExpertService(store).update(caller.account, expert_id, patch, expected=expected)
    return tagged(response, updated)


@router.post("/{expert_id}/confirm", response_model=ExpertRead)
def confirm_expert(
    store: GraphDep, caller: CallerDep, response: Response, expected: IfMatch, expert_id: ExpertId
) -> ExpertRead:
    """The profile is current: resets its freshness date."""
    confirmed = ExpertService(store).confirm(caller.account, expert_id, expected=expected)
    return tagged(response, confirmed)


@router.post("/{expert_id}/verifications", response_model=VerificationResult)
def verify_expert(
    store: GraphDep,
    caller: CallerDep,
    expected: IfMatch,
    expert_id: ExpertId,
    request: Verification,
) -> VerificationResult:
    """An admin or a ministry confirms skills, affiliations and works of the expert."""
    return ExpertService(store).verify(caller.account, expert_id, request, expected=expected)


@router.post("/{expert_id}/withdraw", response_model=ExpertRead)
def withdraw_expert(
    store: GraphDep, caller: CallerDep, response: Response, expected: IfMatch, expert_id: ExpertId
) -> ExpertRead:
    """The expert leaves: the profile is anonymised for good and its account closed; the
    counts by country, residency and skill keep it."""
    withdrawn = ExpertService(store).withdraw(caller.account, expert_id, expected=expected)
    return tagged(response, withdrawn)


@router.delete("/{expert_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_expert(store: GraphDep, caller: CallerDep, expert_id: ExpertId) -> Response:
    """Remove a profile outright (admins: spam, test records). An expert who leaves withdraws
    instead, which keeps the counts."""
    ExpertService(store).delete(caller.account, expert_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
