"""The attraction pipeline: stages of each expert, moves, and the KPI against the target."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.auth import CallerDep
from api.deps import PRINTABLE, Cursor, GraphDep, Limit, SettingsDep
from api.routes.search import SearchCacheDep
from talent.core.pagination import Page, decode_cursor
from talent.pipeline.kpi import kpi
from talent.pipeline.models import (
    Entry,
    EntryUpdate,
    Kpi,
    PipelineView,
    Stage,
    Target,
    TargetUpdate,
    Transition,
)
from talent.pipeline.repository import PipelineRepository
from talent.pipeline.service import Pipeline
from talent.pipeline.target import change_target, current_target

router = APIRouter(tags=["pipeline"])
ExpertId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]


@router.get("/pipeline/kpi", response_model=Kpi)
def get_kpi(
    store: GraphDep,
    cache: SearchCacheDep,
    settings: SettingsDep,
    _: CallerDep,
    target: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
) -> Kpi:
    """Leading experts engaged against the target (the stored one, see `/pipeline/kpi/target`;
    `target` overrides it for this answer), overall and per group, with the cumulative
    monthly trend."""
    repo = PipelineRepository(store)
    stored = current_target(repo=repo, default=settings.kpi_target).target
    return kpi(repo=repo, index=cache.current(), target=target or stored)


@router.get("/pipeline/kpi/target", response_model=Target)
def get_kpi_target(store: GraphDep, settings: SettingsDep, _: CallerDep) -> Target:
    """The number of leading experts to attract: version 0 while the configured default
    (`TALENT_KPI_TARGET`) applies."""
    return current_target(repo=PipelineRepository(store), default=settings.kpi_target)


@router.put("/pipeline/kpi/target", response_model=Target)
def put_kpi_target(
    store: GraphDep, settings: SettingsDep, caller: CallerDep, body: TargetUpdate
) -> Target:
    """Change the target (1 to 100,000) from the version read; another change made meanwhile
    is 409. Audited."""
    return change_target(
        store=store, caller=caller.account, update=body, default=settings.kpi_target
    )


@router.get("/pipeline", response_model=Page[Entry])
def list_pipeline(
    store: GraphDep,
    _: CallerDep,
    stage: Stage | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[Entry]:
    return Pipeline(store).page(stage=stage, after=decode_cursor(cursor), limit=limit)


@router.get("/pipeline/{expert_id}", response_model=PipelineView)
def get_pipeline(store: GraphDep, _: CallerDep, expert_id: ExpertId) -> PipelineView:
    return Pipeline(store).view(expert_id)


@router.post("/pipeline/{expert_id}/transitions", response_model=Entry)
def move_in_pipeline(
    store: GraphDep, caller: CallerDep, expert_id: ExpertId, body: Transition
) -> Entry:
    """Enter the expert at `identified`, move them one stage on or back, or aside to declined
    or paused (before engaged) and back to the stage they left; any other move is 409, as is a
    `version` that is no longer the entry's."""
    return Pipeline(store).move(caller=caller.account, expert_id=expert_id, transition=body)


@router.patch("/pipeline/{expert_id}", response_model=Entry)
def follow_up_in_pipeline(
    store: GraphDep, caller: CallerDep, expert_id: ExpertId, body: EntryUpdate
) -> Entry:
    """Set the owner (an active staff account) and the next action with its day, from the
    entry's `updated_at` as read (`version`); a change made meanwhile is 409. Audited."""
    return Pipeline(store).follow_up(caller=caller.account, expert_id=expert_id, update=body)
