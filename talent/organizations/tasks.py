"""The ROR dump load's Celery task: thin, takes the uploaded file's path and the actor's id;
reports progress, stops when cancelled, and deletes the file once the job has ended (a run
retried after the graph was unreachable, or resumed after a lost worker, still finds it)."""

from pathlib import Path

from celery import shared_task
from pydantic import JsonValue

from talent.audit.log import Actor
from talent.core.errors import TalentError
from talent.jobs import tasks as job_tasks
from talent.jobs.model import FINISHED, ROR_LOAD_TASK, JobResult
from talent.jobs.repository import JobRepository
from talent.organizations.register.jobs import delete_file
from talent.organizations.register.load import load_file

# Organisations given an id, listed in the job's result; the audit event has the same bound.
LISTED = 200


@shared_task(name=ROR_LOAD_TASK, **job_tasks.JOB_TASK_OPTIONS)  # type: ignore[untyped-decorator]
def ror_load_task(
    job_id: str, path: str, name: str, account_id: str, role: str, max_bytes: int
) -> JobResult | None:
    """Load an uploaded ROR dump into the register."""
    store = job_tasks.require_store()
    jobs = JobRepository(store)
    file = Path(path)

    def work(_: JobRepository) -> JobResult:
        if not file.exists():
            raise FileNotFoundError("the uploaded file is gone; upload it again")
        try:
            loaded = load_file(
                store=store,
                path=file,
                name=name,
                actor=Actor(id=account_id, role=role),
                max_bytes=max_bytes,
                progress=job_tasks.progress_reporter(jobs, job_id),
            )
        except TalentError as exc:
            # What the page needs to say it in the reader's language; the job fails with
            # the English detail.
            problem: dict[str, JsonValue] = {
                "status": exc.status_code,
                "limit": max_bytes,
                **exc.extra,
            }
            jobs.update(job_id, result={"problem": problem})
            raise
        linked: list[JsonValue] = [o.model_dump() for o in loaded.linked[:LISTED]]
        return {
            **loaded.model_dump(exclude={"linked"}),
            "linked": linked,
            "linked_count": len(loaded.linked),
        }

    try:
        return job_tasks.run_job(job_id, work)
    finally:
        ended = jobs.get(job_id)
        if ended is None or ended.state in FINISHED:
            delete_file(file)
