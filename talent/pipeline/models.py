"""The pipeline's stages, a requested move, the entry and history it leaves, and the KPI."""

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from talent.core.types import Key, Strict


class Stage(StrEnum):
    IDENTIFIED = "identified"
    CONTACTED = "contacted"
    INTERESTED = "interested"
    NEGOTIATING = "negotiating"
    COMMITTED = "committed"
    ENGAGED = "engaged"
    # Off the way forward: the expert said no, or talks rest for a while; either may resume
    # at the stage it was left.
    DECLINED = "declined"
    PAUSED = "paused"


# The way forward, identified to engaged; `SIDE` stages stand beside it.
ORDER: list[Stage] = [stage for stage in Stage if stage not in (Stage.DECLINED, Stage.PAUSED)]
SIDE: list[Stage] = [Stage.DECLINED, Stage.PAUSED]
# Every stage as the board shows it: the way forward, then the side stages.
COLUMNS: list[Stage] = [*ORDER, *SIDE]
Note = Annotated[str, StringConstraints(max_length=2000)]
ActionNote = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]


class Transition(Strict):
    to: Stage
    at: date | None = Field(default=None, description="when it happened; default today")
    owner_id: Key | None = Field(default=None, description="the account following the expert")
    note: Note = ""
    version: int | None = Field(
        default=None,
        ge=0,
        description="the entry's `updated_at` as read; when given, a move finds it unchanged "
        "or is refused with 409",
    )


class EntryUpdate(Strict):
    """Who follows the expert and what is to be done next, by when; the fields sent replace
    the entry's (`null` clears the next action)."""

    version: int = Field(ge=0, description="the entry's `updated_at` as read")
    owner_id: Key | None = Field(default=None, description="a ministry or admin account")
    next_action_on: date | None = None
    next_action: ActionNote = ""


class StageChange(BaseModel):
    id: str
    expert_id: str
    from_stage: Stage | None = None
    to: Stage
    at: str
    by: str
    owner_id: str | None = None
    note: str


class Entry(BaseModel):
    expert_id: str
    stage: Stage
    owner_id: str | None = None
    since: str
    updated_at: int = Field(description="when the entry last changed (ms); also its version")
    resume_stage: Stage | None = Field(
        default=None, description="declined or paused: the stage the expert left"
    )
    next_action_on: str | None = Field(default=None, description="ISO date of the next action")
    next_action: str = ""


class PipelineView(BaseModel):
    entry: Entry | None
    history: list[StageChange]


class GroupKpi(BaseModel):
    group: str
    engaged_leading: int
    by_stage: dict[str, int]


class TrendPoint(BaseModel):
    month: str
    engaged_leading: int = Field(description="cumulative at the end of the month")


class Kpi(BaseModel):
    target: int
    engaged_leading: int
    progress: float
    by_stage: dict[str, int]
    leading_by_stage: dict[str, int]
    groups: list[GroupKpi]
    trend: list[TrendPoint]


TARGET_MIN, TARGET_MAX = 1, 100_000


class Target(BaseModel):
    """The number of leading experts to attract: stored once changed, else the default."""

    target: int
    version: int = Field(description="0 while the default applies; each change adds one")
    updated_at: int | None = None
    updated_by: str | None = None


class TargetUpdate(Strict):
    target: int = Field(ge=TARGET_MIN, le=TARGET_MAX)
    version: int = Field(ge=0, description="the target's version as read")
