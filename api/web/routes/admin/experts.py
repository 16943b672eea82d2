"""An expert's admin page: the profile with its claims named, and the verification of the
claims an admin picks, with the source that confirmed them (ExpertService.verify, as the API)."""

from typing import Annotated
from urllib.parse import quote

from fastapi import Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import CallerDep
from api.deps import GraphDep
from api.web.i18n import N_
from api.web.render import render, t
from api.web.routes.admin.common import ident, invalid_fields, router, sentence
from talent.core.errors import InvalidInput, TalentError
from talent.experts.models import Verification
from talent.experts.service import GRADE, ExpertService
from talent.reviews.comparison import profile, verification

INVALID = {
    "source": N_("Choose who confirmed these claims."),
    "claims": N_("Pick at least one skill, affiliation or work to verify."),
    "skill_ids": N_("Some of these are not this expert's claims; reload the page."),
    "organization_ids": N_("Some of these are not this expert's claims; reload the page."),
    "work_ids": N_("Some of these are not this expert's claims; reload the page."),
}
VERIFIED = N_("The claims you picked are verified.")


def _page(
    request: Request,
    store: GraphDep,
    admin: CallerDep,
    expert_id: str,
    *,
    picked: dict[str, list[str]],
    errors: dict[str, str],
    notice: str = "",
    status_code: int = 200,
) -> Response:
    shown = profile(store, admin.account, ident(expert_id, "expert"))
    context = {
        "profile": shown,
        "verification": verification(shown),
        "sources": [source.value for source in GRADE],
        "picked": picked,
        "errors": errors,
        "notice": notice,
    }
    return render(request, "admin/expert.html", context, status_code=status_code)


@router.get("/experts/{expert_id}", response_class=HTMLResponse)
def expert_page(
    request: Request,
    store: GraphDep,
    admin: CallerDep,
    expert_id: str,
    done: Annotated[str | None, Query()] = None,
) -> Response:
    notice = t(request, VERIFIED) if done == "verified" else ""
    return _page(request, store, admin, expert_id, picked={}, errors={}, notice=notice)


@router.post("/experts/{expert_id}/verifications", response_class=HTMLResponse)
def verify(
    request: Request,
    store: GraphDep,
    admin: CallerDep,
    expert_id: str,
    source: Annotated[str, Form()] = "",
    skill_ids: Annotated[list[str] | None, Form()] = None,
    organization_ids: Annotated[list[str] | None, Form()] = None,
    work_ids: Annotated[list[str] | None, Form()] = None,
) -> Response:
    picked = {
        "source": [source],
        "skill_ids": skill_ids or [],
        "organization_ids": organization_ids or [],
        "work_ids": work_ids or [],
    }
    ident(expert_id, "expert")
    try:
        claims = {name: ids for name, ids in picked.items() if name != "source"}
        if not any(claims.values()):
            raise InvalidInput("nothing to verify", fields={"claims": ""})
        request_in = Verification.model_validate({"source": source, **claims})
        ExpertService(store).verify(admin.account, expert_id, request_in)
    except ValidationError as exc:
        errors = invalid_fields(request, exc, INVALID)
        return _page(
            request, store, admin, expert_id, picked=picked, errors=errors, status_code=422
        )
    except TalentError as exc:
        if exc.status_code == 404:
            raise
        return _page(
            request,
            store,
            admin,
            expert_id,
            picked=picked,
            errors=_refusal(request, exc),
            status_code=exc.status_code,
        )
    return RedirectResponse(f"/admin/experts/{quote(expert_id)}?done=verified", status_code=303)


def _refusal(request: Request, exc: TalentError) -> dict[str, str]:
    """Invalid input beside its fields (`skill_ids[2]` is the form's `skill_ids`); any other
    refusal (the profile changed meanwhile) above the form."""
    if exc.status_code != 422:
        return {"": sentence(t(request, exc.detail))}
    fields = {name.split("[", 1)[0] for name in exc.fields}
    return {name: t(request, INVALID.get(name, exc.detail)) for name in fields} or {
        "": t(request, exc.detail)
    }
