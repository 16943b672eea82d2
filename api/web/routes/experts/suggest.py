"""Type-ahead for the profile form: the skills and organisations whose names match what was
typed so far, as the options of the field's list. Answered from the process's indexes, at most
`lookup.MAX_SUGGESTED` options, and limited per address (each keystroke is a request)."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from api.auth import optional_principal
from api.ratelimit import SuggestLimit
from api.web import i18n
from api.web.render import render
from api.web.routes.experts.common import organizations_of, store_of
from talent.registration import lookup

router = APIRouter()
MAX_TYPED = 200


def _typed(request: Request) -> str:
    """The text of the field that asked (htmx sends it under the field's own name)."""
    return next(iter(request.query_params.values()), "")[:MAX_TYPED]


@router.get("/suggest/skills", response_class=HTMLResponse)
def suggest_skills(request: Request, _: SuggestLimit) -> Response:
    """Skills by their name in Vietnamese or English, the viewer's language first."""
    labels = lookup.skill_labels(store_of(request))
    found = lookup.skills_matching(labels, _typed(request))
    vi = i18n.negotiate(request) == "vi"
    names = [
        (s.label_vi, s.label_en) if vi and s.label_vi else (s.label_en, s.label_vi) for s in found
    ]
    return render(request, "experts/_options.html", {"options": names})


@router.get("/suggest/organizations", response_class=HTMLResponse)
def suggest_organizations(request: Request, _: SuggestLimit) -> Response:
    """Organisations by name: those an admin approved, and the signed-in expert's own
    proposals."""
    principal = optional_principal(request)
    viewer = principal.account.expert_id if principal is not None else None
    found = lookup.organizations_matching(organizations_of(request), _typed(request), viewer=viewer)
    return render(
        request, "experts/_options.html", {"options": [(o.name, o.country) for o in found]}
    )
