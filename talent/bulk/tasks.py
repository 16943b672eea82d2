"""The bulk import's Celery tasks (the dry run, the run): thin, take ids, re-load the list."""

from collections.abc import Sequence

from celery import shared_task

from graph import GraphUnavailable
from talent.accounts.notices import Notices
from talent.audit.log import Actor
from talent.bulk.running import Importer
from talent.bulk.service import run_dry_run
from talent.duplicates.checker import DuplicateChecker
from talent.jobs import tasks as job_tasks
from talent.jobs.model import DRY_RUN_EXPERTS_TASK, IMPORT_EXPERTS_TASK, JobResult
from talent.outbox.models import SEND_MAIL_TASK

_checker: DuplicateChecker | None = None


def _dispatch(mail_ids: Sequence[str]) -> None:
    """Hand the mails to the workers; one left behind is sent by the outbox's flush."""
    for mail_id in mail_ids:
        import_experts_task.app.send_task(SEND_MAIL_TASK, args=[mail_id], ignore_result=True)


def _duplicates() -> DuplicateChecker:
    """One checker per worker process: its index follows the change log between runs."""
    global _checker
    if _checker is None:
        _checker = DuplicateChecker(job_tasks.require_store())
    return _checker


@shared_task(name=IMPORT_EXPERTS_TASK, **job_tasks.JOB_TASK_OPTIONS)  # type: ignore[untyped-decorator]
def import_experts_task(
    job_id: str, list_id: str, account_id: str, role: str, invite: bool
) -> JobResult | None:
    """Import an uploaded expert list, chunk by chunk."""
    store = job_tasks.require_store()
    # Set with the worker's mailer at its start (talent.jobs.tasks.use_mailer).
    public_url, letters = job_tasks._public_url, job_tasks._letters
    if not public_url:
        raise GraphUnavailable("the worker has no mail settings yet")
    notices = Notices(store, _dispatch, public_url, letters=letters)
    importer = Importer(store=store, checker=_duplicates(), notices=notices)
    return job_tasks.run_job(
        job_id,
        lambda jobs: importer.import_list(
            list_id=list_id,
            job_id=job_id,
            actor=Actor(id=account_id, role=role),
            invite=invite,
            progress=job_tasks.progress_reporter(jobs, job_id),
        ),
    )


@shared_task(name=DRY_RUN_EXPERTS_TASK, **job_tasks.JOB_TASK_OPTIONS)  # type: ignore[untyped-decorator]
def dry_run_expert_list_task(
    job_id: str, list_id: str, version: int, account_id: str, role: str
) -> JobResult | None:
    """Judge every row of an uploaded list as it stood at `version`; keep the report with it."""
    store = job_tasks.require_store()
    return job_tasks.run_job(
        job_id,
        lambda jobs: run_dry_run(
            store=store,
            checker=_duplicates(),
            list_id=list_id,
            job_id=job_id,
            version=version,
            actor=Actor(id=account_id, role=role),
            progress=job_tasks.progress_reporter(jobs, job_id),
        ),
    )
