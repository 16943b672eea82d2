"""The attraction pipeline: stages of each expert, moves, and the KPI against the target."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel

from api.auth import Principal, StaffDep, require
from api.deps import PRINTABLE, Cursor, GraphDep, Limit, SettingsDep
from api.routes.search import SearchCacheDep
from talent.accounts.models import Role
from talent.audit.log import Action, AuditLog
from talent.core.pagination import decode_cursor, encode_cursor
from talent.pipeline.service import Entry, Kpi, Pipeline, Stage, StageChange, Transition, kpi

router = APIRouter(tags=["pipeline"])
ExpertId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
MinistryDep = Annotated[Principal, Depends(require(Role.MINISTRY))]


class PipelineView(BaseModel):
    entry: Entry | None
    history: list[StageChange]


class EntryPage(BaseModel):
    items: list[Entry]
    next_cursor: str | None = None


@router.get("/pipeline/kpi", response_model=Kpi)
def get_kpi(
    store: GraphDep,
    cache: SearchCacheDep,
    settings: SettingsDep,
    _: StaffDep,
    target: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
) -> Any:
    """Leading experts engaged against the target (default `TALENT_KPI_TARGET`, 100), overall
    and per group, with the cumulative monthly trend."""
    return kpi(store, cache.current(), target or settings.kpi_target)


@router.get("/pipeline", response_model=EntryPage)
def list_pipeline(
    store: GraphDep,
    _: StaffDep,
    stage: Stage | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    items = Pipeline(store).page(stage=stage, after=decode_cursor(cursor), limit=limit)
    next_cursor = encode_cursor(items[-1].expert_id) if len(items) == limit else None
    return {"items": items, "next_cursor": next_cursor}


@router.get("/pipeline/{expert_id}", response_model=PipelineView)
def get_pipeline(store: GraphDep, _: StaffDep, expert_id: ExpertId) -> Any:
    pipeline = Pipeline(store)
    return PipelineView(entry=pipeline.get(expert_id), history=pipeline.history(expert_id))


@router.post("/pipeline/{expert_id}/transitions", response_model=Entry)
def move_in_pipeline(
    store: GraphDep, caller: MinistryDep, expert_id: ExpertId, body: Transition
) -> Any:
    """Enter the expert at `identified`, or move them one stage on; any other move is 409."""
    entry = Pipeline(store).move(caller.account, expert_id, body)
    AuditLog(store).record(
        caller.actor, Action.PIPELINE_MOVE, "expert", expert_id, {"to": body.to.value}
    )
    return entry
