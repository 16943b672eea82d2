"""A role's matches for its lead: ranked, explained candidates with shortlist and rejection,
who was left out and why, full match jobs with their progress, and stored runs."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.web.render import render
from api.web.routes.leads import candidates, exports, selection
from api.web.routes.leads import runs as runs_pages
from api.web.routes.leads.listing import bounded, cache_of, matches_page, role_matches
from matching import overview, service
from matching.index import REASONS
from talent.core.pagination import decode_cursor

router = APIRouter(include_in_schema=False)
# The candidate-list features' own modules, served under this router (one entry in the pages).
router.include_router(candidates.router)
router.include_router(runs_pages.router)
router.include_router(exports.router)
router.include_router(selection.router)
RoleId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
RunId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
# Typed into the page's own field: out of range is brought into range rather than refused.
Shown = Annotated[str, Query(max_length=6)]
# Candidates of a stored run per page.
RUN_PAGE = 10


@router.get("/roles/{role_id}/matches", response_class=HTMLResponse)
def matches(
    request: Request, store: GraphDep, caller: CallerDep, role_id: RoleId, k: Shown = "10"
) -> Response:
    """The role's top candidates, explained, with the lead's decisions and stored runs."""
    shown = bounded(k, default=10, high=200)
    found = role_matches(request, store, role_id, shown, caller.account)
    return matches_page(request, found, k=shown)


@router.get("/roles/{role_id}/exclusions", response_class=HTMLResponse)
def exclusions(
    request: Request,
    store: GraphDep,
    caller: CallerDep,
    role_id: RoleId,
    reason: Annotated[str | None, Query(max_length=40)] = None,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> Response:
    """Who was left out of the role's matches and why, a page at a time."""
    chosen = reason if reason in REASONS else None
    view, found = overview.role_exclusions(
        store,
        cache_of(request),
        role_id,
        reason=chosen,
        after=decode_cursor(cursor),
        viewer=caller.account,
    )
    # A rejected expert's row can be restored, from the decision as read now.
    rejected = {
        d.expert_id: d for d in service.decisions(store, role_id) if d.decision == "rejected"
    }
    context = {
        "view": view,
        "found": found,
        "reason": chosen,
        "reasons": REASONS,
        "rejected": rejected,
        "done": request.query_params.get("done", ""),
    }
    return render(request, "leads/exclusions.html", context)


@router.get("/match-runs/{run_id}", response_class=HTMLResponse)
def run(
    request: Request,
    store: GraphDep,
    caller: CallerDep,
    run_id: RunId,
    after: Shown = "0",
) -> Response:
    """A stored run: its totals and its candidates in rank order, a page at a time."""
    rank = bounded(after, default=0, high=100_000, low=0)
    found = overview.run_view(store, run_id, after=rank, limit=RUN_PAGE, viewer=caller.account)
    return render(request, "leads/run.html", {"found": found, "after": rank, "size": RUN_PAGE})
