"""Job workflow: queued -> running -> succeeded | failed | cancelled, with progress."""

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, JsonValue

# Called with (done, total); returns False to stop early (a cancelled job).
Progress = Callable[[int, int], bool]
# What a finished job reports, kept as JSON in its record.
JobResult = Mapping[str, JsonValue]

# Task names: the API sends them by name, so it needs no import of the tasks themselves.
SEED_DEMO_TASK = "talent.seed_demo"
REMINDER_TASK = "talent.remind_stale_profiles"
IMPORT_EXPERTS_TASK = "talent.import_experts"
DRY_RUN_EXPERTS_TASK = "talent.dry_run_expert_list"
ROR_LOAD_TASK = "talent.ror_load"


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    CANCELLING = "cancelling"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED = {JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED}
# States in which a worker should be beating for the job.
LIVE = (JobState.RUNNING, JobState.CANCELLING)
WORKER_LOST = "worker lost"
SWEEP_TASK = "talent.sweep_jobs"
TRIM_CHANGES_TASK = "talent.trim_changes"
DEFAULT_STALE_AFTER_MS = 60_000


class JobRecord(BaseModel):
    """A job as stored, its parameters and result decoded."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: str
    state: JobState
    done: int = 0
    total: int = 0
    params: dict[str, JsonValue]
    result: dict[str, JsonValue] | None = None
    error: str | None = None
    created_at: int
    updated_at: int
    heartbeat_at: int | None = None
    # Runs started so far: a job whose worker died is run again until it reaches the limit.
    attempts: int = 0
    # What to send again when the job is re-queued.
    task: str | None = None
    args: list[JsonValue] = []
    # Set by the worker running it: how long without a heartbeat means that worker is gone.
    stale_after_ms: int = DEFAULT_STALE_AFTER_MS

    def last_seen(self) -> int:
        return self.heartbeat_at if self.heartbeat_at is not None else self.updated_at


class Job(BaseModel):
    """A job as the API shows it: its record with the share done."""

    id: str
    kind: str
    state: JobState
    done: int
    total: int
    progress: float
    params: dict[str, JsonValue]
    result: dict[str, JsonValue] | None = None
    error: str | None = None
    created_at: int
    updated_at: int
    heartbeat_at: int | None = None
    attempts: int = 0

    @classmethod
    def of(cls, job: JobRecord) -> Self:
        progress = round(job.done / job.total, 4) if job.total else 0.0
        shown = job.model_dump(exclude={"task", "args", "stale_after_ms"})
        return cls.model_validate({**shown, "progress": progress})
