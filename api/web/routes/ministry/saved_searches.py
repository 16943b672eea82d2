"""Saved searches on pages: a search saved from its results with a name, the list of one's
saved searches, and one opened, with the experts new since the last visit marked."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from starlette.datastructures import QueryParams

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.ministry.common import naming, search_index
from api.web.routes.ministry.search import asked_form, search_request
from talent.alerts.models import WatchKind
from talent.alerts.service import watch_of
from talent.search import saved as service
from talent.search.models import SavedSearchCreate

router = APIRouter(include_in_schema=False)
SavedId = Annotated[str, Path(min_length=1, max_length=64, pattern=PRINTABLE)]
NAME = N_("Give the search a name of at most 120 characters.")
PAGE_SIZE = 20


@router.post("/searches", response_class=HTMLResponse)
def save(
    request: Request,
    store: GraphDep,
    caller: CallerDep,
    name: Annotated[str, Form(max_length=400)] = "",
    query: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Save the search whose results were shown (`query`: its address's query) as `name`."""
    try:
        asked = search_request(asked_form(QueryParams(query)))
        chosen = SavedSearchCreate.model_validate({"name": name, "search": asked})
    except ValidationError:
        context = {
            "saved": service.saved_searches(store, caller.account),
            "error": t(request, NAME),
        }
        return render(request, "ministry/saved_searches.html", context, status_code=422)
    saved = service.save(store, search_index(request), caller.account, chosen)
    return RedirectResponse(f"/searches/{quote(saved.id)}", status_code=303)


@router.get("/searches", response_class=HTMLResponse)
def listing(request: Request, store: GraphDep, caller: CallerDep) -> Response:
    context = {"saved": service.saved_searches(store, caller.account), "error": ""}
    return render(request, "ministry/saved_searches.html", context)


@router.get("/searches/{saved_id}", response_class=HTMLResponse)
def opened(request: Request, store: GraphDep, caller: CallerDep, saved_id: SavedId) -> Response:
    """The saved search run now, those new since the last visit marked; this visit is the one
    the next compares with."""
    found = service.visit(store, search_index(request), caller.account, saved_id, limit=PAGE_SIZE)
    context = {
        "visit": found,
        "page": found.page,
        "new_ids": set(found.new),
        "watching": watch_of(store, caller.account, WatchKind.SEARCH, saved_id),
        "done": request.query_params.get("done", "")[:20],
        **naming(request),
    }
    return render(request, "ministry/saved_search.html", context)


@router.post("/searches/{saved_id}/delete", response_class=HTMLResponse)
def delete(store: GraphDep, caller: CallerDep, saved_id: SavedId) -> Response:
    service.forget(store, caller.account, saved_id)
    return RedirectResponse("/searches", status_code=303)
