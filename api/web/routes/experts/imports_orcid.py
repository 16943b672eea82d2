"""ORCID sign-in from my imports page: off to ORCID with a one-time state kept in a short-lived
HttpOnly cookie, and back, where only that state (once, in this browser, for this profile)
links the iD ORCID vouches for, as proven."""

import secrets
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from api.sources import source_config
from api.web.render import render
from api.web.routes.experts.common import store_of
from api.web.routes.experts.imports_page import (
    PAGE,
    back,
    no_profile,
    owner,
)
from talent.imports import service
from talent.imports.models import (
    IdentifierLink,
    Scheme,
    Verdict,
)
from talent.sources.errors import SourceError
from talent.sources.orcid import OrcidClient

router = APIRouter()
STATE_COOKIE = "talent_orcid_state"
# How long a sign-in at ORCID may take before its answer is refused.
STATE_SECONDS = 600


def _redirect_uri(request: Request) -> str:
    return f"{request.app.state.settings.public_url.rstrip('/')}{PAGE}/orcid/callback"


@router.get("/me/imports/orcid/connect")
def orcid_connect(request: Request) -> Response:
    """Off to ORCID's sign-in, with a one-time state kept in a short-lived cookie."""
    _, expert_id = owner(request)
    if expert_id is None:
        return no_profile(request)
    config = source_config(request.app.state.settings)
    if not config.orcid_oauth:
        return _orcid_page(request, "off", 404)
    state = secrets.token_urlsafe(32)
    with OrcidClient(config) as client:
        target = client.authorize_url(redirect_uri=_redirect_uri(request), state=state)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        STATE_COOKIE,
        f"{expert_id}|{state}",
        max_age=STATE_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path=f"{PAGE}/orcid",
    )
    return response


def _orcid_page(request: Request, what: str, status_code: int) -> HTMLResponse:
    response = render(
        request, "experts/imports_orcid.html", {"what": what}, status_code=status_code
    )
    response.delete_cookie(STATE_COOKIE, path=f"{PAGE}/orcid")
    return response


@router.get("/me/imports/orcid/callback", response_class=HTMLResponse)
def orcid_callback(
    request: Request,
    code: Annotated[str, Query(max_length=200)] = "",
    state: Annotated[str, Query(max_length=200)] = "",
    error: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """Back from ORCID: the state must be the one this browser was given (once); the iD ORCID
    vouches for is linked as proven."""
    account, expert_id = owner(request)
    if expert_id is None:
        return no_profile(request)
    kept = request.cookies.get(STATE_COOKIE, "")
    expected = f"{expert_id}|{state}"
    if not state or not kept or not secrets.compare_digest(kept.encode(), expected.encode()):
        return _orcid_page(request, "state", 400)
    if error:
        return _orcid_page(request, "denied" if error == "access_denied" else "failed", 200)
    config = source_config(request.app.state.settings)
    if not code or not config.orcid_oauth:
        return _orcid_page(request, "state", 400)
    try:
        with OrcidClient(config) as client:
            orcid, _name = client.exchange_code(code, _redirect_uri(request))
    except SourceError:
        return _orcid_page(request, "failed", 502)
    store = store_of(request)
    before = {i.value: i for i in service.identifiers(store, expert_id) if i.scheme is Scheme.ORCID}
    old = before.get(orcid)
    item = IdentifierLink(
        scheme=Scheme.ORCID,
        value=orcid,
        verdict=old.verdict if old else Verdict.UNSURE,
        notify=old.notify if old else False,
    )
    service.link(store, account, expert_id, item, authenticated=True)
    response = back("identifiers", done="proven")
    response.delete_cookie(STATE_COOKIE, path=f"{PAGE}/orcid")
    return response
