"""Serving the pages: static files, the page routers (each behind the access policy and the
CSRF check), and errors answered as pages, in the viewer's language."""

import inspect
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from api import access
from api.web import i18n
from api.web.i18n import N_
from api.web.render import TEMPLATES, is_page, render
from api.web.routes import admin, alerts, experts, home, ministry
from api.web.routes.leads import matches as lead_matches
from api.web.routes.leads import programmes as lead_programmes
from api.web.session import check_csrf
from graph import GraphUnavailable
from talent.core.errors import TalentError, TooManyRequests, Unauthorized

STATIC = TEMPLATES.parent / "static"
# Each kind of user's pages; a module added here must have its entries in api/web/policy.py.
ROUTERS = [
    home.router,
    alerts.router,
    admin.router,
    lead_programmes.router,
    lead_matches.router,
    ministry.router,
    experts.router,
]
PAGE_CHECKS = [*access.ENFORCED, Depends(check_csrf)]

TITLES = {
    403: N_("You may not see this page"),
    404: N_("This page does not exist"),
    409: N_("This could not be done"),
    412: N_("This was changed meanwhile"),
    413: N_("The file is too large"),
    422: N_("Some of what was sent is not valid"),
    429: N_("Too many attempts"),
    500: N_("Something went wrong"),
}

MEANINGS = {
    403: N_("Your account may not do this."),
    404: N_("What you asked for does not exist, or is not yours to see."),
    409: N_("It conflicts with the data as it is now; reload the page and try again."),
    412: N_(
        "Someone else saved a change to it while you were editing, and your changes were not "
        "saved so as not to undo theirs. Open it again to see it as it is now, then make your "
        "changes once more."
    ),
    413: N_("What was sent is larger than this page accepts."),
    422: N_("Check what was sent and try again."),
    429: N_("Wait a moment, then try again."),
    500: N_("Please try again later."),
}

TOO_LARGE = N_(
    "A file sent here may be at most %(size)s MB. Go back and choose a smaller file, or split it."
)

Handler = Callable[[Request, Exception], Awaitable[Response]]
# As Starlette keeps them: a handler may also answer synchronously.
AnyHandler = Callable[[Request, Any], Response | Awaitable[Response]]


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router, dependencies=PAGE_CHECKS)
    for error in (TalentError, StarletteHTTPException, RequestValidationError, GraphUnavailable):
        app.add_exception_handler(error, _as_page(app.exception_handlers[error]))


def _as_page(api_handler: AnyHandler) -> Handler:
    """Errors of page requests as pages (signing in first where that is what is missing);
    the API's answers stay as they are."""

    async def handle(request: Request, exc: Exception) -> Response:
        if not is_page(request):
            answer = api_handler(request, exc)
            return await answer if inspect.isawaitable(answer) else answer
        if isinstance(exc, Unauthorized):
            target = quote(
                request.url.path + (f"?{request.url.query}" if request.url.query else "")
            )
            return RedirectResponse(f"/login?next={target}", status_code=303)
        if isinstance(exc, TalentError | StarletteHTTPException):
            status = exc.status_code
        elif isinstance(exc, GraphUnavailable):
            status = 503  # the page of a 500 says what to do: try again later
        else:
            status = 422 if isinstance(exc, RequestValidationError) else 500
        locale = i18n.negotiate(request)
        context = {
            "title": i18n.gettext(locale, TITLES.get(status, TITLES[500])),
            "message": _explained(exc, status, locale),
            "request_id": getattr(request.state, "request_id", ""),
        }
        page = render(request, "errors/error.html", context, status_code=status)
        if isinstance(exc, TooManyRequests):
            page.headers["Retry-After"] = str(exc.retry_after)
        return page

    return handle


def _explained(exc: Exception, status: int, locale: str) -> str:
    """The error's own words where the catalogue translates them (or the page is in English),
    else what its kind of error means, in the page's language."""
    detail = str(exc.detail) if isinstance(exc, TalentError) else ""
    translated = i18n.gettext(locale, detail) if detail else ""
    if translated and (translated != detail or locale == "en"):
        return translated
    return i18n.gettext(locale, MEANINGS.get(status, MEANINGS[500]))


def too_large(scope: Scope, limit: int) -> Response | None:
    """A page's answer to a body over its limit (an upload), in the reader's language; None
    for the API, which answers JSON."""
    request = Request(scope)
    if not is_page(request):
        return None
    locale = i18n.negotiate(request)
    # In whole MB: an upload's limit carries a little room for the form around the file.
    size = i18n.number(max(1, round(limit / 1_000_000)), locale)
    context = {
        "title": i18n.gettext(locale, TITLES[413]),
        "message": i18n.gettext(locale, TOO_LARGE) % {"size": size},
        "request_id": "",
    }
    return render(request, "errors/error.html", context, status_code=413)
