"""Insight for ministries: the capability map and the attraction pipeline with its KPI."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel

from api.auth import Principal, StaffDep, require
from api.deps import PRINTABLE, Cursor, GraphDep, Limit, SettingsDep, decode_cursor, encode_cursor
from api.routes.search import SearchCacheDep
from talent.accounts.models import Role
from talent.audit.log import Action, AuditLog
from talent.insights.capability import GroupCapability, as_csv, capability_map
from talent.pipeline.service import Entry, Kpi, Pipeline, Stage, StageChange, Transition, kpi

router = APIRouter(tags=["insights"])
ExpertId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
MinistryDep = Annotated[Principal, Depends(require(Role.MINISTRY))]


class PipelineView(BaseModel):
    entry: Entry | None
    history: list[StageChange]


class EntryPage(BaseModel):
    items: list[Entry]
    next_cursor: str | None = None


@router.get("/insights/capability-map", response_model=list[GroupCapability])
def get_capability_map(store: GraphDep, cache: SearchCacheDep, _: StaffDep) -> Any:
    """Per strategic technology group: active experts by residency and best level, the leading
    ones (level 4+), open roles needing the group, and the gap."""
    return capability_map(store, cache.current())


@router.get("/insights/capability-map.csv", response_class=Response)
def get_capability_map_csv(store: GraphDep, cache: SearchCacheDep, _: StaffDep) -> Response:
    """The capability map as CSV, one line per group."""
    body = as_csv(capability_map(store, cache.current()))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="capability-map.csv"'},
    )


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
