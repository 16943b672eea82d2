"""My password, changed by whoever is signed in (expert, ministry staff, programme lead,
admin): the current one, the new one twice; the other sessions end, this one goes on."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from api.auth import current_principal, issue_token, optional_principal
from api.ratelimit import RateLimiter, client_address
from api.web import session
from api.web.i18n import N_
from api.web.routes.experts import errors as form_errors
from api.web.routes.experts.common import store_of, translated
from api.web.routes.experts.forms import FormDep
from api.web.routes.experts.join import MISMATCH
from api.web.routes.experts.summary import form_page
from talent.accounts.own_password import service
from talent.core.errors import InvalidInput

router = APIRouter()
PAGE = "experts/own_password.html"
# The service's reasons, in words a person reads.
REASONS = {
    service.WRONG: N_("This is not your current password."),
    service.SAME: N_("Choose a password other than your current one."),
}


@router.get("/account/password", response_class=HTMLResponse)
def password_form(request: Request, changed: Annotated[str, Query(max_length=5)] = "") -> Response:
    """The form; after a change, the notice that it is done."""
    return form_page(request, PAGE, {"errors": {}, "changed": changed == "1"})


@router.post("/account/password", response_class=HTMLResponse)
def change_password(request: Request, values: FormDep) -> Response:
    """The current password checked, the new one set; the form again with each error beside
    its field (never with a password in it)."""
    principal = current_principal(optional_principal(request))
    if values.get("password", "") != values.get("password_again", ""):
        errors = translated(request, {"password_again": MISMATCH})
        return form_page(request, PAGE, {"errors": errors}, status_code=422)
    body = {
        "current_password": values.get("current_password", ""),
        "password": values.get("password", ""),
    }
    try:
        item = service.PasswordChange.model_validate(body)
        limiter: RateLimiter = request.app.state.rate_limiter
        limiter.hit("login", client_address(request), principal.account.email)
        fresh = service.change(
            store=store_of(request), account_id=principal.id, item=item, actor=principal.actor
        )
    except ValidationError as exc:
        errors = form_errors.of_validation(exc, {})
        if "current_password" in errors:
            errors["current_password"] = form_errors.message("", "missing", "")
        return form_page(request, PAGE, {"errors": translated(request, errors)}, status_code=422)
    except InvalidInput as exc:
        found = {name: REASONS.get(str(text), str(text)) for name, text in exc.fields.items()}
        return form_page(request, PAGE, {"errors": translated(request, found)}, status_code=422)
    response = RedirectResponse("/account/password?changed=1", status_code=303)
    session.start(
        response,
        request,
        issue_token(request.app.state.settings, fresh),
        request.app.state.settings,
    )
    return response
