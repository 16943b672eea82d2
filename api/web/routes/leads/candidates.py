"""Deciding on a role's candidates: shortlisting at once, rejecting only after a confirmation
that names the decision it replaces, and restoring (undoing) a decision."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import CallerDep
from api.deps import PRINTABLE, GraphDep
from api.versions import form_version
from api.web.render import render, t
from api.web.routes.leads.forms import DecisionForm
from api.web.routes.leads.listing import bounded, matches_page, role_matches
from matching import candidate_list, service
from matching.models import DecisionRequest, NoteRequest
from talent.core.errors import Conflict, PreconditionFailed

router = APIRouter(include_in_schema=False)
RoleId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]
# Where a restoration sends the lead back to.
# The longest private note.
NOTE_LIMIT = 2000
BACK = {"matches": "/roles/{role}/matches", "exclusions": "/roles/{role}/exclusions"}


def _confirm_page(
    request: Request, store: GraphDep, role_id: str, form: DecisionForm, *, error: str = ""
) -> Response:
    found = candidate_list.pending(store, role_id, form.expert_id)
    context = {"found": found, "form": form, "error": error}
    return render(request, "leads/confirm_reject.html", context, status_code=422 if error else 200)


@router.get("/roles/{role_id}/reject", response_class=HTMLResponse)
def confirm_rejection(
    request: Request,
    store: GraphDep,
    role_id: RoleId,
    expert_id: Annotated[str, Query(min_length=1, max_length=120)],
    k: Annotated[str, Query(max_length=6)] = "10",
) -> Response:
    """The step before a rejection: who, the decision it replaces, the reason to write."""
    shown = bounded(k, default=10, high=200)
    form = DecisionForm(expert_id, "rejected", "", shown)
    return _confirm_page(request, store, role_id, form)


@router.post("/roles/{role_id}/decisions", response_class=HTMLResponse)
async def decide(request: Request, store: GraphDep, caller: CallerDep, role_id: RoleId) -> Response:
    """Shortlist a candidate, with the reason; a rejection first shows what it replaces and
    is taken only once confirmed. Back to the list, where it can be undone."""
    # Read here, not as Form parameters: FastAPI would consume the body before the access
    # policy's check of a role's owner reads it.
    data = await request.form()
    form = DecisionForm.read(data)
    confirmed = data.get("confirmed") == "yes"
    if form.error and confirmed and form.expert_id:
        return _confirm_page(request, store, role_id, form, error=t(request, form.error))
    if form.error:
        found = role_matches(request, store, role_id, form.k, caller.account)
        errors = {form.expert_id: t(request, form.error)}
        typed = {form.expert_id: form.reason}
        return matches_page(request, found, k=form.k, errors=errors, typed=typed, status_code=422)
    if form.decision == "rejected" and not confirmed:
        return _confirm_page(request, store, role_id, form)
    item = DecisionRequest(expert_id=form.expert_id, reason=form.reason)
    decided = service.decide(store, role_id, form.decision, item, actor=caller.actor)
    who = quote(decided.expert_id, safe="")
    return RedirectResponse(
        f"/roles/{role_id}/matches?k={form.k}&done={form.decision}&who={who}#notice",
        status_code=303,
    )


@router.post("/roles/{role_id}/restorations", response_class=HTMLResponse)
async def restore(
    request: Request, store: GraphDep, caller: CallerDep, role_id: RoleId
) -> Response:
    """Withdraw the decision on a candidate (undo a rejection or a shortlisting), if it is
    still the one the page showed; back to the page the lead came from."""
    data = await request.form()
    expert_id = data.get("expert_id")
    back = BACK.get(str(data.get("back", "")), BACK["matches"]).format(role=role_id)
    k = bounded(str(data.get("k", "10")), default=10, high=200)
    if not isinstance(expert_id, str) or not expert_id.strip() or len(expert_id) > 120:
        found = role_matches(request, store, role_id, k, caller.account)
        alert = t(request, "Choose a candidate from the list.")
        return matches_page(request, found, k=k, alert=alert, status_code=422)
    try:
        service.restore(
            store,
            role_id,
            expert_id.strip(),
            expected=form_version(data.get("at")),
            actor=caller.actor,
        )
    except (Conflict, PreconditionFailed) as exc:
        found = role_matches(request, store, role_id, k, caller.account)
        alert = t(
            request,
            "Nothing was restored: the decision on this candidate changed since the page was "
            "shown. The lists below are as they are now.",
        )
        return matches_page(request, found, k=k, alert=alert, status_code=exc.status_code)
    who = quote(expert_id.strip(), safe="")
    return RedirectResponse(f"{back}?k={k}&done=restored&who={who}#notice", status_code=303)


@router.post("/roles/{role_id}/notes", response_class=HTMLResponse)
async def note(request: Request, store: GraphDep, caller: CallerDep, role_id: RoleId) -> Response:
    """Save the lead's private note on a candidate (empty clears it), if no other was saved
    since the page was shown; back to the candidate's card."""
    data = await request.form()
    expert_id = str(data.get("expert_id", "")).strip()[:120]
    text = str(data.get("text", "")).strip()
    k = bounded(str(data.get("k", "10")), default=10, high=200)
    card = bounded(str(data.get("card", "1")), default=1, high=200)
    if not expert_id or len(text) > NOTE_LIMIT:
        found = role_matches(request, store, role_id, k, caller.account)
        error = t(request, "A note holds at most 2000 characters.") if expert_id else ""
        alert = "" if expert_id else t(request, "Choose a candidate from the list.")
        return matches_page(
            request,
            found,
            k=k,
            note_errors={expert_id: error} if error else {},
            note_typed={expert_id: text},
            alert=alert,
            status_code=422,
        )
    try:
        candidate_list.write_note(
            store,
            role_id,
            expert_id,
            NoteRequest(text=text),
            expected=form_version(data.get("at")),
        )
    except PreconditionFailed:
        found = role_matches(request, store, role_id, k, caller.account)
        alert = t(
            request,
            "The note was not saved: another was saved since the page was shown. The note "
            "as it is now is on the card; yours is below it to copy.",
        )
        return matches_page(
            request, found, k=k, alert=alert, note_typed={expert_id: text}, status_code=412
        )
    return RedirectResponse(f"/roles/{role_id}/matches?k={k}&done=note#c-{card}", status_code=303)
