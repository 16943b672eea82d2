"""A ROR dump load as a job: the upload is copied to a file in the uploads folder as it
arrives (never held whole in memory), refused (413) past the limit, and a worker loads it
(talent.organizations.tasks) with progress and cancel; the file is deleted when the job ends.
One load at a time: two would race over the same records and links."""

import os
import time
import uuid
from pathlib import Path
from typing import IO

from graph import GraphStore
from talent.audit.log import Actor
from talent.core.errors import Conflict, NotFound
from talent.jobs import service as jobs
from talent.jobs.model import FINISHED, ROR_LOAD_TASK, Job, JobRecord
from talent.jobs.repository import JobRepository
from talent.organizations.ror import too_large

KIND = "ror_load"
SUFFIX = ".ror-dump"
_CHUNK = 1 << 20
# A file older than this with no load queued or running is left over (a worker lost for good).
_LEFTOVER_S = 3600


def uploads(data_dir: Path) -> Path:
    """The folder the uploaded dumps wait in for their job (the data folder's)."""
    return data_dir / "uploads" / "ror"


def save(source: IO[bytes], *, folder: Path, max_bytes: int) -> Path:
    """Copy the upload to a new file in `folder`, chunk by chunk; past `max_bytes` the file is
    deleted and the upload refused (413, naming the limit)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{SUFFIX}"
    written = 0
    try:
        with path.open("xb") as target:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise too_large(max_bytes)
                target.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def latest(store: GraphStore) -> JobRecord | None:
    return JobRepository(store).latest(KIND)


def _sweep(folder: Path, keep: Path) -> None:
    """Delete dumps left over by jobs that never ended (their worker lost for good)."""
    cutoff = time.time() - _LEFTOVER_S
    for each in folder.glob(f"*{SUFFIX}"):
        if each != keep and each.stat().st_mtime < cutoff:
            each.unlink(missing_ok=True)


def start(
    store: GraphStore,
    broker: jobs.Broker,
    *,
    source: IO[bytes],
    name: str,
    actor: Actor,
    folder: Path,
    max_bytes: int,
) -> Job:
    """Save the upload and queue its load; 409 while another load is queued or running, 413
    past `max_bytes`, 503 (the file deleted) when the queue cannot be reached."""
    running = latest(store)
    if running is not None and running.state not in FINISHED:
        raise Conflict(
            "a ROR dump is already being loaded; wait until it has finished",
            fields={"job_id": running.id},
        )
    path = save(source, folder=folder, max_bytes=max_bytes)
    _sweep(folder, path)
    size = os.path.getsize(path)
    job = jobs.enqueue(
        store,
        broker,
        kind=KIND,
        task=ROR_LOAD_TASK,
        params={"file": name[:200], "size": size},
        args=[str(path), name[:200], actor.id, actor.role, max_bytes],
        on_failure=lambda _: path.unlink(missing_ok=True),
    )
    return Job.of(job)


def cancel(store: GraphStore, job_id: str) -> Job:
    """Cancel a load (404 for a job that is not one); it stops between batches."""
    found = jobs.get(store, job_id)
    if found.kind != KIND:
        raise NotFound(f"job '{job_id}' is not a ROR load", fields={"id": job_id})
    return jobs.cancel(store, job_id)


def delete_file(path: Path) -> None:
    """The uploaded dump, once its job has ended."""
    path.unlink(missing_ok=True)
