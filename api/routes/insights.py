"""Insight for ministries: the capability map of supply against demand per technology group."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel

from api.auth import Principal, StaffDep, require
from api.deps import PRINTABLE, GraphDep
from api.routes.search import SearchCacheDep
from talent.accounts.models import Role
from talent.insights.capability import GroupCapability, as_csv, capability_map
from talent.pipeline.service import Entry, StageChange

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
