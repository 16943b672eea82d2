"""The attraction pipeline: each expert's stage from identified to engaged, moved one step at a
time with a date, an owner and a note, and the KPI of leading experts engaged."""

from collections import defaultdict
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, Field, StringConstraints

from graph import GraphStore
from graph.queries import pipeline as q
from talent.accounts.models import AccountRead
from talent.audit.log import event_id
from talent.core.errors import Conflict, InvalidInput, NotFound
from talent.core.ids import now_ms
from talent.core.types import Key, Strict
from talent.search.index import SearchIndex


class Stage(StrEnum):
    IDENTIFIED = "identified"
    CONTACTED = "contacted"
    INTERESTED = "interested"
    NEGOTIATING = "negotiating"
    COMMITTED = "committed"
    ENGAGED = "engaged"


ORDER = list(Stage)
# An expert enters at `identified` and moves one step forward at a time.
ALLOWED: dict[Stage | None, set[Stage]] = {
    None: {Stage.IDENTIFIED},
    **{stage: {ORDER[i + 1]} for i, stage in enumerate(ORDER[:-1])},
    Stage.ENGAGED: set(),
}
LEADING_LEVEL = 4  # a leading expert: level 4 or 5 in a skill of the group
DEFAULT_TARGET = 100
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


def _today() -> date:
    return datetime.now(UTC).date()


def _entry(props: dict[str, Any]) -> Entry:
    return Entry(
        expert_id=props["id"],
        stage=props["stage"],
        owner_id=props.get("owner_id"),
        since=props["since"],
        updated_at=props["updated_at"],
    )


class Pipeline:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def get(self, expert_id: str) -> Entry | None:
        rows = self.store.run(q.pipeline_entry(expert_id))
        if not rows or rows[0]["entry"].get("stage") is None:
            return None
        return _entry(rows[0]["entry"])

    def move(self, caller: AccountRead, expert_id: str, request: Transition) -> Entry:
        current = self.get(expert_id)
        stage = current.stage if current else None
        if request.to not in ALLOWED[stage]:
            allowed = ", ".join(sorted(ALLOWED[stage])) or "none: the expert is engaged"
            raise Conflict(
                f"{stage or 'not in the pipeline'} cannot move to {request.to}; allowed: {allowed}",
                fields={"to": request.to},
            )
        when = request.at or _today()
        if when > _today():
            raise InvalidInput(
                "a transition cannot be dated in the future", fields={"at": str(when)}
            )
        if current and when.isoformat() < current.since:
            raise InvalidInput(
                f"the expert reached {current.stage} on {current.since}; a later step cannot be "
                "dated before that",
                fields={"at": str(when)},
            )
        stamp = now_ms()
        owner = request.owner_id or (current.owner_id if current else None) or caller.id
        entry = {
            "stage": request.to.value,
            "owner_id": owner,
            "since": when.isoformat(),
            "updated_at": stamp,
        }
        change = {
            "id": event_id(stamp),
            "expert_id": expert_id,
            "from_stage": stage.value if stage else None,
            "to": request.to.value,
            "at": when.isoformat(),
            "by": caller.id,
            "owner_id": owner,
            "note": request.note,
        }
        rows = self.store.run(
            q.pipeline_move(expert_id, stage.value if stage else None, entry, change)
        )
        if not rows:
            if self.get(expert_id) != current:
                raise Conflict(
                    "the stage changed meanwhile; reload and retry", fields={"to": request.to}
                )
            raise NotFound(f"expert '{expert_id}' does not exist", fields={"expert_id": expert_id})
        return _entry(rows[0]["entry"])

    def history(self, expert_id: str) -> list[StageChange]:
        changes = [
            StageChange.model_validate(dict(row["change"]))
            for row in self.store.run(q.pipeline_history(expert_id))
        ]
        # Moves only go forward, so the stages order them, even two moves in one millisecond.
        return sorted(changes, key=lambda c: ORDER.index(c.to))

    def page(self, *, stage: Stage | None, after: str, limit: int) -> list[Entry]:
        rows = self.store.run(q.pipeline_page(stage.value if stage else None, after, limit))
        return [_entry(row["entry"]) for row in rows]


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


def kpi(store: GraphStore, index: SearchIndex, target: int) -> Kpi:
    """Leading experts engaged against the target, overall and per group, with the monthly trend.

    A leading expert has level 4 or more in a skill of a strategic technology group."""
    position = {expert_id: i for i, expert_id in enumerate(index.ids)}
    leading_in = index.group_level >= LEADING_LEVEL  # experts x groups
    stages = {row["expert"]: row["stage"] for row in store.run(q.pipeline_stages()) if row["stage"]}
    by_stage = {s.value: 0 for s in Stage}
    leading_by_stage = {s.value: 0 for s in Stage}
    per_group = [{s.value: 0 for s in Stage} for _ in index.groups]
    for expert, stage in stages.items():
        by_stage[stage] += 1
        p = position.get(expert)
        if p is None:
            continue
        if leading_in[p].any():
            leading_by_stage[stage] += 1
        for k in np.flatnonzero(leading_in[p]):
            per_group[k][stage] += 1
    engaged = leading_by_stage[Stage.ENGAGED]
    months: dict[str, int] = defaultdict(int)
    for row in store.run(q.engagements()):
        p = position.get(row["expert"])
        if p is not None and leading_in[p].any() and stages.get(row["expert"]) == Stage.ENGAGED:
            months[row["at"][:7]] += 1
    trend, running = [], 0
    for month in sorted(months):
        running += months[month]
        trend.append(TrendPoint(month=month, engaged_leading=running))
    return Kpi(
        target=target,
        engaged_leading=engaged,
        progress=round(engaged / target, 4),
        by_stage=by_stage,
        leading_by_stage=leading_by_stage,
        groups=[
            GroupKpi(group=g, engaged_leading=per_group[k][Stage.ENGAGED], by_stage=per_group[k])
            for k, g in enumerate(index.groups)
        ],
        trend=trend,
    )
