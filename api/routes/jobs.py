"""Background jobs: start demo-data generation and reminders, follow progress, cancel."""

from fastapi import APIRouter, Path, status
from pydantic import BaseModel, Field

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.worker import celery_app
from matching.vectors import service as embeddings
from talent.jobs import service
from talent.jobs.model import Job

router = APIRouter(prefix="/jobs", tags=["jobs"])


class DemoDataRequest(BaseModel):
    count: int = Field(default=1000, ge=1, le=100_000)
    seed: int = Field(default=21, ge=0, le=2**31)


JobId = Path(min_length=1, max_length=64, pattern=PRINTABLE)


@router.post("/demo-data", status_code=status.HTTP_202_ACCEPTED, response_model=Job)
def start_demo_data(store: GraphDep, _: CallerDep, request: DemoDataRequest) -> Job:
    """Queue generation of demo experts into an empty graph; returns the job to follow."""
    return service.start_demo_data(store, celery_app, count=request.count, seed=request.seed)


@router.post("/freshness-reminders", status_code=status.HTTP_202_ACCEPTED, response_model=Job)
def start_reminders(store: GraphDep, _: CallerDep) -> Job:
    """Remind owners of profiles not confirmed for 12 months now, as the daily run does."""
    return service.start_reminders(store, celery_app)


@router.post("/embedding-backfill", status_code=status.HTTP_202_ACCEPTED, response_model=Job)
def start_embedding_backfill(store: GraphDep, _: CallerDep) -> Job:
    """Compute the sentence vector of every work that has none of the current model, or one of
    an older text; 409 while a backfill is queued or running. Follow and cancel it as any job;
    one whose worker died resumes after its last stored batch. The worker starts one by itself
    when it finds works it could not follow through the change log."""
    return embeddings.start_backfill(store, celery_app)


@router.get("/{job_id}", response_model=Job)
def get_job(store: GraphDep, _: CallerDep, job_id: str = JobId) -> Job:
    """A job's state and progress."""
    return service.job(store, job_id)


@router.post("/{job_id}/cancel", response_model=Job)
def cancel_job(store: GraphDep, _: CallerDep, job_id: str = JobId) -> Job:
    """Cancel a queued or running job; 409 once it has finished."""
    return service.cancel(store, job_id)
