"""An expert's page for staff: what the expert lets them see, withheld fields named as such
(ExpertService.read masks them and audits views of personal data), their works, and the
pipeline."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import CallerDep
from api.deps import PRINTABLE
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.ministry.common import naming, search_index, today
from matching.assignment import ledger
from matching.assignment.ledger import DEFAULT_LEAD_LIMIT, MAX_LEAD_LIMIT, LeadLimit
from talent.accounts.models import AccountRead
from talent.core.errors import Conflict, InvalidInput, PreconditionFailed, Stale
from talent.experts.works import authored
from talent.pipeline.profile import staff_profile

router = APIRouter(include_in_schema=False)
ExpertId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]

LEAD_LIMIT = N_(
    "Choose how many programmes the expert may lead: from 0 to %(most)s, or the default."
)
STALE_PROFILE = N_("The profile changed since you opened this page: look at it again and retry.")
GONE = N_("This profile was merged into another or withdrawn: it takes no roles.")


def profile_page(
    request: Request,
    viewer: AccountRead,
    expert_id: str,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    limit_errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The page, with the pipeline form as sent and its errors when a move was refused, and
    the lead limit's error when setting it was."""
    store = request.app.state.store
    staff = viewer.role.value in ("ministry", "admin")
    profile = staff_profile(
        store=store,
        index=search_index(request),
        viewer=viewer,
        expert_id=expert_id,
    )
    context = {
        "profile": profile,
        "expert": profile.expert,
        # Read after the profile: a profile the viewer may not see is refused before this.
        "authored": authored(store=store, expert_id=profile.expert.id),
        "form": form or {"at": today().isoformat(), "note": ""},
        "errors": errors or {},
        "may_move": staff,
        # The load ledger, and the lead limit that only the ministry sets.
        "ledger": ledger.ledger_of(store, profile.expert.id) if staff else None,
        "limit_errors": limit_errors or {},
        "max_lead_limit": MAX_LEAD_LIMIT,
        "default_lead_limit": DEFAULT_LEAD_LIMIT,
        # Works are added and edited by ministries (and admins), as over the API.
        "may_edit_works": staff,
        "saved": request.query_params.get("saved", "")[:20],
        "today": today().isoformat(),
        **naming(request),
    }
    return render(request, "ministry/expert.html", context, status_code=status_code)


@router.get("/experts/{expert_id}", response_class=HTMLResponse)
def expert_page(request: Request, caller: CallerDep, expert_id: ExpertId) -> Response:
    """An expert's page for staff; an expert (admitted only to their own) sees it as /me."""
    if caller.role.value == "expert":
        return RedirectResponse("/me", status_code=303)
    return profile_page(request, caller.account, expert_id)


@router.post("/experts/{expert_id}/lead-limit", response_class=HTMLResponse)
def lead_limit(
    request: Request,
    caller: CallerDep,
    expert_id: ExpertId,
    lead_limit: Annotated[str, Form(max_length=4)] = "",
    version: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """Set how many programmes the expert may lead at once, from the profile as the page showed
    it (`version`): a second send of the same form finds the profile moved on, and is refused."""
    store = request.app.state.store
    try:
        chosen = LeadLimit.model_validate({"lead_limit": lead_limit or None})
        expected = int(version) if version.isdigit() else None
        if expected is None:
            raise InvalidInput("version is missing", fields={"version": version})
        ledger.set_lead_limit(store, caller.account, expert_id, chosen, expected=expected)
    except ValidationError:
        message = t(request, LEAD_LIMIT) % {"most": MAX_LEAD_LIMIT}
        errors = {"lead_limit": message}
        return profile_page(
            request, caller.account, expert_id, limit_errors=errors, status_code=422
        )
    except (InvalidInput, PreconditionFailed, Conflict) as exc:
        stale = isinstance(exc, (InvalidInput, PreconditionFailed, Stale))
        errors = {"lead_limit": t(request, STALE_PROFILE if stale else GONE)}
        status_code = 422 if isinstance(exc, InvalidInput) else 409
        return profile_page(
            request, caller.account, expert_id, limit_errors=errors, status_code=status_code
        )
    return RedirectResponse(f"/experts/{quote(expert_id)}?saved=lead_limit#ledger", 303)
