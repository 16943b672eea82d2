"""Saved searches of ministry staff and leads: saved with a name, listed, opened (the results
with those new since the last visit named, the visit remembered), deleted; each person's own."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.routes.search import SearchCacheDep
from talent.search import saved as service
from talent.search.models import SavedSearch, SavedSearchCreate
from talent.search.saved import Visit

router = APIRouter(tags=["search"])
SavedId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]


@router.post("/saved-searches", status_code=status.HTTP_201_CREATED, response_model=SavedSearch)
def save_search(
    store: GraphDep, cache: SearchCacheDep, caller: CallerDep, request: SavedSearchCreate
) -> SavedSearch:
    """Keep a search with its filters under a name (at most 100 each)."""
    return service.save(store, cache.current(), caller.account, request)


@router.get("/saved-searches", response_model=list[SavedSearch])
def list_saved(store: GraphDep, caller: CallerDep) -> list[SavedSearch]:
    return service.saved_searches(store, caller.account)


@router.get("/saved-searches/{saved_id}/results", response_model=Visit)
def open_saved(
    store: GraphDep,
    cache: SearchCacheDep,
    caller: CallerDep,
    saved_id: SavedId,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    remember: bool = True,
) -> Visit:
    """The search run now; `new`: those of this page it did not show at the last visit. The
    first page's visit is remembered for the next unless `remember=false`."""
    return service.visit(
        store,
        cache.current(),
        caller.account,
        saved_id,
        limit=limit,
        cursor=cursor,
        remember=remember,
    )


@router.delete("/saved-searches/{saved_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_saved(store: GraphDep, caller: CallerDep, saved_id: SavedId) -> Response:
    service.forget(store, caller.account, saved_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
