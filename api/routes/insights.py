"""Insight for ministries: the capability map of supply against demand per technology group."""

from fastapi import APIRouter, Response

from api.auth import CallerDep
from api.deps import GraphDep
from api.routes.search import SearchCacheDep
from talent.insights.capability import GroupCapability, capability_csv, capability_map
from talent.insights.repository import InsightsRepository

router = APIRouter(tags=["insights"])


@router.get("/insights/capability-map", response_model=list[GroupCapability])
def get_capability_map(
    store: GraphDep, cache: SearchCacheDep, _: CallerDep
) -> list[GroupCapability]:
    """Per strategic technology group: active experts by residency and best level, the leading
    ones (level 4+), open roles needing the group, and the gap."""
    return capability_map(repo=InsightsRepository(store), index=cache.current())


@router.get("/insights/capability-map.csv", response_class=Response)
def get_capability_map_csv(store: GraphDep, cache: SearchCacheDep, _: CallerDep) -> Response:
    """The capability map as CSV, one line per group."""
    body = capability_csv(repo=InsightsRepository(store), index=cache.current())
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="capability-map.csv"'},
    )
