"""Joining: registering with the full profile, a link sent again, the mailed link that opens
the account, and claiming a profile. Every answer to a visitor is the same whatever exists,
as the API's."""

import re
from collections.abc import Callable
from typing import Annotated
from urllib.parse import quote, unquote

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import JsonValue, ValidationError

from api.ratelimit import ConfirmLimit, RateLimiter, RegisterLimit
from api.web import i18n
from api.web.i18n import N_
from api.web.routes.experts import errors as form_errors
from api.web.routes.experts.common import (
    organizations_of,
    profile_form,
    registrations,
    store_of,
    translated,
    visitor,
)
from api.web.routes.experts.forms import FormDep, Values, parse_profile, row_action, text
from api.web.routes.experts.summary import form_page
from talent.core.errors import TalentError
from talent.registration import lookup
from talent.registration.models import (
    ClaimCreate,
    Confirmation,
    RegistrationCreate,
    ResendRequest,
)

router = APIRouter()
Token = Annotated[str, Query(max_length=200)]
# The id at the end of a profile's link (…/experts/<id>), or the id itself.
_PROFILE_ID = re.compile(r"([A-Za-z0-9_-]{1,120})/?$")
MISMATCH = N_("The two passwords differ.")
# The address a form was sent for, shown by the page it leads to (kept out of the URL, and so
# out of logs and history).
SENT_COOKIE = "talent_sent"
SENT_KINDS = ("register", "resend", "claim", "reset")
UNNAMED = N_("your e-mail address")


def sent(request: Request, email: str, kind: str) -> Response:
    """After a form that mails a link, the page that says so, by GET: reloading it sends
    nothing again."""
    response = RedirectResponse(f"/sent?kind={kind}", status_code=303)
    response.set_cookie(
        SENT_COOKIE,
        quote(email),
        max_age=3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/sent",
    )
    return response


@router.get("/sent", response_class=HTMLResponse)
def sent_page(request: Request, kind: Annotated[str, Query(max_length=20)] = "") -> Response:
    email = unquote(request.cookies.get(SENT_COOKIE, ""))[:254]
    shown = email or translated(request, {"m": UNNAMED})["m"]
    context = {"email": shown, "kind": kind if kind in SENT_KINDS else "register"}
    return form_page(request, "experts/sent.html", context)


@router.get("/confirmed", response_class=HTMLResponse)
def confirmed_page(request: Request, kind: Annotated[str, Query(max_length=20)] = "") -> Response:
    return form_page(
        request, "experts/confirmed.html", {"kind": "reset" if kind == "reset" else ""}
    )


@router.get("/register", response_class=HTMLResponse)
def register_form(request: Request) -> Response:
    return form_page(
        request, "experts/register.html", profile_form(request, {}, {}, registering=True)
    )


@router.post("/register", response_class=HTMLResponse)
def register(request: Request, values: FormDep, _: RegisterLimit) -> Response:
    """The whole profile; skills and organisations by name. A field error shows the form
    again as it was typed; otherwise the same page for everyone, by GET: a link was mailed."""
    if (notice := row_action(values)) is not None:
        context = profile_form(request, values, {}, registering=True, row_notice=notice)
        return form_page(request, "experts/register.html", context)
    values.setdefault("consent_match", "")
    store = store_of(request)
    labels = lookup.skill_labels(store)
    parsed = parse_profile(
        organizations_of(request),
        values,
        labels,
        registering=True,
        locale=i18n.negotiate(request),
    )
    body: dict[str, JsonValue] = {
        "email": text(values, "email"),
        "profile": parsed.profile,
        "works": parsed.works,
        "new_organizations": parsed.proposals,
        "not_a_duplicate": bool(text(values, "not_a_duplicate")),
    }
    errors = dict(parsed.errors)
    try:
        item = RegistrationCreate.model_validate(body)
    except ValidationError as exc:
        errors = {**form_errors.of_validation(exc, parsed.rows), **errors}
    if errors:
        context = profile_form(
            request, values, errors, registering=True, suggestions=parsed.suggestions
        )
        return form_page(request, "experts/register.html", context, status_code=422)
    try:
        accepted = registrations(request).register(item, visitor(request))
    except TalentError as exc:
        if exc.status_code != 422:
            raise
        found = form_errors.of_fields(exc.fields, parsed.rows)
        context = profile_form(request, values, found, registering=True)
        return form_page(request, "experts/register.html", context, status_code=422)
    return sent(request, accepted.email, "register")


@router.get("/register/resend", response_class=HTMLResponse)
def resend_form(request: Request) -> Response:
    return form_page(request, "experts/resend.html", {"email": "", "errors": {}})


@router.post("/register/resend", response_class=HTMLResponse)
def resend(request: Request, values: FormDep, _: RegisterLimit) -> Response:
    """A fresh link for this address's unconfirmed registration or claim; the same page
    whatever exists."""
    email = text(values, "email")
    try:
        item = ResendRequest(email=email)
    except ValidationError as exc:
        errors = translated(request, form_errors.of_validation(exc, {}))
        context = {"email": email, "errors": errors}
        return form_page(request, "experts/resend.html", context, status_code=422)
    limiter: RateLimiter = request.app.state.rate_limiter
    limiter.hit("resend", str(item.email).lower())
    accepted = registrations(request).resend(item, visitor(request))
    return sent(request, accepted.email, "resend")


@router.get("/confirm", response_class=HTMLResponse)
def confirm_form(request: Request, token: Token = "") -> Response:
    return form_page(request, "experts/confirm.html", {"token": token, "errors": {}})


@router.post("/confirm", response_class=HTMLResponse)
def confirm(request: Request, values: FormDep, _: ConfirmLimit) -> Response:
    """The link's holder chooses the password; the account opens and the profile with it."""

    def open_account(token: str, password: str) -> None:
        item = Confirmation(token=token, password=password)
        registrations(request).confirm(item, visitor(request))

    return use_link(request, values, "experts/confirm.html", "confirm", open_account)


def use_link(
    request: Request,
    values: Values,
    template: str,
    kind: str,
    apply: Callable[[str, str], None],
) -> Response:
    """A mailed link used with the password chosen now (typed twice): `apply(token, password)`;
    the form again with each error beside its field, or why the link was refused."""
    token = text(values, "token")
    password = values.get("password", "")
    context: dict[str, object] = {"token": token, "errors": {}}
    if password != values.get("password_again", ""):
        context["errors"] = translated(request, {"password_again": MISMATCH})
        return form_page(request, template, context, status_code=422)
    try:
        apply(token, str(password))
    except ValidationError as exc:
        context["errors"] = translated(request, form_errors.of_validation(exc, {}))
        return form_page(request, template, context, status_code=422)
    except TalentError as exc:
        context["refused"] = refusal(request, exc)
        return form_page(request, template, context, status_code=exc.status_code)
    return RedirectResponse(f"/confirmed?kind={kind}", status_code=303)


def refusal(request: Request, exc: TalentError) -> str:
    """Why a mailed link did not work, in words (the service's reasons are its fields)."""
    reasons = {str(v) for v in exc.fields.values()}
    if "already used" in reasons:
        message = N_("This link was already used. Log in, or ask for a new link.")
    elif "expired" in reasons:
        message = N_("This link has expired. Ask for a new one.")
    elif "unknown" in reasons:
        message = N_("This link is not one we sent. Use the link from the latest e-mail.")
    else:
        message = N_("This link can no longer be used. Log in, or ask an administrator.")
    return translated(request, {"m": message})["m"]


@router.get("/claim", response_class=HTMLResponse)
def claim_form(request: Request, profile: Annotated[str, Query(max_length=400)] = "") -> Response:
    context = {"values": {"profile": profile}, "errors": {}}
    return form_page(request, "experts/claim.html", context)


@router.post("/claim", response_class=HTMLResponse)
def claim(request: Request, values: FormDep, _: RegisterLimit) -> Response:
    """Take over a profile named by its id or its link; the same page whatever exists."""
    found = _PROFILE_ID.search(text(values, "profile").split("?")[0])
    body = {
        "expert_id": found.group(1) if found else "",
        "email": text(values, "email"),
        "name": text(values, "name"),
    }
    try:
        item = ClaimCreate.model_validate(body)
    except ValidationError as exc:
        errors = form_errors.of_validation(exc, {})
        if "expert_id" in errors:
            errors["profile"] = errors.pop("expert_id")
        context = {"values": values, "errors": translated(request, errors)}
        return form_page(request, "experts/claim.html", context, status_code=422)
    accepted = registrations(request).claim(item, visitor(request))
    return sent(request, accepted.email, "claim")
