"""Proposing a skill the taxonomy lacks, from registration or my profile: its name and, if
need be, what it covers; an admin accepts it into the taxonomy or rejects it. Open to
visitors (limited per address) as registration is."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import optional_principal
from api.ratelimit import RegisterLimit
from api.web.routes.experts import errors as form_errors
from api.web.routes.experts.common import store_of, translated, visitor
from api.web.routes.experts.forms import FormDep, Values, text
from api.web.routes.experts.summary import form_page
from talent.taxonomy.proposals import service
from talent.taxonomy.proposals.models import ProposalCreate

router = APIRouter()
PAGE = "experts/propose_skill.html"
# Where the page leads back to: only the forms that link to it.
BACK = ("/register", "/me/edit")


def _back(value: str) -> str:
    return value if value in BACK else ""


@router.get("/skills/propose", response_class=HTMLResponse)
def proposal_form(
    request: Request,
    name: Annotated[str, Query(max_length=120)] = "",
    back: Annotated[str, Query(alias="next", max_length=40)] = "",
    sent: Annotated[str, Query(max_length=5)] = "",
) -> Response:
    """The form, filled with the name typed in the profile form; after sending, the thanks."""
    values: Values = {"proposal_name": name}
    context = {"values": values, "errors": {}, "back": _back(back), "sent": sent == "1"}
    return form_page(request, PAGE, context)


@router.post("/skills/propose", response_class=HTMLResponse)
def propose(request: Request, values: FormDep, _: RegisterLimit) -> Response:
    """The proposal stored for review; the form again with errors beside their fields."""
    back = _back(text(values, "next"))
    body = {
        "name": text(values, "proposal_name"),
        "description": text(values, "proposal_description"),
    }
    try:
        item = ProposalCreate.model_validate(body)
    except ValidationError as exc:
        found = form_errors.of_validation(exc, {})
        errors = {f"proposal_{name}": message for name, message in found.items()}
        context = {"values": values, "errors": translated(request, errors), "back": back}
        return form_page(request, PAGE, context, status_code=422)
    principal = optional_principal(request)
    actor = principal.actor if principal is not None else visitor(request)
    service.propose(store=store_of(request), item=item, actor=actor)
    return RedirectResponse(f"/skills/propose?sent=1&next={quote(back)}", status_code=303)
