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


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    CANCELLING = "cancelling"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED = {JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED}


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

    @classmethod
    def of(cls, job: JobRecord) -> Self:
        progress = round(job.done / job.total, 4) if job.total else 0.0
        return cls.model_validate({**job.model_dump(), "progress": progress})
