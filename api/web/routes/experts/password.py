"""A forgotten password: a link mailed to the account's address sets a new one."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from api.deps import get_notices
from api.ratelimit import ConfirmLimit, RateLimiter, RegisterLimit
from api.web import i18n
from api.web.routes.experts import errors as form_errors
from api.web.routes.experts.common import store_of, translated, visitor
from api.web.routes.experts.forms import FormDep, text
from api.web.routes.experts.join import sent, use_link
from api.web.routes.experts.summary import form_page
from talent.accounts.models import PasswordForgot, PasswordReset
from talent.accounts.passwords import PasswordResets

router = APIRouter()


def _service(request: Request) -> PasswordResets:
    store = store_of(request)
    notices = get_notices(store, request.app.state.settings, i18n.negotiate(request))
    return PasswordResets(store, notices)


@router.get("/password/forgot", response_class=HTMLResponse)
def forgot_form(request: Request) -> Response:
    return form_page(request, "experts/forgot.html", {"email": "", "errors": {}})


@router.post("/password/forgot", response_class=HTMLResponse)
def forgot(request: Request, values: FormDep, _: RegisterLimit) -> Response:
    """A reset link to the address if an account holds it; the same page in every case."""
    email = text(values, "email")
    try:
        item = PasswordForgot(email=email)
    except ValidationError as exc:
        context = {
            "email": email,
            "errors": translated(request, form_errors.of_validation(exc, {})),
        }
        return form_page(request, "experts/forgot.html", context, status_code=422)
    limiter: RateLimiter = request.app.state.rate_limiter
    # Past the mails' limit per e-mail, the same page and no mail: a victim is not mail-bombed.
    may_mail = limiter.count("reset_mail", str(item.email).lower())
    accepted = _service(request).forgot(item, visitor(request), may_mail=may_mail)
    return sent(request, accepted.email, "reset")


@router.get("/password/reset", response_class=HTMLResponse)
def reset_form(request: Request, token: Annotated[str, Query(max_length=200)] = "") -> Response:
    return form_page(request, "experts/reset.html", {"token": token, "errors": {}})


@router.post("/password/reset", response_class=HTMLResponse)
def reset(request: Request, values: FormDep, _: ConfirmLimit) -> Response:
    """The link's holder sets the new password, once."""

    def set_password(token: str, password: str) -> None:
        _service(request).reset(PasswordReset(token=token, password=password), visitor(request))

    return use_link(request, values, "experts/reset.html", "reset", set_password)
