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


ORDER = list(Stage)
Note = Annotated[str, StringConstraints(max_length=2000)]


class Transition(Strict):
    to: Stage
    at: date | None = Field(default=None, description="when it happened; default today")
    owner_id: Key | None = Field(default=None, description="the account following the expert")
    note: Note = ""


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
    updated_at: int


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
