"""The jobs of an expert list: queued once recorded with the list, found by list and kind,
stopped when their result could no longer be kept."""

import contextlib
from collections.abc import Callable

from pydantic import JsonValue

from graph import GraphStore
from talent.bulk.models import IMPORT_KIND
from talent.core.errors import Conflict, NotFound, TalentError
from talent.jobs import service as jobs
from talent.jobs.model import JobRecord, JobState
from talent.jobs.repository import JobRepository

SUPERSEDED = "the list changed before this dry run could start or finish; its report was not kept"


def enqueue_pointed(
    store: GraphStore,
    broker: jobs.Broker,
    point_at: Callable[[GraphStore, str], None],
    *,
    kind: str,
    task: str,
    params: dict[str, JsonValue],
    args: list[JsonValue],
) -> JobRecord:
    """Queue a job of the list; before it is sent, `point_at` records it with the list (and
    checks the list's version) in one transaction. Should that fail (the list moved on, or
    went), the job is never sent and is marked cancelled, not left waiting in the records."""

    def before_send(job: JobRecord) -> None:
        try:
            store.write(lambda tx: point_at(tx, job.id))
        except TalentError:
            JobRepository(store).update(job.id, state=JobState.CANCELLED, error=SUPERSEDED)
            raise

    return jobs.enqueue(
        store, broker, kind=kind, task=task, params=params, args=args, before_send=before_send
    )


def cancel_quietly(store: GraphStore, job_id: str | None) -> None:
    """Stop a dry run whose result can no longer be stored (its list moved on); one that
    finished meanwhile, or is gone, is left as it is."""
    if job_id is not None:
        with contextlib.suppress(Conflict, NotFound):
            jobs.request_cancel(store, job_id)


def job_of(store: GraphStore, list_id: str, job_id: str, kind: str) -> JobRecord:
    record = JobRepository(store).get(job_id)
    if record is None or record.kind != kind or record.params.get("list_id") != list_id:
        what = "run" if kind == IMPORT_KIND else "dry run"
        raise NotFound(f"job '{job_id}' is no {what} of this list", fields={"job_id": job_id})
    return record
