"""The import job's task and the beat's re-harvest of linked identifiers."""

import logging
from collections.abc import Iterator, Sequence

from celery import shared_task
from pydantic import JsonValue

from graph.errors import GraphUnavailable
from talent.core.ids import now_ms
from talent.imports import gather, harvest
from talent.imports.gather import Plan, Sources
from talent.imports.models import HARVEST_TASK, IMPORT_TASK
from talent.imports.repository import ImportRepository
from talent.jobs import tasks as jobs
from talent.jobs.model import JobResult
from talent.jobs.repository import JobRepository
from talent.outbox.tasks import send_mail_task

log = logging.getLogger(__name__)

_sources: Sources | None = None
_harvest_interval_ms = 7 * 24 * 3600 * 1000


def use_sources(sources: Sources, *, harvest_interval_days: float = 7.0) -> None:
    """Set by the worker at start: the outside sources, through their production clients."""
    global _sources, _harvest_interval_ms
    _sources = sources
    _harvest_interval_ms = int(harvest_interval_days * 24 * 3600 * 1000)


def _require_sources() -> Sources:
    if _sources is None:
        raise GraphUnavailable("the worker has no source clients yet")
    return _sources


@shared_task(name=IMPORT_TASK, **jobs.JOB_TASK_OPTIONS)
def import_works_task(job_id: str) -> JobResult | None:
    """Gather one expert's candidate works; a redelivered or resumed run proposes nothing
    twice (proposals are keyed by expert and work)."""
    store = jobs.require_store()
    sources = _require_sources()

    def work(job_repo: JobRepository) -> JobResult:
        record = job_repo.get(job_id)
        assert record is not None
        params = record.params
        expert_id = str(params["expert_id"])
        repo = ImportRepository(store)
        upload = repo.upload(job_id) if params.get("file") else None
        plan = Plan(
            expert_id=expert_id,
            identifiers=bool(params.get("identifiers")),
            dois=tuple(str(d) for d in _list(params.get("dois"))),
            file=upload,
        )
        outcome = gather.gather_works(
            store, sources, plan, job_id, jobs.progress_reporter(job_repo, job_id)
        )
        if plan.identifiers and outcome.read_whole:
            repo.mark_harvested(expert_id)
        if upload is not None:
            repo.drop_upload(job_id)  # read, or the job was cancelled: never needed again
        result: dict[str, JsonValue] = dict(outcome.result())
        if params.get("harvest") and outcome.new:
            result["told"] = harvest.tell(store, _dispatch, expert_id, outcome.new)
        return result

    return jobs.run_job(job_id, work)


def _dispatch(mail_ids: Sequence[str]) -> None:
    for mail_id in mail_ids:
        send_mail_task.delay(mail_id)


def _list(value: JsonValue) -> Iterator[JsonValue]:
    if isinstance(value, list):
        yield from value


@shared_task(name=HARVEST_TASK, ignore_result=True)
def harvest_task() -> dict[str, JsonValue]:
    """Queue an import for each expert whose linked identifiers are due to be read again."""
    store = jobs.require_store()
    queued = harvest.queue_due(store, jobs.WorkerBroker(), before=now_ms() - _harvest_interval_ms)
    # Files kept for imports that failed for good: their job will not read them again.
    ImportRepository(store).drop_finished_uploads()
    return {"queued": list(queued)}
