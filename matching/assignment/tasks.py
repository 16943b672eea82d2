"""Portfolio assignment as a Celery job: ranked, solved and explained on a worker."""

from celery import shared_task
from pydantic import JsonValue

from matching.assignment import portfolio, service
from matching.tasks import index_cache
from talent.jobs.model import JobResult
from talent.jobs.repository import JobRepository
from talent.jobs.tasks import JOB_TASK_OPTIONS, progress_reporter, require_store, run_job


@shared_task(name=service.ASSIGN_TASK, **JOB_TASK_OPTIONS)
def assign_task(job_id: str) -> JobResult | None:
    """Assign the job's roles; a worker lost midway leaves nothing half-written (the result is
    recorded at the end, once), so the job runs again from the start."""

    def work(jobs: JobRepository) -> JobResult:
        job = jobs.get(job_id)
        params: dict[str, JsonValue] = {} if job is None else job.params
        return portfolio.assign(
            require_store(), index_cache(), params, progress_reporter(jobs, job_id)
        )

    return run_job(job_id, work)
