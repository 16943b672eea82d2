"""The start page (what waits for the signed-in user, by their role), signing in and out, and
the language switch."""

from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import issue_token, optional_principal
from api.ratelimit import RateLimiter, client_address, guarded_login
from api.settings import Settings
from api.web import i18n, session, words
from api.web.i18n import N_
from api.web.render import render, viewer
from talent.accounts.models import AccountRead, Role
from talent.accounts.repository import AccountRepository
from talent.agenda import service as agenda
from talent.core.errors import TooManyRequests, Unauthorized
from talent.search.index import SearchIndex
from talent.snapshot.follower import Current

router = APIRouter(include_in_schema=False)


def _local(target: str | None) -> str:
    """Only a path on this site: a `next` pointing elsewhere would make an open redirect."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


# What an expert's profile may still lack, in the words of its edit form (keys of
# talent.experts.freshness's parts).
PARTS = {
    "contact": N_("an email address"),
    "languages": N_("the languages you work in"),
    "headline": N_("a headline"),
    "bio": N_("a biography of at least 200 characters"),
    "orcid": N_("your ORCID iD"),
    "engagement": N_("how you would work with a programme"),
    "availability": N_("when you are available"),
    "skills": N_("at least five skills"),
    "affiliations": N_("the organisation you work for"),
    "works": N_("at least three works"),
}


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    """The start page: to a signed-in user, what waits for them, each item linking to its page."""
    shown = viewer(request)
    if shown is None:
        return render(request, "home.html")
    locale = i18n.negotiate(request)
    context = {
        "agenda": _agenda(request, shown.account),
        "role_name": words.role_word(shown.role.value, locale),
        "stage_word": lambda stage: words.stage_word(stage, locale),
        "parts": {key: i18n.gettext(locale, text) for key, text in PARTS.items()},
    }
    return render(request, "home.html", context)


def _agenda(request: Request, account: AccountRead) -> object:
    store = request.app.state.store
    if account.role is Role.ADMIN:
        return agenda.admin_agenda(store=store)
    if account.role is Role.MINISTRY:
        cache: Current[SearchIndex] = request.app.state.search_cache
        settings: Settings = request.app.state.settings
        today = datetime.now(i18n.ZONE).date()
        return agenda.ministry_agenda(
            store=store, today=today, index=cache.current(), default_target=settings.kpi_target
        )
    if account.role is Role.PROGRAMME_LEAD:
        return agenda.lead_agenda(store=store, lead=account)
    return agenda.expert_agenda(store=store, viewer=account)


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request, next: Annotated[str | None, Query(max_length=400)] = None
) -> Response:
    return render(request, "login.html", {"next": _local(next), "email": "", "errors": {}})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=400)] = "/",
) -> Response:
    settings: Settings = request.app.state.settings
    limiter: RateLimiter = request.app.state.rate_limiter
    address = client_address(request)
    context: dict[str, object] = {"next": _local(next), "email": email, "errors": {}}
    try:
        limiter.hit("login_address", address)
        accounts = AccountRepository(request.app.state.store)
        signed_in = guarded_login(
            limiter, address, email, lambda: accounts.authenticate(email, password)
        )
    except TooManyRequests:
        context["message"] = i18n.gettext(
            i18n.negotiate(request), "Too many attempts; wait a minute and try again."
        )
        return render(request, "login.html", context, status_code=429)
    except Unauthorized:
        context["message"] = i18n.gettext(
            i18n.negotiate(request), "The e-mail or the password is wrong."
        )
        return render(request, "login.html", context, status_code=401)
    response = RedirectResponse(_local(next), status_code=303)
    session.start(response, request, issue_token(settings, signed_in), settings)
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    """Signs out everywhere: the account's sessions end, so a copy of this cookie (or a token
    issued to it elsewhere) stops working too."""
    try:
        principal = optional_principal(request)
    except Unauthorized:
        principal = None  # ended already: only the cookie is left to clear
    if principal is not None:
        AccountRepository(request.app.state.store).end_sessions(principal.id)
    response = RedirectResponse("/", status_code=303)
    session.end(response, request)
    return response


@router.get("/lang/{code}")
def choose_language(
    request: Request, code: str, next: Annotated[str | None, Query(max_length=400)] = None
) -> Response:
    response = RedirectResponse(_local(next), status_code=303)
    if code in i18n.LOCALES:
        response.set_cookie(
            i18n.COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", httponly=True, path="/"
        )
    return response
