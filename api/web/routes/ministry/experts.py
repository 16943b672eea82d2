"""An expert's page for staff: what the expert lets them see, withheld fields named as such
(ExpertService.read masks them and audits views of personal data), their works, and the
pipeline."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import CallerDep
from api.deps import PRINTABLE
from api.web.render import render
from api.web.routes.ministry.common import naming, search_index, today
from talent.accounts.models import AccountRead
from talent.experts.works import authored
from talent.pipeline.profile import staff_profile

router = APIRouter(include_in_schema=False)
ExpertId = Annotated[str, Path(min_length=1, max_length=120, pattern=PRINTABLE)]


def profile_page(
    request: Request,
    viewer: AccountRead,
    expert_id: str,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The page, with the pipeline form as sent and its errors when a move was refused."""
    profile = staff_profile(
        store=request.app.state.store,
        index=search_index(request),
        viewer=viewer,
        expert_id=expert_id,
    )
    context = {
        "profile": profile,
        "expert": profile.expert,
        # Read after the profile: a profile the viewer may not see is refused before this.
        "authored": authored(store=request.app.state.store, expert_id=profile.expert.id),
        "form": form or {"at": today().isoformat(), "note": ""},
        "errors": errors or {},
        "may_move": viewer.role.value in ("ministry", "admin"),
        # Works are added and edited by ministries (and admins), as over the API.
        "may_edit_works": viewer.role.value in ("ministry", "admin"),
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
