"""The page session: the login token in an HttpOnly, SameSite=Lax cookie (Secure over https,
which a trusted proxy's X-Forwarded-Proto tells behind TLS), and CSRF protection by a second
cookie that every form and htmx request must echo, replaced whenever one signs in or out."""

import hmac
import secrets

from fastapi import Request, Response

from api.auth import SESSION_COOKIE
from api.settings import Settings
from api.web.i18n import N_
from talent.core.errors import Forbidden

CSRF_COOKIE = "talent_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def start(response: Response, request: Request, token: str, settings: Settings) -> None:
    """Signed in: the token's cookie, and a new CSRF token, so that one planted or read before
    the login is worth nothing after it."""
    rotate_csrf(request)
    remember_csrf(request, response)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.token_ttl,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )


def end(response: Response, request: Request) -> None:
    """Signed out: no token cookie, and a new CSRF token (the account's sessions themselves end
    in the graph: `AccountRepository.end_sessions`)."""
    rotate_csrf(request)
    remember_csrf(request, response)
    response.delete_cookie(SESSION_COOKIE, path="/")


def rotate_csrf(request: Request) -> None:
    """A new CSRF token for this request's page and cookie, in place of the cookie's."""
    request.state.new_csrf = secrets.token_urlsafe(32)


def csrf_token(request: Request) -> str:
    """The request's CSRF token: a new one `remember_csrf` will set, else the cookie's (a
    new one if none)."""
    token = getattr(request.state, "new_csrf", None) or request.cookies.get(CSRF_COOKIE)
    if not token:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return str(token)


def remember_csrf(request: Request, response: Response) -> None:
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(
            CSRF_COOKIE, new, httponly=True, samesite="lax", secure=_secure(request), path="/"
        )


async def check_csrf(request: Request) -> None:
    """Every page request that changes something echoes the CSRF cookie, in the form's
    `csrf_token` field or the `X-CSRF-Token` header (htmx): another site cannot read it."""
    if request.method in SAFE_METHODS:
        return
    expected = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        field = form.get(CSRF_FIELD)
        sent = field if isinstance(field, str) else ""
    # As bytes: compare_digest refuses text that is not ASCII, which anyone can send.
    same = hmac.compare_digest(expected.encode(errors="replace"), sent.encode(errors="replace"))
    if not expected or not same:
        raise Forbidden(
            N_("this form has expired; reload the page and send it again"),
            fields={CSRF_FIELD: "missing or does not match"},
        )
