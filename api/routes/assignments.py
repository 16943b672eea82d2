"""Portfolio assignment: open roles filled together under load limits and side rules, as a
job; its proposal with the trade-offs, or the conflicts that block it; the proposals a role
has had; an expert's ledger and the ministry's lead limit."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.versions import IfMatch, tagged
from api.worker import celery_app
from matching.assignment import ledger, service
from matching.assignment.ledger import LeadLimit, LedgerView
from matching.assignment.models import Accepted, AssignmentJob, AssignmentRequest, RecordedView
from talent.experts.models import ExpertRead

router = APIRouter(tags=["assignment"])
JobId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
RoleId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
ExpertId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]


@router.post("/assignments", status_code=status.HTTP_202_ACCEPTED, response_model=AssignmentJob)
def start_assignment(
    store: GraphDep, caller: CallerDep, request: AssignmentRequest
) -> AssignmentJob:
    """Assign the roles named (or all roles of the programmes named, or of every open
    programme) on a worker; returns the job to follow."""
    return service.start(store, celery_app, actor=caller.actor, request=request)


@router.get("/assignments/{job_id}", response_model=AssignmentJob)
def get_assignment(store: GraphDep, caller: CallerDep, job_id: JobId) -> AssignmentJob:
    """An assignment job's progress, and once done its proposal or its conflicts."""
    return service.job(store, job_id, viewer=caller.account)


@router.post("/assignments/{job_id}/cancel", response_model=AssignmentJob)
def cancel_assignment(store: GraphDep, _: CallerDep, job_id: JobId) -> AssignmentJob:
    """Cancel a queued or running assignment; 409 once it has finished."""
    return service.cancel(store, job_id)


@router.post("/assignments/{job_id}/accept", response_model=Accepted)
def accept_assignment(store: GraphDep, caller: CallerDep, job_id: JobId) -> Accepted:
    """Record the assignment's proposals on its roles (replacing theirs); 409 when another
    assignment was accepted for one of them since, or a proposed expert left."""
    return service.accept(store, actor=caller.actor, job_id=job_id)


@router.get("/roles/{role_id}/proposals", response_model=list[RecordedView])
def role_proposals(store: GraphDep, _: CallerDep, role_id: RoleId) -> list[RecordedView]:
    """Who accepted assignments proposed for the role, the current ones (no `until`) and
    those a later assignment replaced, newest first."""
    return service.role_history(store, role_id)


@router.get("/experts/{expert_id}/ledger", response_model=LedgerView)
def expert_ledger(store: GraphDep, _: CallerDep, expert_id: ExpertId) -> LedgerView:
    """What the ledger allows the expert: the ministry's lead limit, their declared
    commitments, the roles they are proposed for, and what is left."""
    return ledger.ledger_of(store, expert_id)


@router.put("/experts/{expert_id}/lead-limit", response_model=ExpertRead)
def set_lead_limit(
    store: GraphDep,
    caller: CallerDep,
    response: Response,
    expected: IfMatch,
    expert_id: ExpertId,
    limit: LeadLimit,
) -> ExpertRead:
    """How many programmes the expert may lead at once (`null`: the default, 1); with
    `If-Match`, refused (412) unless the profile is still at that version."""
    changed = ledger.set_lead_limit(store, caller.account, expert_id, limit, expected=expected)
    return tagged(response, changed)
