"""Pages for ministry staff: search, an expert's page, the capability map, the attraction
pipeline board and the KPI against its target."""

from fastapi import APIRouter

from api.web.routes.ministry import (
    assignments,
    evidence_sources,
    expert_lists,
    experts,
    insights,
    pipeline,
    saved_searches,
    search,
    search_export,
    staff_experts,
    topics,
)

router = APIRouter(include_in_schema=False)
# The staff's forms before the expert's page: /experts/new is not an expert's id.
for module in (
    search,
    search_export,
    saved_searches,
    topics,
    staff_experts,
    expert_lists,
    experts,
    insights,
    evidence_sources,
    pipeline,
    assignments,
):
    router.include_router(module.router)
