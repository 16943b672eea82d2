"""The attraction pipeline: stages of each expert, moves, and the KPI against the target."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.auth import CallerDep
from api.deps import PRINTABLE, Cursor, GraphDep, Limit, SettingsDep
from api.routes.search import SearchCacheDep
from talent.core.pagination import Page, decode_cursor
from talent.pipeline.kpi import kpi
from talent.pipeline.models import Entry, Kpi, PipelineView, Stage, Transition
from talent.pipeline.repository import PipelineRepository
from talent.pipeline.service import Pipeline

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
    """Leading experts engaged against the target (default `TALENT_KPI_TARGET`, 100), overall
    and per group, with the cumulative monthly trend."""
    return kpi(
        repo=PipelineRepository(store),
        index=cache.current(),
        target=target or settings.kpi_target,
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
    """Enter the expert at `identified`, or move them one stage on; any other move is 409."""
    return Pipeline(store).move(caller=caller.account, expert_id=expert_id, transition=body)
