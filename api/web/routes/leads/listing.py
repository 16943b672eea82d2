"""What the candidate-list pages share: the index cache, the matches page rendered (after a
form, with its errors or a notice), and numbers typed into a page's own fields."""

from fastapi import Request, Response

from api.deps import get_store
from api.web.render import render, viewer
from graph import GraphStore
from matching import candidate_list, overview
from matching.assignment import service as assignments
from matching.cache import IndexCache
from matching.models import MatchRequest
from talent.accounts.models import AccountRead
from talent.alerts import service as alerts
from talent.alerts.models import Watch, WatchKind


def cache_of(request: Request) -> IndexCache:
    cache: IndexCache = request.app.state.match_cache
    return cache


def matches_page(
    request: Request,
    found: overview.RoleMatches,
    *,
    k: int,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    alert: str = "",
    note_errors: dict[str, str] | None = None,
    note_typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The matches page; `errors` and `typed` per candidate's card, `alert` above the list."""
    context = {
        "found": found,
        "k": k,
        "errors": errors or {},
        "typed": typed or {},
        "alert": alert,
        "note_errors": note_errors or {},
        "note_typed": note_typed or {},
        "done": request.query_params.get("done", ""),
        "who": request.query_params.get("who", ""),
        "kinds": candidate_list.kind_weights(),
        "notes": candidate_list.notes(get_store(request), found.view.role.id),
        "history": assignments.role_history(get_store(request), found.view.role.id),
        "watching": _watching(request, found.view.role.id),
        "count": bounded(request.query_params.get("count", "0"), default=0, high=50, low=0),
    }
    return render(request, "leads/matches.html", context, status_code=status_code)


def _watching(request: Request, role_id: str) -> Watch | None:
    seen = viewer(request)
    if seen is None:
        return None
    return alerts.watch_of(get_store(request), seen.account, WatchKind.ROLE, role_id)


def role_matches(
    request: Request, store: GraphStore, role_id: str, k: int, viewer: AccountRead
) -> overview.RoleMatches:
    return overview.role_matches(
        store, cache_of(request), role_id, MatchRequest(k=k), viewer=viewer
    )


def bounded(text: str, *, default: int, high: int, low: int = 1) -> int:
    """A number typed into a page's field, brought into range; `default` if it is none."""
    try:
        return min(max(int(text), low), high)
    except ValueError:
        return default
