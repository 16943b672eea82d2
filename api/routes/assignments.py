"""Portfolio assignment: open roles filled together under load limits and side rules, as a
job; its proposal with the trade-offs, or the conflicts that block it."""

from typing import Annotated

from fastapi import APIRouter, Path, status

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.worker import celery_app
from matching.assignment import service
from matching.assignment.models import Accepted, AssignmentJob, AssignmentRequest

router = APIRouter(tags=["assignment"])
JobId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]


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
