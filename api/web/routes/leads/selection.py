"""Candidates picked on the matches page: compared side by side (two or three), or shortlisted
or rejected together, after a confirmation naming each one and the decision it replaces."""

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.leads.listing import bounded, cache_of
from matching import candidate_list, service
from matching.candidate_list import BULK_LIMIT, COMPARE_LIMIT
from matching.leads import role_view
from matching.models import DecisionRequest
from matching.repository import MatchingRepository

router = APIRouter(include_in_schema=False)
RoleId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
Picked = Annotated[list[str] | None, Query(max_length=BULK_LIMIT)]
Decided = Literal["shortlisted", "rejected"]


def _ids(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v.strip() and len(v) <= 120))


@router.get("/roles/{role_id}/compare", response_class=HTMLResponse)
def compare(
    request: Request, store: GraphDep, caller: CallerDep, role_id: RoleId, expert: Picked = None
) -> Response:
    """Two or three candidates side by side: their marks, skills, works and ties."""
    chosen = _ids(expert or [])
    view, found = candidate_list.compared(
        store, cache_of(request), role_id, chosen[:COMPARE_LIMIT], viewer=caller.account
    )
    error = ""
    if not 2 <= len(chosen) <= COMPARE_LIMIT:
        error = t(request, "Tick two or three candidates to compare them.")
    decided = {d.expert_id: d for d in service.decisions(store, role_id)}
    context = {"view": view, "found": found, "error": error, "decided": decided}
    return render(request, "leads/compare.html", context, status_code=422 if error else 200)


def _bulk_page(
    request: Request,
    store: GraphDep,
    role_id: str,
    *,
    decision: Decided,
    chosen: list[str],
    reason: str = "",
    k: int = 10,
    error: str = "",
) -> Response:
    view = role_view(store, role_id)
    cards = MatchingRepository(store).experts_now(set(chosen))
    decided = {d.expert_id: d for d in service.decisions(store, role_id)}
    context = {
        "view": view,
        "role_id": role_id,
        "decision": decision,
        "chosen": chosen,
        "cards": cards,
        "decided": decided,
        "reason": reason,
        "k": k,
        "error": error,
    }
    status = 422 if error else 200
    return render(request, "leads/bulk_confirm.html", context, status_code=status)


@router.get("/roles/{role_id}/bulk", response_class=HTMLResponse)
def confirm_bulk(
    request: Request,
    store: GraphDep,
    role_id: RoleId,
    decision: Annotated[str, Query(max_length=20)] = "",
    expert: Picked = None,
    k: Annotated[str, Query(max_length=6)] = "10",
) -> Response:
    """The step before deciding on several candidates: each named with the decision it
    replaces, one reason for all."""
    chosen = _ids(expert or [])
    kind: Decided = "rejected" if decision == "rejected" else "shortlisted"
    error = "" if chosen else t(request, "Tick at least one candidate.")
    shown = bounded(k, default=10, high=200)
    return _bulk_page(request, store, role_id, decision=kind, chosen=chosen, k=shown, error=error)


@router.post("/roles/{role_id}/bulk", response_class=HTMLResponse)
async def bulk(request: Request, store: GraphDep, caller: CallerDep, role_id: RoleId) -> Response:
    """Shortlist or reject the confirmed candidates together, all or none; back to the list."""
    data = await request.form()
    chosen = _ids([v for v in data.getlist("expert") if isinstance(v, str)])[:BULK_LIMIT]
    kind: Decided = "rejected" if data.get("decision") == "rejected" else "shortlisted"
    reason = str(data.get("reason", "")).strip()[:2000]
    k = bounded(str(data.get("k", "10")), default=10, high=200)
    error = ""
    if not chosen:
        error = t(request, "Tick at least one candidate.")
    elif len(reason) < 3:
        error = t(request, N_("Write the reason, in a few words at least."))
    elif data.get("confirmed") != "yes":
        error = t(request, "Confirm with the button on this page.")
    if error:
        return _bulk_page(
            request, store, role_id, decision=kind, chosen=chosen, reason=reason, k=k, error=error
        )
    items = [DecisionRequest(expert_id=e, reason=reason) for e in chosen]
    candidate_list.decide_many(store, role_id, kind, items, actor=caller.actor)
    return RedirectResponse(
        f"/roles/{role_id}/matches?k={k}&done={kind}&count={len(items)}#notice", status_code=303
    )
