"""Background jobs: start demo-data generation, follow progress, cancel."""

from typing import Any

from fastapi import APIRouter, Path, status
from pydantic import BaseModel, Field

from api.auth import AdminDep, StaffDep
from api.deps import PRINTABLE, GraphDep
from api.worker import celery_app
from talent.core.errors import ServiceUnavailable
from talent.jobs import model as jobs
from talent.jobs.model import JobState
from talent.jobs.repository import JobRepository
from talent.jobs.tasks import remind_stale_task, seed_demo_task

router = APIRouter(prefix="/jobs", tags=["jobs"])


class DemoDataRequest(BaseModel):
    count: int = Field(default=1000, ge=1, le=100_000)
    seed: int = Field(default=21, ge=0, le=2**31)


class Job(BaseModel):
    id: str
    kind: str
    state: jobs.JobState
    done: int
    total: int
    progress: float
    params: dict[str, Any]
    result: dict[str, Any] | None = None
    error: str | None = None
    created_at: int
    updated_at: int


JobId = Path(min_length=1, max_length=64, pattern=PRINTABLE)


@router.post("/demo-data", status_code=status.HTTP_202_ACCEPTED, response_model=Job)
def start_demo_data(store: GraphDep, _: AdminDep, request: DemoDataRequest) -> Any:
    """Queue generation of demo experts into an empty graph; returns the job to follow."""
    repo = JobRepository(store)
    job = repo.create(kind="demo_data", params=request.model_dump())
    # Enqueued only after the job record exists, so the worker always finds it.
    try:
        celery_app.send_task(
            seed_demo_task.name,
            args=[job["id"], request.count, request.seed],
            task_id=job["id"],
            ignore_result=True,
        )
    except Exception as exc:  # the broker's own errors vary by transport
        repo.update(job["id"], state=JobState.FAILED.value, error="broker unavailable")
        raise ServiceUnavailable("the job queue cannot be reached; retry later") from exc
    return jobs.view(job)


@router.post("/freshness-reminders", status_code=status.HTTP_202_ACCEPTED, response_model=Job)
def start_reminders(store: GraphDep, _: AdminDep) -> Any:
    """Remind owners of profiles not confirmed for 12 months now, as the daily run does."""
    repo = JobRepository(store)
    job = repo.create(kind="reminders", params={})
    try:
        celery_app.send_task(
            remind_stale_task.name, args=[job["id"]], task_id=job["id"], ignore_result=True
        )
    except Exception as exc:  # the broker's own errors vary by transport
        repo.update(job["id"], state=JobState.FAILED.value, error="broker unavailable")
        raise ServiceUnavailable("the job queue cannot be reached; retry later") from exc
    return jobs.view(job)


@router.get("/{job_id}", response_model=Job)
def get_job(store: GraphDep, _: StaffDep, job_id: str = JobId) -> Any:
    """A job's state and progress."""
    return jobs.view(jobs.get(store, job_id))


@router.post("/{job_id}/cancel", response_model=Job)
def cancel_job(store: GraphDep, _: AdminDep, job_id: str = JobId) -> Any:
    """Cancel a queued or running job; 409 once it has finished."""
    return jobs.view(jobs.request_cancel(store, job_id))
